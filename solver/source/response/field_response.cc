#include <deal.II/base/mpi.h>

#include <geoheat/base/units.h>
#include <geoheat/response/field_response.h>
#include <geoheat/time/time_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <set>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Heat rate of the step pass (W per metre of borehole): a scale only.
    constexpr double q_ref_per_metre = 10.0;
    /// Uniform steps (the run's shortest) at the start of the response, then
    /// steps growing by this factor to the run's end.
    constexpr unsigned int uniform_steps = 24;
    constexpr double       step_growth   = 1.25;
    /// Time constants of the fit: per decade, from this fraction of the
    /// first step to this multiple of the horizon.
    constexpr double taus_per_decade = 4, shortest_tau_factor = 0.2, longest_tau_factor = 3;

    /// The response's step ends: uniform, then growing, landing on the end.
    std::vector<double> response_times(const double first, const double end)
    {
      std::vector<double> t;
      double              dt = first;
      for (double s = first; s < end * (1 - 1e-9); s += dt)
        {
          t.push_back(s);
          if (t.size() >= uniform_steps)
            dt *= step_growth;
        }
      // the last step lands on the end; one that would be tiny is merged
      if (!t.empty() && end - t.back() < 0.5 * dt / step_growth)
        t.pop_back();
      t.push_back(end);
      return t;
    }

    /// The channels of one step (field_response.h).
    std::vector<double> channels(const StepResult &r)
    {
      std::vector<double> y = {r.outlet_C, r.wall_heat_W};
      for (const BoreholeStep &b : r.boreholes)
        for (const double v : {b.inlet_C, b.outlet_C, b.ground_load_W})
          y.push_back(v);
      return y;
    }

    /// The channels of the undisturbed loop in a uniform ground: every
    /// temperature T0, every heat flow 0.
    std::vector<double> undisturbed_channels(const FieldParameters &p,
                                             const std::size_t      n_boreholes)
    {
      const double        T0 = p.ground.undisturbed_temperature(p.field.boreholes[0].buried_depth);
      std::vector<double> y  = {T0, 0.0};
      for (std::size_t b = 0; b < n_boreholes; ++b)
        for (const double v : {T0, T0, 0.0})
          y.push_back(v);
      return y;
    }

    double total_length(const FieldParameters &p)
    {
      double L = 0;
      for (const BoreholePlacement &b : p.field.boreholes)
        L += b.length;
      return L;
    }

    /// Whether the undisturbed temperature varies along the boreholes (> 1 mK).
    bool geotherm_along_boreholes(const FieldParameters &p)
    {
      double lo = 1e300, hi = -1e300;
      for (const BoreholePlacement &b : p.field.boreholes)
        for (double z = b.buried_depth; z <= b.buried_depth + b.length + 1e-9; z += 0.01 * b.length)
          {
            const double T = p.ground.undisturbed_temperature(z);
            lo             = std::min(lo, T);
            hi             = std::max(hi, T);
          }
      return hi - lo > 1e-3;
    }
  } // namespace

  std::string step_response_unavailable(const FieldParameters &p)
  {
    if (p.coaxial && p.fluid.temperature_dependent)
      return "the fluid's properties depend on temperature in the coaxial wells (the response "
             "is linear only with constant ones: Fluid/Temperature dependent = false)";
    if (p.ground.has_seasons())
      return "the surface temperature has seasons (a time-dependent free response)";
    if (p.field.piping.own_plants)
      return "every string has its own plant (Borehole field/Plant = per string: the step "
             "response is the field's to one load)";
    const Operation &op = p.operation;
    if (op.heat_pump())
      return op.flow_rate() > 0 ? "" : "the heat pump's loop has no flow";
    if (op.control() != InletControl::heat_extraction)
      return "the inlet temperature is prescribed (the step response is to the heat rate: "
             "Operation/Inlet control = heat extraction or heat pump)";
    std::set<double> flows;
    for (double t = 0; t < p.time.end_time && flows.size() <= 1; t = op.next_event_after(t))
      if (const double f = op.at(t, t + 1.0).flow; f > 0)
        flows.insert(f);
    if (flows.size() > 1)
      return "the operation uses more than one flow rate (the step response is at one)";
    if (flows.empty())
      return "the loop never flows";
    return "";
  }

  FieldStepResponse compute_field_step_response(CoupledProblem<3>     &problem,
                                                const FieldParameters &p,
                                                const double           flow,
                                                MPI_Comm               comm)
  {
    const auto        start = std::chrono::steady_clock::now();
    FieldStepResponse out;
    out.free_pass          = p.fluid.friction_heating || geotherm_along_boreholes(p);
    const double   q_ref   = q_ref_per_metre * total_length(p);
    const double   first   = std::min(p.time.initial_step, p.time.max_step_operating);
    const auto     planned = response_times(first, p.time.end_time);
    std::size_t    next    = 0;
    TimeParameters tp;
    tp.end_time           = p.time.end_time;
    tp.initial_step       = first;
    tp.max_step_operating = tp.max_step_idle = p.time.end_time;
    tp.growth                                = 2;
    tp.bdf2                                  = p.time.bdf2;
    TimeControl time(
      tp,
      [&](const double t) {
        while (next < planned.size() && planned[next] <= t * (1 + 1e-12))
          ++next;
        return next < planned.size() ? planned[next] : p.time.end_time;
      },
      [](double) { return true; },
      [](double) { return false; });

    // The free pass and the step pass take turns on the same step matrix.
    const std::string initial    = problem.save_state();
    std::string       free_state = initial, step_state = initial;
    auto pass = [&](std::string &state, const BDFCoefficients &c, const double dt, const double q) {
      if (out.free_pass)
        problem.load_state({state});
      StepResult r =
        problem.step(c, dt, flow, InletControl::heat_extraction, [q](const LinearResponse &) {
          return q;
        });
      if (out.free_pass)
        state = problem.save_state();
      return r;
    };
    ResponseSamples &s = out.samples;
    while (!time.finished())
      {
        const double dt = time.plan_step();
        problem.set_time(time.time() + dt);
        // The first step as in the middle of a run: BDF2 over a state at
        // rest (x^{-1} = x^0), so that the response to a load change is the
        // full model's with the same steps (no implicit Euler start).
        const BDFCoefficients c = time.step_number() == 0 && p.time.bdf2 ?
                                    BDFCoefficients{1.5, -2.0, 0.5} :
                                    time.coefficients();
        StepResult            free;
        if (out.free_pass)
          free = pass(free_state, c, dt, 0.0);
        const StepResult step = pass(step_state, c, dt, q_ref);
        time.advance();
        const std::vector<double> y = channels(step);
        std::vector<double>       f = out.free_pass ? channels(free) : std::vector<double>();
        if (s.step.empty())
          {
            s.step.resize(y.size());
            if (out.free_pass)
              s.free.resize(y.size());
            out.capacity_rate = q_ref / (step.outlet_C - step.inlet_C);
            out.friction_W    = step.friction_heat_W;
            for (const BoreholeStep &b : step.boreholes)
              out.borehole_flow.push_back(b.flow);
            // t = 0: the free pass's first step, or the undisturbed loop
            // (temperatures T0, heat flows 0) where the free response is constant
            s.free_initial = out.free_pass ? f : undisturbed_channels(p, step.boreholes.size());
          }
        s.time.push_back(time.time());
        for (std::size_t k = 0; k < y.size(); ++k)
          {
            const double base = out.free_pass ? f[k] : s.free_initial[k];
            s.step[k].push_back((y[k] - base) / q_ref);
            if (out.free_pass)
              s.free[k].push_back(f[k]);
          }
      }
    problem.load_state({initial});
    out.steps       = time.step_number();
    out.wall_time_s = Utilities::MPI::max(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), comm);
    return out;
  }

  void write_step_response(const std::string       &file,
                           const FieldStepResponse &r,
                           const StepResponseModel &model)
  {
    std::ofstream f(file);
    f << "# step response of the field's outlet to a step of the heat taken from the ground, "
         "and its free response; fitted with "
      << model.n_states() << " exponentials; fit_error " << model.fit_error() << " swing "
      << model.swing() << " (relative to the response: at the samples; outside their range "
      << "midway between them)\n";
    f << "time_s,outlet_step_K_per_kW,outlet_step_fit_K_per_kW,outlet_free_C,"
         "wall_heat_step_W_per_kW\n";
    f << std::setprecision(10);
    const ResponseSamples &s = r.samples;
    for (std::size_t j = 0; j < s.time.size(); ++j)
      f << s.time[j] << ',' << 1e3 * s.step[0][j] << ',' << 1e3 * model.step_value(0, s.time[j])
        << ',' << model.free_value(0, s.time[j]) << ',' << 1e3 * s.step[1][j] << '\n';
    if (!f)
      throw std::runtime_error("cannot write " + file);
  }

  FieldResponseStepper::FieldResponseStepper(const FieldStepResponse &response,
                                             const double             flow,
                                             const bool               per_borehole)
    : computed(response)
    , flow_on(flow)
    , boreholes(per_borehole)
    , superposition(response.samples,
                    shortest_tau_factor * response.samples.time.front(),
                    longest_tau_factor * response.samples.time.back(),
                    taus_per_decade)
  {}

  StepResult
  FieldResponseStepper::step(const double                                         dt,
                             const double                                         flow,
                             const std::function<double(const LinearResponse &)> &choose_value)
  {
    superposition.begin_step(dt);
    double q = 0;
    if (flow > 0)
      {
        LinearResponse lr;
        lr.outlet0      = superposition.history(0);
        lr.outlet_slope = superposition.slope(0);
        lr.inlet0       = lr.outlet0;
        lr.inlet_slope  = lr.outlet_slope - 1 / computed.capacity_rate;
        q               = choose_value(lr);
      }
    return step_with(flow, q);
  }

  StepResult FieldResponseStepper::step(const double dt, const OperatingPoint &op)
  {
    superposition.begin_step(dt);
    return step_with(op.flow, op.flow > 0 ? op.value : 0.0);
  }

  StepResult FieldResponseStepper::step_with(const double flow, const double q)
  {
    auto value = [&](const unsigned int c) {
      return superposition.history(c) + q * superposition.slope(c);
    };
    const bool flowing = flow > 0;
    StepResult r;
    r.flow              = flowing ? flow_on : 0.0;
    r.outlet_C          = value(0);
    r.inlet_C           = r.outlet_C - q / computed.capacity_rate;
    r.ground_load_W     = q;
    r.wall_heat_W       = value(1);
    r.friction_heat_W   = flowing ? computed.friction_W : 0.0;
    r.balance_rel_error = 0; // no separate balance: the superposition conserves by construction
    if (boreholes)
      for (std::size_t b = 0; b < computed.borehole_flow.size(); ++b)
        {
          BoreholeStep s;
          s.inlet_C       = value(2 + 3 * b);
          s.outlet_C      = value(3 + 3 * b);
          s.ground_load_W = value(4 + 3 * b);
          s.flow          = flowing ? computed.borehole_flow[b] : 0.0;
          r.boreholes.push_back(s);
        }
    superposition.end_step(q);
    return r;
  }

  void FieldResponseStepper::load(const std::vector<std::string> &pieces)
  {
    if (pieces.empty())
      throw std::runtime_error("the checkpoint holds no state");
    superposition.load(pieces.front());
  }
} // namespace geoheat

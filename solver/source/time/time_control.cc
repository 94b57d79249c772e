#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/time/time_control.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using namespace dealii::Patterns;

  void TimeParameters::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Time");
    prm.declare_entry("End time", "1", Double(0), "Simulated period (years of 365 days).");
    prm.declare_entry("Initial time step",
                      "1",
                      Double(0),
                      "First step after each change of operation (hours).");
    prm.declare_entry("Maximum time step in operation",
                      "24",
                      Double(0),
                      "Largest step while the pump runs (hours).");
    prm.declare_entry("Maximum time step when idle",
                      "240",
                      Double(0),
                      "Largest step while the pump is off (hours).");
    prm.declare_entry("Step growth factor",
                      "2",
                      Double(1, 2.4),
                      "Ratio between consecutive steps (at most 2.4 for BDF2 stability).");
    prm.declare_entry("Scheme",
                      "BDF2",
                      Selection("BDF2|implicit Euler"),
                      "Time integration: second-order BDF2 or first-order implicit Euler.");
    prm.declare_entry("Method",
                      "full",
                      Selection("full|fast"),
                      "full: every step solves the finite-element system. fast: the steps "
                      "are solved on a reduced model of that system (a basis of its "
                      "responses over the run's time scales, built once per run; fields: "
                      "the field's step response computed on its FE model, superposed), with "
                      "the same outputs; where it does not apply (temperature-dependent "
                      "fluid, seasonal surface, ...) the run says why and uses the full model.");
    prm.declare_entry("Response cache directory",
                      "",
                      Anything(),
                      "Fields with Method = fast: keep the computed step response in this "
                      "directory and take it from there when a later run has the same "
                      "model, flow and time steps (loads, heat pump and outputs may differ: "
                      "studies over loads). Empty: compute it in every run.");
    prm.declare_entry("Output interval",
                      "0",
                      Double(0),
                      "Interval between field outputs (days); 0 = at the end only.");
    prm.leave_subsection();
  }

  void TimeParameters::parse(dealii::ParameterHandler &p, const std::string &file)
  {
    p.enter_subsection("Time");
    end_time           = p.get_double("End time") * units::seconds_per_year;
    initial_step       = p.get_double("Initial time step") * units::seconds_per_hour;
    max_step_operating = p.get_double("Maximum time step in operation") * units::seconds_per_hour;
    max_step_idle      = p.get_double("Maximum time step when idle") * units::seconds_per_hour;
    growth             = p.get_double("Step growth factor");
    bdf2               = p.get("Scheme") == "BDF2";
    output_interval    = p.get_double("Output interval") * units::seconds_per_day;
    fast               = p.get("Method") == "fast";
    response_cache     = p.get("Response cache directory");
    p.leave_subsection();
    require(end_time > 0, file, "Time/End time", "must be positive");
    require(end_time <= 1000 * units::seconds_per_year,
            file,
            "Time/End time",
            "must not exceed 1000 years (design horizons are decades; the ground's response "
            "beyond that is outside every model here)");
    require(initial_step > 0, file, "Time/Initial time step", "must be positive");
    require(max_step_operating >= initial_step,
            file,
            "Time/Maximum time step in operation",
            "must not be smaller than the initial time step");
    require(max_step_idle >= initial_step,
            file,
            "Time/Maximum time step when idle",
            "must not be smaller than the initial time step");
  }

  TimeControl::TimeControl(const TimeParameters         &parameters,
                           std::function<double(double)> next_event_in,
                           std::function<bool(double)>   operating_in,
                           std::function<bool(double)>   restarts_at_in)
    : prm(parameters)
    , next_event(std::move(next_event_in))
    , operating(std::move(operating_in))
    , restarts_at(std::move(restarts_at_in))
  {}

  void TimeControl::restore(const State &s)
  {
    t           = s.t;
    dt          = s.dt;
    dt_previous = s.dt_previous;
    step        = s.step;
    restart     = s.restart;
    output_due  = s.output_due;
  }

  bool TimeControl::finished() const
  {
    return t >= prm.end_time * (1 - 1e-12);
  }

  double TimeControl::next_output_after(const double time) const
  {
    if (prm.output_interval <= 0)
      return prm.end_time;
    return std::min(prm.end_time,
                    (std::floor(time / prm.output_interval + 1e-9) + 1) * prm.output_interval);
  }

  double TimeControl::plan_step()
  {
    const double max_step = operating(t) ? prm.max_step_operating : prm.max_step_idle;
    double candidate = restart ? prm.initial_step : std::min(dt_previous * prm.growth, max_step);
    candidate        = std::min(candidate, max_step);

    const double event     = next_event(t);
    const double output    = next_output_after(t);
    const double stop      = std::min({event, output, prm.end_time});
    const double remaining = stop - t;
    if (candidate >= remaining * (1 - 1e-9) || remaining - candidate < 1e-6)
      dt = remaining;
    else if (candidate > 0.5 * remaining)
      dt = 0.5 * remaining; // balance the last two steps: no slivers
    else
      dt = candidate;
    lands_on_event  = std::abs(t + dt - event) <= 1e-6;
    lands_on_output = std::abs(t + dt - output) <= 1e-6 || std::abs(t + dt - prm.end_time) <= 1e-6;
    return dt;
  }

  BDFCoefficients TimeControl::coefficients() const
  {
    if (!prm.bdf2 || restart || step == 0)
      return {1.0, -1.0, 0.0};
    const double w = dt / dt_previous;
    return {(1 + 2 * w) / (1 + w), -(1 + w), w * w / (1 + w)};
  }

  void TimeControl::advance()
  {
    t += dt;
    if (lands_on_event)
      {
        // snap to the event time exactly to avoid drift over decades
        t = next_event(t - dt);
      }
    if (std::abs(t - prm.end_time) < 1e-6)
      t = prm.end_time;
    dt_previous = dt;
    restart     = lands_on_event && (!restarts_at || restarts_at(t));
    output_due  = lands_on_output;
    ++step;
  }
} // namespace geoheat

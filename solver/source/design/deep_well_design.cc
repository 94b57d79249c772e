#include <deal.II/base/mpi.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/coupling/reduction_cache.h>
#include <geoheat/design/deep_well_design.h>
#include <geoheat/design/design_report.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>

namespace geoheat
{
  using namespace dealii;

  void DesignParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Design");
    prm.declare_entry("Find",
                      "load scale",
                      Patterns::Selection("load scale|depth"),
                      "load scale: largest factor on the building load the well "
                      "carries; depth: shortest well that carries the load "
                      "(Building load/Scale factor) (geoheat design).");
    prm.declare_entry("Years",
                      "0",
                      Patterns::Double(0),
                      "Years the well must carry the load; 0 = Time/End time.");
    prm.declare_entry(
      "Minimum SPF",
      "0",
      Patterns::Double(0),
      "Also require the heating SPF over the period above this; 0 = no requirement.");
    prm.declare_entry(
      "Temperature tolerance",
      "0.01",
      Patterns::Double(1e-6),
      "The answer leaves a margin of 0 .. this (K) to the minimum fluid temperature.");
    prm.declare_entry("SPF tolerance",
                      "0.002",
                      Patterns::Double(1e-6),
                      "The answer leaves an SPF margin of 0 .. this when the SPF limits.");
    prm.declare_entry("Depth range",
                      "500, 4000",
                      Patterns::List(Patterns::Double(0), 2, 2),
                      "Smallest and largest depth (m) searched.");
    prm.declare_entry("Depth tolerance",
                      "10",
                      Patterns::Double(0.1),
                      "The depth answer is within this (m) above the exact shortest depth.");
    prm.declare_entry("Sensitivity flow factors",
                      "",
                      Patterns::List(Patterns::Double(0)),
                      "Flow rates, as factors on Operation/Flow rate, for which the load-scale "
                      "answer is repeated (e.g. 0.75, 1.25); empty = none.");
    prm.declare_entry("Sensitivity conductivity factors",
                      "",
                      Patterns::List(Patterns::Double(0)),
                      "Factors on all rock conductivities for which the load-scale answer "
                      "is repeated (e.g. 0.9, 1.1); empty = none.");
    prm.leave_subsection();
  }

  void DesignParameters::parse(ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Design");
    find                  = prm.get("Find");
    years                 = prm.get_double("Years");
    min_spf               = prm.get_double("Minimum SPF");
    temperature_tolerance = prm.get_double("Temperature tolerance");
    spf_tolerance         = prm.get_double("SPF tolerance");
    const auto range      = parse_double_list(prm.get("Depth range"), file, "Design/Depth range");
    depth_min             = range[0];
    depth_max             = range[1];
    depth_tolerance       = prm.get_double("Depth tolerance");
    flow_factors          = parse_double_list(prm.get("Sensitivity flow factors"),
                                     file,
                                     "Design/Sensitivity flow factors");
    conductivity_factors  = parse_double_list(prm.get("Sensitivity conductivity factors"),
                                             file,
                                             "Design/Sensitivity conductivity factors");
    prm.leave_subsection();
    require(depth_min < depth_max, file, "Design/Depth range", "needs smallest < largest");
  }

  namespace
  {
    /// One full simulation of the design search.
    struct Probe
    {
      double              x      = 0;  ///< the searched quantity (scale or depth)
      double              margin = 0;  ///< min_t T_in - T_min (K)
      double              spf    = 0;  ///< heating SPF over the period
      std::vector<double> T_in, T_out; ///< per flowing step
      std::vector<double> heat_dt;     ///< unscaled heating demand x dt (J) per flowing step
      std::vector<double> supply;      ///< heating supply temperature per flowing step
    };

    class Evaluator
    {
    public:
      Evaluator(MPI_Comm comm_in, const ParameterHandler &prm_in)
        : comm(comm_in)
        , prm(prm_in)
      {}

      /// Simulate with the fluid limits off; record the inlet history.
      Probe run(DeepWellParameters p, const double x)
      {
        const double T_min = p.heat_pump.min_fluid_C;
        const double scale = p.building.scale();
        // The question is what the well carries: the fluid follows the load
        // (no limits) and the unit's capacity does not cap it.
        p.heat_pump.min_fluid_C        = -1e9;
        p.heat_pump.max_fluid_C        = 1e9;
        p.heat_pump.heating_capacity_W = 1e300;
        p.heat_pump.cooling_capacity_W = 1e300;
        Probe probe;
        probe.x = x;
        RunOptions opt;
        opt.write_files     = false;
        opt.verbose         = false;
        opt.reduction_cache = &reduced_models; // Time/Method = fast
        double last_t       = 0;
        opt.on_step         = [&](double t, const StepResult &r, const SurfaceStep *s) {
          if (r.flow > 0)
            {
              probe.T_in.push_back(r.inlet_C);
              probe.T_out.push_back(r.outlet_C);
              probe.heat_dt.push_back(s ? s->heating_demand_W / scale * (t - last_t) : 0);
              probe.supply.push_back(s ? s->supply_C : 0);
            }
          last_t = t;
        };
        const RunOutcome o = simulate_deep_well(comm, p, prm, opt);
        const auto       y = o.statistics.totals();
        probe.margin       = o.statistics.min_inlet_C - T_min;
        probe.spf = y.heating_electricity_J > 0 ? y.heat_delivered_J / y.heating_electricity_J : 0;
        ++n_runs;
        return probe;
      }
      unsigned int n_runs = 0;
      /// With Time/Method = fast: the reduced model of the last system run,
      /// reused while a search changes only the load (its scale).
      ReductionCache reduced_models;

    private:
      MPI_Comm                comm;
      const ParameterHandler &prm;
    };


    /// Inlet/outlet history and SPF predicted at scale s by interpolating,
    /// step by step, through the runs kept (2: affine, exact for a constant
    /// COP; 3: quadratic, which captures the COP's feedback on the load).
    struct ScaleModel
    {
      std::vector<const Probe *> runs;
      const HeatPump            &hp;

      std::vector<double> weights(const double s) const // Lagrange basis at s
      {
        std::vector<double> w(runs.size(), 1.0);
        for (size_t k = 0; k < runs.size(); ++k)
          for (size_t j = 0; j < runs.size(); ++j)
            if (j != k)
              w[k] *= (s - runs[j]->x) / (runs[k]->x - runs[j]->x);
        return w;
      }
      double margin(double s, double T_min) const
      {
        const auto w = weights(s);
        double     m = 1e300;
        for (size_t i = 0; i < runs[0]->T_in.size(); ++i)
          {
            double T = 0;
            for (size_t k = 0; k < runs.size(); ++k)
              T += w[k] * runs[k]->T_in[i];
            m = std::min(m, T);
          }
        return m - T_min;
      }
      double spf(double s) const
      {
        const auto w    = weights(s);
        double     heat = 0, electric = 0;
        for (size_t i = 0; i < runs[0]->T_out.size(); ++i)
          if (runs[0]->heat_dt[i] > 0)
            {
              BrineTemperatures brine{0, 0};
              for (size_t k = 0; k < runs.size(); ++k)
                {
                  brine.entering_C += w[k] * runs[k]->T_out[i];
                  brine.leaving_C += w[k] * runs[k]->T_in[i];
                }
              heat += runs[0]->heat_dt[i];
              electric += runs[0]->heat_dt[i] / hp.cop(brine, runs[0]->supply[i]);
            }
        return electric > 0 ? heat / electric : 0;
      }
    };

    /// Largest s with f(s) >= target for a decreasing f, by bisection.
    template <typename F>
    double largest_with(F f, const double target, double hi)
    {
      double lo = 0;
      for (int k = 0; k < 60 && f(hi) >= target; ++k)
        lo = hi, hi *= 2;
      for (int k = 0; k < 100 && hi - lo > 1e-12 * hi; ++k)
        {
          const double mid             = 0.5 * (lo + hi);
          (f(mid) >= target ? lo : hi) = mid;
        }
      return lo;
    }

    DesignAnswer find_load_scale(Evaluator                &ev,
                                 const DeepWellParameters &p,
                                 const DesignParameters   &d,
                                 double                    guess)
    {
      const unsigned int runs0 = ev.n_runs;
      const double       T_min = p.heat_pump.min_fluid_C;
      const double       tolT  = d.temperature_tolerance;
      auto               at    = [&](double s) {
        DeepWellParameters q = p;
        q.building.set_scale(s);
        return ev.run(q, s);
      };
      DesignAnswer       ans;
      std::vector<Probe> kept;
      kept.push_back(at(1e-3 * guess));
      kept.push_back(at(guess));
      for (const Probe &r : kept)
        ans.probes.emplace_back(r.x, r.margin);
      if (kept[0].margin < 0)
        {
          ans.note        = "the ground is below the fluid limit even without load";
          ans.simulations = ev.n_runs - runs0;
          return ans;
        }
      for (int iteration = 0; iteration < 10; ++iteration)
        {
          ScaleModel model{{}, p.heat_pump};
          for (const Probe &r : kept)
            model.runs.push_back(&r);
          const double hi = kept.back().x;
          double s = largest_with([&](double x) { return model.margin(x, T_min); }, 0.5 * tolT, hi);
          bool   spf_binding = false;
          if (d.min_spf > 0)
            {
              const double s_spf = largest_with([&](double x) { return model.spf(x); },
                                                d.min_spf + 0.5 * d.spf_tolerance,
                                                hi);
              spf_binding        = s_spf < s;
              s                  = std::min(s, s_spf);
            }
          Probe c = at(s);
          ans.probes.emplace_back(c.x, c.margin);
          const bool holds = c.margin >= 0 && (d.min_spf <= 0 || c.spf >= d.min_spf);
          const bool tight = spf_binding ? c.spf - d.min_spf <= d.spf_tolerance : c.margin <= tolT;
          // The kept run nearest to the answer, for the local slope.
          const Probe *near = &kept[0];
          for (const Probe &r : kept)
            if (std::abs(r.x - s) < std::abs(near->x - s))
              near = &r;
          if (holds && tight)
            {
              ans.value          = c.x;
              ans.margin         = c.margin;
              ans.spf            = c.spf;
              ans.limited_by     = spf_binding ? "SPF" : "fluid temperature";
              const double slope = spf_binding ? (c.spf - near->spf) / (c.x - near->x) :
                                                 (c.margin - near->margin) / (c.x - near->x);
              const double tol   = spf_binding ? d.spf_tolerance : tolT;
              ans.tolerance      = slope < 0 ? tol / -slope : 0.0;
              ans.simulations    = ev.n_runs - runs0;
              return ans;
            }
          // Keep at most three runs: drop the one farthest from the new answer.
          kept.push_back(std::move(c));
          if (kept.size() > 3)
            {
              size_t far = 0;
              for (size_t k = 1; k < kept.size(); ++k)
                if (std::abs(kept[k].x - s) > std::abs(kept[far].x - s))
                  far = k;
              kept.erase(kept.begin() + far);
            }
          std::sort(kept.begin(), kept.end(), [](const Probe &x, const Probe &y) {
            return x.x < y.x;
          });
        }
      throw std::runtime_error("design: the load-scale search did not converge in 10 simulations");
    }

    /// Set the well depth, shortening or lengthening the last casing section.
    void set_depth(CoaxialGeometry &w, const double depth)
    {
      while (w.section_bottoms.size() > 1 &&
             w.section_bottoms[w.section_bottoms.size() - 2] >= depth - 1)
        for (auto *v : {&w.section_bottoms,
                        &w.borehole_diameters,
                        &w.casing_outer_diameters,
                        &w.casing_wall_thicknesses,
                        &w.grout_conductivities})
          v->pop_back();
      w.section_bottoms.back() = depth;
      w.depth                  = depth;
      w.insulated_depth        = std::min(w.insulated_depth, depth);
    }

    /// The zero of the line through (a, m_a) and (b, m_b), 10 % beyond it
    /// seen from a; NAN unless it lies on the far side of a from b. The
    /// margin is smooth in the depth, so from two probes on one side this
    /// brackets the answer in one more probe where growing steps took two
    /// or three (hub: 7 simulations -> 6).
    double secant_beyond(const double a, const double m_a, const double b, const double m_b)
    {
      if (a == b || m_a == m_b)
        return NAN;
      const double zero = a - m_a * (a - b) / (m_a - m_b);
      if (!((zero - a) * (a - b) > 0))
        return NAN;
      return zero + 0.1 * (zero - a);
    }

    DesignAnswer find_depth(Evaluator &ev, const DeepWellParameters &p, const DesignParameters &d)
    {
      const unsigned int       runs0 = ev.n_runs;
      DesignAnswer             ans;
      std::map<double, double> spf_at;
      auto                     margin = [&](double D) {
        DeepWellParameters q = p;
        set_depth(q.well, D);
        const Probe r = ev.run(q, D);
        ans.probes.emplace_back(D, r.margin);
        spf_at[D]               = r.spf;
        const double spf_margin = d.min_spf > 0 ? r.spf - d.min_spf : 1e300;
        return std::min(r.margin, spf_margin);
      };
      // Bracket [lo: fails, hi: holds], starting from the given depth.
      double       D  = std::clamp(p.well.depth, d.depth_min, d.depth_max);
      double       m  = margin(D);
      double       lo = D, m_lo = m, hi = D, m_hi = m;
      const double step0 = 0.25 * D;
      for (double step = step0; m_hi < 0 || m_lo >= 0; step *= 1.5)
        {
          if (m_hi < 0)
            {
              if (hi >= d.depth_max)
                {
                  ans.note        = "no depth up to the largest searched carries the load";
                  ans.simulations = ev.n_runs - runs0;
                  ans.value       = NAN;
                  return ans;
                }
              const double s    = secant_beyond(hi, m_hi, lo, m_lo);
              double       next = hi + step;
              if (std::isfinite(s))
                next = std::clamp(s, hi + 0.25 * d.depth_tolerance, hi + step);
              lo = hi, m_lo = m_hi;
              hi   = std::min(next, d.depth_max);
              m_hi = margin(hi);
            }
          else
            {
              if (lo <= d.depth_min)
                {
                  ans.note        = "the smallest searched depth already carries the load";
                  ans.value       = lo;
                  ans.simulations = ev.n_runs - runs0;
                  return ans;
                }
              const double s    = secant_beyond(lo, m_lo, hi, m_hi);
              double       next = lo - step;
              if (std::isfinite(s))
                next = std::clamp(s, lo - step, lo - 0.25 * d.depth_tolerance);
              hi = lo, m_hi = m_lo;
              lo   = std::max(next, d.depth_min);
              m_lo = margin(lo);
            }
        }
      // Illinois regula falsi on m(D) = 0, keeping the bracket.
      int side = 0;
      while (hi - lo > d.depth_tolerance)
        {
          double Dn = hi - m_hi * (hi - lo) / (m_hi - m_lo);
          Dn        = std::clamp(Dn, lo + 0.25 * d.depth_tolerance, hi - 0.25 * d.depth_tolerance);
          const double mn = margin(Dn);
          if (mn >= 0)
            {
              hi = Dn, m_hi = mn;
              if (side == 1)
                m_lo *= 0.5;
              side = 1;
            }
          else
            {
              lo = Dn, m_lo = mn;
              if (side == -1)
                m_hi *= 0.5;
              side = -1;
            }
        }
      ans.value      = hi;
      ans.tolerance  = hi - lo;
      ans.limited_by = "fluid temperature";
      for (const auto &pr : ans.probes)
        if (pr.first == hi)
          ans.margin = pr.second;
      ans.spf         = spf_at[hi];
      ans.simulations = ev.n_runs - runs0;
      return ans;
    }
  } // namespace

  int run_design(MPI_Comm                  comm,
                 const DeepWellParameters &p0,
                 const DesignParameters   &d,
                 const ParameterHandler   &prm)
  {
    const bool         root = Utilities::MPI::this_mpi_process(comm) == 0;
    DeepWellParameters p    = p0;
    if (d.years > 0)
      p.time.end_time = d.years * units::seconds_per_year;
    const double years = p.time.end_time / units::seconds_per_year;
    Evaluator    ev(comm, prm);

    std::vector<DesignCase> rows;
    auto                    say = [&](const std::string &s) {
      if (root)
        std::cout << s << std::endl;
    };
    say("geoheat design: " + d.find + " for " + std::to_string(years) +
        " years, well inlet >= " + std::to_string(p.heat_pump.min_fluid_C) + " C" +
        (d.min_spf > 0 ? ", SPF >= " + std::to_string(d.min_spf) : std::string()));
    const auto t0 = std::chrono::steady_clock::now();
    if (d.find == "load scale")
      {
        rows.push_back({"load scale", "base", 1.0, find_load_scale(ev, p, d, p.building.scale())});
        const double base =
          rows.back().answer.value > 0 ? rows.back().answer.value : p.building.scale();
        for (const double f : d.flow_factors)
          {
            DeepWellParameters q = p;
            q.operation.set_flow_rate(f * p.operation.flow_rate());
            rows.push_back({"load scale", "flow factor", f, find_load_scale(ev, q, d, base)});
          }
        for (const double f : d.conductivity_factors)
          {
            DeepWellParameters q = p;
            for (double &l : q.ground.conductivity)
              l *= f;
            rows.push_back(
              {"load scale", "conductivity factor", f, find_load_scale(ev, q, d, base)});
          }
      }
    else
      rows.push_back({"depth", "base", 1.0, find_depth(ev, p, d)});
    const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    DesignEffort effort;
    effort.simulations    = ev.n_runs;
    effort.wall_s         = wall;
    effort.reduced_built  = ev.reduced_models.builds;
    effort.reduced_reused = ev.reduced_models.reuses;
    write_design_report(comm, d, p.output.directory, years, p.heat_pump.min_fluid_C, effort, rows);
    return 0;
  }
} // namespace geoheat

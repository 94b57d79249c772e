#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/gfunction/gfunction_run.h>
#include <geoheat/gfunction/gfunction_tables.h>
#include <geoheat/gfunction/wall_condition_boreholes.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/simulation/field_model.h>
#include <geoheat/time/time_control.h>
#include <geoheat/wells/utube/utube_geometry.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Heat extraction per metre (W/m) of the computation; g does not depend on it.
    constexpr double q_per_metre = 10.0;
    /// Flow of the wall-condition "boreholes" (m^3/s): a scale only.
    constexpr double nominal_flow = 1e-3;

    /// The ground of the response: the same rock and water, T0 = 0.
    GroundProperties response_ground(const GroundProperties &g)
    {
      GroundProperties r      = g;
      r.surface_temperature_C = 0;
      r.use_heat_flux         = false;
      r.gradient              = 0;
      r.use_log               = false;
      r.log_depth.clear();
      r.log_temperature.clear();
      r.surface_amplitude = 0;
      return r;
    }

    /// Means of lambda and alpha along the boreholes, weighted by length.
    GFunctionScales scales_of(const FieldParameters &p)
    {
      const GroundProperties &g = p.ground;
      double                  L = 0, lambda = 0, alpha = 0;
      for (const BoreholePlacement &b : p.field.boreholes)
        {
          // split [top, bottom] at the layer boundaries
          std::vector<double> cuts = {b.buried_depth, b.buried_depth + b.length};
          for (const double d : g.layer_bottom_depths)
            if (d > cuts.front() && d < cuts.back())
              cuts.insert(cuts.end() - 1, d);
          for (unsigned int i = 0; i + 1 < cuts.size(); ++i)
            {
              const double       h = cuts[i + 1] - cuts[i];
              const unsigned int l = g.layer_at(0.5 * (cuts[i] + cuts[i + 1]));
              lambda += h * g.conductivity[l];
              alpha += h * g.conductivity[l] / g.heat_capacity[l];
            }
          L += b.length;
        }
      GFunctionScales s;
      s.n_boreholes  = p.field.n_boreholes();
      s.total_length = L;
      s.mean_length  = L / s.n_boreholes;
      s.conductivity = lambda / L;
      s.diffusivity  = alpha / L;
      s.t_s          = s.mean_length * s.mean_length / (9 * s.diffusivity);
      s.radius       = p.field.borehole_radius;
      return s;
    }

    /// The times every curve lands on: decades of t_s up to the end.
    double next_landing(const double t, const double t_s, const double end)
    {
      for (double f = 1e-4; f * t_s < end * (1 - 1e-12); f *= 10)
        if (f * t_s > t * (1 + 1e-12))
          return f * t_s;
      return end;
    }

    GFunctionCurve compute(MPI_Comm                   comm,
                           const FieldParameters     &p,
                           const GFunctionParameters &g,
                           const GFunctionScales     &s,
                           const GFunctionCondition   c)
    {
      const auto      start   = std::chrono::steady_clock::now();
      const double    horizon = g.end_time * s.t_s;
      FieldParameters q       = p;
      BoreholeFactory make    = field_boreholes(p);
      double          flow    = p.operation.flow_rate();
      double          R_b     = 0; // MIFT: effective resistance (m K/W)
      if (c != GFunctionCondition::MIFT)
        {
          // Wall conditions: every borehole fed by the supply, nothing else.
          q.field.piping           = FieldPiping();
          flow                     = nominal_flow;
          const double G_per_metre = s.conductivity; // W/(m K): any positive scale
          if (c == GFunctionCondition::UBWT)
            make = [](unsigned int, const std::vector<double> &nodes) {
              return std::make_unique<UniformWallTemperature>(nodes);
            };
          else
            make = [G_per_metre](unsigned int, const std::vector<double> &nodes) {
              return std::make_unique<UniformHeatRate>(nodes,
                                                       G_per_metre *
                                                         (nodes.back() - nodes.front()));
            };
        }
      else
        R_b = utube_effective_resistance(p.bhe,
                                         p.fluid,
                                         p.field.borehole_radius,
                                         s.mean_length,
                                         flow / s.n_boreholes,
                                         s.conductivity);

      // Every step has its own size: keep one step solver, not sixteen.
      FieldModel   m(comm, q, response_ground(p.ground), horizon, make, 1);
      const double setup_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

      TimeParameters tp;
      tp.end_time           = horizon;
      tp.initial_step       = g.first_step;
      tp.max_step_operating = tp.max_step_idle = horizon;
      tp.growth                                = g.growth;
      TimeControl time(
        tp,
        [&](const double t) { return next_landing(t, s.t_s, horizon); },
        [](double) { return true; },
        [](double) { return false; }); // land on the decades without restarting

      const double   Q = q_per_metre * s.total_length; // W, extraction
      GFunctionCurve curve;
      curve.condition            = c;
      curve.n_unknowns           = m.problem->n_unknowns();
      curve.ground_dofs          = m.ground.n_dofs();
      curve.effective_resistance = R_b;
      while (!time.finished())
        {
          const double dt = time.plan_step();
          m.problem->set_time(time.time() + dt);
          const StepResult r = m.problem->step(time.coefficients(),
                                               dt,
                                               flow,
                                               InletControl::heat_extraction,
                                               [Q](const LinearResponse &) { return Q; });
          time.advance();
          double T_b = 0; // T0 = 0
          if (c == GFunctionCondition::UBWT)
            T_b = r.inlet_C;
          else if (c == GFunctionCondition::UHTR)
            {
              double TL = 0, L = 0;
              for (const auto &w : m.problem->wall_integrals())
                {
                  TL += w[0];
                  L += w[2];
                }
              T_b = TL / L;
            }
          else
            T_b = 0.5 * (r.inlet_C + r.outlet_C) + q_per_metre * R_b;
          curve.time.push_back(time.time());
          curve.g.push_back(2 * M_PI * s.conductivity * (0.0 - T_b) / q_per_metre);
          curve.max_balance_error = std::max(curve.max_balance_error, r.balance_rel_error);
        }
      curve.steps             = time.step_number();
      curve.linear_iterations = m.problem->n_linear_iterations();
      curve.setup_s           = setup_s;
      curve.assembly_s        = m.problem->timing().assembly;
      curve.solver_setup_s    = m.problem->timing().solver_setup;
      curve.solve_s           = m.problem->timing().solve;
      curve.wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      curve.wall_time_s = Utilities::MPI::max(curve.wall_time_s, comm);
      return curve;
    }
  } // namespace

  int run_gfunction(MPI_Comm comm, const FieldParameters &p, const GFunctionParameters &g)
  {
    const bool        root = Utilities::MPI::this_mpi_process(comm) == 0;
    const std::string dir  = p.output.directory;
    int               ok   = root ? make_directories(dir) : 1;
    ok                     = Utilities::MPI::min(ok, comm);
    require(ok, p.file, "Output/Directory", "cannot create the output directory " + dir);
    // An earlier run's tables would look like this run's if this one fails.
    if (root)
      for (const std::string name : {"gfunction.csv",
                                     "gfunction.json",
                                     "gfunction_UHTR_TStep.mat",
                                     "gfunction_UBWT_TStep.mat",
                                     "gfunction_MIFT_TStep.mat"})
        (void)std::remove((dir + "/" + name).c_str()); // may not exist

    const GFunctionScales s = scales_of(p);
    if (root)
      std::cout << "geoheat gfunction: " << s.n_boreholes << " borehole(s), H = " << s.mean_length
                << " m, lambda = " << s.conductivity << " W/(m K), alpha = " << s.diffusivity
                << " m^2/s, t_s = " << s.t_s / units::seconds_per_year << " years, to "
                << g.end_time << " t_s, on " << Utilities::MPI::n_mpi_processes(comm) << " rank(s)"
                << std::endl;
    std::vector<GFunctionCurve> curves;
    for (const GFunctionCondition c : g.conditions)
      {
        curves.push_back(compute(comm, p, g, s, c));
        const GFunctionCurve &k = curves.back();
        if (root)
          std::cout << "  " << condition_name(c) << ": " << k.n_unknowns << " unknowns, " << k.steps
                    << " steps, " << k.wall_time_s << " s (set-up " << k.setup_s
                    << " s, step matrices " << k.assembly_s << " s, their solvers "
                    << k.solver_setup_s << " s, solves " << k.solve_s << " s, "
                    << k.linear_iterations << " GMRES iterations), g(end) = " << k.g.back()
                    << std::endl;
      }
    Utilities::System::MemoryStats mem;
    Utilities::System::get_memory_stats(mem);
    const double peak_MB = Utilities::MPI::sum(double(mem.VmHWM) / 1024.0, comm);
    on_all_ranks(comm, [&] {
      if (root)
        write_gfunction_tables(dir, s, curves, peak_MB, Utilities::MPI::n_mpi_processes(comm));
    });
    if (root)
      std::cout << "geoheat gfunction: wrote " << dir << "/gfunction.csv, gfunction.json";
    for (const auto &k : curves)
      if (root)
        std::cout << ", gfunction_" << condition_name(k.condition) << "_TStep.mat";
    if (root)
      std::cout << std::endl;
    return 0;
  }
} // namespace geoheat

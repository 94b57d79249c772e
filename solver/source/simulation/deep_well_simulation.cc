#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/coupling/coaxial_coupled_problem.h>
#include <geoheat/io/field_writer.h>
#include <geoheat/io/run_records.h>
#include <geoheat/simulation/deep_well_simulation.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Create the run directory and its subfolders on rank 0; every rank
    /// learns whether it worked. Throws InputError if not writable.
    void prepare_directory(MPI_Comm comm, const std::string &dir)
    {
      int ok = 1;
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        {
          for (const std::string d : {dir, dir + "/solution", dir + "/well_profiles"})
            {
              std::string partial;
              for (size_t pos = 0; pos != std::string::npos;)
                {
                  pos     = d.find('/', pos + 1);
                  partial = d.substr(0, pos);
                  ::mkdir(partial.c_str(), 0755);
                }
            }
          std::ofstream probe(dir + "/.geoheat_write_test");
          ok = probe.good() && (probe << "ok").good();
          probe.close();
          std::remove((dir + "/.geoheat_write_test").c_str());
        }
      ok = Utilities::MPI::min(ok, comm);
      require(ok, dir, "Output/Directory", "cannot create or write the output directory");
      // Files of an earlier run in the same place would look like ours.
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        std::remove((dir + "/summary.json").c_str());
    }

    std::string format_duration(const double s)
    {
      char buf[64];
      if (s < 120)
        std::snprintf(buf, sizeof buf, "%.0f s", s);
      else if (s < 7200)
        std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
      else
        std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
      return buf;
    }
  } // namespace

  int run_deep_well(MPI_Comm comm, const DeepWellParameters &p,
                    const ParameterHandler &prm)
  {
    const auto         start  = std::chrono::steady_clock::now();
    const bool         root   = Utilities::MPI::this_mpi_process(comm) == 0;
    ConditionalOStream pcout(std::cout, root);
    const std::string &dir    = p.output.directory;
    prepare_directory(comm, dir);

    // Mesh and ground
    GroundModel<2> ground(comm, p.ground, p.mesh.degree);
    std::vector<double> breakpoints = p.well.breakpoints();
    const std::vector<double> wall_lines =
      build_axisymmetric_well_mesh(ground.triangulation(), p.mesh, p.well.depth,
                                   p.well.mesh_wall_radius(), breakpoints, p.ground);
    ground.setup(/*fixed_surface=*/true);

    // Fluid grid: each wall face split into equal fluid cells.
    std::vector<double> nodes = {0.0};
    for (unsigned int i = 1; i < wall_lines.size(); ++i)
      for (unsigned int s = 1; s <= p.mesh.fluid_cells_per_face; ++s)
        nodes.push_back(wall_lines[i - 1] + (wall_lines[i] - wall_lines[i - 1]) * s /
                                              p.mesh.fluid_cells_per_face);
    CoaxialWell well(p.well, p.fluid, nodes, [&](const double z) {
      return p.ground.conductivity[p.ground.layer_at(z)];
    });

    CoaxialCoupledProblem problem(ground, well, p.mesh.fluid_cells_per_face);
    problem.setup();

    pcout << "geoheat: " << (p.well.type == CoaxialType::CXA ? "CXA" : "CXC")
          << " well " << p.well.depth << " m, " << ground.n_dofs()
          << " ground DoFs + " << well.n_unknowns() << " fluid unknowns on "
          << Utilities::MPI::n_mpi_processes(comm) << " rank(s), "
          << p.time.end_time / units::seconds_per_year << " years -> " << dir
          << std::endl;

    RunRecords records(dir, root);
    records.write_parameters(prm);
    records.open_timeseries();
    FieldWriter   fields(comm, dir, p.output.vtk, p.output.hdf5);
    RunStatistics stats;
    unsigned int  n_profiles = 0;
    auto          write_outputs = [&](const double t) {
      fields.write(ground, problem.ground_disturbance(), t);
      records.write_profile(n_profiles++, t, problem.profile());
    };
    write_outputs(0.0);

    const Operation &op = p.operation;
    TimeControl      time(
      p.time, [&](double t) { return op.next_event_after(t); },
      [&](double t) { return op.at(t, t + 1.0).flow > 0; });

    auto   last_progress = start;
    double last_outlet   = 0;
    while (!time.finished())
      {
        const double t0 = time.time();
        const double dt = time.plan_step();
        const auto   point = op.at(t0, t0 + dt);
        const StepResult r =
          problem.step(time.coefficients(), dt, point, op.control());
        time.advance();
        stats.add_step(t0, time.time(), r);
        records.append_step(time.time(), dt, r);
        last_outlet = r.outlet_C;
        if (time.at_output_time())
          write_outputs(time.time());

        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double>(now - last_progress).count() >=
              p.output.progress_interval ||
            time.finished())
          {
            last_progress  = now;
            const double f = time.time() / time.end_time();
            const double el = std::chrono::duration<double>(now - start).count();
            pcout << "  step " << std::setw(7) << time.step_number() << "  t = "
                  << std::fixed << std::setprecision(3)
                  << time.time() / units::seconds_per_year << " y  T_out = "
                  << std::setprecision(2) << last_outlet << " C  "
                  << std::setprecision(1) << 100 * f << " %  left ~"
                  << format_duration(f > 0 ? el * (1 - f) / f : 0)
                  << std::defaultfloat << std::endl;
          }
      }

    SummaryInfo info;
    info.status           = "completed";
    info.simulated_years  = time.time() / units::seconds_per_year;
    info.n_dofs           = problem.n_unknowns();
    info.n_ground_dofs    = ground.n_dofs();
    info.n_fluid_nodes    = well.n_nodes();
    info.n_ranks          = Utilities::MPI::n_mpi_processes(comm);
    info.n_factorizations = problem.n_factorizations();
    info.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    records.write_summary(info, stats);

    pcout << "geoheat: completed " << stats.n_steps << " steps in "
          << format_duration(info.wall_time_s) << "; outlet "
          << std::setprecision(4) << stats.min_outlet_C << " .. "
          << stats.max_outlet_C << " C, ground energy "
          << stats.total_ground_energy_J / units::joule_per_MWh << " MWh, max "
          << "energy balance error " << stats.max_balance_error << "\n"
          << "geoheat: results in " << dir << " (summary.json, timeseries.csv, "
          << "solution.pvd, solution.xdmf, well_profiles/)" << std::endl;
    return 0;
  }
} // namespace geoheat

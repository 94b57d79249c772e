#include <deal.II/base/mpi.h>

#include <geoheat/base/units.h>
#include <geoheat/coupling/wall_face_exchange.h>
#include <geoheat/simulation/deep_well_simulation.h>
#include <geoheat/simulation/run_loop.h>
#include <geoheat/wells/coaxial/coaxial_well.h>

#include <chrono>
#include <sstream>

namespace geoheat
{
  using namespace dealii;

  RunOutcome simulate_deep_well(MPI_Comm                  comm,
                                const DeepWellParameters &p,
                                const ParameterHandler   &prm,
                                const RunOptions         &opt)
  {
    const auto start = std::chrono::steady_clock::now();
    if (opt.write_files)
      prepare_run_directory(comm, p.output.directory, opt.resume);

    // Mesh and ground; the wellbore's casings and cement are material zones.
    GroundProperties             solids_and_layers = p.ground;
    std::vector<WellboreSection> sections          = p.well.wellbore_sections();
    for (WellboreSection &s : sections)
      for (RadialRing &ring : s.rings)
        ring.material = solids_and_layers.add_solid(ring.conductivity, ring.heat_capacity);
    GroundModel<2>            ground(comm, solids_and_layers, p.mesh.degree);
    const std::vector<double> wall_lines = build_axisymmetric_well_mesh(ground.triangulation(),
                                                                        p.mesh,
                                                                        p.well.depth,
                                                                        sections,
                                                                        p.well.breakpoints(),
                                                                        solids_and_layers);
    ground.setup(/*fixed_surface=*/true);

    // Fluid grid: each wall face split into equal fluid cells.
    std::vector<double> nodes = {0.0};
    for (unsigned int i = 1; i < wall_lines.size(); ++i)
      for (unsigned int s = 1; s <= p.mesh.fluid_cells_per_face; ++s)
        nodes.push_back(wall_lines[i - 1] +
                        (wall_lines[i] - wall_lines[i - 1]) * s / p.mesh.fluid_cells_per_face);
    BoreholeNetwork network(
      std::make_unique<CoaxialWell>(p.well, p.fluid, nodes, [&](const double z) {
        return p.ground.conductivity[p.ground.layer_at(z)];
      }));
    WallFaceExchange  exchange(ground, p.mesh.fluid_cells_per_face);
    CoupledProblem<2> problem(ground, network, exchange, p.linear_solver);
    problem.setup();

    std::ostringstream d;
    d << "geoheat: " << (p.well.type == CoaxialType::CXA ? "CXA" : "CXC") << " well "
      << p.well.depth << " m, " << ground.n_dofs() << " ground DoFs + " << network.n_unknowns()
      << " fluid unknowns on " << Utilities::MPI::n_mpi_processes(comm) << " rank(s), "
      << p.time.end_time / units::seconds_per_year << " years, " << p.fluid.description
      << (p.operation.heat_pump() ? ", building load through a heat pump" : "");
    RunModel<2> model{ground, network, problem, d.str()};
    return run_time_loop(comm, p, prm, opt, model, start);
  }

  int run_deep_well(MPI_Comm                  comm,
                    const DeepWellParameters &p,
                    const ParameterHandler   &prm,
                    const bool                resume)
  {
    RunOptions opt;
    opt.resume = resume;
    return simulate_deep_well(comm, p, prm, opt).status == "completed" ? 0 : 4;
  }
} // namespace geoheat

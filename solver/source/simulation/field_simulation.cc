#include <deal.II/base/mpi.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/response/field_response.h>
#include <geoheat/response/response_cache.h>
#include <geoheat/simulation/field_model.h>
#include <geoheat/simulation/field_simulation.h>
#include <geoheat/simulation/run_loop.h>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace geoheat
{
  using namespace dealii;

  void FieldParameters::declare(ParameterHandler &prm)
  {
    FieldLayout::declare(prm);
    UTubeGeometry::declare(prm);
    FieldMeshParameters::declare(prm);
  }

  void FieldParameters::parse(ParameterHandler &prm, const std::string &parameter_file)
  {
    RunParameters::parse(prm, parameter_file);
    field.parse(prm, parameter_file);
    // One heat pump picks the field's load from the mixed temperatures: its
    // fluid limits would hold for the mixed inlet, not for every well's.
    require(!field.piping.own_plants || !operation.heat_pump(),
            parameter_file,
            "Borehole field/Plant",
            "per string needs a prescribed Operation (heat extraction or inlet temperature); "
            "with the building load through a heat pump the fluid limits would hold only for "
            "the strings' mixed inlet: use Plant = shared");
    prm.enter_subsection("Borehole heat exchanger");
    coaxial = prm.get("Type") == "coaxial";
    prm.leave_subsection();
    if (coaxial)
      parse_coaxial_wells(prm, parameter_file);
    else
      {
        bhe.parse(prm, parameter_file);
        bhe.check(field.borehole_radius, parameter_file);
      }
    mesh.parse(prm, parameter_file);
  }

  namespace
  {
    /// ", groundwater up to |u| m/s, cell Peclet number ... next to the
    /// boreholes" (empty without flow): Pe = |u| (rho c)_w h / (2 lambda)
    /// with h the cell width next to the boreholes. Above ~1 the SUPG-
    /// stabilised field is smooth but a borehole's plume, narrower than a
    /// cell, is smeared (README, "Groundwater").
    std::string groundwater_note(const GroundProperties &ground, const double cell)
    {
      if (!ground.groundwater.flows())
        return "";
      double speed = 0, peclet = 0;
      for (unsigned int l = 0; l < ground.n_layers(); ++l)
        {
          const auto   u = ground.groundwater.darcy_velocity(l);
          const double s = std::hypot(u[0], u[1]);
          speed          = std::max(speed, s);
          peclet         = std::max(peclet,
                            s * ground.groundwater.water_heat_capacity * cell /
                              (2 * ground.conductivity[l]));
        }
      std::ostringstream o;
      o << ", groundwater up to " << speed << " m/s (cell Peclet number " << std::setprecision(2)
        << peclet << " next to the boreholes)";
      return o.str();
    }
  } // namespace

  void FieldParameters::parse_coaxial_wells(ParameterHandler  &prm,
                                            const std::string &parameter_file)
  {
    well.parse(prm, parameter_file);
    require(!well.meshed_construction,
            parameter_file,
            "Well/Wellbore construction",
            "a coaxial well as a line in the 3D mesh cannot mesh its casings and cement: "
            "set it to lumped");
    for (const BoreholePlacement &b : field.boreholes)
      require(std::abs(b.length - well.depth) <= 1e-6 * well.depth,
              parameter_file,
              "Borehole field/Borehole length",
              "coaxial wells: " + number_text(b.length) +
                " m differs from Well/Depth = " + number_text(well.depth) + " m");
    for (const BoreholePlacement &b : field.boreholes)
      require(b.buried_depth == 0,
              parameter_file,
              "Borehole field/Buried depth",
              "coaxial wells start at the surface: set it to 0");
    require(std::abs(field.borehole_radius - well.mesh_wall_radius()) <= 1e-9,
            parameter_file,
            "Borehole field/Borehole diameter",
            "coaxial wells: must be the largest borehole diameter of Well (" +
              number_text(2 * well.mesh_wall_radius()) + " m)");
  }

  namespace
  {
    /// The field's step response: from Time/Response cache directory if it
    /// holds this model's, else computed (and kept there).
    FieldStepResponse field_step_response(CoupledProblem<3>      &problem,
                                          const FieldParameters  &p,
                                          const ParameterHandler &prm,
                                          MPI_Comm                comm)
    {
      const std::string &dir = p.time.response_cache;
      if (dir.empty())
        return compute_field_step_response(problem, p, p.operation.flow_rate(), comm);
      const auto        start  = std::chrono::steady_clock::now();
      const std::string key    = response_cache_key(prm);
      auto              cached = read_cached_response(dir, key, comm);
      if (cached)
        {
          cached->wall_time_s = Utilities::MPI::max(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), comm);
          return *cached;
        }
      FieldStepResponse r = compute_field_step_response(problem, p, p.operation.flow_rate(), comm);
      write_cached_response(dir, key, r, comm);
      return r;
    }
  } // namespace

  RunOutcome simulate_field(MPI_Comm                comm,
                            const FieldParameters  &p,
                            const ParameterHandler &prm,
                            const RunOptions       &opt)
  {
    const auto start = std::chrono::steady_clock::now();
    if (opt.write_files)
      prepare_run_directory(comm, p.output.directory, opt.resume);

    const unsigned int n = p.field.n_boreholes();
    // Time/Method = fast: the model is stepped only for its step response,
    // where every step has its own size (one step solver is enough).
    const std::string  no_response = p.time.fast ? step_response_unavailable(p) : "";
    const bool         fast        = p.time.fast && no_response.empty();
    FieldModel         m(comm, p, p.ground, p.time.end_time, field_boreholes(p), fast ? 1 : 16);
    GroundModel<3>    &ground   = m.ground;
    LineExchange      &exchange = *m.exchange;
    BoreholeNetwork   &network  = *m.network;
    CoupledProblem<3> &problem  = *m.problem;

    std::ostringstream d;
    d << "geoheat: field of " << n << " "
      << (p.coaxial ? (p.well.type == CoaxialType::CXA ? "CXA coaxial" : "CXC coaxial") :
          p.bhe.type == UTubeType::single_u ? "1U" :
                                              "2U")
      << (p.coaxial ? " wells, " : " boreholes, ") << ground.n_dofs() << " ground DoFs + "
      << network.n_unknowns() << " borehole unknowns on " << Utilities::MPI::n_mpi_processes(comm)
      << " rank(s), " << p.time.end_time / units::seconds_per_year
      << " years, r_eq/r_b = " << exchange.equivalent_radius(0) / p.field.borehole_radius
      << (p.mesh.transient_coupling ?
            ", " + std::to_string(exchange.n_patterns()) +
              " transient coupling kernel(s) (fitted within " +
              std::to_string(100 * exchange.max_fit_error()).substr(0, 4) + " % of D_inf)" :
            ", steady coupling")
      << groundwater_note(p.ground, p.mesh.borehole_cell)
      << (p.operation.heat_pump() ? ", building load through a heat pump" : "")
      << (problem.direct_solver() ? ", direct solver" : ", GMRES + BoomerAMG");
    RunModel<3> model{ground, network, problem, d.str(), p.field.boreholes};
    model.response_unavailable = no_response;
    std::unique_ptr<FieldResponseStepper> response;
    if (fast)
      {
        if (opt.verbose && Utilities::MPI::this_mpi_process(comm) == 0)
          std::cout << "geoheat: fast path: computing the field's step response to "
                    << p.time.end_time / units::seconds_per_year << " years" << std::endl;
        const FieldStepResponse r = field_step_response(problem, p, prm, comm);
        response =
          std::make_unique<FieldResponseStepper>(r, p.operation.flow_rate(), opt.write_files);
        model.response = response.get();
        if (opt.write_files && Utilities::MPI::this_mpi_process(comm) == 0)
          write_step_response(p.output.directory + "/step_response.csv", r, response->model());
      }
    return run_time_loop(comm, p, prm, opt, model, start);
  }

  int run_field(MPI_Comm                comm,
                const FieldParameters  &p,
                const ParameterHandler &prm,
                const bool              resume)
  {
    RunOptions opt;
    opt.resume = resume;
    return simulate_field(comm, p, prm, opt).status == "completed" ? 0 : 4;
  }
} // namespace geoheat

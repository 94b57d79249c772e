#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/mpi.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/io/borehole_lines_writer.h>
#include <geoheat/io/borehole_series.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/io/field_writer.h>
#include <geoheat/response/field_response.h>
#include <geoheat/simulation/run_loop.h>

#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace geoheat
{
  using namespace dealii;

  /// Create the run directory and its subfolders on rank 0; every rank
  /// learns whether it worked. Throws InputError if not writable.
  void prepare_run_directory(MPI_Comm comm, const std::string &dir, const bool resume)
  {
    int ok = 1;
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        for (const std::string &d : {dir + "/solution", dir + "/well_profiles"})
          make_directories(d);
        std::ofstream probe(dir + "/.geoheat_write_test");
        ok = probe.good() && (probe << "ok").good();
        probe.close();
        (void)std::remove((dir + "/.geoheat_write_test").c_str()); // the probe decided already
      }
    ok = Utilities::MPI::min(ok, comm);
    require(ok, dir, "Output/Directory", "cannot create or write the output directory");
    // Files of an earlier run in the same place would look like ours; a
    // fresh run also drops that run's checkpoints.
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        (void)std::remove((dir + "/summary.json").c_str()); // may not exist
        if (!resume)
          remove_checkpoints(dir);
      }
  }


  namespace
  {
    std::string format_duration(const double s)
    {
      std::ostringstream text;
      text << std::fixed;
      if (s < 120)
        text << std::setprecision(0) << s << " s";
      else if (s < 7200)
        text << std::setprecision(1) << s / 60 << " min";
      else
        text << std::setprecision(1) << s / 3600 << " h";
      return text.str();
    }
  } // namespace

  namespace
  {
    /// Every flow rate (m^3/s) the run will use, from the operation or the
    /// building load; at most @p limit of them (more: empty).
    std::vector<double> flows_of_run(const RunParameters &p, const std::size_t limit)
    {
      std::set<double> flows;
      const Operation &op = p.operation;
      if (op.heat_pump())
        {
          flows.insert(op.flow_rate());
          if (p.building.pump_follows_load())
            flows.insert(0.0);
        }
      else
        for (double t = 0; t < p.time.end_time && flows.size() <= limit; t = op.next_event_after(t))
          flows.insert(op.at(t, t + 1.0).flow);
      if (flows.size() > limit)
        return {};
      return std::vector<double>(flows.begin(), flows.end());
    }

    /// Time/Method = fast: the reduced model where it applies, else a note.
    template <int dim>
    void choose_method(const RunParameters &p,
                       RunModel<dim>       &model,
                       SummaryInfo         &info,
                       ConditionalOStream  &pcout,
                       ReductionCache      *cache)
    {
      if (!p.time.fast)
        return;
      CoupledProblem<dim> &problem = model.problem;
      if (model.response)
        {
          const FieldStepResponse &r = model.response->response();
          info.method                = "fast";
          info.reduced_states        = model.response->model().n_states();
          info.reduction_s           = r.wall_time_s;
          info.reduction_reused      = r.from_cache;
          std::ostringstream note;
          note << "step response of the FE model at the run's flow (" << r.steps << " steps"
               << (r.free_pass ? " with a free pass" : "") << ", "
               << (r.from_cache ? "read from the response cache in " : "") << r.wall_time_s
               << " s), superposed through " << info.reduced_states << " exponentials (fit within "
               << 100 * model.response->model().fit_error() << " % of the response at its samples, "
               << 100 * model.response->model().swing()
               << " % outside their range between them); volume fields and profiles only at t = 0";
          info.method_note = note.str();
          pcout << "geoheat: fast path: " << info.method_note << std::endl;
          return;
        }
      std::string why = model.response_unavailable;
      if (why.empty())
        why = problem.reduced_model_unavailable();
      constexpr std::size_t     max_flows = 6;
      const std::vector<double> flows     = flows_of_run(p, max_flows);
      if (why.empty() && flows.empty())
        why = "the operation uses more than " + std::to_string(max_flows) + " flow rates";
      if (!why.empty())
        {
          info.method_note = "Time/Method = fast does not apply: " + why + "; the full model ran";
          pcout << "geoheat: " << info.method_note << std::endl;
          return;
        }
      typename CoupledProblem<dim>::ReductionSettings settings;
      settings.flows         = flows;
      settings.shortest_step = std::min(p.time.initial_step, p.time.max_step_operating);
      settings.horizon       = p.time.end_time;
      settings.cache         = cache;
      problem.use_reduced_model(settings);
      info.method           = "fast";
      info.reduced_states   = problem.n_reduced_states();
      info.reduction_s      = problem.reduction_time();
      info.reduction_reused = problem.reduction_was_reused();
      pcout << "geoheat: fast path: reduced model of " << info.reduced_states << " states ("
            << flows.size() << " flow state(s)) "
            << (info.reduction_reused ? "taken from the previous run of this system" : "built")
            << " in " << std::setprecision(3) << info.reduction_s << " s" << std::defaultfloat
            << std::endl;
    }
  } // namespace

  template <int dim>
  RunOutcome run_time_loop(MPI_Comm                                    comm,
                           const RunParameters                        &p,
                           const ParameterHandler                     &prm,
                           const RunOptions                           &opt,
                           RunModel<dim>                              &model,
                           const std::chrono::steady_clock::time_point start)
  {
    const bool           root = Utilities::MPI::this_mpi_process(comm) == 0;
    ConditionalOStream   pcout(std::cout, root && opt.verbose);
    const std::string   &dir     = p.output.directory;
    const bool           files   = opt.write_files;
    GroundModel<dim>    &ground  = model.ground;
    CoupledProblem<dim> &problem = model.problem;
    const bool           field   = model.network.size() > 1;
    pcout << model.description << (files ? " -> " + dir : std::string()) << std::endl;
    // Set-up without the fields' one-off step response (reported apart, as
    // the reduced model's build is).
    const double setup_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() -
      (model.response ? model.response->response().wall_time_s : 0.0);

    // What drives the well: a prescribed operation or a building load.
    const Operation &op       = p.operation;
    const bool       building = op.heat_pump();
    // The ground heat budget: with groundwater in 3D (the full model; the fast path does not apply)
    const bool          ground_budget = dim == 3 && p.ground.groundwater.flows() && !model.response;
    const BuildingLoad &load          = p.building;
    auto                flow_at       = [&](const double t0, const double t1) {
      if (!building)
        return op.at(t0, t1).flow;
      return (!load.pump_follows_load() || load.at(t0, t1).any()) ? op.flow_rate() : 0.0;
    };
    TimeControl time(
      p.time,
      [&](double t) { return building ? load.next_change_after(t) : op.next_event_after(t); },
      [&](double t) { return flow_at(t, t + 1.0) > 0; },
      // Seasonal switching restarts the step size and the scheme; the many
      // small changes of a load series do only where the flow changes.
      [&](double t) {
        return !(building || op.file_driven()) || flow_at(t - 1.0, t) != flow_at(t, t + 1.0);
      });

    RunRecords          records(dir, root && files);
    FieldWriter         fields(comm, dir, files && p.output.vtk, files && p.output.hdf5);
    BoreholeLinesWriter lines(dir, root && files, model.placements);
    BoreholeSeries      borehole_series(dir,
                                   root && files && field,
                                   choose_borehole_series_format(p.output.borehole_series,
                                                                 model.network.size()),
                                   model.placements);
    RunStatistics       stats;
    unsigned int        n_profiles            = 0;
    double              wall_before           = 0; // wall time of the run before a resume
    unsigned int        factorizations_before = 0;
    auto                write_outputs         = [&](const double t) {
      if (!files || (model.response && t > 0)) // the fast path has no field after t = 0
        return;
      problem.synchronize();
      const GhostedVector theta = problem.ground_disturbance();
      if (n_profiles % p.output.volume_every == 0)
        fields.write(ground, theta, t);
      std::vector<WellProfile> profiles;
      for (unsigned int b = 0; b < model.network.size(); ++b)
        profiles.push_back(problem.profile(b, &theta));
      on_all_ranks(comm, [&]() {
        lines.write(n_profiles, t, profiles);
        records.write_profiles(n_profiles, t, profiles);
      });
      ++n_profiles;
    };
    // Rank 0 writes the tables and records alone; a failure there (a full
    // disk) must reach the other ranks before they wait for it in the next
    // collective operation: on_all_ranks (checked_io.h). The writers report
    // HDF5 errors in one line, without HDF5's own error stack.
    if (files)
      H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);

    Checkpointer      checkpointer(comm, dir, p.checkpoint.keep);
    const std::string physics = physics_parameters(prm);
    if (opt.resume)
      {
        const CheckpointData c = checkpointer.read();
        require_compatible(c.parameters, physics, dir + "/checkpoint");
        time.restore(c.time);
        try
          {
            if (model.response)
              model.response->load(c.solver_states); // the same on every rank
            else
              problem.load_state(c.solver_states); // collective: throws on every rank
          }
        catch (const std::runtime_error &e)
          {
            input_error(dir + "/checkpoint", "--resume", e.what());
          }
        stats.deserialize(c.statistics, dir + "/checkpoint");
        fields.restore(c.field_writer);
        lines.restore(c.borehole_lines);
        n_profiles            = c.n_profiles;
        wall_before           = c.wall_time_s;
        factorizations_before = c.n_factorizations;
        on_all_ranks(comm, [&]() {
          records.drop_profiles_from(n_profiles);
          records.write_parameters(prm);
          records.open_timeseries(building, c.timeseries_bytes, ground_budget);
          borehole_series.open(c.wells_bytes);
        });
        pcout << "geoheat: resumed at " << time.time() / units::seconds_per_year << " years, step "
              << time.step_number() << std::endl;
      }
    else
      {
        on_all_ranks(comm, [&]() {
          records.write_parameters(prm);
          records.open_timeseries(building, 0, ground_budget);
          borehole_series.open();
        });
        write_outputs(0.0);
      }

    SummaryInfo info;
    info.n_dofs                     = problem.n_unknowns();
    info.n_ground_dofs              = ground.n_dofs();
    info.n_fluid_nodes              = model.network[0].n_nodes();
    info.n_wells                    = model.network.size();
    info.per_well_series            = field ? borehole_series.file_name() : "";
    info.n_ranks                    = Utilities::MPI::n_mpi_processes(comm);
    info.linear_solver              = problem.direct_solver() ? "direct" : "iterative";
    info.borehole_unknowns_per_rank = problem.borehole_unknowns_per_rank();
    choose_method(p, model, info, pcout, opt.reduction_cache);
    auto elapsed = [&]() {
      return wall_before +
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    auto write_checkpoint = [&]() {
      problem.synchronize();
      CheckpointData c;
      c.time             = time.state();
      c.solver_states    = {model.response ? model.response->save() : problem.save_state()};
      c.statistics       = stats.serialize();
      c.timeseries_bytes = records.timeseries_bytes();
      on_all_ranks(comm, [&]() { c.wells_bytes = borehole_series.flush(); });
      c.n_profiles       = n_profiles;
      c.field_writer     = fields.save();
      c.borehole_lines   = lines.save();
      c.parameters       = physics;
      c.n_ranks          = info.n_ranks;
      c.wall_time_s      = elapsed();
      c.n_factorizations = factorizations_before + problem.n_factorizations();
      checkpointer.write(c);
      info.checkpoint_time_s = time.time();
    };
    // collective = false after an error that may have hit one rank only.
    auto summarize =
      [&](const std::string &status, const std::string &message, const bool collective = true) {
        // A failed run (collective = false) reports its own error, not one
        // of these: its summary is written if the disk allows.
        try
          {
            on_all_ranks(collective ? comm : MPI_COMM_SELF, [&]() { borehole_series.flush(); });
          }
        catch (const std::exception &)
          {
            if (collective)
              throw;
          }
        info.status            = status;
        info.message           = message;
        info.simulated_years   = time.time() / units::seconds_per_year;
        info.n_factorizations  = factorizations_before + problem.n_factorizations();
        info.linear_iterations = problem.n_linear_iterations();
        info.property_updates  = problem.n_property_updates();
        info.setup_s           = setup_s;
        info.assembly_s        = problem.timing().assembly;
        info.solver_setup_s    = problem.timing().solver_setup;
        info.solve_s           = problem.timing().solve;
        {
          Utilities::System::MemoryStats m;
          Utilities::System::get_memory_stats(m);
          const double mine   = double(m.VmHWM) / 1024.0;
          info.peak_memory_MB = collective ? Utilities::MPI::sum(mine, comm) : mine;
        }
        info.wall_time_s = elapsed();
        try
          {
            on_all_ranks(collective ? comm : MPI_COMM_SELF,
                         [&]() { records.write_summary(info, stats); });
          }
        catch (const std::exception &)
          {
            if (collective)
              throw;
          }
      };
    // results_contract.md: summary.json also at each checkpoint. Its status
    // "running" says the figures are partial; a run killed after this
    // checkpoint keeps it, and --resume continues from here.
    auto checkpoint_and_summarize = [&]() {
      write_checkpoint();
      summarize("running",
                "partial: figures up to the checkpoint at " +
                  std::to_string(time.time() / units::seconds_per_year) +
                  " years; if the run was killed, continue with --resume");
    };
    if (files)
      install_stop_signal_handlers();

    const bool checkpoints = files && (p.checkpoint.interval_s > 0 || p.checkpoint.steps > 0);
    double     next_checkpoint =
      p.checkpoint.interval_s > 0 ?
            (std::floor(time.time() / p.checkpoint.interval_s + 1e-9) + 1) * p.checkpoint.interval_s :
            std::numeric_limits<double>::infinity();
    // Circulation pump: V dp(V) / eta, dp from the loop's friction (cached per flow).
    std::map<double, double> pump_power_at;
    unsigned int             property_updates = 0;
    auto                     pump_power       = [&](const double flow) {
      if (flow <= 0)
        return 0.0;
      if (problem.n_property_updates() != property_updates)
        {
          // temperature-dependent fluid re-evaluated: new friction losses
          pump_power_at.clear();
          property_updates = problem.n_property_updates();
        }
      auto it = pump_power_at.find(flow);
      if (it == pump_power_at.end())
        it = pump_power_at
               .emplace(flow, flow * model.network.pressure_drop(flow) / op.pump_efficiency())
               .first;
      return it->second;
    };
    auto        last_progress = start;
    double      last_outlet   = 0;
    std::string status        = "completed";
    try
      {
        while (!time.finished())
          {
            const double t0 = time.time();
            const double dt = time.plan_step();
            problem.set_time(t0 + dt);
            StepResult  r;
            SurfaceStep surface;
            if (building)
              {
                const BuildingDemand demand = load.at(t0, t0 + dt);
                const auto           choose = [&](const LinearResponse &response) {
                  surface = solve_heat_pump_step(p.heat_pump, demand, response);
                  return surface.ground_load_W;
                };
                const double flow = flow_at(t0, t0 + dt);
                r                 = model.response ?
                                      model.response->step(dt, flow, choose) :
                                      problem.step(
                        time.coefficients(), dt, flow, InletControl::heat_extraction, choose);
                if (r.flow == 0)
                  surface = SurfaceStep(); // pump off: no demand by construction
              }
            else if (model.response)
              r = model.response->step(dt, op.at(t0, t0 + dt));
            else
              r = problem.step(time.coefficients(), dt, op.at(t0, t0 + dt), op.control());
            r.pump_power_W = pump_power(r.flow);
            time.advance();
            stats.add_step(t0, time.time(), r, building ? &surface : nullptr);
            if (files)
              on_all_ranks(comm, [&]() {
                records.append_step(time.time(), dt, r, building ? &surface : nullptr);
                borehole_series.append(time.time(), r);
              });
            if (opt.on_step)
              opt.on_step(time.time(), r, building ? &surface : nullptr);
            last_outlet = r.outlet_C;
            if (time.at_output_time())
              write_outputs(time.time());

            // Checkpoints: on schedule, or when the batch system asks us to stop.
            // Polled every step: under mpirun a SIGTERM is followed by SIGKILL
            // one second later (OpenMPI's odls_base_sigkill_timeout), so the
            // stop must not wait for a later step.
            const bool stop = files && stop_requested(comm, time.step_number(), 1);
            if (checkpoints && !time.finished() &&
                ((p.checkpoint.steps > 0 && time.step_number() % p.checkpoint.steps == 0) ||
                 time.time() >= next_checkpoint * (1 - 1e-12)))
              {
                checkpoint_and_summarize();
                while (next_checkpoint <= time.time() * (1 + 1e-12))
                  next_checkpoint += p.checkpoint.interval_s;
              }
            if (stop && !time.finished())
              {
                if (info.checkpoint_time_s != time.time())
                  write_checkpoint();
                status = "stopped";
                break;
              }

            const auto now = std::chrono::steady_clock::now();
            if (std::chrono::duration<double>(now - last_progress).count() >=
                  p.output.progress_interval ||
                time.finished())
              {
                last_progress   = now;
                const double f  = time.time() / time.end_time();
                const double el = std::chrono::duration<double>(now - start).count();
                pcout << "  step " << std::setw(7) << time.step_number() << "  t = " << std::fixed
                      << std::setprecision(3) << time.time() / units::seconds_per_year
                      << " y  T_out = " << std::setprecision(2) << last_outlet << " C  "
                      << std::setprecision(1) << 100 * f << " %  left ~"
                      << format_duration(f > 0 ? el * (1 - f) / f : 0) << std::defaultfloat
                      << std::endl;
              }
          }
      }
    catch (const std::exception &e)
      {
        summarize("failed", one_line_message(e), false);
        throw;
      }

    summarize(status, status == "stopped" ? "stopped by a signal; continue with --resume" : "");
    if (status == "stopped")
      pcout << "geoheat: stopped at " << time.time() / units::seconds_per_year
            << " years by a signal; checkpoint written. Continue with: geoheat --resume "
            << "--output-dir " << dir << " FILE.prm" << std::endl;
    else
      {
        pcout << "geoheat: completed " << stats.n_steps << " steps in "
              << format_duration(info.wall_time_s) << "; " << std::setprecision(4);
        // the outlet range covers steps with flow only (summary.json: null without)
        if (stats.min_outlet_C <= stats.max_outlet_C)
          pcout << "outlet " << stats.min_outlet_C << " .. " << stats.max_outlet_C << " C";
        else
          pcout << "no flow";
        pcout << ", ground energy " << stats.total_ground_energy_J / units::joule_per_MWh
              << " MWh, max energy balance error " << stats.max_balance_error << std::endl;
        if (stats.building)
          {
            const auto t = stats.totals();
            pcout << "geoheat: heat delivered " << t.heat_delivered_J / units::joule_per_MWh
                  << " MWh, electricity "
                  << (t.heating_electricity_J + t.cooling_electricity_J) / units::joule_per_MWh
                  << " MWh, SPF "
                  << (t.heating_electricity_J > 0 ? t.heat_delivered_J / t.heating_electricity_J :
                                                    0)
                  << " ("
                  << t.heat_delivered_J /
                       std::max(1.0, t.heating_electricity_J + t.heating_pump_electricity_J)
                  << " with the circulation pump)"
                  << ", unmet "
                  << (t.heat_demand_J - t.heat_delivered_J + t.cool_demand_J - t.cool_delivered_J) /
                       units::joule_per_MWh
                  << " MWh" << std::endl;
          }
        if (files)
          pcout << "geoheat: results in " << dir << " (summary.json, timeseries.csv, "
                << "solution.pvd, solution.xdmf, well_profiles/)" << std::endl;
      }
    return {status, stats, info};
  }

  template RunOutcome run_time_loop<2>(MPI_Comm,
                                       const RunParameters &,
                                       const ParameterHandler &,
                                       const RunOptions &,
                                       RunModel<2> &,
                                       std::chrono::steady_clock::time_point);
  template RunOutcome run_time_loop<3>(MPI_Comm,
                                       const RunParameters &,
                                       const ParameterHandler &,
                                       const RunOptions &,
                                       RunModel<3> &,
                                       std::chrono::steady_clock::time_point);
} // namespace geoheat

#include <deal.II/base/hdf5.h>
#include <deal.II/base/utilities.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/io/run_records.h>

#include <nlohmann/json.hpp>

#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace geoheat
{
  void RunStatistics::add_step(const double       t0,
                               const double       t1,
                               const StepResult  &r,
                               const SurfaceStep *hp)
  {
    const double       dt   = t1 - t0;
    const unsigned int year = std::floor(0.5 * (t0 + t1) / units::seconds_per_year) + 1;
    while (years.size() < year)
      {
        years.emplace_back();
        years.back().year = years.size();
      }
    Year &y = years[year - 1];
    y.ground_energy_J += r.ground_load_W * dt;
    y.pump_electricity_J += r.pump_power_W * dt;
    y.friction_heat_J += r.friction_heat_W * dt;
    total_ground_energy_J += r.ground_load_W * dt;
    max_balance_error = std::max(max_balance_error, r.balance_rel_error);
    ++n_steps;
    if (r.boreholes.size() > 1)
      {
        wells.resize(r.boreholes.size());
        for (unsigned int b = 0; b < wells.size(); ++b)
          {
            const BoreholeStep &s = r.boreholes[b];
            wells[b].ground_energy_J += s.ground_load_W * dt;
            if (s.flow > 0)
              {
                wells[b].min_outlet_C = std::min(wells[b].min_outlet_C, s.outlet_C);
                wells[b].max_outlet_C = std::max(wells[b].max_outlet_C, s.outlet_C);
              }
          }
      }
    if (r.flow > 0)
      {
        y.min_outlet_C = std::min(y.min_outlet_C, r.outlet_C);
        y.outlet_time_integral += r.outlet_C * dt;
        y.flowing_time += dt;
        y.min_inlet_C = std::min(y.min_inlet_C, r.inlet_C);
        y.max_inlet_C = std::max(y.max_inlet_C, r.inlet_C);
        min_outlet_C  = std::min(min_outlet_C, r.outlet_C);
        max_outlet_C  = std::max(max_outlet_C, r.outlet_C);
        min_inlet_C   = std::min(min_inlet_C, r.inlet_C);
        max_inlet_C   = std::max(max_inlet_C, r.inlet_C);
      }
    if (hp)
      {
        building = true;
        y.heat_demand_J += hp->heating_demand_W * dt;
        y.heat_delivered_J += hp->heating_delivered_W * dt;
        y.heating_electricity_J += hp->heating_electric_W * dt;
        y.cool_demand_J += hp->cooling_demand_W * dt;
        y.cool_delivered_J += hp->cooling_delivered_W * dt;
        y.cooling_electricity_J += hp->cooling_electric_W * dt;
        if (hp->heating_delivered_W > 0)
          {
            y.min_cop = std::min(y.min_cop, hp->cop);
            y.heating_pump_electricity_J += r.pump_power_W * dt;
          }
      }
  }

  RunStatistics::Year RunStatistics::totals() const
  {
    Year t;
    for (const Year &y : years)
      {
        t.ground_energy_J += y.ground_energy_J;
        t.heat_demand_J += y.heat_demand_J;
        t.heat_delivered_J += y.heat_delivered_J;
        t.heating_electricity_J += y.heating_electricity_J;
        t.cool_demand_J += y.cool_demand_J;
        t.cool_delivered_J += y.cool_delivered_J;
        t.cooling_electricity_J += y.cooling_electricity_J;
        t.min_cop = std::min(t.min_cop, y.min_cop);
        t.pump_electricity_J += y.pump_electricity_J;
        t.heating_pump_electricity_J += y.heating_pump_electricity_J;
        t.friction_heat_J += y.friction_heat_J;
      }
    return t;
  }

  namespace
  {
    // The fields of a year in a fixed order (checkpoints).
    template <typename Y, typename F>
    void for_each_field(Y &y, F f)
    {
      for (auto *v : {&y.ground_energy_J,
                      &y.min_outlet_C,
                      &y.outlet_time_integral,
                      &y.flowing_time,
                      &y.min_inlet_C,
                      &y.max_inlet_C,
                      &y.heat_demand_J,
                      &y.heat_delivered_J,
                      &y.heating_electricity_J,
                      &y.cool_demand_J,
                      &y.cool_delivered_J,
                      &y.cooling_electricity_J,
                      &y.min_cop,
                      &y.pump_electricity_J,
                      &y.heating_pump_electricity_J,
                      &y.friction_heat_J})
        f(*v);
    }
  } // namespace

  std::vector<double> RunStatistics::serialize() const
  {
    std::vector<double> d = {double(years.size()),
                             double(n_steps),
                             double(building),
                             min_outlet_C,
                             max_outlet_C,
                             min_inlet_C,
                             max_inlet_C,
                             total_ground_energy_J,
                             max_balance_error};
    for (Year y : years)
      for_each_field(y, [&](double &v) { d.push_back(v); });
    d.push_back(wells.size());
    for (const Well &w : wells)
      d.insert(d.end(), {w.min_outlet_C, w.max_outlet_C, w.ground_energy_J});
    return d;
  }

  void RunStatistics::deserialize(const std::vector<double> &d, const std::string &file)
  {
    // checked reads: a checkpoint with a recomputed checksum but wrong
    // statistics ended the run with std::out_of_range, or cast a negative or
    // huge count to size_t (undefined; found by fuzzing)
    size_t k    = 0;
    auto   next = [&]() {
      require(k < d.size(), file, "statistics", "fewer values than a run records");
      return d[k++];
    };
    auto whole = [&](const double largest) {
      const double n = next();
      require(n >= 0 && n <= largest && n == std::floor(n),
              file,
              "statistics",
              "a count that is not a whole number from 0 to " + std::to_string((long long)largest));
      return std::size_t(n);
    };
    // years and wells: each takes values after it, so no more than d.size()
    auto count = [&]() { return whole(double(d.size())); };
    years.resize(count());
    n_steps  = (unsigned int)whole(4294967295.0);
    building = next() != 0;
    for (double *v : {&min_outlet_C,
                      &max_outlet_C,
                      &min_inlet_C,
                      &max_inlet_C,
                      &total_ground_energy_J,
                      &max_balance_error})
      *v = next();
    for (unsigned int i = 0; i < years.size(); ++i)
      {
        years[i].year = i + 1;
        for_each_field(years[i], [&](double &v) { v = next(); });
      }
    wells.resize(count());
    for (Well &w : wells)
      for (double *v : {&w.min_outlet_C, &w.max_outlet_C, &w.ground_energy_J})
        *v = next();
  }

  std::FILE *open_table(const std::string &path,
                        const std::string &header,
                        const long         resume_bytes,
                        long              &complete_bytes)
  {
    if (resume_bytes > 0 && ::truncate(path.c_str(), resume_bytes) != 0)
      throw std::runtime_error("cannot truncate " + path + " to resume");
    std::FILE *f = std::fopen(path.c_str(), resume_bytes > 0 ? "a" : "w");
    if (!f)
      throw_write_error(path, errno);
    complete_bytes = resume_bytes > 0 ? resume_bytes : 0;
    if (resume_bytes <= 0)
      (void)std::fprintf(f, "%s\n", header.c_str()); // errors: the stream's flag, checked below
    // An append stream's position before its first write is not its end.
    else if (std::fseek(f, 0, SEEK_END) != 0)
      {
        const int err = errno;
        (void)std::fclose(f); // the seek error is what is reported
        throw_write_error(path, err);
      }
    try
      {
        check_flushed(f, path, complete_bytes);
      }
    catch (const WriteError &)
      {
        (void)std::fclose(f); // the write error is what is reported
        throw;
      }
    return f;
  }

  RunRecords::RunRecords(const std::string &directory, const bool active_in)
    : dir(directory)
    , active(active_in)
  {}

  RunRecords::~RunRecords()
  {
    if (timeseries)
      (void)std::fclose(timeseries); // every row was flushed and checked (check_flushed)
  }

  void RunRecords::write_parameters(const dealii::ParameterHandler &prm) const
  {
    if (!active)
      return;
    std::ostringstream out;
    prm.print_parameters(out, dealii::ParameterHandler::ShortPRM);
    write_file(dir + "/parameters_used.prm", out.str());
  }

  void RunRecords::open_timeseries(const bool building,
                                   const long resume_bytes,
                                   const bool ground_budget)
  {
    if (!active)
      return;
    // A resumed run drops the rows written after the checkpoint, then appends.
    timeseries = open_table(dir + "/timeseries.csv",
                            std::string("time_s,time_days,inlet_temperature_C,outlet_temperature_C,"
                                        "flow_rate_m3_per_s,ground_load_W,energy_balance_rel_error,"
                                        "wall_heat_W,time_step_s,pump_power_W") +
                              (building ? ",building_load_W,heat_delivered_W,cop,electric_power_W,"
                                          "unmet_load_W,heating_load_W,cooling_load_W,"
                                          "cooling_delivered_W,supply_temperature_C" :
                                          "") +
                              (ground_budget ? ",groundwater_heat_in_W,boundary_heat_in_W,"
                                               "ground_storage_W,ground_balance_rel_error" :
                                               ""),
                            resume_bytes,
                            timeseries_complete);
  }

  long RunRecords::timeseries_bytes() const
  {
    return timeseries ? std::ftell(timeseries) : 0;
  }

  void RunRecords::append_step(const double       time_s,
                               const double       dt,
                               const StepResult  &r,
                               const SurfaceStep *hp)
  {
    if (!active)
      return;
    // write errors set the stream's flag: check_flushed() below reports them
    (void)std::fprintf(timeseries,
                       "%.10g,%.10g,%.12g,%.12g,%.10g,%.12g,%.3e,%.12g,%.10g,%.8g",
                       time_s,
                       time_s / units::seconds_per_day,
                       r.inlet_C,
                       r.outlet_C,
                       r.flow,
                       r.ground_load_W,
                       r.balance_rel_error,
                       r.wall_heat_W,
                       dt,
                       r.pump_power_W);
    if (hp)
      (void)std::fprintf(timeseries,
                         ",%.12g,%.12g,%.10g,%.12g,%.12g,%.12g,%.12g,%.12g,%.6g",
                         hp->heating_demand_W - hp->cooling_demand_W,
                         hp->heating_delivered_W - hp->cooling_delivered_W,
                         hp->cop,
                         hp->electric_W(),
                         hp->unmet_W(),
                         hp->heating_demand_W,
                         hp->cooling_demand_W,
                         hp->cooling_delivered_W,
                         hp->supply_C);
    if (r.ground_budget)
      (void)std::fprintf(timeseries,
                         ",%.12g,%.12g,%.12g,%.3e",
                         r.ground_budget->groundwater_in_W,
                         r.ground_budget->boundary_in_W,
                         r.ground_budget->storage_W,
                         r.ground_budget->rel_error);
    (void)std::fputc('\n', timeseries);
    check_flushed(timeseries, dir + "/timeseries.csv", timeseries_complete);
  }

  void RunRecords::write_profiles(const unsigned int              index,
                                  const double                    time_s,
                                  const std::vector<WellProfile> &profiles) const
  {
    if (!active)
      return;
    const bool        field = profiles.size() > 1;
    const std::string name  = "profile-" + dealii::Utilities::int_to_string(index, 5);
    {
      std::ostringstream out;
      out << "# time_s = " << std::setprecision(12) << time_s << "\n";
      out << (field ? "well," : "") << "depth_m,T_down_C,T_up_C,T_wall_C,line_load_W_per_m\n";
      out << std::setprecision(10);
      for (unsigned int b = 0; b < profiles.size(); ++b)
        {
          const WellProfile &p = profiles[b];
          for (unsigned int k = 0; k < p.depth.size(); ++k)
            {
              if (field)
                out << b << ',';
              out << p.depth[k] << ',' << p.T_down[k] << ',' << p.T_up[k] << ',' << p.T_wall[k]
                  << ',' << p.line_load[k] << '\n';
            }
        }
      write_file(dir + "/well_profiles/" + name + ".csv", out.str());
    }
    // HDF5's C interface, every call checked (deal.II's HDF5::File closes the
    // file in its destructor, where a failed final write goes unnoticed).
    const std::string h5   = dir + "/well_profiles.h5";
    bool              ok   = true;
    int               err  = 0; // errno of the first failure
    auto              step = [&](const hid_t id) {
      if (ok && id < 0)
        err = errno;
      ok = ok && id >= 0;
      return id;
    };
    auto dataset = [&](const hid_t group, const char *set, const std::vector<double> &v) {
      const hsize_t n     = v.size();
      const hid_t   space = step(H5Screate_simple(1, &n, nullptr));
      const hid_t   d     = step(
        ok ?
          H5Dcreate2(group, set, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) :
          -1);
      step(ok ? H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) : -1);
      if (d >= 0)
        step(H5Dclose(d));
      if (space >= 0)
        H5Sclose(space);
    };
    const hid_t file =
      step(index == 0 ? H5Fcreate(h5.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT) :
                        H5Fopen(h5.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    const hid_t g =
      step(ok ? H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1);
    if (ok)
      {
        const hid_t scalar = step(H5Screate(H5S_SCALAR));
        const hid_t a      = step(
          ok ? H5Acreate2(g, "time_s", H5T_NATIVE_DOUBLE, scalar, H5P_DEFAULT, H5P_DEFAULT) : -1);
        step(ok ? H5Awrite(a, H5T_NATIVE_DOUBLE, &time_s) : -1);
        if (a >= 0)
          H5Aclose(a);
        if (scalar >= 0)
          H5Sclose(scalar);
      }
    for (unsigned int b = 0; b < profiles.size() && ok; ++b)
      {
        const WellProfile &p    = profiles[b];
        const std::string  well = "well-" + dealii::Utilities::int_to_string(b, 4);
        const hid_t        w =
          field ? step(H5Gcreate2(g, well.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) : g;
        dataset(w, "depth_m", p.depth);
        dataset(w, "T_down_C", p.T_down);
        dataset(w, "T_up_C", p.T_up);
        dataset(w, "T_wall_C", p.T_wall);
        dataset(w, "line_load_W_per_m", p.line_load);
        if (field && w >= 0)
          step(H5Gclose(w));
      }
    if (g >= 0)
      step(H5Gclose(g));
    if (file >= 0)
      step(H5Fclose(file)); // writes what HDF5 still holds: may fail too
    if (!ok)
      throw_write_error(h5 + " (HDF5)", output_error_number(dir, err));
  }

  void RunRecords::drop_profiles_from(const unsigned int n) const
  {
    if (!active)
      return;
    const std::string h5 = dir + "/well_profiles.h5";
    const hid_t       f  = H5Fopen(h5.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    for (unsigned int i = n;; ++i)
      {
        const std::string name  = "profile-" + dealii::Utilities::int_to_string(i, 5);
        const bool        in_h5 = f >= 0 && H5Lexists(f, name.c_str(), H5P_DEFAULT) > 0;
        if (in_h5)
          H5Ldelete(f, name.c_str(), H5P_DEFAULT);
        const bool in_csv = std::remove((dir + "/well_profiles/" + name + ".csv").c_str()) == 0;
        if (!in_h5 && !in_csv)
          break;
      }
    if (f >= 0)
      H5Fclose(f);
  }

  namespace
  {
    using Json = nlohmann::ordered_json;

    /// A number, or null where it is undefined (NaN, infinite, unset).
    Json number(const double v)
    {
      if (!std::isfinite(v) || std::abs(v) > 1e299)
        return nullptr;
      return v;
    }
    Json MWh(const double J)
    {
      return number(J / units::joule_per_MWh);
    }
    /// a / b, null without a denominator.
    Json ratio(const double a, const double b)
    {
      return b > 0 ? number(a / b) : Json(nullptr);
    }
  } // namespace

  void RunRecords::write_summary(const SummaryInfo &info, const RunStatistics &stats) const
  {
    if (!active)
      return;
    const RunStatistics::Year t = stats.totals(); // whole-run sums
    Json                      j;
    j["status"]            = info.status;
    j["simulated_years"]   = number(info.simulated_years);
    j["n_time_steps"]      = stats.n_steps;
    j["n_dofs"]            = info.n_dofs;
    j["n_ground_dofs"]     = info.n_ground_dofs;
    j["n_fluid_nodes"]     = info.n_fluid_nodes;
    j["n_wells"]           = info.n_wells;
    j["n_mpi_ranks"]       = info.n_ranks;
    j["n_factorizations"]  = info.n_factorizations;
    j["linear_solver"]     = info.linear_solver;
    j["linear_iterations"] = info.linear_iterations;
    j["method"]            = info.method;
    if (!info.method_note.empty())
      j["method_note"] = info.method_note;
    if (info.method == "fast")
      {
        j["reduced_states"]       = info.reduced_states;
        j["reduced_model_s"]      = number(info.reduction_s);
        j["reduced_model_reused"] = info.reduction_reused;
      }
    j["fluid_property_updates"]       = info.property_updates;
    j["time_breakdown_s"]             = {{"setup", number(info.setup_s)},
                                         {"assembly", number(info.assembly_s)},
                                         {"solver_setup", number(info.solver_setup_s)},
                                         {"solve", number(info.solve_s)}};
    j["peak_memory_MB"]               = number(info.peak_memory_MB);
    j["borehole_unknowns_per_rank"]   = info.borehole_unknowns_per_rank;
    j["wall_time_s"]                  = number(info.wall_time_s);
    j["min_outlet_temperature_C"]     = number(stats.min_outlet_C);
    j["max_outlet_temperature_C"]     = number(stats.max_outlet_C);
    j["total_ground_energy_MWh"]      = MWh(stats.total_ground_energy_J);
    j["max_energy_balance_rel_error"] = number(stats.max_balance_error);
    j["min_inlet_temperature_C"]      = number(stats.min_inlet_C);
    j["max_inlet_temperature_C"]      = number(stats.max_inlet_C);
    j["checkpoint_time_s"]            = number(info.checkpoint_time_s);
    j["pump_electricity_MWh"]         = MWh(t.pump_electricity_J);
    j["friction_heat_MWh"]            = MWh(t.friction_heat_J);
    if (stats.building)
      {
        j["heat_demand_MWh"]       = MWh(t.heat_demand_J);
        j["heat_delivered_MWh"]    = MWh(t.heat_delivered_J);
        j["cooling_demand_MWh"]    = MWh(t.cool_demand_J);
        j["cooling_delivered_MWh"] = MWh(t.cool_delivered_J);
        j["electricity_MWh"]       = MWh(t.heating_electricity_J + t.cooling_electricity_J);
        j["unmet_load_MWh"] =
          MWh(t.heat_demand_J - t.heat_delivered_J + t.cool_demand_J - t.cool_delivered_J);
        j["spf"]     = ratio(t.heat_delivered_J, t.heating_electricity_J);
        j["min_cop"] = number(t.min_cop);
        j["spf_with_pump"] =
          ratio(t.heat_delivered_J, t.heating_electricity_J + t.heating_pump_electricity_J);
      }
    if (!info.message.empty())
      j["message"] = info.message;
    if (!stats.wells.empty())
      {
        j["per_well_series"] = info.per_well_series;
        Json wells           = Json::array();
        for (unsigned int b = 0; b < stats.wells.size(); ++b)
          wells.push_back({{"well", b},
                           {"min_outlet_temperature_C", number(stats.wells[b].min_outlet_C)},
                           {"max_outlet_temperature_C", number(stats.wells[b].max_outlet_C)},
                           {"ground_energy_MWh", MWh(stats.wells[b].ground_energy_J)}});
        j["per_well"] = wells;
      }
    Json years = Json::array();
    for (const auto &y : stats.years)
      {
        Json r = {{"year", y.year},
                  {"ground_energy_MWh", MWh(y.ground_energy_J)},
                  {"min_outlet_temperature_C", number(y.min_outlet_C)},
                  {"mean_outlet_temperature_C",
                   number(y.flowing_time > 0 ? y.outlet_time_integral / y.flowing_time : NAN)},
                  {"min_inlet_temperature_C", number(y.min_inlet_C)},
                  {"pump_electricity_MWh", MWh(y.pump_electricity_J)}};
        if (stats.building)
          {
            r["heat_demand_MWh"]       = MWh(y.heat_demand_J);
            r["heat_delivered_MWh"]    = MWh(y.heat_delivered_J);
            r["cooling_delivered_MWh"] = MWh(y.cool_delivered_J);
            r["electricity_MWh"]       = MWh(y.heating_electricity_J + y.cooling_electricity_J);
            r["spf"]                   = ratio(y.heat_delivered_J, y.heating_electricity_J);
            r["spf_cooling"]           = ratio(y.cool_delivered_J, y.cooling_electricity_J);
            r["spf_with_pump"] =
              ratio(y.heat_delivered_J, y.heating_electricity_J + y.heating_pump_electricity_J);
            r["min_cop"] = number(y.min_cop);
            r["unmet_load_MWh"] =
              MWh(y.heat_demand_J - y.heat_delivered_J + y.cool_demand_J - y.cool_delivered_J);
          }
        years.push_back(r);
      }
    j["per_year"] = years;

    // Written whole to a temporary file, then renamed: a reader never sees
    // half a summary, and one that cannot be written leaves the previous one.
    const std::string text = j.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
    try
      {
        replace_file(dir + "/summary.json", text);
      }
    catch (const WriteError &)
      {
        if (info.status != "failed")
          throw;
        // A full disk: the space of the previous summary (partial figures,
        // "running") may hold this one; if not, there is no summary rather
        // than one that does not say the run failed.
        (void)std::remove((dir + "/summary.json").c_str()); // replace_file reports failures
        replace_file(dir + "/summary.json", text);
      }
  }
} // namespace geoheat

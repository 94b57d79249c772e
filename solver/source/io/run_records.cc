#include <deal.II/base/hdf5.h>
#include <deal.II/base/utilities.h>

#include <geoheat/base/units.h>
#include <geoheat/io/run_records.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <hdf5.h>
#include <unistd.h>

namespace geoheat
{
  void RunStatistics::add_step(const double t0, const double t1,
                               const StepResult &r, const SurfaceStep *hp)
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
        min_outlet_C = std::min(min_outlet_C, r.outlet_C);
        max_outlet_C = std::max(max_outlet_C, r.outlet_C);
        min_inlet_C  = std::min(min_inlet_C, r.inlet_C);
        max_inlet_C  = std::max(max_inlet_C, r.inlet_C);
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
      }
    return t;
  }

  namespace
  {
    // The fields of a year in a fixed order (checkpoints).
    template <typename Y, typename F>
    void for_each_field(Y &y, F f)
    {
      for (auto *v : {&y.ground_energy_J, &y.min_outlet_C, &y.outlet_time_integral,
                      &y.flowing_time, &y.min_inlet_C, &y.max_inlet_C,
                      &y.heat_demand_J, &y.heat_delivered_J, &y.heating_electricity_J,
                      &y.cool_demand_J, &y.cool_delivered_J,
                      &y.cooling_electricity_J, &y.min_cop, &y.pump_electricity_J,
                      &y.heating_pump_electricity_J})
        f(*v);
    }
  } // namespace

  std::vector<double> RunStatistics::serialize() const
  {
    std::vector<double> d = {double(years.size()), double(n_steps), double(building),
                             min_outlet_C, max_outlet_C, min_inlet_C, max_inlet_C,
                             total_ground_energy_J, max_balance_error};
    for (Year y : years)
      for_each_field(y, [&](double &v) { d.push_back(v); });
    d.push_back(wells.size());
    for (const Well &w : wells)
      d.insert(d.end(), {w.min_outlet_C, w.max_outlet_C, w.ground_energy_J});
    return d;
  }

  void RunStatistics::deserialize(const std::vector<double> &d)
  {
    size_t k = 0;
    years.resize(std::size_t(d.at(k++)));
    n_steps  = (unsigned int)d.at(k++);
    building = d.at(k++) != 0;
    for (double *v : {&min_outlet_C, &max_outlet_C, &min_inlet_C, &max_inlet_C,
                      &total_ground_energy_J, &max_balance_error})
      *v = d.at(k++);
    for (unsigned int i = 0; i < years.size(); ++i)
      {
        years[i].year = i + 1;
        for_each_field(years[i], [&](double &v) { v = d.at(k++); });
      }
    wells.resize(std::size_t(d.at(k++)));
    for (Well &w : wells)
      for (double *v : {&w.min_outlet_C, &w.max_outlet_C, &w.ground_energy_J})
        *v = d.at(k++);
  }

  std::FILE *open_table(const std::string &path, const std::string &header,
                        const long resume_bytes)
  {
    if (resume_bytes > 0 && ::truncate(path.c_str(), resume_bytes) != 0)
      throw std::runtime_error("cannot truncate " + path + " to resume");
    std::FILE *f = std::fopen(path.c_str(), resume_bytes > 0 ? "a" : "w");
    if (!f)
      throw std::runtime_error("cannot open " + path);
    if (resume_bytes <= 0)
      {
        std::fprintf(f, "%s\n", header.c_str());
        std::fflush(f);
      }
    return f;
  }

  RunRecords::RunRecords(const std::string &directory, const bool active)
    : dir(directory), active(active)
  {}

  RunRecords::~RunRecords()
  {
    if (timeseries)
      std::fclose(timeseries);
  }

  void RunRecords::write_parameters(const dealii::ParameterHandler &prm) const
  {
    if (!active)
      return;
    std::ofstream out(dir + "/parameters_used.prm");
    prm.print_parameters(out, dealii::ParameterHandler::ShortPRM);
  }

  void RunRecords::open_timeseries(const bool building, const long resume_bytes)
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
                                          ""),
                            resume_bytes);
  }

  long RunRecords::timeseries_bytes() const
  {
    return timeseries ? std::ftell(timeseries) : 0;
  }

  void RunRecords::append_step(const double time_s, const double dt,
                               const StepResult &r, const SurfaceStep *hp)
  {
    if (!active)
      return;
    std::fprintf(timeseries, "%.10g,%.10g,%.12g,%.12g,%.10g,%.12g,%.3e,%.12g,%.10g,%.8g",
                 time_s, time_s / units::seconds_per_day, r.inlet_C, r.outlet_C,
                 r.flow, r.ground_load_W, r.balance_rel_error, r.wall_heat_W, dt,
                 r.pump_power_W);
    if (hp)
      std::fprintf(timeseries, ",%.12g,%.12g,%.10g,%.12g,%.12g,%.12g,%.12g,%.12g,%.6g",
                   hp->heating_demand_W - hp->cooling_demand_W,
                   hp->heating_delivered_W - hp->cooling_delivered_W, hp->cop,
                   hp->electric_W(), hp->unmet_W(), hp->heating_demand_W,
                   hp->cooling_demand_W, hp->cooling_delivered_W, hp->supply_C);
    std::fputc('\n', timeseries);
    std::fflush(timeseries);
  }

  void RunRecords::write_profiles(const unsigned int index, const double time_s,
                                  const std::vector<WellProfile> &profiles) const
  {
    if (!active)
      return;
    const bool        field = profiles.size() > 1;
    const std::string name  = "profile-" + dealii::Utilities::int_to_string(index, 5);
    {
      std::ofstream out(dir + "/well_profiles/" + name + ".csv");
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
              out << p.depth[k] << ',' << p.T_down[k] << ',' << p.T_up[k] << ','
                  << p.T_wall[k] << ',' << p.line_load[k] << '\n';
            }
        }
    }
    using namespace dealii::HDF5;
    File file(dir + "/well_profiles.h5",
              index == 0 ? File::FileAccessMode::create : File::FileAccessMode::open);
    Group g = file.create_group(name);
    g.set_attribute("time_s", time_s);
    for (unsigned int b = 0; b < profiles.size(); ++b)
      {
        const WellProfile &p = profiles[b];
        Group w = field ? g.create_group("well-" + dealii::Utilities::int_to_string(b, 4)) : g;
        w.write_dataset("depth_m", p.depth);
        w.write_dataset("T_down_C", p.T_down);
        w.write_dataset("T_up_C", p.T_up);
        w.write_dataset("T_wall_C", p.T_wall);
        w.write_dataset("line_load_W_per_m", p.line_load);
      }
  }

  void RunRecords::drop_profiles_from(const unsigned int n) const
  {
    if (!active)
      return;
    const std::string h5 = dir + "/well_profiles.h5";
    const hid_t       f  = H5Fopen(h5.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    for (unsigned int i = n;; ++i)
      {
        const std::string name = "profile-" + dealii::Utilities::int_to_string(i, 5);
        const bool in_h5 = f >= 0 && H5Lexists(f, name.c_str(), H5P_DEFAULT) > 0;
        if (in_h5)
          H5Ldelete(f, name.c_str(), H5P_DEFAULT);
        const bool in_csv =
          std::remove((dir + "/well_profiles/" + name + ".csv").c_str()) == 0;
        if (!in_h5 && !in_csv)
          break;
      }
    if (f >= 0)
      H5Fclose(f);
  }

  namespace
  {
    std::string json_number(const double v)
    {
      if (!std::isfinite(v) || std::abs(v) > 1e299)
        return "null";
      std::ostringstream s;
      s << std::setprecision(12) << v;
      return s.str();
    }
  } // namespace

  void RunRecords::write_summary(const SummaryInfo   &info,
                                 const RunStatistics &stats) const
  {
    if (!active)
      return;
    const std::string tmp = dir + "/summary.json.tmp";
    {
      std::ofstream o(tmp);
      const RunStatistics::Year t = stats.totals(); // whole-run sums
      auto n = json_number;
      o << "{\n"
        << "  \"status\": \"" << info.status << "\",\n"
        << "  \"simulated_years\": " << n(info.simulated_years) << ",\n"
        << "  \"n_time_steps\": " << stats.n_steps << ",\n"
        << "  \"n_dofs\": " << info.n_dofs << ",\n"
        << "  \"n_ground_dofs\": " << info.n_ground_dofs << ",\n"
        << "  \"n_fluid_nodes\": " << info.n_fluid_nodes << ",\n"
        << "  \"n_wells\": " << info.n_wells << ",\n"
        << "  \"n_mpi_ranks\": " << info.n_ranks << ",\n"
        << "  \"n_factorizations\": " << info.n_factorizations << ",\n"
        << "  \"linear_solver\": \"" << info.linear_solver << "\",\n"
        << "  \"linear_iterations\": " << info.linear_iterations << ",\n"
        << "  \"time_breakdown_s\": {\"setup\": " << n(info.setup_s)
        << ", \"assembly\": " << n(info.assembly_s)
        << ", \"solver_setup\": " << n(info.solver_setup_s)
        << ", \"solve\": " << n(info.solve_s) << "},\n"
        << "  \"peak_memory_MB\": " << n(info.peak_memory_MB) << ",\n"
        << "  \"borehole_unknowns_per_rank\": [";
      for (unsigned int r = 0; r < info.borehole_unknowns_per_rank.size(); ++r)
        o << (r ? ", " : "") << info.borehole_unknowns_per_rank[r];
      o << "],\n"
        << "  \"wall_time_s\": " << n(info.wall_time_s) << ",\n"
        << "  \"min_outlet_temperature_C\": " << n(stats.min_outlet_C) << ",\n"
        << "  \"max_outlet_temperature_C\": " << n(stats.max_outlet_C) << ",\n"
        << "  \"total_ground_energy_MWh\": "
        << n(stats.total_ground_energy_J / units::joule_per_MWh) << ",\n"
        << "  \"max_energy_balance_rel_error\": " << n(stats.max_balance_error)
        << ",\n"
        << "  \"min_inlet_temperature_C\": " << n(stats.min_inlet_C) << ",\n"
        << "  \"max_inlet_temperature_C\": " << n(stats.max_inlet_C) << ",\n"
        << "  \"checkpoint_time_s\": " << n(info.checkpoint_time_s) << ",\n"
        << "  \"pump_electricity_MWh\": "
        << n(t.pump_electricity_J / units::joule_per_MWh) << ",\n";
      auto mwh = [&](double J) { return n(J / units::joule_per_MWh); };
      auto ratio = [&](double a, double b) { return b > 0 ? n(a / b) : "null"; };
      if (stats.building)
        {
          o << "  \"heat_demand_MWh\": " << mwh(t.heat_demand_J) << ",\n"
            << "  \"heat_delivered_MWh\": " << mwh(t.heat_delivered_J) << ",\n"
            << "  \"cooling_demand_MWh\": " << mwh(t.cool_demand_J) << ",\n"
            << "  \"cooling_delivered_MWh\": " << mwh(t.cool_delivered_J) << ",\n"
            << "  \"electricity_MWh\": "
            << mwh(t.heating_electricity_J + t.cooling_electricity_J) << ",\n"
            << "  \"unmet_load_MWh\": "
            << mwh(t.heat_demand_J - t.heat_delivered_J + t.cool_demand_J -
                   t.cool_delivered_J)
            << ",\n"
            << "  \"spf\": " << ratio(t.heat_delivered_J, t.heating_electricity_J)
            << ",\n"
            << "  \"min_cop\": " << n(t.min_cop) << ",\n"
            << "  \"spf_with_pump\": "
            << ratio(t.heat_delivered_J, t.heating_electricity_J + t.heating_pump_electricity_J)
            << ",\n";
        }
      if (!info.message.empty())
        {
          std::string m = info.message;
          std::replace(m.begin(), m.end(), '"', '\'');
          o << "  \"message\": \"" << m << "\",\n";
        }
      if (!stats.wells.empty())
        {
          o << "  \"per_well_series\": \"" << info.per_well_series << "\",\n"
            << "  \"per_well\": [";
          for (unsigned int b = 0; b < stats.wells.size(); ++b)
            o << (b ? "," : "") << "\n    {\"well\": " << b
              << ", \"min_outlet_temperature_C\": " << n(stats.wells[b].min_outlet_C)
              << ", \"max_outlet_temperature_C\": " << n(stats.wells[b].max_outlet_C)
              << ", \"ground_energy_MWh\": "
              << n(stats.wells[b].ground_energy_J / units::joule_per_MWh) << "}";
          o << "\n  ],\n";
        }
      o << "  \"per_year\": [";
      for (unsigned int i = 0; i < stats.years.size(); ++i)
        {
          const auto &y = stats.years[i];
          o << (i ? "," : "") << "\n    {\"year\": " << y.year
            << ", \"ground_energy_MWh\": "
            << n(y.ground_energy_J / units::joule_per_MWh)
            << ", \"min_outlet_temperature_C\": " << n(y.min_outlet_C)
            << ", \"mean_outlet_temperature_C\": "
            << n(y.flowing_time > 0 ? y.outlet_time_integral / y.flowing_time :
                                      NAN)
            << ", \"min_inlet_temperature_C\": " << n(y.min_inlet_C)
            << ", \"pump_electricity_MWh\": " << n(y.pump_electricity_J / units::joule_per_MWh);
          if (stats.building)
            o << ", \"heat_demand_MWh\": " << mwh(y.heat_demand_J)
              << ", \"heat_delivered_MWh\": " << mwh(y.heat_delivered_J)
              << ", \"cooling_delivered_MWh\": " << mwh(y.cool_delivered_J)
              << ", \"electricity_MWh\": "
              << mwh(y.heating_electricity_J + y.cooling_electricity_J)
              << ", \"spf\": " << ratio(y.heat_delivered_J, y.heating_electricity_J)
              << ", \"spf_cooling\": "
              << ratio(y.cool_delivered_J, y.cooling_electricity_J)
              << ", \"spf_with_pump\": "
              << ratio(y.heat_delivered_J, y.heating_electricity_J + y.heating_pump_electricity_J)
              << ", \"min_cop\": " << n(y.min_cop) << ", \"unmet_load_MWh\": "
              << mwh(y.heat_demand_J - y.heat_delivered_J + y.cool_demand_J -
                     y.cool_delivered_J);
          o << "}";
        }
      o << "\n  ]\n}\n";
    }
    std::rename(tmp.c_str(), (dir + "/summary.json").c_str());
  }
} // namespace geoheat

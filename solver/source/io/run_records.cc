#include <deal.II/base/hdf5.h>
#include <deal.II/base/utilities.h>

#include <geoheat/base/units.h>
#include <geoheat/io/run_records.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace geoheat
{
  void RunStatistics::add_step(const double t0, const double t1,
                               const StepResult &r)
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
    total_ground_energy_J += r.ground_load_W * dt;
    max_balance_error = std::max(max_balance_error, r.balance_rel_error);
    ++n_steps;
    if (r.flow > 0)
      {
        y.min_outlet_C = std::min(y.min_outlet_C, r.outlet_C);
        y.outlet_time_integral += r.outlet_C * dt;
        y.flowing_time += dt;
        min_outlet_C = std::min(min_outlet_C, r.outlet_C);
        max_outlet_C = std::max(max_outlet_C, r.outlet_C);
      }
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

  void RunRecords::open_timeseries()
  {
    if (!active)
      return;
    timeseries = std::fopen((dir + "/timeseries.csv").c_str(), "w");
    std::fprintf(timeseries,
                 "time_s,time_days,inlet_temperature_C,outlet_temperature_C,"
                 "flow_rate_m3_per_s,ground_load_W,energy_balance_rel_error,"
                 "wall_heat_W,time_step_s\n");
    std::fflush(timeseries);
  }

  void RunRecords::append_step(const double time_s, const double dt,
                               const StepResult &r)
  {
    if (!active)
      return;
    std::fprintf(timeseries, "%.10g,%.10g,%.12g,%.12g,%.10g,%.12g,%.3e,%.12g,%.10g\n",
                 time_s, time_s / units::seconds_per_day, r.inlet_C, r.outlet_C,
                 r.flow, r.ground_load_W, r.balance_rel_error, r.wall_heat_W, dt);
    std::fflush(timeseries);
  }

  void RunRecords::write_profile(const unsigned int index, const double time_s,
                                 const WellProfile &p) const
  {
    if (!active)
      return;
    const std::string name =
      "profile-" + dealii::Utilities::int_to_string(index, 5);
    {
      std::ofstream out(dir + "/well_profiles/" + name + ".csv");
      out << "# time_s = " << std::setprecision(12) << time_s << "\n";
      out << "depth_m,T_down_C,T_up_C,T_wall_C,line_load_W_per_m\n";
      out << std::setprecision(10);
      for (unsigned int k = 0; k < p.depth.size(); ++k)
        out << p.depth[k] << ',' << p.T_down[k] << ',' << p.T_up[k] << ','
            << p.T_wall[k] << ',' << p.line_load[k] << '\n';
    }
    using namespace dealii::HDF5;
    File file(dir + "/well_profiles.h5",
              index == 0 ? File::FileAccessMode::create :
                           File::FileAccessMode::open);
    Group g = file.create_group(name);
    g.set_attribute("time_s", time_s);
    g.write_dataset("depth_m", p.depth);
    g.write_dataset("T_down_C", p.T_down);
    g.write_dataset("T_up_C", p.T_up);
    g.write_dataset("T_wall_C", p.T_wall);
    g.write_dataset("line_load_W_per_m", p.line_load);
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
      auto n = json_number;
      o << "{\n"
        << "  \"status\": \"" << info.status << "\",\n"
        << "  \"simulated_years\": " << n(info.simulated_years) << ",\n"
        << "  \"n_time_steps\": " << stats.n_steps << ",\n"
        << "  \"n_dofs\": " << info.n_dofs << ",\n"
        << "  \"n_ground_dofs\": " << info.n_ground_dofs << ",\n"
        << "  \"n_fluid_nodes\": " << info.n_fluid_nodes << ",\n"
        << "  \"n_mpi_ranks\": " << info.n_ranks << ",\n"
        << "  \"n_factorizations\": " << info.n_factorizations << ",\n"
        << "  \"wall_time_s\": " << n(info.wall_time_s) << ",\n"
        << "  \"min_outlet_temperature_C\": " << n(stats.min_outlet_C) << ",\n"
        << "  \"max_outlet_temperature_C\": " << n(stats.max_outlet_C) << ",\n"
        << "  \"total_ground_energy_MWh\": "
        << n(stats.total_ground_energy_J / units::joule_per_MWh) << ",\n"
        << "  \"max_energy_balance_rel_error\": " << n(stats.max_balance_error)
        << ",\n";
      if (!info.message.empty())
        {
          std::string m = info.message;
          std::replace(m.begin(), m.end(), '"', '\'');
          o << "  \"message\": \"" << m << "\",\n";
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
            << "}";
        }
      o << "\n  ]\n}\n";
    }
    std::rename(tmp.c_str(), (dir + "/summary.json").c_str());
  }
} // namespace geoheat

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/operation/operation.h>

#include <cmath>
#include <limits>

namespace geoheat
{
  using namespace dealii::Patterns;

  void Operation::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Operation");
    prm.declare_entry("Inlet control",
                      "heat extraction",
                      Selection("heat extraction|inlet temperature|heat pump"),
                      "heat extraction: the value is the heat taken from the "
                      "ground Q (W, positive = extraction) and "
                      "T_in = T_out - Q/((rho c)_f V); inlet temperature: the "
                      "value is T_in (deg C); heat pump: a building load "
                      "(subsection Building load) through the heat pump "
                      "(subsection Heat pump) sets Q each step.");
    prm.declare_entry("Schedule",
                      "constant",
                      Selection("constant|seasonal|file"),
                      "constant value and flow; a yearly heating season; or a "
                      "CSV time series.");
    prm.declare_entry("Circulation pump efficiency",
                      "0.5",
                      Double(0.01, 1),
                      "Wire-to-water efficiency of the circulation pump; its power "
                      "V dp / eta (dp: frictional loss of the well loop) is reported "
                      "and counted in the system SPF.");
    prm.declare_entry("Value",
                      "0",
                      Double(),
                      "Heat extraction (W) or inlet temperature (deg C) while "
                      "operating (constant and seasonal schedules).");
    prm.declare_entry("Flow rate",
                      "0.005",
                      Double(0, 1),
                      "Volumetric flow rate V while operating (m^3/s).");
    prm.declare_entry("Value outside season",
                      "0",
                      Double(),
                      "Value between heating seasons (seasonal schedule).");
    prm.declare_entry("Flow rate outside season",
                      "0",
                      Double(0, 1),
                      "Flow between heating seasons (m^3/s); 0 = pump off.");
    prm.declare_entry("Start date",
                      "01-01",
                      Anything(),
                      "Calendar date (MM-DD) at simulation time zero.");
    prm.declare_entry("Season start",
                      "11-15",
                      Anything(),
                      "First day of the heating season (MM-DD).");
    prm.declare_entry("Season end",
                      "03-15",
                      Anything(),
                      "First day after the heating season (MM-DD).");
    prm.declare_entry("Load file",
                      "",
                      Anything(),
                      "CSV time series (file schedule): header, then "
                      "'time, value[, flow_rate_m3_per_s]' rows. Relative paths "
                      "are relative to the parameter file.");
    prm.declare_entry("Load file time unit",
                      "hours",
                      Selection("seconds|hours|days"),
                      "Unit of the time column.");
    prm.declare_entry("Interpolation",
                      "piecewise constant",
                      Selection("piecewise constant|linear"),
                      "How values between rows are obtained.");
    prm.declare_entry("Repeat yearly",
                      "false",
                      Bool(),
                      "Repeat the series every 365 days (times within the first year).");
    prm.leave_subsection();
  }

  void Operation::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Operation");
    const std::string control_name = prm.get("Inlet control");
    heat_pump_driven               = control_name == "heat pump";
    inlet_control       = control_name == "inlet temperature" ? InletControl::temperature :
                                                                InletControl::heat_extraction;
    const std::string s = prm.get("Schedule");
    schedule            = s == "constant" ? Schedule::constant :
                          s == "seasonal" ? Schedule::seasonal :
                                            Schedule::file;
    value_on            = prm.get_double("Value");
    flow_on             = prm.get_double("Flow rate");
    pump_eta            = prm.get_double("Circulation pump efficiency");
    value_off           = prm.get_double("Value outside season");
    flow_off            = prm.get_double("Flow rate outside season");
    auto date           = [&](const char *entry) {
      const double d = day_of_year_from_date(prm.get(entry));
      require(d >= 0,
              file,
              std::string("Operation/") + entry,
              quoted(prm.get(entry)) + " is not a date MM-DD");
      return d;
    };
    start_day_of_year = date("Start date");
    season_start      = date("Season start");
    season_end        = date("Season end");
    if (schedule == Schedule::file)
      {
        const std::string load = resolve_file_entry(prm, "Load file", file);
        require(!load.empty(), file, "Operation/Load file", "is required with Schedule = file");
        const std::string unit = prm.get("Load file time unit");
        const double      spu  = unit == "seconds" ? 1.0 :
                                 unit == "hours"   ? units::seconds_per_hour :
                                                     units::seconds_per_day;
        series =
          TimeSeries::read_csv(load,
                               spu,
                               prm.get("Interpolation") == "linear",
                               prm.get_bool("Repeat yearly") ? units::seconds_per_year : 0.0);
        series->merge_repeated_rows(); // unchanged rows are not events
      }
    prm.leave_subsection();
    if (schedule == Schedule::seasonal)
      require(season_start != season_end,
              file,
              "Operation/Season end",
              "the season must not be empty");
    if (heat_pump_driven)
      require(flow_on > 0, file, "Operation/Flow rate", "a heat pump needs a positive flow rate");
    else if (inlet_control == InletControl::heat_extraction && schedule != Schedule::file)
      require(flow_on > 0 || value_on == 0,
              file,
              "Operation/Flow rate",
              "a heat extraction needs a positive flow rate");
  }

  bool Operation::in_season(const double t) const
  {
    const double doy =
      std::fmod(start_day_of_year + t / units::seconds_per_day, units::days_per_year);
    return season_start < season_end ? (doy >= season_start && doy < season_end) :
                                       (doy >= season_start || doy < season_end);
  }

  OperatingPoint Operation::at(const double t0, const double t1) const
  {
    const double mid = 0.5 * (t0 + t1);
    switch (schedule)
      {
        case Schedule::constant:
          return {value_on, flow_on};
        case Schedule::seasonal:
          return in_season(mid) ? OperatingPoint{value_on, flow_on} :
                                  OperatingPoint{value_off, flow_off};
        case Schedule::file:
        default:
          {
            // Implicit in time: a linearly interpolated series is taken at
            // the end of the step; a piecewise constant one at its middle
            // (steps never straddle knots).
            const double t = series->is_linear() ? t1 : mid;
            return {series->value(t), series->has_flow() ? series->flow(mid) : flow_on};
          }
      }
  }

  double Operation::next_event_after(const double t) const
  {
    constexpr double inf = std::numeric_limits<double>::infinity();
    switch (schedule)
      {
        case Schedule::constant:
          return inf;
        case Schedule::seasonal:
          {
            double       next = inf;
            const double day  = units::seconds_per_day;
            for (const double boundary : {season_start, season_end})
              {
                // simulation time of the first occurrence of this day of year
                double first = (boundary - start_day_of_year) * day;
                if (first < 0)
                  first += units::seconds_per_year;
                const double n    = std::floor((t - first) / units::seconds_per_year) + 1;
                double       cand = first + std::max(0.0, n) * units::seconds_per_year;
                if (cand <= t + 1e-6)
                  cand += units::seconds_per_year;
                if (first > t + 1e-6)
                  cand = std::min(cand, first);
                next = std::min(next, cand);
              }
            return next;
          }
        case Schedule::file:
        default:
          return series->next_knot_after(t);
      }
  }
} // namespace geoheat

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/surface/building_load.h>

#include <cmath>

namespace geoheat
{
  using namespace dealii::Patterns;

  namespace
  {
    bool starts_with(const std::string &s, const std::string &prefix)
    {
      return s.compare(0, prefix.size(), prefix) == 0;
    }
    bool ends_with(const std::string &s, const std::string &suffix)
    {
      return s.size() >= suffix.size() &&
             s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
    }
    /// Watts per unit named by a column suffix (_W, _kW, _MW), or 0 if none.
    double watts_from_suffix(const std::string &name)
    {
      return ends_with(name, "_MW") ? 1e6 :
             ends_with(name, "_kW") ? 1e3 :
             ends_with(name, "_W")  ? 1.0 :
                                      0.0;
    }
  } // namespace

  void BuildingLoad::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Building load");
    prm.declare_entry("Load file",
                      "",
                      Anything(),
                      "CSV with header 'time, heating_load_kW[, cooling_load_kW]"
                      "[, outdoor_temperature_C]' and equally spaced rows (used "
                      "with Operation/Inlet control = heat pump). Relative to the "
                      "parameter file.");
    prm.declare_entry("Time unit",
                      "hours",
                      Selection("seconds|hours|days"),
                      "Unit of the time column.");
    prm.declare_entry("Load unit",
                      "kW",
                      Selection("W|kW|MW"),
                      "Unit of load columns whose name has no _W/_kW/_MW suffix.");
    prm.declare_entry("Repeat yearly",
                      "true",
                      Bool(),
                      "The file holds one year (365 days) that repeats; false: "
                      "the file covers the whole simulated period.");
    prm.declare_entry("Scale factor", "1", Double(0), "Multiplies every heating and cooling load.");
    prm.declare_entry("Pump",
                      "off without load",
                      Selection("constant|off without load"),
                      "Circulation: constant flow, or off while there is no demand.");
    prm.leave_subsection();
  }

  void BuildingLoad::parse(dealii::ParameterHandler &prm,
                           const std::string        &file,
                           const double              start_day)
  {
    prm.enter_subsection("Building load");
    load_file                = resolve_file_entry(prm, "Load file", file);
    const std::string tunit  = prm.get("Time unit");
    const std::string lunit  = prm.get("Load unit");
    const bool        repeat = prm.get_bool("Repeat yearly");
    scale_factor             = prm.get_double("Scale factor");
    pump_off_without_load    = prm.get("Pump") == "off without load";
    prm.leave_subsection();

    require(!load_file.empty(),
            file,
            "Building load/Load file",
            "is required with Operation/Inlet control = heat pump");

    const double       spu = tunit == "seconds" ? 1.0 :
                             tunit == "hours"   ? units::seconds_per_hour :
                                                  units::seconds_per_day;
    TimeSeries::Layout layout;
    layout.min_columns     = 2;
    layout.max_columns     = 4;
    layout.description     = "time, heating_load_kW[, cooling_load_kW][, outdoor_temperature_C]";
    layout.uniform_spacing = true;
    layout.non_negative    = [](unsigned int, const std::string &name) {
      return name.compare(0, 7, "outdoor") == 0 ? std::string() :
                                                     quoted(name) + " (a load magnitude)";
    };
    series =
      TimeSeries::read_csv(load_file, spu, false, repeat ? units::seconds_per_year : 0.0, layout);

    const auto  &names         = series->names();
    const double default_watts = lunit == "W" ? 1.0 : lunit == "kW" ? 1e3 : 1e6;
    for (unsigned int c = 0; c < names.size(); ++c)
      {
        const std::string &n    = names[c];
        int               *slot = starts_with(n, "heating") ? &heating_column :
                                  starts_with(n, "cooling") ? &cooling_column :
                                  starts_with(n, "outdoor") ? &outdoor_column :
                                                              nullptr;
        require(slot != nullptr,
                load_file,
                "header",
                "column " + quoted(n) +
                  " is not one of heating_load_<unit>, "
                  "cooling_load_<unit>, outdoor_temperature_C");
        require(*slot < 0, load_file, "header", "column " + quoted(n) + " appears twice");
        *slot = c;
        if (slot != &outdoor_column)
          {
            const double w = watts_from_suffix(n);
            series->scale_column(c, w > 0 ? w : default_watts);
          }
      }
    require(heating_column >= 0 || cooling_column >= 0,
            load_file,
            "header",
            "needs a heating_load or a cooling_load column");
    // The outdoor temperature only matters while there is a load: blank it
    // elsewhere so that idle stretches merge into one row (no events).
    if (outdoor_column >= 0)
      series->for_each_row([&](std::vector<double> &row) {
        const bool idle = (heating_column < 0 || row[heating_column] == 0) &&
                          (cooling_column < 0 || row[cooling_column] == 0);
        if (idle)
          row[outdoor_column] = 0;
      });
    series->merge_repeated_rows();
    offset = repeat ? start_day * units::seconds_per_day : 0.0;
  }

  BuildingDemand BuildingLoad::at(const double t0, const double t1) const
  {
    const double   mid = 0.5 * (t0 + t1) + offset;
    BuildingDemand d;
    if (heating_column >= 0)
      d.heating_W = scale_factor * series->column(heating_column, mid);
    if (cooling_column >= 0)
      d.cooling_W = scale_factor * series->column(cooling_column, mid);
    if (outdoor_column >= 0)
      d.outdoor_C = series->column(outdoor_column, mid);
    return d;
  }

  double BuildingLoad::next_change_after(const double t) const
  {
    return series->next_knot_after(t + offset) - offset;
  }
} // namespace geoheat

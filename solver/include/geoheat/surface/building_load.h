#pragma once
/**
 * @file building_load.h
 * A building's hourly (or any equally spaced) heating and cooling load from
 * CSV, and how the circulation pump follows it.
 *
 * File layout: a header, then equally spaced rows
 *   time, heating_load[_W|_kW|_MW][, cooling_load...][, outdoor_temperature_C]
 * Columns are recognised by name (heating..., cooling..., outdoor...); a unit
 * suffix on a load column overrides "Load unit". Each row holds from its time
 * until the next row (hourly means). Loads are magnitudes (>= 0). One year
 * repeated (rows covering exactly 365 days, time 0 = 1 January 00:00; the
 * simulation starts at Operation/Start date within it) or several years in
 * sequence (time 0 = the start of the simulation; the file must cover the
 * simulated period).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/operation/time_series.h>

#include <optional>
#include <string>

namespace geoheat
{
  /// The building's demand during one step.
  struct BuildingDemand
  {
    double heating_W = 0;   ///< heat the building needs (W, >= 0)
    double cooling_W = 0;   ///< heat to remove from the building (W, >= 0)
    double outdoor_C = NAN; ///< outdoor air temperature if given (deg C)
    bool   any() const
    {
      return heating_W > 0 || cooling_W > 0;
    }
  };

  class BuildingLoad
  {
  public:
    static void declare(dealii::ParameterHandler &prm);
    /// Read the load file (relative to the parameter file's directory).
    /// @param start_day day of year at simulation time zero (Operation/Start date)
    void parse(dealii::ParameterHandler &prm, const std::string &file, double start_day);

    /// Demand for the step (t0, t1] (s); steps never straddle a row change.
    BuildingDemand at(double t0, double t1) const;
    /// Next time (s) after t at which the demand changes.
    double next_change_after(double t) const;
    /// Time (s) up to which the file defines the load.
    double end_of_data() const
    {
      return series->end_of_data() - offset;
    }
    bool has_outdoor_temperature() const
    {
      return outdoor_column >= 0;
    }
    /// Pump off while there is no demand (otherwise constant flow).
    bool pump_follows_load() const
    {
      return pump_off_without_load;
    }
    /// Factor applied to every load (design studies scale the profile).
    double scale() const
    {
      return scale_factor;
    }
    void set_scale(double factor)
    {
      scale_factor = factor;
    }
    const std::string &file_name() const
    {
      return load_file;
    }

  private:
    std::optional<TimeSeries> series;
    std::string               load_file;
    int                       heating_column = -1, cooling_column = -1, outdoor_column = -1;
    double                    scale_factor          = 1;
    double                    offset                = 0; ///< file time at simulation time zero (s)
    bool                      pump_off_without_load = true;
  };
} // namespace geoheat

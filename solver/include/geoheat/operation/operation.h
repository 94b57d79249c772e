#pragma once
/**
 * @file operation.h
 * What drives the well: the inlet control (temperature or heat extraction),
 * its value and the flow rate over time. Three schedules:
 *  - constant: one value and flow for the whole run;
 *  - seasonal: a heating season (e.g. 15 November - 15 March) each year
 *    with its value and flow, idle values (pump off by default) outside;
 *  - file: a CSV time series (see time_series.h), piecewise constant or
 *    linear, optionally repeated every year.
 * Every change of value or flow is an event the time stepping lands on.
 * With "Inlet control = heat pump" the well is driven by a building load
 * through a heat pump instead (surface/), and only the flow rate is used.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/operation/time_series.h>
#include <geoheat/wells/coaxial/coaxial_well.h>

#include <optional>
#include <string>

namespace geoheat
{
  /// The operating point for one time step.
  struct OperatingPoint
  {
    double value; ///< deg C (inlet temperature) or W (heat extraction)
    double flow;  ///< m^3/s
  };

  class Operation
  {
  public:
    static void declare(dealii::ParameterHandler &prm);
    /// Parse and validate; relative load file names are taken relative to
    /// the directory of the parameter file.
    void parse(dealii::ParameterHandler &prm, const std::string &file);

    InletControl control() const
    {
      return inlet_control;
    }
    /// True if a building load drives the well through the heat pump.
    bool heat_pump() const
    {
      return heat_pump_driven;
    }
    /// True for a CSV-driven schedule (many small changes, not restarts).
    bool file_driven() const
    {
      return schedule == Schedule::file;
    }
    /// Flow rate while operating (m^3/s).
    double flow_rate() const
    {
      return flow_on;
    }
    void set_flow_rate(double flow)
    {
      flow_on = flow;
    }
    /// Wire-to-water efficiency of the circulation pump (-).
    double pump_efficiency() const
    {
      return pump_eta;
    }
    /// Operating point for the step (t0, t1] (s). Steps never straddle events.
    OperatingPoint at(double t0, double t1) const;
    /// Next time (s) after t at which the operating point changes.
    double next_event_after(double t) const;
    /// Day of year (0-based, 365-day calendar) at simulation time zero.
    double start_day() const
    {
      return start_day_of_year;
    }

  private:
    bool in_season(double t) const;

    enum class Schedule
    {
      constant,
      seasonal,
      file
    } schedule                                  = Schedule::constant;
    InletControl              inlet_control     = InletControl::heat_extraction;
    bool                      heat_pump_driven  = false;
    double                    pump_eta          = 0.5;
    double                    value_on          = 0;
    double                    flow_on           = 0;
    double                    value_off         = 0;
    double                    flow_off          = 0;
    double                    start_day_of_year = 0;
    double                    season_start      = 0; ///< day of year
    double                    season_end        = 0; ///< day of year
    std::optional<TimeSeries> series;
  };
} // namespace geoheat

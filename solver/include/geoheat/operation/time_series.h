#pragma once
/**
 * @file time_series.h
 * A load or temperature series read from CSV: a header line, then rows
 * "time, value[, flow_rate_m3_per_s]". Times are strictly increasing, in the
 * unit given by the parameter file. Lines starting with '#' are comments.
 */
#include <string>
#include <vector>

namespace geoheat
{
  class TimeSeries
  {
  public:
    /// Read and validate; throws InputError naming the file and line.
    /// @param seconds_per_unit seconds in one unit of the time column
    /// @param period if > 0, the series repeats with this period (s) and all
    ///        times must lie in [0, period)
    static TimeSeries read_csv(const std::string &filename,
                               double             seconds_per_unit,
                               bool               linear,
                               double             period);

    /// Value at time t (s).
    double value(double t) const { return interpolate(values, t); }
    /// Flow rate at time t (m^3/s); only if has_flow().
    double flow(double t) const { return interpolate(flows, t); }
    bool   has_flow() const { return !flows.empty(); }
    bool   is_linear() const { return linear; }
    /// First knot time strictly after t (s), or +infinity.
    double next_knot_after(double t) const;

  private:
    double interpolate(const std::vector<double> &y, double t) const;

    std::vector<double> times, values, flows;
    bool                linear = false;
    double              period = 0;
  };
} // namespace geoheat

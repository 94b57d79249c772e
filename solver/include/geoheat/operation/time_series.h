#pragma once
/**
 * @file time_series.h
 * A table of values over time read from CSV: a header line naming the
 * columns, then rows "time, value1[, value2 ...]". Times are strictly
 * increasing, in the unit given by the parameter file. Lines starting with
 * '#' are comments. Every field must be a finite number. Used for prescribed
 * operation (time, value[, flow]) and for building loads (time, heating,
 * cooling, outdoor temperature).
 */
#include <functional>
#include <string>
#include <vector>

namespace geoheat
{
  /// How a file must look; violations throw InputError naming the file
  /// and line.
  struct TimeSeriesLayout
  {
    unsigned int min_columns     = 2; ///< including the time column
    unsigned int max_columns     = 3;
    std::string  description     = "time, value[, flow_rate_m3_per_s]";
    std::string  key_name        = "time";      ///< the first column, in messages
    std::string  file_kind       = "load file"; ///< in messages
    bool         uniform_spacing = false;       ///< equal intervals: no gaps
    /// Which columns must not be negative: given the column index
    /// (1 = first after time) and its header name, the quantity's name for
    /// the error message, or "" for no constraint.
    std::function<std::string(unsigned int, const std::string &)> non_negative =
      [](unsigned int c, const std::string &) {
        return c == 2 ? std::string("flow rate") : std::string();
      };
  };


  class TimeSeries
  {
  public:
    using Layout = TimeSeriesLayout;

    /// Read and validate; throws InputError naming the file and line.
    /// @param seconds_per_unit seconds in one unit of the time column
    /// @param period if > 0, the series repeats with this period (s) and all
    ///        times must lie in [0, period)
    static TimeSeries read_csv(const std::string &filename,
                               double             seconds_per_unit,
                               bool               linear,
                               double             period,
                               const Layout      &layout = Layout());

    /// The rows as read: key column (times in s, or depths) and data column c.
    const std::vector<double> &keys() const
    {
      return times;
    }
    const std::vector<double> &data(unsigned int c) const
    {
      return columns[c];
    }

    /// Names of the data columns (after the time column), as in the header.
    const std::vector<std::string> &names() const
    {
      return column_names;
    }
    /// Value of data column c at time t (s).
    double column(unsigned int c, double t) const
    {
      return interpolate(columns[c], t);
    }

    /// First data column at time t (s).
    double value(double t) const
    {
      return column(0, t);
    }
    /// Second data column (flow rate, m^3/s) at time t; only if has_flow().
    double flow(double t) const
    {
      return column(1, t);
    }
    bool has_flow() const
    {
      return columns.size() > 1;
    }
    bool is_linear() const
    {
      return linear;
    }
    /// First knot time strictly after t (s), or +infinity.
    double next_knot_after(double t) const;
    /// Time (s) up to which the series is defined: the last row plus one
    /// row interval (infinite for a repeated series).
    double end_of_data() const;
    /// Merge consecutive rows with identical values (piecewise constant
    /// series only), so that constant stretches are not events.
    void merge_repeated_rows();
    /// Multiply data column c by a factor.
    void scale_column(unsigned int c, double factor);
    /// Edit every row: f gets the row's data values (column order of names()).
    void for_each_row(const std::function<void(std::vector<double> &)> &f);

  private:
    double interpolate(const std::vector<double> &y, double t) const;

    std::vector<std::string>         column_names;
    std::vector<double>              times;
    std::vector<std::vector<double>> columns;
    double                           row_interval = 0; ///< last row's length (s)
    bool                             linear       = false;
    double                           period       = 0;
  };
} // namespace geoheat

#include <geoheat/base/input_error.h>
#include <geoheat/operation/time_series.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace geoheat
{
  namespace
  {
    /// Split a CSV line into numbers; false if a field is not a finite number.
    bool parse_numbers(const std::string &line, std::vector<double> &out,
                       std::string &bad_field)
    {
      out.clear();
      std::stringstream ss(line);
      std::string       field;
      while (std::getline(ss, field, ','))
        {
          const auto b = field.find_first_not_of(" \t\r");
          const auto e = field.find_last_not_of(" \t\r");
          field = (b == std::string::npos) ? "" : field.substr(b, e - b + 1);
          char  *end = nullptr;
          double v   = std::strtod(field.c_str(), &end);
          if (field.empty() || *end != '\0' || !std::isfinite(v))
            {
              bad_field = field;
              return false;
            }
          out.push_back(v);
        }
      return true;
    }
  } // namespace

  TimeSeries TimeSeries::read_csv(const std::string &filename,
                                  const double       seconds_per_unit,
                                  const bool         linear,
                                  const double       period)
  {
    std::ifstream in(filename);
    require(bool(in), filename, "", "cannot open the load file");
    TimeSeries  ts;
    ts.linear = linear;
    ts.period = period;
    std::string line;
    unsigned int line_no = 0, n_columns = 0;
    std::vector<double> row;
    std::string         bad;
    while (std::getline(in, line))
      {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#')
          continue;
        const std::string where = "line " + std::to_string(line_no);
        if (n_columns == 0)
          {
            // Header: names the columns; its field count fixes the layout.
            n_columns = std::count(line.begin(), line.end(), ',') + 1;
            const bool numeric = parse_numbers(line, row, bad);
            require(!numeric, filename, where,
                    "the first line must be a header naming the columns "
                    "(time, value[, flow_rate_m3_per_s])");
            require(n_columns == 2 || n_columns == 3, filename, where,
                    "expected 2 or 3 columns (time, value[, flow]), found " +
                      std::to_string(n_columns));
            continue;
          }
        const bool numeric = parse_numbers(line, row, bad);
        require(numeric, filename, where, "'" + bad + "' is not a finite number");
        require(row.size() == n_columns, filename, where,
                "expected " + std::to_string(n_columns) + " values, found " +
                  std::to_string(row.size()));
        const double t = row[0] * seconds_per_unit;
        require(ts.times.empty() || t > ts.times.back(), filename, where,
                "time must increase strictly from row to row");
        require(period <= 0 || (t >= 0 && t < period), filename, where,
                "a yearly repeated series needs times within the first year");
        ts.times.push_back(t);
        ts.values.push_back(row[1]);
        if (n_columns == 3)
          {
            require(row[2] >= 0, filename, where, "flow rate must not be negative");
            ts.flows.push_back(row[2]);
          }
      }
    require(!ts.times.empty(), filename, "", "no data rows");
    return ts;
  }

  double TimeSeries::interpolate(const std::vector<double> &y, double t) const
  {
    if (period > 0)
      t -= std::floor(t / period) * period;
    const auto   it = std::upper_bound(times.begin(), times.end(), t);
    const size_t i  = it - times.begin(); // times[i-1] <= t < times[i]
    if (i == 0)
      return period > 0 ? y.back() : y.front();
    if (!linear || (i == times.size() && period <= 0))
      return y[i - 1];
    const double t1 = (i == times.size()) ? times.front() + period : times[i];
    const double y1 = (i == times.size()) ? y.front() : y[i];
    const double w  = (t - times[i - 1]) / (t1 - times[i - 1]);
    return (1 - w) * y[i - 1] + w * y1;
  }

  double TimeSeries::next_knot_after(const double t) const
  {
    const double shift = period > 0 ? std::floor(t / period) * period : 0.0;
    for (int wrap = 0; wrap < 2; ++wrap)
      {
        const double base = shift + wrap * period;
        const auto   it =
          std::upper_bound(times.begin(), times.end(), t - base + 1e-6);
        if (it != times.end())
          return base + *it;
        if (period <= 0)
          break;
      }
    return std::numeric_limits<double>::infinity();
  }
} // namespace geoheat

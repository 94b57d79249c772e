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
    bool parse_numbers(const std::string &line, std::vector<double> &out, std::string &bad_field)
    {
      out.clear();
      std::stringstream ss(line);
      std::string       field;
      while (std::getline(ss, field, ','))
        {
          const auto b = field.find_first_not_of(" \t\r");
          const auto e = field.find_last_not_of(" \t\r");
          field        = (b == std::string::npos) ? "" : field.substr(b, e - b + 1);
          char  *end   = nullptr;
          double v     = std::strtod(field.c_str(), &end);
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
                                  const double       period,
                                  const Layout      &layout)
  {
    std::ifstream in(filename);
    require(bool(in), filename, "", "cannot open the " + layout.file_kind);
    TimeSeries ts;
    ts.linear = linear;
    ts.period = period;
    std::string         line;
    unsigned int        line_no = 0, n_columns = 0;
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
            n_columns          = std::count(line.begin(), line.end(), ',') + 1;
            const bool numeric = parse_numbers(line, row, bad);
            require(!numeric,
                    filename,
                    where,
                    "the first line must be a header naming the columns (" + layout.description +
                      ")");
            require(n_columns >= layout.min_columns && n_columns <= layout.max_columns,
                    filename,
                    where,
                    "expected " + std::to_string(layout.min_columns) +
                      (layout.min_columns == layout.max_columns ?
                         "" :
                         " to " + std::to_string(layout.max_columns)) +
                      " columns (" + layout.description + "), found " + std::to_string(n_columns));
            std::stringstream ss(line);
            std::string       name;
            for (unsigned int c = 0; std::getline(ss, name, ','); ++c)
              if (c > 0)
                {
                  const auto b = name.find_first_not_of(" \t\r");
                  const auto e = name.find_last_not_of(" \t\r");
                  ts.column_names.push_back(b == std::string::npos ? "" :
                                                                     name.substr(b, e - b + 1));
                }
            // a trailing comma ("time,") names an empty last column: getline
            // gives no field for it, and names()[c] was read past the end
            // (undefined behaviour; found by fuzzing)
            ts.column_names.resize(n_columns - 1);
            ts.columns.resize(n_columns - 1);
            continue;
          }
        const bool numeric = parse_numbers(line, row, bad);
        require(numeric, filename, where, quoted(bad) + " is not a finite number");
        require(row.size() == n_columns,
                filename,
                where,
                "expected " + std::to_string(n_columns) + " values, found " +
                  std::to_string(row.size()));
        const double t = row[0] * seconds_per_unit;
        require(ts.times.empty() || t > ts.times.back(),
                filename,
                where,
                layout.key_name + " must increase strictly from row to row");
        require(period <= 0 || (t >= 0 && t < period),
                filename,
                where,
                "a yearly repeated series needs times within the first year");
        if (ts.times.size() >= 2 && layout.uniform_spacing)
          {
            const double first = ts.times[1] - ts.times[0];
            require(std::abs((t - ts.times.back()) - first) <= 1e-6 * first,
                    filename,
                    where,
                    "gap or irregular interval: rows must be equally spaced (" +
                      number_text(first / seconds_per_unit) +
                      " time units apart, as the first two rows)");
          }
        for (unsigned int c = 1; c < n_columns; ++c)
          if (row[c] < 0)
            {
              const std::string what = layout.non_negative(c, ts.column_names[c - 1]);
              require(what.empty(), filename, where, what + " must not be negative");
            }
        ts.times.push_back(t);
        for (unsigned int c = 1; c < n_columns; ++c)
          ts.columns[c - 1].push_back(row[c]);
      }
    require(!ts.times.empty(), filename, "", "no data rows");
    ts.row_interval = ts.times.size() > 1 ? ts.times.back() - ts.times[ts.times.size() - 2] : 0.0;
    if (layout.uniform_spacing && period > 0)
      require(std::abs(ts.times.front() + period - (ts.times.back() + ts.row_interval)) <=
                1e-6 * ts.row_interval,
              filename,
              "",
              "a yearly repeated series must cover the whole year without a gap "
              "(first row at time 0, last row one interval before 365 days)");
    return ts;
  }

  double TimeSeries::end_of_data() const
  {
    return period > 0 ? std::numeric_limits<double>::infinity() : times.back() + row_interval;
  }

  void TimeSeries::merge_repeated_rows()
  {
    if (linear || times.size() < 2)
      return;
    std::vector<double>              t = {times[0]};
    std::vector<std::vector<double>> y(columns.size());
    for (unsigned int c = 0; c < columns.size(); ++c)
      y[c].push_back(columns[c][0]);
    for (size_t i = 1; i < times.size(); ++i)
      {
        bool same = true;
        for (unsigned int c = 0; c < columns.size(); ++c)
          same = same && columns[c][i] == y[c].back();
        if (same)
          continue;
        t.push_back(times[i]);
        for (unsigned int c = 0; c < columns.size(); ++c)
          y[c].push_back(columns[c][i]);
      }
    times.swap(t);
    columns.swap(y);
  }

  void TimeSeries::scale_column(const unsigned int c, const double factor)
  {
    for (double &v : columns[c])
      v *= factor;
  }

  void TimeSeries::for_each_row(const std::function<void(std::vector<double> &)> &f)
  {
    std::vector<double> row(columns.size());
    for (size_t i = 0; i < times.size(); ++i)
      {
        for (unsigned int c = 0; c < columns.size(); ++c)
          row[c] = columns[c][i];
        f(row);
        for (unsigned int c = 0; c < columns.size(); ++c)
          columns[c][i] = row[c];
      }
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
        const auto   it   = std::upper_bound(times.begin(), times.end(), t - base + 1e-6);
        if (it != times.end())
          return base + *it;
        if (period <= 0)
          break;
      }
    return std::numeric_limits<double>::infinity();
  }
} // namespace geoheat

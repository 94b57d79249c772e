// Borehole field layouts: generation, the coordinates file and the checks.
// Parameter declaration and parsing (deal.II) are in field_layout_parameters.cc.
#include <geoheat/base/input_error.h>
#include <geoheat/network/field_layout.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <sstream>

namespace geoheat
{
  namespace
  {
    /// A number as a user reads it ("0.1", "150", "1e-05").
    std::string text(const double value)
    {
      std::ostringstream out;
      out << value;
      return out.str();
    }

    std::string trimmed(const std::string &s)
    {
      const auto b = s.find_first_not_of(" \t\r");
      const auto e = s.find_last_not_of(" \t\r");
      return b == std::string::npos ? "" : s.substr(b, e - b + 1);
    }

    std::vector<std::string> split_fields(const std::string &line)
    {
      std::vector<std::string> fields;
      std::stringstream        ss(line);
      std::string              field;
      while (std::getline(ss, field, ','))
        fields.push_back(trimmed(field));
      if (!line.empty() && line.back() == ',')
        fields.push_back("");
      return fields;
    }

    /// The field as a finite number; false if it is not one.
    bool to_finite(const std::string &field, double &value)
    {
      char *end = nullptr;
      value     = std::strtod(field.c_str(), &end);
      return !field.empty() && *end == '\0' && std::isfinite(value);
    }

    /// Two boreholes closer than a distance: i < j, distance between them.
    struct ClosePair
    {
      unsigned int i = 0, j = 0;
      double       distance = -1; ///< m; negative: no such pair
    };

    /**
     * Among the pairs of boreholes closer than @p min_distance (m), the one
     * whose later borehole j comes first (then the smallest i), so errors
     * point at the first offending row. Sweep in x: only pairs less than
     * min_distance apart in x are compared.
     */
    ClosePair first_close_pair(const std::vector<BoreholePlacement> &b, const double min_distance)
    {
      std::vector<unsigned int> by_x(b.size());
      std::iota(by_x.begin(), by_x.end(), 0u);
      std::sort(by_x.begin(), by_x.end(), [&](unsigned int p, unsigned int q) {
        return b[p].x < b[q].x;
      });
      ClosePair first;
      for (unsigned int m = 0; m < by_x.size(); ++m)
        for (unsigned int n = m + 1; n < by_x.size() && b[by_x[n]].x - b[by_x[m]].x < min_distance;
             ++n)
          {
            const unsigned int i = std::min(by_x[m], by_x[n]);
            const unsigned int j = std::max(by_x[m], by_x[n]);
            const double       d = std::hypot(b[j].x - b[i].x, b[j].y - b[i].y);
            if (d < min_distance &&
                (first.distance < 0 || j < first.j || (j == first.j && i < first.i)))
              first = {i, j, d};
          }
      return first;
    }

    /// The reason of an error about @p pair; @p where_i, @p where_j say
    /// where the boreholes come from (" (line 3)") or are empty.
    std::string too_close(const ClosePair   &pair,
                          const std::string &where_i,
                          const std::string &where_j,
                          const double       min_distance)
    {
      const std::string both = "boreholes " + std::to_string(pair.i) + where_i + " and " +
                               std::to_string(pair.j) + where_j;
      if (pair.distance == 0)
        return "duplicate coordinates: " + both + " are at the same (x, y)";
      return both + " are " + text(pair.distance) +
             " m apart, closer than one borehole diameter (" + text(min_distance) + " m)";
    }
  } // namespace

  std::vector<BoreholePlacement> generate_field(const FieldShape   shape,
                                                const unsigned int n_x,
                                                const unsigned int n_y,
                                                const double       spacing_x,
                                                const double       spacing_y,
                                                const double       length,
                                                const double       buried_depth)
  {
    // Like pygfunction, a single row or column is never staggered.
    const bool                     stagger = shape == FieldShape::staggered && n_x > 1 && n_y > 1;
    std::vector<BoreholePlacement> boreholes;
    for (unsigned int j = 0; j < n_y; ++j)
      for (unsigned int i = 0; i < n_x; ++i)
        {
          const bool first_row = j == 0, last_row = j + 1 == n_y;
          const bool first_col = i == 0, last_col = i + 1 == n_x;
          bool       keep = true;
          switch (shape)
            {
              case FieldShape::L:
                keep = first_row || first_col;
                break;
              case FieldShape::U:
                keep = first_row || first_col || last_col;
                break;
              case FieldShape::box:
                keep = first_row || last_row || first_col || last_col;
                break;
              default:
                break;
            }
          if (keep)
            boreholes.push_back({(i + (stagger && j % 2 == 1 ? 0.5 : 0.0)) * spacing_x,
                                 j * spacing_y,
                                 length,
                                 buried_depth});
        }
    return boreholes;
  }

  std::vector<BoreholePlacement> read_borehole_coordinates(const std::string &csv_file,
                                                           const double       default_length,
                                                           const double       default_buried_depth,
                                                           const double       min_distance)
  {
    std::ifstream in(csv_file);
    require(bool(in), csv_file, "", "cannot open the coordinates file");
    const std::string layout = "x,y[,length][,buried_depth]";

    std::vector<std::string>       columns; // names from the header
    std::string                    header;  // the same, comma separated
    std::vector<BoreholePlacement> boreholes;
    std::vector<unsigned int>      line_of; // per borehole
    std::string                    line;
    for (unsigned int line_no = 1; std::getline(in, line); ++line_no)
      {
        if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
          line.erase(0, 3); // UTF-8 byte order mark written by spreadsheets
        if (trimmed(line).empty() || line[0] == '#')
          continue;
        const std::string              where  = "line " + std::to_string(line_no);
        const std::vector<std::string> fields = split_fields(line);
        if (columns.empty())
          {
            double number;
            require(!to_finite(fields[0], number),
                    csv_file,
                    where,
                    "the first line must be a header naming the columns (" + layout + ")");
            require(fields.size() >= 2 && fields[0] == "x" && fields[1] == "y",
                    csv_file,
                    where,
                    "the header must start with x,y (" + layout + ")");
            for (unsigned int c = 2; c < fields.size(); ++c)
              {
                require(fields[c] == "length" || fields[c] == "buried_depth",
                        csv_file,
                        where,
                        "column " + quoted(fields[c]) +
                          " is not one of x, y, length, buried_depth");
                require(std::count(fields.begin(), fields.end(), fields[c]) == 1,
                        csv_file,
                        where,
                        "column " + quoted(fields[c]) + " appears twice");
              }
            columns = fields;
            for (const auto &c : columns)
              header += (header.empty() ? "" : ",") + c;
            continue;
          }
        require(fields.size() == columns.size(),
                csv_file,
                where,
                "expected " + std::to_string(columns.size()) + " values (" + header + "), found " +
                  std::to_string(fields.size()));
        BoreholePlacement b{0, 0, default_length, default_buried_depth};
        for (unsigned int c = 0; c < fields.size(); ++c)
          {
            double value;
            require(to_finite(fields[c], value),
                    csv_file,
                    where,
                    quoted(fields[c]) + " is not a finite number (column " + columns[c] + ")");
            if (columns[c] == "x")
              b.x = value;
            else if (columns[c] == "y")
              b.y = value;
            else if (columns[c] == "length")
              {
                require(value > 0,
                        csv_file,
                        where,
                        "length must be positive (m), got " + text(value));
                b.length = value;
              }
            else
              {
                require(value >= 0,
                        csv_file,
                        where,
                        "buried_depth must not be negative (m), got " + text(value));
                b.buried_depth = value;
              }
          }
        boreholes.push_back(b);
        line_of.push_back(line_no);
      }
    require(!columns.empty(),
            csv_file,
            "",
            "the file is empty: expected a header (" + layout + ") and one row per borehole");
    require(!boreholes.empty(), csv_file, "", "no boreholes: the file has no data rows");

    const ClosePair pair = first_close_pair(boreholes, min_distance);
    if (pair.distance >= 0)
      {
        const std::string line_i = "line " + std::to_string(line_of[pair.i]);
        const std::string line_j = "line " + std::to_string(line_of[pair.j]);
        input_error(csv_file,
                    line_j,
                    too_close(pair, " (" + line_i + ")", " (" + line_j + ")", min_distance));
      }
    return boreholes;
  }

  void FieldLayout::build(const std::string &file)
  {
    const std::string s = std::string(subsection) + "/";
    require(borehole_radius > 0, file, s + "Borehole diameter", "must be positive");
    require(borehole_length > 0,
            file,
            s + "Borehole length",
            "must be positive (m), got " + text(borehole_length));
    require(buried_depth >= 0,
            file,
            s + "Buried depth",
            "must not be negative (m), got " + text(buried_depth));
    const double diameter = 2 * borehole_radius;

    if (shape == FieldShape::file)
      {
        require(!coordinates_file.empty(),
                file,
                s + "Coordinates file",
                "is required with Layout = file");
        boreholes =
          read_borehole_coordinates(coordinates_file, borehole_length, buried_depth, diameter);
      }
    else
      {
        require(n_x >= 1, file, s + "Number in x", "must be at least 1");
        require(n_y >= 1, file, s + "Number in y", "must be at least 1");
        require(spacing_x > 0,
                file,
                s + "Spacing x",
                "must be positive (m), got " + text(spacing_x));
        require(spacing_y > 0,
                file,
                s + "Spacing y",
                "must be positive (m), got " + text(spacing_y));
        boreholes =
          generate_field(shape, n_x, n_y, spacing_x, spacing_y, borehole_length, buried_depth);
        // Neighbours in one row are too close through Spacing x, otherwise
        // (next row, or diagonal in a staggered field) through Spacing y.
        const ClosePair pair = first_close_pair(boreholes, diameter);
        if (pair.distance >= 0)
          input_error(file,
                      s + (boreholes[pair.j].y == boreholes[pair.i].y ? "Spacing x" : "Spacing y"),
                      too_close(pair, "", "", diameter));
      }

    const unsigned int n = boreholes.size();
    if (piping.connection == FieldConnection::parallel_strings)
      {
        require(piping.boreholes_per_string >= 1,
                file,
                s + "Boreholes per string",
                "must be at least 1");
        require(n % piping.boreholes_per_string == 0,
                file,
                s + "Boreholes per string",
                std::to_string(piping.boreholes_per_string) + " does not divide the " +
                  std::to_string(n) + " boreholes of the field into whole strings");
      }
  }
} // namespace geoheat

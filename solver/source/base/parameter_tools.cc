#include <deal.II/base/utilities.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>

#include <sys/stat.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace geoheat
{
  std::vector<double>
  parse_double_list(const std::string &text, const std::string &file, const std::string &entry)
  {
    std::vector<double> values;
    for (const auto &item : dealii::Utilities::split_string_list(text, ','))
      if (!item.empty())
        {
          // deal.II's List(Double()) pattern lets some bytes >= 0x80 through
          // (found by fuzzing): string_to_double's exception would end the
          // run with exit code 3 and no file or entry
          char        *end = nullptr;
          const double v   = std::strtod(item.c_str(), &end);
          require(*end == '\0' && std::isfinite(v),
                  file,
                  entry,
                  quoted(item) + " is not a finite number");
          values.push_back(v);
        }
    return values;
  }

  double day_of_year_from_date(const std::string &text)
  {
    static const int days_before_month[12] = {
      0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // from_chars, not sscanf("%d"): an out-of-range number is an error, not
    // undefined behaviour (clang-tidy cert-err34-c)
    int        month = 0, day = 0;
    const auto end = text.data() + text.size();
    auto       r   = std::from_chars(text.data(), end, month);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != '-')
      return -1;
    r = std::from_chars(r.ptr + 1, end, day);
    if (r.ec != std::errc() || r.ptr != end)
      return -1;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1])
      return -1;
    return days_before_month[month - 1] + day - 1;
  }
  std::string path_relative_to(const std::string &parameter_file, const std::string &path)
  {
    const auto slash = parameter_file.find_last_of('/');
    if (path.empty() || path[0] == '/' || slash == std::string::npos)
      return path;
    return parameter_file.substr(0, slash + 1) + path;
  }

  std::string resolve_file_entry(dealii::ParameterHandler &prm,
                                 const std::string        &entry,
                                 const std::string        &parameter_file)
  {
    std::string given = prm.get(entry); // not const: returned by move
    if (given.empty())
      return given;
    std::string resolved = std::filesystem::absolute(path_relative_to(parameter_file, given))
                             .lexically_normal()
                             .string();
    prm.set(entry, resolved);
    return resolved;
  }

  bool make_directories(const std::string &path)
  {
    for (size_t pos = 0; pos != std::string::npos;)
      {
        pos = path.find('/', pos + 1);
        ::mkdir(path.substr(0, pos).c_str(), 0755);
      }
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }
} // namespace geoheat

#pragma once
/**
 * @file parameter_tools.h
 * Small helpers shared by the components that declare and parse their own
 * parameter subsections.
 */
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace geoheat
{
  /// Parse a comma separated list of numbers (an entry declared with
  /// Patterns::List(Patterns::Double())); an item that is not a finite
  /// number throws InputError naming file and entry ("Section/Entry").
  std::vector<double>
  parse_double_list(const std::string &text, const std::string &file, const std::string &entry);

  /// Parse "MM-DD" into the day of year (0-based, 365-day calendar).
  /// Returns a negative number when the text is not a valid date.
  double day_of_year_from_date(const std::string &text);

  /// A path named in a parameter file: absolute as given, relative ones
  /// relative to the directory of that parameter file.
  std::string path_relative_to(const std::string &parameter_file, const std::string &path);

  /// The file named by @p entry of the current subsection, resolved with
  /// path_relative_to() and made absolute; the entry is set to that path,
  /// so parameters_used.prm names a file scripts can open from anywhere.
  /// Empty if the entry is empty.
  std::string resolve_file_entry(dealii::ParameterHandler &prm,
                                 const std::string        &entry,
                                 const std::string        &parameter_file);

  /// Create a directory and its parents (like mkdir -p); true if it exists afterwards.
  bool make_directories(const std::string &path);
} // namespace geoheat

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
  /// Patterns::List(Patterns::Double())).
  std::vector<double> parse_double_list(const std::string &text);

  /// Parse "MM-DD" into the day of year (0-based, 365-day calendar).
  /// Returns a negative number when the text is not a valid date.
  double day_of_year_from_date(const std::string &text);
} // namespace geoheat

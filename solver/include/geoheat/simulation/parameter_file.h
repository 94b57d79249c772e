#pragma once
/**
 * @file parameter_file.h
 * Every entry a geoheat parameter file may contain, for every model and
 * command (runs, design searches), declared in one ParameterHandler so that
 * unknown or misspelled entries are errors whatever the file describes.
 */
#include <deal.II/base/exceptions.h>
#include <deal.II/base/parameter_handler.h>

#include <geoheat/base/input_error.h>

#include <string>

namespace geoheat
{
  void declare_all_parameters(dealii::ParameterHandler &prm);

  /// Read a parameter file (.prm, .json or .xml by its extension, as
  /// deal.II decides) into prm. A file that cannot be opened or holds
  /// binary data, and every parse error (deal.II's are multi-line with a
  /// stack trace), throw one InputError line naming the file.
  void read_parameter_file(dealii::ParameterHandler &prm, const std::string &file);

  /// Run parse() (components' parse(prm, file)): a deal.II exception from
  /// prm.get_bool() and the like, for a value deal.II's pattern let through
  /// ("fal{e" for a Bool; found by fuzzing), becomes one InputError line
  /// naming the file instead of exit code 3.
  template <typename Parse>
  void parse_with_input_errors(const std::string &file, const Parse &parse)
  {
    try
      {
        parse();
      }
    catch (const dealii::ExceptionBase &e)
      {
        input_error(file, "", one_line_message(e));
      }
  }
} // namespace geoheat

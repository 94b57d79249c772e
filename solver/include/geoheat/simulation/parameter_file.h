#pragma once
/**
 * @file parameter_file.h
 * Every entry a geoheat parameter file may contain, for every model and
 * command (runs, design searches), declared in one ParameterHandler so that
 * unknown or misspelled entries are errors whatever the file describes.
 */
#include <deal.II/base/parameter_handler.h>

#include <string>

namespace geoheat
{
  void declare_all_parameters(dealii::ParameterHandler &prm);

  /// Read a parameter file (.prm, .json or .xml by its extension, as
  /// deal.II decides) into prm. A file that cannot be opened or holds
  /// binary data, and every parse error (deal.II's are multi-line with a
  /// stack trace), throw one InputError line naming the file.
  void read_parameter_file(dealii::ParameterHandler &prm, const std::string &file);
} // namespace geoheat

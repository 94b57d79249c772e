#pragma once
/**
 * @file parameter_file.h
 * Every entry a geoheat parameter file may contain, for every model and
 * command (runs, design searches), declared in one ParameterHandler so that
 * unknown or misspelled entries are errors whatever the file describes.
 */
#include <deal.II/base/parameter_handler.h>

namespace geoheat
{
  void declare_all_parameters(dealii::ParameterHandler &prm);
} // namespace geoheat

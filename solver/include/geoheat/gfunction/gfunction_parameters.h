#pragma once
/**
 * @file gfunction_parameters.h
 * Subsection "G-function" of a borehole-field parameter file: which
 * g-functions `geoheat gfunction FILE.prm` computes and over which times.
 */
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace geoheat
{
  struct FieldParameters;

  /// Boundary condition at the borehole walls (Cimmino & Bernier 2014;
  /// Cimmino 2015).
  enum class GFunctionCondition
  {
    UHTR, ///< uniform heat transfer rate: the same q' everywhere
    UBWT, ///< uniform borehole wall temperature: one T_b everywhere
    MIFT  ///< the real pipes in parallel with one inlet temperature
  };
  std::string condition_name(GFunctionCondition c);

  struct GFunctionParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    /// Also checks what the conditions need of the field (@p field).
    void parse(dealii::ParameterHandler &prm, const FieldParameters &field);

    std::vector<GFunctionCondition> conditions = {GFunctionCondition::UHTR,
                                                  GFunctionCondition::UBWT};
    double                          end_time   = 10;   ///< in units of t_s = H^2 / (9 alpha)
    double                          first_step = 3600; ///< s
    double                          growth     = 1.2;  ///< step growth factor (BDF2)
  };
} // namespace geoheat

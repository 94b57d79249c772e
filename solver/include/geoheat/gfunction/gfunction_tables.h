#pragma once
/**
 * @file gfunction_tables.h
 * The g-function results and the files they are written to
 * (gfunction_run.h lists the files and their columns).
 */
#include <geoheat/gfunction/gfunction_parameters.h>

#include <string>
#include <vector>

namespace geoheat
{
  /// The field's scales that make g dimensionless.
  struct GFunctionScales
  {
    unsigned int n_boreholes  = 0;
    double       total_length = 0; ///< m
    double       mean_length  = 0; ///< H, m
    double       conductivity = 0; ///< lambda along the boreholes, W/(m K)
    double       diffusivity  = 0; ///< alpha along the boreholes, m^2/s
    double       t_s          = 0; ///< H^2/(9 alpha), s
    double       radius       = 0; ///< r_b, m
  };

  /// One boundary condition's g-function and what computing it took.
  struct GFunctionCurve
  {
    GFunctionCondition  condition = GFunctionCondition::UHTR;
    std::vector<double> time, g; ///< s, dimensionless
    unsigned int        steps             = 0;
    unsigned long       n_unknowns        = 0;
    unsigned long       ground_dofs       = 0;
    double              wall_time_s       = 0;
    unsigned long       linear_iterations = 0; ///< GMRES (0 with the direct solver)
    double setup_s = 0, assembly_s = 0, solver_setup_s = 0, solve_s = 0; ///< rank 0 (s)
    double max_balance_error    = 0; ///< relative, borehole energy balance
    double effective_resistance = 0; ///< MIFT: R_b* (m K/W), else 0
  };

  /// Write gfunction.csv, gfunction.json and gfunction_<BC>_TStep.mat into
  /// @p dir (each replaced whole; WriteError names a file that failed).
  /// All curves share one time grid.
  void write_gfunction_tables(const std::string                 &dir,
                              const GFunctionScales             &scales,
                              const std::vector<GFunctionCurve> &curves,
                              double                             peak_memory_MB,
                              unsigned int                       n_ranks);

  /// g at ln(t) = @p ln_t, linear in ln t between the samples (t, g),
  /// constant beyond them.
  double
  interpolate_in_log_time(const std::vector<double> &t, const std::vector<double> &g, double ln_t);

  /// A MATLAB v4 file with one real double matrix @p name (@p rows x @p
  /// columns, column-major @p data), as Modelica's readRealMatrix reads it.
  std::string matlab_v4_matrix(const std::string         &name,
                               unsigned int               rows,
                               unsigned int               columns,
                               const std::vector<double> &data);
} // namespace geoheat

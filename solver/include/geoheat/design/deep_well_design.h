#pragma once
/**
 * @file deep_well_design.h
 * Design answers for one deep well driven by a building load (issue #3):
 *  1. the largest scaling of the load profile that the well carries for N
 *     years with the well inlet above the minimum fluid temperature (and,
 *     if asked, the seasonal performance factor above a target);
 *  2. the shortest well depth that carries the given load for N years;
 *  3. the sensitivity of answer 1 to the flow rate and the rock conductivity.
 *
 * Searches run the full simulation with the fluid limit switched off (the
 * fluid follows the load), and measure the margin m = min_t T_in - T_min.
 *
 * Load scale: the ground is linear and the pump pattern does not depend on
 * the scale, so the inlet temperature of every step is affine in the scale
 * s for a constant COP, and nearly so for a temperature-dependent COP. Two
 * runs (s ~ 0 and the given s) give the whole inlet history for any s by
 * interpolation; the predicted limit is checked by a run and the model
 * re-fitted through the two runs nearest the answer until the margin is in
 * [0, tolerance]. Typically 3 simulations.
 * Depth: the margin is monotone in the depth but not linear (the mesh and
 * the geotherm change), so regula falsi (Illinois) on a bracket, to the depth
 * tolerance.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/design/design_report.h>
#include <geoheat/simulation/deep_well_simulation.h>

#include <mpi.h>

#include <string>
#include <vector>

namespace geoheat
{
  struct DesignParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    std::string         find                  = "load scale"; ///< load scale | depth
    double              years                 = 0;     ///< simulated years (0 = Time/End time)
    double              min_spf               = 0;     ///< 0 = no SPF requirement
    double              temperature_tolerance = 0.01;  ///< K, margin accepted in [0, tol]
    double              spf_tolerance         = 0.002; ///< SPF units
    double              depth_min = 500, depth_max = 4000, depth_tolerance = 10; ///< m
    std::vector<double> flow_factors, conductivity_factors;
  };

  /// Run the design study described by the Design subsection; prints the
  /// table, writes DIR/design.csv and DIR/design.json. Returns 0.
  int run_design(MPI_Comm                        comm,
                 const DeepWellParameters       &p,
                 const DesignParameters         &d,
                 const dealii::ParameterHandler &prm);
} // namespace geoheat

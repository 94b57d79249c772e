#pragma once
/**
 * @file gfunction_run.h
 * `geoheat gfunction FILE.prm`: the field's g-functions computed on the 3D
 * FE model (its layers and groundwater included) and written as tables that
 * other tools load (README, "G-functions"):
 *
 *   g(t) = 2 pi lambda (T0 - T_b(t)) / q'
 *
 * for a constant heat extraction q' (W per metre of borehole) from t = 0,
 * T_b the borehole wall temperature of the boundary condition: the mean
 * over all walls (UHTR), the one wall temperature (UBWT), or for real pipes
 * (MIFT) the effective wall temperature T_f - q' R_b* with T_f the mean of
 * the field's inlet and outlet and R_b* the boreholes' effective resistance
 * at their flow (pygfunction's definition). lambda and alpha are the means
 * over the boreholes' length (weighted by length), t_s = H^2/(9 alpha) with
 * H the mean borehole length. The problem is linear in the load and in the
 * undisturbed temperature, so the g-function is computed in a ground with
 * T0 = 0: the geotherm, seasons and a temperature log do not enter it.
 *
 * Files in Output/Directory:
 *  - gfunction.csv: time_s, t_over_ts, ln_t_over_ts, g_<BC> for each
 *    condition, '#' lines stating lambda, alpha, H, t_s, r_b, boreholes;
 *  - gfunction.json: the same with the run's figures (unknowns, steps,
 *    wall time, peak memory);
 *  - gfunction_<BC>_TStep.mat: MATLAB v4 matrix "TStep" = [t (s),
 *    g / (2 pi lambda H_total)] (K per W of the field), the step response
 *    that Modelica Buildings' borefield models cache and read
 *    (Borefields.BaseClasses.HeatTransfer.LoadAggregation.
 *    temperatureResponseMatrix): exactly its 76 rows (nTimTot), t = 0 and
 *    75 times log-spaced over the computed ones, g interpolated in ln t.
 */
#include <geoheat/gfunction/gfunction_parameters.h>
#include <geoheat/simulation/field_simulation.h>

#include <mpi.h>

namespace geoheat
{
  /// Returns the exit code (0 completed).
  int run_gfunction(MPI_Comm comm, const FieldParameters &p, const GFunctionParameters &g);
} // namespace geoheat

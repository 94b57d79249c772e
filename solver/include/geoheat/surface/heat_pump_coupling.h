#pragma once
/**
 * @file heat_pump_coupling.h
 * Closing the loop between building, heat pump and well within one step.
 *
 * The step's outlet and inlet temperatures are exact affine functions of
 * the ground load Q (LinearResponse). The heat pump's ground load depends on
 * the brine temperatures through the COP (heat_pump.h: the Carnot model sees
 * the fluid leaving the heat pump, T_in; tables the fluid entering, T_out):
 *   Q = a Q_heat (1 - 1/COP(T_out(Q), T_in(Q))) - b Q_cool (1 + 1/EER(...))
 * with the delivered fractions a, b = 1. This scalar equation is solved to
 * round-off (fixed point with secant acceleration; |dF/dQ| < 0.1 in practice:
 * Q_heat/COP^2 dCOP/dT_in / (m c_p)), so T_in, T_out, COP and electric power are
 * consistent at the end of the step. If the inlet would cross the fluid limit
 * (below the minimum in heating, above the maximum in cooling), Q is set so
 * the inlet sits exactly on the limit and the delivered fraction follows in
 * closed form; the rest of the demand is unmet (a backup heater/chiller).
 * Demand above the unit's heating or cooling capacity is unmet as well.
 */
#include <geoheat/coupling/linear_response.h>
#include <geoheat/surface/building_load.h>
#include <geoheat/surface/heat_pump.h>

namespace geoheat
{
  /// The surface system's figures for one step.
  struct SurfaceStep
  {
    double ground_load_W       = 0;   ///< Q taken from the ground (W, + = extraction)
    double heating_demand_W    = 0;   ///< building heating demand (W)
    double cooling_demand_W    = 0;   ///< building cooling demand (W)
    double heating_delivered_W = 0;   ///< heat delivered by the heat pump (W)
    double cooling_delivered_W = 0;   ///< cooling delivered by the heat pump (W)
    double heating_electric_W  = 0;   ///< compressor power for heating (W)
    double cooling_electric_W  = 0;   ///< compressor power for cooling (W)
    double cop                 = NAN; ///< heating COP, or EER when only cooling
    double supply_C            = NAN; ///< heating supply temperature (deg C)
    double electric_W() const
    {
      return heating_electric_W + cooling_electric_W;
    }
    double unmet_W() const
    {
      return (heating_demand_W - heating_delivered_W) + (cooling_demand_W - cooling_delivered_W);
    }
  };

  /// Choose the ground load of a step (see the file comment).
  SurfaceStep solve_heat_pump_step(const HeatPump       &heat_pump,
                                   const BuildingDemand &demand,
                                   const LinearResponse &response);
} // namespace geoheat

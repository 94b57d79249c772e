#pragma once
/**
 * @file heat_pump.h
 * The heat pump between the well and the building (physics.md, surface
 * system). The well fluid enters the heat pump's ground-side heat exchanger
 * at the well outlet temperature T_out and leaves it, back into the well, at
 * the well inlet temperature T_in (BrineTemperatures).
 *
 * Heating:  Q_ground = Q_heat (1 - 1/COP),  P_el = Q_heat / COP
 * Cooling:  Q_ground = -Q_cool (1 + 1/EER), P_el = Q_cool / EER
 *           (the ground then takes the condenser heat: Q_ground < 0)
 *
 * COP models:
 *  - constant: fixed COP and EER;
 *  - Carnot: COP = eta_h T_cond / (T_cond - T_evap) with
 *    T_evap = T_in - dT_evap, T_cond = T_supply + dT_cond (kelvin);
 *    EER = eta_c T_evap / (T_cond - T_evap) with T_evap = T_chilled - dT_evap,
 *    T_cond = T_in + dT_cond; both capped at "Maximum COP".
 *    The approach is taken at the pinch, against the fluid *leaving* the
 *    ground-side exchanger (the well inlet): in heating the brine is cooled
 *    from T_out to T_in by refrigerant evaporating at one temperature, so the
 *    refrigerant must be colder than the coldest brine, T_in; in cooling the
 *    condensing refrigerant must be warmer than the warmest fluid, the one
 *    returned to the well. This is the approach as chiller ratings define it
 *    (AHRI 550/590: leaving fluid temperature minus saturated refrigerant
 *    temperature).
 *  - table: manufacturer COP interpolated bilinearly in (source temperature,
 *    supply temperature), clamped at the table edges (no extrapolation). The
 *    source temperature is the brine *entering* the heat pump (T_out), as in
 *    EN 14511 ratings (B0/W35: brine in at 0 deg C).
 * The heating supply temperature is constant or follows a heating curve in
 * the outdoor temperature (linear between the design point and the balance
 * point, constant beyond them).
 */
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace geoheat
{
  /// The well fluid on the heat pump's ground side (deg C).
  struct BrineTemperatures
  {
    double entering_C; ///< into the heat pump = the well outlet T_out
    double leaving_C;  ///< out of the heat pump = the well inlet T_in
  };

  class HeatPump
  {
  public:
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    /// Heating supply temperature (deg C) at an outdoor temperature (deg C).
    double supply_temperature(double outdoor_C) const;
    /// Heating COP (-) from the brine and the supply temperature (deg C).
    double cop(const BrineTemperatures &brine, double supply_temperature_C) const;
    /// Cooling EER (-) from the brine (condenser side) temperatures (deg C).
    double eer(const BrineTemperatures &brine) const;

    /// Lowest fluid temperature allowed at the well inlet in heating (deg C).
    double min_fluid_C = 2;
    /// Highest fluid temperature allowed at the well inlet in cooling (deg C).
    double max_fluid_C = 35;
    /// Largest heating / cooling the unit delivers (W); more demand is unmet.
    double heating_capacity_W = 1e300, cooling_capacity_W = 1e300;
    /// True if the supply temperature needs the outdoor temperature.
    bool uses_outdoor_temperature() const
    {
      return heating_curve;
    }

  private:
    enum class Model
    {
      constant,
      carnot,
      table
    } model                          = Model::carnot;
    double              constant_cop = 4, constant_eer = 5;
    double              eta_heating = 0.5, eta_cooling = 0.45;
    double              approach_evaporator = 3, approach_condenser = 3; ///< K
    double              max_cop       = 10;
    bool                heating_curve = false;
    double              supply_C = 45, supply_design_C = 50, supply_balance_C = 35;
    double              design_outdoor_C = -7.6, balance_outdoor_C = 15;
    double              chilled_C = 7;
    std::vector<double> table_source, table_supply, table_cop; ///< supply-major
  };
} // namespace geoheat

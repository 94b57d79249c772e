#pragma once
/**
 * @file heat_pump.h
 * The heat pump between the well and the building (physics.md, surface
 * system). Its source is the fluid coming up the well (T_source = T_out).
 *
 * Heating:  Q_ground = Q_heat (1 - 1/COP),  P_el = Q_heat / COP
 * Cooling:  Q_ground = -Q_cool (1 + 1/EER), P_el = Q_cool / EER
 *           (the ground then takes the condenser heat: Q_ground < 0)
 *
 * COP models:
 *  - constant: fixed COP and EER;
 *  - Carnot: COP = eta_h T_cond / (T_cond - T_evap) with
 *    T_evap = T_source - dT_evap, T_cond = T_supply + dT_cond (kelvin);
 *    EER = eta_c T_evap / (T_cond - T_evap) with T_evap = T_chilled - dT_evap,
 *    T_cond = T_source + dT_cond; both capped at "Maximum COP";
 *  - table: manufacturer COP interpolated bilinearly in (source temperature,
 *    supply temperature), clamped at the table edges (no extrapolation).
 * The heating supply temperature is constant or follows a heating curve in
 * the outdoor temperature (linear between the design point and the balance
 * point, constant beyond them).
 */
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace geoheat
{
  class HeatPump
  {
  public:
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    /// Heating supply temperature (deg C) at an outdoor temperature (deg C).
    double supply_temperature(double outdoor_C) const;
    /// Heating COP (-) from the source and the supply temperature (deg C).
    double cop(double source_C, double supply_C) const;
    /// Cooling EER (-) from the source (condenser side) temperature (deg C).
    double eer(double source_C) const;

    /// Lowest fluid temperature allowed at the well inlet in heating (deg C).
    double min_fluid_C = 2;
    /// Highest fluid temperature allowed at the well inlet in cooling (deg C).
    double max_fluid_C = 35;
    /// Largest heating / cooling the unit delivers (W); more demand is unmet.
    double heating_capacity_W = 1e300, cooling_capacity_W = 1e300;
    /// True if the supply temperature needs the outdoor temperature.
    bool uses_outdoor_temperature() const { return heating_curve; }

  private:
    enum class Model { constant, carnot, table } model = Model::carnot;
    double constant_cop = 4, constant_eer = 5;
    double eta_heating = 0.5, eta_cooling = 0.45;
    double approach_evaporator = 3, approach_condenser = 3; ///< K
    double max_cop             = 10;
    bool   heating_curve       = false;
    double supply_C = 45, supply_design_C = 50, supply_balance_C = 35;
    double design_outdoor_C = -7.6, balance_outdoor_C = 15;
    double chilled_C = 7;
    std::vector<double> table_source, table_supply, table_cop; ///< supply-major
  };
} // namespace geoheat

#pragma once
/**
 * @file fluid_properties.h
 * Heat carrier fluid (water or brine). Its properties are constant in a
 * run: either given (Type = user), or water / propylene glycol / ethylene
 * glycol from published correlations (fluid_correlations.h) evaluated at
 * the stated "Property temperature". With a named fluid its freezing point
 * is known and the heat pump's minimum fluid temperature is checked
 * against it.
 */
#include <deal.II/base/parameter_handler.h>

#include <string>

namespace geoheat
{
  struct FluidProperties
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    double density       = 998.0;  ///< rho_f, kg/m^3
    double specific_heat = 4179.0; ///< c_f, J/(kg K)
    double conductivity  = 0.59;   ///< lambda_f, W/(m K)
    double viscosity     = 1.0e-3; ///< mu_f, Pa s
    double freezing_limit_C = -100; ///< freezing point (deg C); -100 = unknown (Type = user)
    std::string description = "user-defined fluid"; ///< for logs and messages
    /// Whether the heat dissipated by friction, V dp, heats the flowing fluid.
    bool friction_heating = true;

    /// Volumetric heat capacity (rho c)_f in J/(m^3 K).
    double volumetric_heat_capacity() const { return density * specific_heat; }
    /// Prandtl number c mu / lambda.
    double prandtl() const { return specific_heat * viscosity / conductivity; }
  };
} // namespace geoheat

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

    double      density          = 998.0;  ///< rho_f, kg/m^3
    double      specific_heat    = 4179.0; ///< c_f, J/(kg K)
    double      conductivity     = 0.59;   ///< lambda_f, W/(m K)
    double      viscosity        = 1.0e-3; ///< mu_f, Pa s
    double      freezing_limit_C = -100;   ///< freezing point (deg C); -100 = unknown (Type = user)
    std::string name             = "user-defined fluid"; ///< e.g. "25 % propylene glycol"
    std::string description = "user-defined fluid"; ///< name and property temperature, for logs

    /// Named fluids (Type != user): viscosity, conductivity and specific heat
    /// follow the local fluid temperature in the coaxial well model, per cell
    /// (c_p per cell and branch), updated when a temperature has moved by more
    /// than update_threshold_K since its properties were evaluated (checked
    /// once per check_interval_s of flowing time). The density stays at the
    /// Property temperature (Boussinesq): the mass flow rho V is the same in
    /// every cell, and (rho c)_f = rho c_p(T). Water's c_p varies by about
    /// 0.6 % between 5 and 60 C, glycol mixtures' by several per cent.
    bool   temperature_dependent  = false;
    int    kind                   = 0; ///< FluidKind (fluid_correlations.h)
    double mass_fraction          = 0; ///< glycol, kg/kg
    double update_threshold_K     = 2;
    double property_temperature_C = 20; ///< where the run's constant properties were evaluated
    double check_interval_s       = 86400;
    /// This fluid with viscosity, conductivity and specific heat at @p T_C
    /// (deg C; clamped to the correlation's range; density unchanged). A user
    /// fluid returns itself.
    FluidProperties at(double T_C) const;
    /// Specific enthalpy h(T) = int_{Property temperature}^{T} c_p dT (J/kg),
    /// c_p as in at() (Gauss-Legendre quadrature; constant c_p for a fluid
    /// that is not temperature dependent).
    double specific_enthalpy(double T_C) const;
    /// Whether the heat dissipated by friction, V dp, heats the flowing fluid.
    bool friction_heating = true;

    /// Volumetric heat capacity (rho c)_f in J/(m^3 K).
    double volumetric_heat_capacity() const
    {
      return density * specific_heat;
    }
    /// Prandtl number c mu / lambda.
    double prandtl() const
    {
      return specific_heat * viscosity / conductivity;
    }
  };
} // namespace geoheat

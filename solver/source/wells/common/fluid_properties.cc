#include <geoheat/base/input_error.h>
#include <geoheat/wells/common/fluid_correlations.h>
#include <geoheat/wells/common/fluid_properties.h>

#include <cmath>
#include <sstream>

namespace geoheat
{
  using dealii::Patterns::Bool;
  using dealii::Patterns::Double;
  using dealii::Patterns::Selection;

  void FluidProperties::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Fluid");
    prm.declare_entry("Type",
                      "user",
                      Selection("user|water|propylene glycol|ethylene glycol"),
                      "user: the Density, Specific heat, Thermal conductivity and "
                      "Viscosity below; otherwise those four from published "
                      "correlations at the Property temperature (water: Popiel & "
                      "Wojtkowiak 1998; glycol-water: Melinder 2010), and the "
                      "fluid's freezing point is checked against Heat pump/Minimum "
                      "fluid temperature.");
    prm.declare_entry("Glycol mass fraction",
                      "0.25",
                      Double(0, 0.6),
                      "Glycol in the mixture (kg/kg; 0.25 = 25 %), for the glycols.");
    prm.declare_entry("Property temperature",
                      "20",
                      Double(-40, 150),
                      "Fluid temperature (deg C) at which the correlations are "
                      "evaluated: the typical mean fluid temperature of the run.");
    prm.declare_entry("Temperature dependent",
                      "true",
                      Bool(),
                      "Named fluids: viscosity, conductivity and specific heat follow "
                      "the fluid temperature along the coaxial well (per cell, lagged; "
                      "the density stays at the Property temperature); "
                      "false = everything at the Property temperature.");
    prm.declare_entry("Property update threshold",
                      "2",
                      Double(0.01, 100),
                      "Re-evaluate a cell's properties when its fluid temperature "
                      "has moved by more than this (K) since the last evaluation.");
    prm.declare_entry("Density", "998", Double(500, 2000), "rho_f (kg/m^3).");
    prm.declare_entry("Specific heat", "4179", Double(1000, 6000), "c_f (J/(kg K)).");
    prm.declare_entry("Thermal conductivity", "0.59", Double(0.05, 2), "lambda_f (W/(m K)).");
    prm.declare_entry("Viscosity", "1e-3", Double(1e-5, 1), "Dynamic viscosity mu_f (Pa s).");
    prm.declare_entry("Friction heating",
                      "true",
                      Bool(),
                      "The pump's hydraulic work V dp, dissipated by friction in "
                      "the well's flow paths, heats the fluid there (W/m = V dp/dz).");
    prm.leave_subsection();
  }

  FluidProperties FluidProperties::at(const double T_C) const
  {
    if (!temperature_dependent)
      return *this;
    FluidProperties  f = *this;
    const FluidState s = fluid_state(FluidKind(kind), mass_fraction, T_C);
    f.specific_heat    = s.specific_heat;
    f.conductivity     = s.conductivity;
    f.viscosity        = s.viscosity;
    return f; // density stays: the mass flow rho V is the run's (Boussinesq)
  }

  double FluidProperties::specific_enthalpy(const double T_C) const
  {
    const double T0 = property_temperature_C;
    if (!temperature_dependent)
      return specific_heat * (T_C - T0);
    // 3-point Gauss-Legendre on pieces of at most 5 K (the correlations are
    // low-order polynomials in T: exact to round-off for water and glycols)
    const int    n     = std::max(1, int(std::ceil(std::abs(T_C - T0) / 5.0)));
    const double step  = (T_C - T0) / n;
    const double xi[3] = {-std::sqrt(0.6), 0.0, std::sqrt(0.6)};
    const double w[3]  = {5.0 / 9, 8.0 / 9, 5.0 / 9};
    double       h     = 0;
    for (int i = 0; i < n; ++i)
      for (int q = 0; q < 3; ++q)
        {
          const double T = T0 + (i + 0.5 + 0.5 * xi[q]) * step;
          h += 0.5 * step * w[q] * fluid_state(FluidKind(kind), mass_fraction, T).specific_heat;
        }
    return h;
  }

  void FluidProperties::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Fluid");
    density                = prm.get_double("Density");
    specific_heat          = prm.get_double("Specific heat");
    conductivity           = prm.get_double("Thermal conductivity");
    viscosity              = prm.get_double("Viscosity");
    friction_heating       = prm.get_bool("Friction heating");
    const std::string type = prm.get("Type");
    const double      x    = prm.get_double("Glycol mass fraction");
    const double      T    = prm.get_double("Property temperature");
    if (type != "user")
      {
        const FluidKind fluid_kind = type == "water"            ? FluidKind::water :
                                     type == "propylene glycol" ? FluidKind::propylene_glycol :
                                                                  FluidKind::ethylene_glycol;
        const double    fraction   = fluid_kind == FluidKind::water ? 0.0 : x;
        require(fluid_kind == FluidKind::water || fraction > 0,
                file,
                "Fluid/Glycol mass fraction",
                "must be positive for a glycol mixture");
        const TemperatureRange range = valid_temperature_range(fluid_kind, fraction);
        require(T >= range.T_min_C && T <= range.T_max_C,
                file,
                "Fluid/Property temperature",
                std::to_string(T) + " C is outside the correlation's range " +
                  std::to_string(range.T_min_C) + " ... " + std::to_string(range.T_max_C) +
                  " C for this fluid");
        const FluidState state = fluid_state(fluid_kind, fraction, T);
        density                = state.density;
        specific_heat          = state.specific_heat;
        conductivity           = state.conductivity;
        viscosity              = state.viscosity;
        freezing_limit_C       = freezing_point_C(fluid_kind, fraction);
        this->kind             = int(fluid_kind);
        property_temperature_C = T;
        mass_fraction          = fraction;
        temperature_dependent  = prm.get_bool("Temperature dependent");
        update_threshold_K     = prm.get_double("Property update threshold");
        name                   = fluid_kind == FluidKind::water ?
                                   std::string("water") :
                                   std::to_string(int(std::lround(100 * fraction))) + " % " + type;
        std::ostringstream d;
        d << name << " at " << T << " C";
        description = d.str();
      }
    prm.leave_subsection();
  }
} // namespace geoheat

#include <geoheat/wells/common/fluid_properties.h>

namespace geoheat
{
  using dealii::Patterns::Bool;
  using dealii::Patterns::Double;

  void FluidProperties::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Fluid");
    prm.declare_entry("Density", "998", Double(500, 2000), "rho_f (kg/m^3).");
    prm.declare_entry("Specific heat", "4179", Double(1000, 6000),
                      "c_f (J/(kg K)).");
    prm.declare_entry("Thermal conductivity", "0.59", Double(0.05, 2),
                      "lambda_f (W/(m K)).");
    prm.declare_entry("Viscosity", "1e-3", Double(1e-5, 1),
                      "Dynamic viscosity mu_f (Pa s).");
    prm.declare_entry("Friction heating", "true", Bool(),
                      "The pump's hydraulic work V dp, dissipated by friction in "
                      "the well's flow paths, heats the fluid there (W/m = V dp/dz).");
    prm.leave_subsection();
  }

  void FluidProperties::parse(dealii::ParameterHandler &prm, const std::string &)
  {
    prm.enter_subsection("Fluid");
    density       = prm.get_double("Density");
    specific_heat = prm.get_double("Specific heat");
    conductivity  = prm.get_double("Thermal conductivity");
    viscosity     = prm.get_double("Viscosity");
    friction_heating = prm.get_bool("Friction heating");
    prm.leave_subsection();
  }
} // namespace geoheat

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/ground/ground_properties.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using dealii::Patterns::Double;
  using dealii::Patterns::List;
  using dealii::Patterns::Selection;

  void GroundProperties::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Ground");
    prm.declare_entry("Surface temperature", "10", Double(-50, 60),
                      "Mean annual ground surface temperature T_s (deg C).");
    prm.declare_entry("Geotherm", "heat flux", Selection("heat flux|gradient"),
                      "How the undisturbed temperature grows with depth: from a "
                      "basal heat flux through the layers, or a uniform gradient.");
    prm.declare_entry("Basal heat flux", "0.065", Double(0, 1),
                      "Geothermal heat flux q_geo (W/m^2), used with "
                      "Geotherm = heat flux.");
    prm.declare_entry("Geothermal gradient", "0.03", Double(0, 0.2),
                      "Uniform geothermal gradient G (K/m), used with "
                      "Geotherm = gradient.");
    prm.declare_entry("Layer bottom depths", "", List(Double(0)),
                      "Depths (m) of the bottoms of all layers but the last, "
                      "increasing; the last layer reaches the model bottom.");
    prm.declare_entry("Thermal conductivities", "2.5", List(Double(0), 1),
                      "Thermal conductivity lambda of each layer, top to bottom "
                      "(W/(m K)).");
    prm.declare_entry("Volumetric heat capacities", "2.4e6", List(Double(0), 1),
                      "Volumetric heat capacity rho c of each layer, top to "
                      "bottom (J/(m^3 K)).");
    prm.leave_subsection();
  }

  void GroundProperties::parse(dealii::ParameterHandler &prm,
                               const std::string        &file)
  {
    prm.enter_subsection("Ground");
    surface_temperature_C = prm.get_double("Surface temperature");
    use_heat_flux         = prm.get("Geotherm") == "heat flux";
    basal_heat_flux       = prm.get_double("Basal heat flux");
    gradient              = prm.get_double("Geothermal gradient");
    layer_bottom_depths   = parse_double_list(prm.get("Layer bottom depths"));
    conductivity          = parse_double_list(prm.get("Thermal conductivities"));
    heat_capacity = parse_double_list(prm.get("Volumetric heat capacities"));
    prm.leave_subsection();

    const std::string where = "Ground";
    require(conductivity.size() == layer_bottom_depths.size() + 1, file,
            where + "/Thermal conductivities",
            "needs one value per layer (" +
              std::to_string(layer_bottom_depths.size() + 1) + " layers from "
              "'Layer bottom depths'), got " + std::to_string(conductivity.size()));
    require(heat_capacity.size() == conductivity.size(), file,
            where + "/Volumetric heat capacities",
            "needs one value per layer (" + std::to_string(conductivity.size()) +
              "), got " + std::to_string(heat_capacity.size()));
    for (unsigned int i = 0; i < conductivity.size(); ++i)
      {
        // Bounds with their reason: rocks and soils lie between ~0.2 (dry peat,
        // dry sand) and ~8 W/(m K) (quartzite, rock salt), and between ~5e5
        // (dry porous soil) and ~4.2e6 J/(m3 K) (water).
        require(conductivity[i] >= 0.05 && conductivity[i] <= 20, file,
                where + "/Thermal conductivities",
                "values must lie between 0.05 and 20 W/(m K) (rocks and soils: ~0.2 to ~8)");
        require(heat_capacity[i] >= 2e5 && heat_capacity[i] <= 1e7, file,
                where + "/Volumetric heat capacities",
                "values must lie between 2e5 and 1e7 J/(m3 K) (soils and rocks: ~5e5 to "
                "~4.2e6, water 4.2e6)");
      }
    for (unsigned int i = 0; i < layer_bottom_depths.size(); ++i)
      require(layer_bottom_depths[i] > (i == 0 ? 0.0 : layer_bottom_depths[i - 1]),
              file, where + "/Layer bottom depths",
              "depths must be positive and strictly increasing");
  }

  unsigned int GroundProperties::add_solid(const double lambda, const double rho_c)
  {
    for (unsigned int k = 0; k < solid_conductivity.size(); ++k)
      if (solid_conductivity[k] == lambda && solid_heat_capacity[k] == rho_c)
        return n_layers() + k;
    solid_conductivity.push_back(lambda);
    solid_heat_capacity.push_back(rho_c);
    return n_layers() + solid_conductivity.size() - 1;
  }

  double GroundProperties::conductivity_of(const unsigned int material) const
  {
    return material < n_layers() ? conductivity[material] :
                                   solid_conductivity.at(material - n_layers());
  }

  double GroundProperties::heat_capacity_of(const unsigned int material) const
  {
    return material < n_layers() ? heat_capacity[material] :
                                   solid_heat_capacity.at(material - n_layers());
  }

  unsigned int GroundProperties::layer_at(const double depth) const
  {
    return std::upper_bound(layer_bottom_depths.begin(),
                            layer_bottom_depths.end(),
                            depth) -
           layer_bottom_depths.begin();
  }

  double GroundProperties::undisturbed_temperature(const double depth) const
  {
    if (!use_heat_flux)
      return surface_temperature_C + gradient * depth;
    // T0 = T_s + q_geo * sum over layers of thickness_i / lambda_i
    double T   = surface_temperature_C;
    double top = 0.0;
    for (unsigned int i = 0; i < n_layers(); ++i)
      {
        const double bottom =
          (i < layer_bottom_depths.size()) ? layer_bottom_depths[i] : depth;
        const double b = std::min(bottom, depth);
        if (b > top)
          T += basal_heat_flux * (b - top) / conductivity[i];
        if (bottom >= depth)
          break;
        top = bottom;
      }
    return T;
  }

} // namespace geoheat

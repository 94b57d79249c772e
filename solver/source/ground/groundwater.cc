#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/ground/groundwater.h>

#include <cmath>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Fastest Darcy velocity accepted (m/s): karstic or gravel aquifers
    /// reach ~1e-4; the Beijing plain's alluvial aquifers 1e-8 ... 1e-5.
    constexpr double max_darcy_speed = 1e-3;
  } // namespace

  void Groundwater::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Groundwater");
    for (const char *axis : {"x", "y"})
      prm.declare_entry(std::string("Darcy velocity ") + axis,
                        "",
                        Patterns::List(Patterns::Double()),
                        std::string("Darcy velocity (specific discharge, m/s) along ") + axis +
                          " in each layer, top to bottom; empty = no groundwater flow. "
                          "Horizontal only (a vertical flow would change the geotherm). "
                          "Beijing plain alluvial aquifers: ~1e-8 to 1e-5 m/s.");
    prm.declare_entry("Water volumetric heat capacity",
                      "4.18e6",
                      Patterns::Double(1e6, 5e6),
                      "(rho c)_w of the moving water (J/(m^3 K)).");
    prm.leave_subsection();
  }

  void Groundwater::parse(ParameterHandler &prm, const std::string &file, unsigned int n_layers)
  {
    prm.enter_subsection("Groundwater");
    const std::string   where = "Ground/Groundwater/";
    std::vector<double> u[2];
    for (unsigned int d = 0; d < 2; ++d)
      {
        const std::string entry = std::string("Darcy velocity ") + (d == 0 ? "x" : "y");
        u[d]                    = parse_double_list(prm.get(entry), file, where + entry);
        require(u[d].empty() || u[d].size() == n_layers,
                file,
                where + entry,
                "needs one value per layer (" + std::to_string(n_layers) + "), got " +
                  std::to_string(u[d].size()));
      }
    water_heat_capacity = prm.get_double("Water volumetric heat capacity");
    prm.leave_subsection();

    darcy.clear();
    if (u[0].empty() && u[1].empty())
      return;
    for (unsigned int l = 0; l < n_layers; ++l)
      {
        const double ux = u[0].empty() ? 0.0 : u[0][l], uy = u[1].empty() ? 0.0 : u[1][l];
        require(std::hypot(ux, uy) <= max_darcy_speed,
                file,
                where + "Darcy velocity x, y",
                "layer " + std::to_string(l + 1) + ": speed " + number_text(std::hypot(ux, uy)) +
                  " m/s is faster than 1e-3 m/s, beyond Darcy flow in rock or soil");
        darcy.push_back({{ux, uy}});
      }
  }

  bool Groundwater::flows() const
  {
    for (const auto &u : darcy)
      if (u[0] != 0 || u[1] != 0)
        return true;
    return false;
  }

  std::array<double, 3> Groundwater::darcy_velocity(const unsigned int material) const
  {
    if (material >= darcy.size())
      return {{0.0, 0.0, 0.0}};
    return {{darcy[material][0], darcy[material][1], 0.0}};
  }

  double supg_tau(const double speed, const double h, const double alpha)
  {
    if (!(speed > 0))
      return 0.0;
    const double Pe = speed * h / (2 * alpha);
    // coth Pe - 1/Pe = Pe/3 - Pe^3/45 + ... (the closed form cancels for small Pe)
    const double xi = Pe < 1e-3 ? Pe / 3 - Pe * Pe * Pe / 45 : 1 / std::tanh(Pe) - 1 / Pe;
    return h / (2 * speed) * xi;
  }
} // namespace geoheat

#pragma once
/**
 * @file groundwater.h
 * Groundwater flow through the layers (physics.md, "Groundwater"): a
 * uniform, horizontal Darcy velocity u (m/s) in each layer carries heat by
 * advection, (rho c)_w u . grad T, with (rho c)_w the volumetric heat
 * capacity of water. Horizontal flow in horizontal layers leaves the
 * conductive geotherm T0(z) steady (u . grad T0 = 0), so the disturbance
 * theta = T - T0 obeys
 *
 *   rho c dtheta/dt + (rho c)_w u . grad theta - div(lambda grad theta) = 0,
 *
 * rho c and lambda those of the saturated layer. Heat moves with the
 * effective velocity v = (rho c)_w u / (rho c), slower than the water.
 * A vertical component would make T0 itself drift and is not modelled.
 * Only the 3D ground (Model = borehole field) carries groundwater.
 */
#include <deal.II/base/parameter_handler.h>

#include <array>
#include <string>
#include <vector>

namespace geoheat
{
  struct Groundwater
  {
    /// Declare subsection "Groundwater" (inside subsection "Ground").
    static void declare(dealii::ParameterHandler &prm);
    /// Parse it (inside subsection "Ground") for a ground of @p n_layers.
    void parse(dealii::ParameterHandler &prm, const std::string &file, unsigned int n_layers);

    /// Darcy velocity (m/s) of each layer, x and y components; empty: none.
    std::vector<std::array<double, 2>> darcy;
    double                             water_heat_capacity = 4.18e6; ///< (rho c)_w, J/(m^3 K)

    /// Does water move in any layer?
    bool flows() const;
    /// Darcy velocity (m/s, x, y, z) in a mesh material: a layer's, zero in
    /// the wellbore solids (material ids past the layers) and without flow.
    std::array<double, 3> darcy_velocity(unsigned int material) const;
  };

  /**
   * SUPG stabilisation parameter (s) of Brooks & Hughes (1982) for
   * advection-diffusion with speed |v| (m/s), streamline element length h
   * (m) and diffusivity alpha (m^2/s):
   *   tau = h / (2 |v|) (coth Pe - 1/Pe),  Pe = |v| h / (2 alpha),
   * the choice that makes linear elements nodally exact in 1D steady
   * flow. Limits: h^2 / (12 alpha) for Pe -> 0, h / (2 |v|) for Pe -> inf;
   * 0 without flow.
   */
  double supg_tau(double speed, double h, double alpha);
} // namespace geoheat

#pragma once
/**
 * @file ground_properties.h
 * Horizontal ground layers and the undisturbed geotherm (physics.md, "Ground").
 */
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace geoheat
{
  /**
   * Layered ground: each layer spans a depth range [top, bottom) with its own
   * thermal conductivity lambda (W/(m K)) and volumetric heat capacity rho c
   * (J/(m^3 K)). The last layer extends to the bottom of the model.
   *
   * Undisturbed state T0(z):
   *  - heat flux mode: T0(z) = T_s + q_geo * int_0^z dz'/lambda(z')
   *  - gradient mode:  T0(z) = T_s + G z
   * geoheat solves for the disturbance theta = T - T0, so the undisturbed
   * state is kept exactly by an idle well in both modes (in gradient mode
   * with layered lambda this assumes the measured geotherm is steady).
   */
  struct GroundProperties
  {
    static void declare(dealii::ParameterHandler &prm);
    void parse(dealii::ParameterHandler &prm, const std::string &file);

    double surface_temperature_C = 10.0;
    bool   use_heat_flux         = true;
    double basal_heat_flux       = 0.065; ///< W/m^2, upward
    double gradient              = 0.03;  ///< K/m
    std::vector<double> layer_bottom_depths; ///< m; one less than layers
    std::vector<double> conductivity;        ///< W/(m K)
    std::vector<double> heat_capacity;       ///< J/(m^3 K)

    /// Solid wellbore materials (casing steel, cement) meshed as zones; their
    /// material ids follow the layers': n_layers() + k.
    std::vector<double> solid_conductivity, solid_heat_capacity;

    unsigned int n_layers() const { return conductivity.size(); }
    /// Register a solid material (or find an equal one); returns its material id.
    unsigned int add_solid(double conductivity, double heat_capacity);
    /// lambda (W/(m K)) and rho c (J/(m^3 K)) of a mesh material id.
    double conductivity_of(unsigned int material) const;
    double heat_capacity_of(unsigned int material) const;
    /// Index of the layer that contains depth z (m, positive down).
    unsigned int layer_at(const double depth) const;
    /// Undisturbed temperature in deg C at depth z (m).
    double undisturbed_temperature(const double depth) const;
  };
} // namespace geoheat

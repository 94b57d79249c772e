#pragma once
/**
 * @file ground_properties.h
 * Horizontal ground layers and the undisturbed geotherm (physics.md, "Ground").
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/ground/groundwater.h>

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
   *  - temperature log: a measured log (depth, T) interpolated linearly,
   *    joined linearly to T_s at the surface if it starts below it, and
   *    extended below its last point by the basal heat flux through the
   *    layers, T0 = T_last + q_geo int_{z_last}^z dz'/lambda (or, with
   *    extension "none", required to reach the model bottom).
   * Seasons (Surface temperature amplitude A > 0): the surface follows
   * T_s - A cos(omega (t - t_coldest)), omega = 2 pi / year, and the
   * undisturbed state gains its periodic steady response in the layers,
   * theta_s(z, t) = Re[Theta(z) e^{i omega (t - t_coldest)}] with
   * Theta'' = i omega / alpha Theta in each layer, Theta(0) = -A, continuity of
   * Theta and lambda Theta' at interfaces and decay with depth (Carslaw &
   * Jaeger 1959, 2.6; layers by transfer of the flux ratio lambda Theta'/Theta).
   * geoheat solves for the disturbance theta = T - T0, so the undisturbed
   * state is kept exactly by an idle well in every mode. A log (or a
   * gradient) whose flux lambda dT0/dz is not the same in every layer is not
   * a steady state of pure conduction; the model then holds it steady, as if
   * the sources that shaped it (groundwater, palaeoclimate) were still at
   * work, and the well's disturbance is computed on top of it.
   */
  struct GroundProperties
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    double              surface_temperature_C = 10.0;
    bool                use_heat_flux         = true;
    double              basal_heat_flux       = 0.065; ///< W/m^2, upward
    double              gradient              = 0.03;  ///< K/m
    bool                use_log               = false;
    bool                extend_log_by_flux    = true;
    std::vector<double> log_depth, log_temperature; ///< m, deg C
    std::string         log_file;
    std::vector<double> layer_bottom_depths; ///< m; one less than layers
    std::vector<double> conductivity;        ///< W/(m K)
    std::vector<double> heat_capacity;       ///< J/(m^3 K)
    Groundwater         groundwater;         ///< Darcy flow per layer (3D only)

    /// Solid wellbore materials (casing steel, cement) meshed as zones; their
    /// material ids follow the layers': n_layers() + k.
    std::vector<double> solid_conductivity, solid_heat_capacity;

    unsigned int n_layers() const
    {
      return conductivity.size();
    }
    /// Register a solid material (or find an equal one); returns its material id.
    unsigned int add_solid(double conductivity, double heat_capacity);
    /// lambda (W/(m K)) and rho c (J/(m^3 K)) of a mesh material id.
    double conductivity_of(unsigned int material) const;
    double heat_capacity_of(unsigned int material) const;
    /// Index of the layer that contains depth z (m, positive down).
    unsigned int layer_at(const double depth) const;
    /// Undisturbed temperature in deg C at depth z (m): the mean geotherm.
    double undisturbed_temperature(const double depth) const;
    /// The same plus the seasonal wave at simulation time t (s).
    double undisturbed_temperature(double depth, double t) const
    {
      return undisturbed_temperature(depth) + seasonal(depth, t);
    }
    /// Seasonal part of the undisturbed state (K) at depth z (m) and time t
    /// (s): the periodic steady response of the layered ground to a surface
    /// temperature T_s - A cos(2 pi (day - coldest day)/365) (0 if A = 0).
    double seasonal(double depth, double t) const;
    bool   has_seasons() const
    {
      return surface_amplitude > 0;
    }

    double surface_amplitude   = 0;  ///< A (K)
    double coldest_day_of_year = 20; ///< day of the minimum surface temperature
    double start_day_of_year   = 0;  ///< day of year at simulation time 0 (set by the run)
    /// With a log that is not extended: refuse a model deeper than the log.
    void check_log_reaches(double model_bottom, const std::string &file) const;
    /// int_a^b dz / lambda(z) through the layers (m^2 K/W).
    double thermal_depth(double a, double b) const;

  private:
    void read_log(double max_gap);
  };
} // namespace geoheat

#pragma once
/**
 * @file fluid_correlations.h
 * Temperature-dependent properties of the heat carrier fluid: water and
 * aqueous solutions of propylene glycol or ethylene glycol, from published
 * correlations. Self-contained (no parameters, no deal.II), so any well
 * model can evaluate the fluid at its local temperature.
 *
 * Sources (full references in fluid_correlations.cc and from
 * fluid_correlation_reference()):
 *  - water: Popiel & Wojtkowiak (1998), 0 ... 150 C;
 *  - propylene / ethylene glycol - water: Melinder (2010), mass fraction
 *    0 ... 0.6, from the freezing point of the mixture up to 100 C.
 *    At mass fraction exactly 0 the water correlation is used; Melinder's
 *    fit at x -> 0 differs from it by up to 0.1 % (rho), 0.2 % (c_p), 0.7 %
 *    (lambda) and 1.9 % (mu) over 0 ... 100 C, the size of the step that
 *    this makes at x = 0.
 *
 * Concentrations are MASS fractions (kg glycol / kg solution, 0.25 for
 * 25 %), temperatures in degrees Celsius; the results are SI.
 *
 * Validity: a concentration outside the range of the correlation throws
 * std::invalid_argument. A temperature outside valid_temperature_range() is
 * CLAMPED to that range by fluid_state() (the properties of the nearest valid
 * temperature are returned, no extrapolation). A caller that must react to
 * such temperatures (a warning, a freezing check, a failed run) asks
 * valid_temperature_range() and decides; fluid_state() itself never fails on
 * a finite temperature, so a solver iterate that briefly leaves the range
 * does not abort the run (a non-finite temperature throws).
 */
#include <string>

namespace geoheat
{
  /// Heat carrier fluid.
  enum class FluidKind
  {
    water,
    propylene_glycol, ///< 1,2-propanediol - water (Melinder 2010)
    ethylene_glycol   ///< 1,2-ethanediol - water (Melinder 2010)
  };

  /// Largest glycol mass fraction covered by Melinder's correlations.
  constexpr double max_glycol_mass_fraction = 0.6;

  /// Fluid properties at one temperature.
  struct FluidState
  {
    double density;       ///< rho, kg/m^3
    double specific_heat; ///< c_p, J/(kg K)
    double conductivity;  ///< lambda, W/(m K)
    double viscosity;     ///< dynamic viscosity mu, Pa s
  };

  /// Closed temperature interval, degrees Celsius.
  struct TemperatureRange
  {
    double T_min_C;
    double T_max_C;
  };

  /**
   * Properties of @p kind with glycol mass fraction @p mass_fraction
   * (0 for water; 0 ... max_glycol_mass_fraction for the glycols) at
   * temperature @p T_C (C). @p T_C is clamped to
   * valid_temperature_range(kind, mass_fraction).
   *
   * @throws std::invalid_argument if the mass fraction is outside the range
   *         of the correlation (any non-zero value for water) or if an
   *         argument is not finite.
   */
  FluidState fluid_state(FluidKind kind, double mass_fraction, double T_C);

  /**
   * Freezing point (C) of the fluid: 0 for water (and for a glycol at mass
   * fraction 0), Melinder's t_F(x) for the glycol solutions (the temperature
   * at which ice starts to form, not the lower "burst" limit).
   *
   * @throws std::invalid_argument as fluid_state().
   */
  double freezing_point_C(FluidKind kind, double mass_fraction);

  /**
   * Temperatures (C) within which the correlations are valid:
   * water [0, 150]; glycol solutions [freezing_point_C(), 100].
   *
   * @throws std::invalid_argument as fluid_state().
   */
  TemperatureRange valid_temperature_range(FluidKind kind, double mass_fraction);

  /// Full bibliographic reference(s) of the correlations used for @p kind,
  /// for output files and documentation.
  std::string fluid_correlation_reference(FluidKind kind);
} // namespace geoheat

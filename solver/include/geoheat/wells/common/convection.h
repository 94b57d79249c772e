#pragma once
/**
 * @file convection.h
 * Forced-convection correlations for pipes and concentric annuli, and the
 * conduction resistance of a cylindrical wall.
 *
 * Flow regimes (Gnielinski 2013, as in pygfunction v2):
 *  - laminar, Re < 2300: fully developed Nu (3.66 in a pipe; annulus walls
 *    Nu_i = 3.66 + 1.2 (r_i/r_o)^-0.8, Nu_o = 3.66 + 1.2 (r_i/r_o)^0.5);
 *  - turbulent, Re >= 4000: Gnielinski (1976)
 *      Nu = (f/8)(Re - 1000) Pr / (1 + 12.7 sqrt(f/8) (Pr^(2/3) - 1)),
 *    f the Darcy friction factor (Colebrook-White with wall roughness);
 *  - transition: linear blend in Re between the laminar value at 2300 and
 *    Gnielinski at Re = 4000 (evaluated with f at the actual Re), which
 *    keeps h continuous.
 */
namespace geoheat::convection
{
  constexpr double Re_laminar   = 2300.0;
  constexpr double Re_turbulent = 4000.0;

  /// Darcy friction factor: 64/Re (laminar), Colebrook-White otherwise.
  /// @param relative_roughness eps/D_h
  double darcy_friction_factor(double Re, double relative_roughness);

  /// Gnielinski's Nusselt number for a given Darcy friction factor.
  double gnielinski_nusselt(double Re, double Pr, double f_darcy);

  /// Reynolds number rho V D_h / mu from a volumetric flow (m^3/s) through
  /// a flow area (m^2) with hydraulic diameter D_h (m).
  double reynolds(double flow_m3s,
                  double area,
                  double hydraulic_diameter,
                  double density,
                  double viscosity);

  /// Convection coefficient (W/(m^2 K)) inside a circular pipe.
  double pipe_h(double flow_m3s,
                double r_inner,
                double density,
                double viscosity,
                double conductivity,
                double Pr,
                double roughness);

  /// Convection coefficients (W/(m^2 K)) on the inner and outer wall of a
  /// concentric annulus between radii r_i and r_o.
  struct AnnulusH
  {
    double inner;
    double outer;
  };
  AnnulusH annulus_h(double flow_m3s,
                     double r_i,
                     double r_o,
                     double density,
                     double viscosity,
                     double conductivity,
                     double Pr,
                     double roughness);

  /// Frictional pressure gradient (Pa/m) of a flow (m^3/s) through a flow
  /// area (m^2) with hydraulic diameter D_h (m), Darcy-Weisbach:
  /// dp/dz = f(Re, eps/D_h) / D_h * rho v^2 / 2.
  double pressure_gradient(double flow_m3s,
                           double area,
                           double hydraulic_diameter,
                           double density,
                           double viscosity,
                           double roughness);

  /// Conduction resistance per unit length (m K/W) of a cylindrical shell
  /// between radii r_i < r_o: ln(r_o/r_i) / (2 pi lambda).
  double wall_resistance(double r_i, double r_o, double conductivity);

  /// Film resistance per unit length (m K/W) of a surface of radius r:
  /// 1/(2 pi r h). Infinite h gives zero.
  double film_resistance(double r, double h);
} // namespace geoheat::convection

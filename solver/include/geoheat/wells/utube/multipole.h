#pragma once
/**
 * @file multipole.h
 * Borehole internal thermal resistances by the multipole method of
 * Claesson & Hellström (2011), "Multipole method to calculate borehole
 * thermal resistances in a borehole heat exchanger", HVAC&R Research 17(6),
 * 895-911.
 *
 * Steady 2D conduction in a borehole cross-section: n pipes (outer radius
 * r_p, centres z_n as complex numbers x + i y relative to the borehole axis)
 * in grout of conductivity lambda_b inside the borehole radius r_b, ground of
 * conductivity lambda outside. Pipe n carries q'_n (W/m, positive from the
 * fluid to the ground); the fluid-to-pipe-wall resistance R_fp,n enters as
 * beta_n = 2 pi lambda_b R_fp,n. The result is linear:
 *
 *   T_f - T_b = R q'   (T_b: mean borehole wall temperature),
 *
 * R symmetric positive definite, in m K/W. Order J = 0 is the line-source
 * approximation (Hellström 1991); J multipoles per pipe refine it and the
 * result converges quickly with J (the unit tests show the J = 2 -> 3 change).
 *
 * Method (equation numbers of the paper): the grout temperature is
 *   T(z) = T_b + Re W(z), with the complex potential
 *   W(z) = sum_n q_n/(2 pi lambda_b) [ ln(r_b/(z - z_n))
 *                                      + sigma ln(r_b^2/(r_b^2 - z conj(z_n))) ]
 *        + sum_n sum_{j=1..J} [ P_nj (r_p/(z - z_n))^j
 *                               + sigma conj(P_nj) (r_p z/(r_b^2 - z conj(z_n)))^j ]
 * (eq. 28), sigma = (lambda_b - lambda)/(lambda_b + lambda). The multipole
 * strengths P_nj follow from the pipe-wall condition for each Fourier mode k,
 *   P_mk = -(1 - k beta_m)/(1 + k beta_m) conj(F_mk)   (eq. 38),
 * F_mk the coefficient of ((z - z_m)/r_p)^k in the Taylor expansion about
 * z_m of all terms of W that are regular at z_m (eq. 34). Claesson &
 * Hellström iterate on this relation; here it is a real-linear system in
 * (Re P, Im P), solved directly (LAPACK dgesv) so the result carries no
 * iteration error.
 */
#include <array>
#include <vector>

namespace geoheat::multipole
{
  /// Geometry and conductivities of one borehole cross-section.
  struct BoreholeCrossSection
  {
    std::vector<std::array<double, 2>> pipe_centres;        ///< m, relative to the borehole axis
    double                             pipe_outer_radius;   ///< r_p, m (same for all pipes)
    double                             borehole_radius;     ///< r_b, m
    double                             grout_conductivity;  ///< lambda_b, W/(m K)
    double                             ground_conductivity; ///< lambda, W/(m K)
    /// R_fp per pipe (m K/W): fluid film + pipe wall, fluid to pipe outer surface.
    std::vector<double> fluid_to_pipe_resistance;
    unsigned int        order = 3; ///< multipole order J (0 = line source)
  };

  /// Check that the pipes lie inside the borehole without overlapping and
  /// that radii, conductivities and R_fp are admissible.
  /// @throws std::invalid_argument naming the problem
  void check(const BoreholeCrossSection &section);

  /// Internal resistance matrix R (m K/W): T_f - T_b = R q' (q' in W/m per
  /// pipe, + = heat from fluid to ground), symmetric n x n.
  std::vector<std::vector<double>> resistance_matrix(const BoreholeCrossSection &section);

  /// Fluid temperatures (°C or K, as T_b) for pipe heat rates q' (W/m) and
  /// borehole wall temperature T_b: T_f = T_b + R q'.
  std::vector<double>
  fluid_temperatures(const BoreholeCrossSection &section, const std::vector<double> &q, double T_b);

  /// Delta circuit (conductances per unit length, W/(m K)):
  ///   q'_i = to_wall[i] (T_i - T_b) + sum_j between[i][j] (T_i - T_j),
  /// between symmetric with zero diagonal. From K = R^-1:
  ///   to_wall[i] = sum_j K_ij,  between[i][j] = -K_ij (i != j).
  /// The delta-circuit resistances of pygfunction are the reciprocals.
  struct DeltaCircuit
  {
    std::vector<double>              to_wall;
    std::vector<std::vector<double>> between;
  };

  /// Delta circuit of a cross-section (multipole R, then K = R^-1).
  DeltaCircuit delta_circuit(const BoreholeCrossSection &section);

  /// Delta circuit of a given resistance matrix R (m K/W).
  DeltaCircuit delta_circuit(const std::vector<std::vector<double>> &R);

  /// Conductance matrix K (W/(m K)) of a delta circuit, q' = K (T_f - T_b):
  /// K_ii = to_wall[i] + sum_j between[i][j], K_ij = -between[i][j].
  std::vector<std::vector<double>> conductance_matrix(const DeltaCircuit &circuit);
} // namespace geoheat::multipole

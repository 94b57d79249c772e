#pragma once
/**
 * @file line_response_kernel.h
 * Transient correction of a borehole that is a line of the mesh.
 *
 * The steady Peaceman term ln(r_eq/r_b)/(2 pi lambda) assumes the log profile
 * between the borehole wall and the mesh nodes around the axis. That profile
 * needs time to form (t ~ h^2/alpha for cells of size h): at hours the mesh
 * node has hardly moved while the wall of a real borehole has. The kernel
 * replaces the constant by the difference of two step responses to a unit
 * line load q' = 1 W/m (ground with lambda = 1 W/(m K), alpha = 1 m^2/s, so
 * "time" s = alpha t is in m^2):
 *
 *     D(s) = G_wall(s) - T_node(s)
 *
 *  - G_wall: wall temperature of the infinite cylinder source, a hole of
 *    radius r_b in an infinite medium with the heat rate on its surface
 *    (Carslaw & Jaeger 1959, 13.7; Laplace transform inverted numerically,
 *    see cylinder_source_G);
 *  - T_node: the FE value at the borehole's mesh node for the same load,
 *    from a transient 2D solve on the borehole's own cross section of the
 *    mesh (same widths, degree and consistent mass; a z-uniform 3D field on
 *    a tensor-product mesh reduces exactly to it).
 *
 * D rises from 0 to the steady Peaceman value ln(r_eq/r_b)/(2 pi). It is
 * fitted as D(s) = D_inf - sum_k b_k exp(-s / tau_k) (tau_k log-spaced, least
 * squares with D(0) = 0 built into R_0 = D_inf - sum b_k). For a step of
 * length dt with the load q' constant over it (ground lambda, alpha):
 *     theta_k <- theta_k e_k + b_k (1 - e_k) q' / lambda,  e_k = exp(-alpha dt / tau_k)
 *     T_node - T_wall = R_0 q' / lambda + sum_k theta_k
 *                     = R(dt) q' + sum_k theta_k(old) e_k          (a resistance and a history)
 * with R(dt) = (R_0 + sum_k b_k (1 - e_k)) / lambda -> ln(r_eq/r_b)/(2 pi lambda)
 * for dt >> h^2/alpha (the steady Peaceman coupling).
 */
#include <vector>

namespace geoheat
{
  /// G(Fo) of the infinite cylinder source at the wall: T(r_b, t) - T_0 =
  /// q'/lambda G(Fo), Fo = alpha t / r_b^2, by Stehfest inversion of
  ///     G^(p) = K0(sqrt p) / (2 pi p^{3/2} K1(sqrt p)).
  double cylinder_source_G(double Fo);

  /// Equivalent radius (m) of the mesh node (ix, iy) of a tensor-product
  /// cross section with node coordinates @p x, @p y, for Q@p degree elements:
  /// steady 2D solve on the node's patch (up to 8 cells each side) with a
  /// unit point source and the exact field -ln(r)/(2 pi) on its boundary.
  double peaceman_equivalent_radius(const std::vector<double> &x,
                                    const std::vector<double> &y,
                                    unsigned int               ix,
                                    unsigned int               iy,
                                    unsigned int               degree);

  struct LineResponseKernel
  {
    double              r_eq   = 0;    ///< steady equivalent radius (m)
    double              steady = 0;    ///< D_inf = ln(r_eq/r_b)/(2 pi)
    double              R0     = 0;    ///< D(0) of the fit
    std::vector<double> b, tau;        ///< amplitudes (m K/W at lambda = 1), tau (m^2)
    double              fit_error = 0; ///< max |fit - D| / D_inf over the samples

    /// Fitted D at s = alpha t (m^2).
    double value(double s) const;
    /// R(dt) lambda for s = alpha dt.
    double step_resistance(double s) const;
  };

  /// Kernel of the mesh node (ix, iy) of a tensor-product cross section with
  /// node coordinates @p x, @p y, Q@p degree elements, borehole radius @p r_b.
  /// @p samples, if given, receives (s, D(s)) of the 2D solve.
  LineResponseKernel
  line_response_kernel(const std::vector<double>              &x,
                       const std::vector<double>              &y,
                       unsigned int                            ix,
                       unsigned int                            iy,
                       unsigned int                            degree,
                       double                                  r_b,
                       std::vector<std::pair<double, double>> *samples = nullptr);
} // namespace geoheat

#pragma once
/**
 * @file steady_profile.h
 * Steady fluid temperatures along the pipes of a U-tube borehole (1U, 2U in
 * parallel or series, N independent U-tubes) for a uniform borehole wall
 * temperature T_b, and the effective borehole resistance R_b*.
 *
 * Depth z points down from the borehole head (0 .. H). Pipe i carries a
 * capacity rate C_i = (rho c)_f V_i (W/K) in direction s_i (+1 down, -1 up).
 * Heat leaving pipe i per metre is given by the delta circuit of the
 * cross-section (multipole.h),
 *   q'_i = to_wall_i (T_i - T_b) + sum_j between_ij (T_i - T_j) = sum_j K_ij (T_j - T_b),
 * K = R^-1, and the steady energy balance of the moving fluid is
 *   s_i C_i dT_i/dz = -q'_i,   i.e.   d theta/dz = A theta,
 *   theta = T - T_b,   A = -diag(1/(s_i C_i)) K.
 * This linear constant-coefficient system is solved exactly:
 * A = -D S M D^-1 with D = diag(C_i^-1/2), S = diag(s_i) and M = D K D
 * symmetric positive definite, so A has real eigenvalues mu_k and
 * eigenvectors from the symmetric-definite pencil S x = nu M x (LAPACK
 * dsygv): mu_k = -1/nu_k, v_k = D x_k. Then
 *   theta(z) = sum_k a_k v_k exp(mu_k (z - z_k)),
 * with z_k = 0 for decaying and z_k = H for growing modes so that no
 * exponential exceeds one (no overflow in deep, slow-flow wells). The n
 * coefficients a_k follow from the n conditions at the ends: inlet
 * temperatures of the down pipes fed at the head, equal temperatures where a
 * down pipe feeds an up pipe at the bottom, and where an up pipe feeds the
 * next down pipe at the head (series).
 */
#include <geoheat/wells/utube/multipole.h>

#include <utility>
#include <vector>

namespace geoheat::utube
{
  /// One U-tube: indices of its two pipes in the cross-section.
  struct UTube
  {
    unsigned int down_pipe; ///< fluid flows down (z increasing)
    unsigned int up_pipe;   ///< fluid flows up, fed by down_pipe at the bottom
  };

  /// How the U-tubes of a borehole with one inlet and one outlet are joined.
  enum class CircuitConnection
  {
    parallel, ///< flow split equally; outlets mixed at the head
    series    ///< the up pipe of U-tube k feeds the down pipe of U-tube k+1 at the head
  };

  /// U-tubes of one borehole and their connection.
  struct BoreholeCircuits
  {
    std::vector<UTube> u_tubes;
    CircuitConnection  connection = CircuitConnection::parallel;
  };

  /// Flows and connections of every pipe, the general input of the solver.
  struct PipeNetwork
  {
    std::vector<double> capacity_rates; ///< C_i = (rho c)_f V_i per pipe, W/K, > 0
    std::vector<int>    directions;     ///< s_i: +1 down, -1 up
    /// (down pipe, up pipe): the down pipe feeds the up pipe at the bottom.
    std::vector<std::pair<unsigned int, unsigned int>> bottom_links;
    /// (up pipe, down pipe): the up pipe feeds the down pipe at the head.
    std::vector<std::pair<unsigned int, unsigned int>> head_links;
    /// (down pipe, inlet temperature): down pipes fed from outside.
    std::vector<std::pair<unsigned int, double>> inlets;
  };

  /// Network of one borehole with a single inlet: total capacity rate
  /// C = (rho c)_f V (W/K), split equally in parallel, whole in series.
  PipeNetwork single_inlet_network(const BoreholeCircuits &circuits,
                                   unsigned int            n_pipes,
                                   double                  capacity_rate,
                                   double                  inlet_temperature);

  /// Independent U-tubes, each with its own capacity rate (W/K) and inlet
  /// temperature (Cimmino 2016).
  PipeNetwork independent_network(const std::vector<UTube>  &u_tubes,
                                  unsigned int               n_pipes,
                                  const std::vector<double> &capacity_rates,
                                  const std::vector<double> &inlet_temperatures);

  /**
   * Exact steady fluid temperatures in every pipe for a uniform borehole
   * wall temperature (see the file documentation for the equations).
   */
  class SteadyFluidProfile
  {
  public:
    /// @param section cross-section (its R_fp must match the flows)
    /// @param network flows and connections of every pipe
    /// @param length borehole length H, m
    /// @param wall_temperature uniform T_b
    /// @throws std::invalid_argument if the network is inconsistent
    SteadyFluidProfile(const multipole::BoreholeCrossSection &section,
                       const PipeNetwork                     &network,
                       double                                 length,
                       double                                 wall_temperature);

    /// Temperatures of all pipes at depth z (0 <= z <= H, m).
    std::vector<double> temperatures(double depth) const;

    /// Temperatures of all pipes at each of the given depths (m):
    /// result[d][i] is pipe i at depths[d].
    std::vector<std::vector<double>> temperatures(const std::vector<double> &depths) const;

    /// Flow-weighted mixed temperature of the up pipes that leave the
    /// borehole at the head (those not feeding another pipe).
    double outlet_temperature() const;

    /// Heat given to the ground by the whole borehole (W):
    /// sum over inlets of C T_in minus sum over outlets of C T_out.
    double heat_to_ground() const;

  private:
    PipeNetwork                      network;
    double                           length;
    double                           wall_temperature;
    std::vector<double>              rates;      ///< mu_k, 1/m
    std::vector<double>              origins;    ///< z_k, m
    std::vector<std::vector<double>> modes;      ///< v_k as columns
    std::vector<double>              amplitudes; ///< a_k, K
  };

  /// Effective borehole resistance (m K/W) as pygfunction defines R_b*:
  ///   R_b* = (T_f,mean - T_b) / q',  T_f,mean = (T_in + T_out)/2,  q' = Q/H,
  /// Q the heat given to the ground, uniform wall temperature T_b.
  /// @param flow_m3s volumetric flow through the borehole, m^3/s
  /// @param volumetric_heat_capacity (rho c)_f, J/(m^3 K)
  double effective_borehole_resistance(const multipole::BoreholeCrossSection &section,
                                       const BoreholeCircuits                &circuits,
                                       double                                 length,
                                       double                                 flow_m3s,
                                       double volumetric_heat_capacity);
} // namespace geoheat::utube

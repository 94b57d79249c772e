#include <geoheat/wells/utube/small_dense.h>
#include <geoheat/wells/utube/steady_profile.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace geoheat::utube
{
  namespace
  {
    [[noreturn]] void fail(const std::string &what)
    {
      throw std::invalid_argument("U-tube network: " + what);
    }

    /// Checks that every down pipe is fed exactly once (inlet or head link)
    /// and every up pipe exactly once (bottom link), with links running in
    /// the flow direction, so the end conditions are exactly n.
    void check_network(const PipeNetwork &net, const unsigned int n)
    {
      if (net.capacity_rates.size() != n || net.directions.size() != n)
        fail("one capacity rate and one direction per pipe are needed");
      for (unsigned int i = 0; i < n; ++i)
        {
          if (!(net.capacity_rates[i] > 0) || !std::isfinite(net.capacity_rates[i]))
            fail("capacity rate of pipe " + std::to_string(i) +
                 " must be positive "
                 "(pipes without flow are not supported)");
          if (net.directions[i] != 1 && net.directions[i] != -1)
            fail("direction of pipe " + std::to_string(i) + " must be +1 or -1");
        }
      std::vector<unsigned int> fed(n, 0), feeds(n, 0);
      auto                      link = [&](const unsigned int from,
                      const unsigned int to,
                      const int          from_direction,
                      const char        *where) {
        if (from >= n || to >= n)
          fail(std::string(where) + " link names a pipe that does not exist");
        if (net.directions[from] != from_direction || net.directions[to] != -from_direction)
          fail(std::string(where) + " link " + std::to_string(from) + " -> " + std::to_string(to) +
               " does not follow the flow directions");
        // Mass conservation: a link joins pipes carrying the same flow.
        const double C_from = net.capacity_rates[from], C_to = net.capacity_rates[to];
        if (std::abs(C_from - C_to) > 1e-12 * std::max(C_from, C_to))
          fail(std::string(where) + " link " + std::to_string(from) + " -> " + std::to_string(to) +
               " joins pipes with different flows");
        ++fed[to];
        ++feeds[from];
      };
      for (const auto &[down, up] : net.bottom_links)
        link(down, up, +1, "bottom");
      for (const auto &[up, down] : net.head_links)
        link(up, down, -1, "head");
      for (const auto &[down, T_in] : net.inlets)
        {
          if (down >= n || net.directions[down] != 1)
            fail("inlet pipe " + std::to_string(down) + " is not a down pipe");
          if (!std::isfinite(T_in))
            fail("inlet temperature must be finite");
          ++fed[down];
        }
      for (unsigned int i = 0; i < n; ++i)
        {
          if (fed[i] != 1)
            fail("pipe " + std::to_string(i) + " must be fed exactly once");
          if (feeds[i] > 1)
            fail("pipe " + std::to_string(i) + " feeds more than one pipe");
          if (net.directions[i] == 1 && feeds[i] != 1)
            fail("down pipe " + std::to_string(i) + " must feed an up pipe at the bottom");
        }
    }

    /// Up pipes leaving the borehole at the head (feeding no other pipe).
    std::vector<unsigned int> outlet_pipes(const PipeNetwork &net)
    {
      std::vector<unsigned int> outlets;
      for (unsigned int i = 0; i < net.directions.size(); ++i)
        {
          if (net.directions[i] != -1)
            continue;
          bool feeds_another = false;
          for (const auto &link : net.head_links)
            feeds_another = feeds_another || link.first == i;
          if (!feeds_another)
            outlets.push_back(i);
        }
      return outlets;
    }

    /// Pipes of the U-tubes of a borehole, each pipe used once.
    void check_u_tubes(const std::vector<UTube> &u_tubes, const unsigned int n_pipes)
    {
      std::vector<unsigned int> used(n_pipes, 0);
      for (const UTube &u : u_tubes)
        {
          if (u.down_pipe >= n_pipes || u.up_pipe >= n_pipes)
            fail("U-tube names a pipe that does not exist");
          ++used[u.down_pipe];
          ++used[u.up_pipe];
        }
      for (unsigned int i = 0; i < n_pipes; ++i)
        if (used[i] != 1)
          fail("pipe " + std::to_string(i) + " must belong to exactly one U-tube");
    }
  } // namespace

  PipeNetwork single_inlet_network(const BoreholeCircuits &circuits,
                                   const unsigned int      n_pipes,
                                   const double            capacity_rate,
                                   const double            inlet_temperature)
  {
    check_u_tubes(circuits.u_tubes, n_pipes);
    const bool   parallel = circuits.connection == CircuitConnection::parallel;
    const double C_pipe   = parallel ? capacity_rate / circuits.u_tubes.size() : capacity_rate;
    PipeNetwork  net;
    net.capacity_rates.assign(n_pipes, C_pipe);
    net.directions.assign(n_pipes, 0);
    for (unsigned int k = 0; k < circuits.u_tubes.size(); ++k)
      {
        const UTube &u              = circuits.u_tubes[k];
        net.directions[u.down_pipe] = +1;
        net.directions[u.up_pipe]   = -1;
        net.bottom_links.emplace_back(u.down_pipe, u.up_pipe);
        if (parallel || k == 0)
          net.inlets.emplace_back(u.down_pipe, inlet_temperature);
        else
          net.head_links.emplace_back(circuits.u_tubes[k - 1].up_pipe, u.down_pipe);
      }
    return net;
  }

  PipeNetwork independent_network(const std::vector<UTube>  &u_tubes,
                                  const unsigned int         n_pipes,
                                  const std::vector<double> &capacity_rates,
                                  const std::vector<double> &inlet_temperatures)
  {
    check_u_tubes(u_tubes, n_pipes);
    if (capacity_rates.size() != u_tubes.size() || inlet_temperatures.size() != u_tubes.size())
      fail("one capacity rate and one inlet temperature per U-tube are needed");
    PipeNetwork net;
    net.capacity_rates.assign(n_pipes, 0.0);
    net.directions.assign(n_pipes, 0);
    for (unsigned int k = 0; k < u_tubes.size(); ++k)
      {
        const UTube &u                  = u_tubes[k];
        net.capacity_rates[u.down_pipe] = capacity_rates[k];
        net.capacity_rates[u.up_pipe]   = capacity_rates[k];
        net.directions[u.down_pipe]     = +1;
        net.directions[u.up_pipe]       = -1;
        net.bottom_links.emplace_back(u.down_pipe, u.up_pipe);
        net.inlets.emplace_back(u.down_pipe, inlet_temperatures[k]);
      }
    return net;
  }

  SteadyFluidProfile::SteadyFluidProfile(const multipole::BoreholeCrossSection &section,
                                         const PipeNetwork                     &network_,
                                         const double                           length_,
                                         const double                           wall_temperature_)
    : network(network_)
    , length(length_)
    , wall_temperature(wall_temperature_)
  {
    const unsigned int n = section.pipe_centres.size();
    check_network(network, n);
    if (!(length > 0))
      fail("borehole length must be positive");

    // K = R^-1 (W/(m K)), symmetrised against rounding.
    const small_dense::Matrix Kr = small_dense::inverse(multipole::resistance_matrix(section));
    // M = D K D with D = diag(C^-1/2); S = diag(s).
    std::vector<double> D(n);
    for (unsigned int i = 0; i < n; ++i)
      D[i] = 1.0 / std::sqrt(network.capacity_rates[i]);
    small_dense::Matrix M = small_dense::zeros(n), S = small_dense::zeros(n);
    for (unsigned int i = 0; i < n; ++i)
      {
        S[i][i] = network.directions[i];
        for (unsigned int j = 0; j < n; ++j)
          M[i][j] = D[i] * 0.5 * (Kr[i][j] + Kr[j][i]) * D[j];
      }
    // S x = nu M x  =>  S M x = x / nu  =>  A (D x) = -(1/nu) (D x).
    const auto eigen = small_dense::symmetric_definite_eigen(S, M);
    rates.resize(n);
    origins.resize(n);
    modes = small_dense::zeros(n);
    for (unsigned int k = 0; k < n; ++k)
      {
        rates[k]   = -1.0 / eigen.values[k];
        origins[k] = rates[k] > 0 ? length : 0.0;
        for (unsigned int i = 0; i < n; ++i)
          modes[i][k] = D[i] * eigen.vectors[i][k];
      }

    // End conditions, one row each, on the amplitudes a_k:
    // theta_i(z) = sum_k modes[i][k] exp(mu_k (z - z_k)) a_k.
    auto head = [&](const unsigned int i, const unsigned int k) {
      return modes[i][k] * std::exp(rates[k] * (0.0 - origins[k]));
    };
    auto bottom = [&](const unsigned int i, const unsigned int k) {
      return modes[i][k] * std::exp(rates[k] * (length - origins[k]));
    };
    small_dense::Matrix E = small_dense::zeros(n);
    std::vector<double> rhs(n, 0.0);
    unsigned int        row = 0;
    for (const auto &[down, T_in] : network.inlets)
      {
        for (unsigned int k = 0; k < n; ++k)
          E[row][k] = head(down, k);
        rhs[row++] = T_in - wall_temperature;
      }
    for (const auto &[up, down] : network.head_links)
      {
        for (unsigned int k = 0; k < n; ++k)
          E[row][k] = head(down, k) - head(up, k);
        ++row;
      }
    for (const auto &[down, up] : network.bottom_links)
      {
        for (unsigned int k = 0; k < n; ++k)
          E[row][k] = bottom(up, k) - bottom(down, k);
        ++row;
      }
    amplitudes = small_dense::solve(E, rhs);
  }

  std::vector<double> SteadyFluidProfile::temperatures(const double depth) const
  {
    if (depth < 0 || depth > length)
      throw std::out_of_range("SteadyFluidProfile: depth outside 0..H");
    const unsigned int  n = rates.size();
    std::vector<double> T(n, wall_temperature);
    for (unsigned int k = 0; k < n; ++k)
      {
        const double weight = amplitudes[k] * std::exp(rates[k] * (depth - origins[k]));
        for (unsigned int i = 0; i < n; ++i)
          T[i] += modes[i][k] * weight;
      }
    return T;
  }

  std::vector<std::vector<double>>
  SteadyFluidProfile::temperatures(const std::vector<double> &depths) const
  {
    std::vector<std::vector<double>> T;
    for (const double z : depths)
      T.push_back(temperatures(z));
    return T;
  }

  double SteadyFluidProfile::outlet_temperature() const
  {
    const std::vector<double> T_head = temperatures(0.0);
    double                    CT = 0, C = 0;
    for (const unsigned int i : outlet_pipes(network))
      {
        CT += network.capacity_rates[i] * T_head[i];
        C += network.capacity_rates[i];
      }
    return CT / C;
  }

  double SteadyFluidProfile::heat_to_ground() const
  {
    const std::vector<double> T_head = temperatures(0.0);
    double                    Q      = 0;
    for (const auto &[down, T_in] : network.inlets)
      Q += network.capacity_rates[down] * T_in;
    for (const unsigned int i : outlet_pipes(network))
      Q -= network.capacity_rates[i] * T_head[i];
    return Q;
  }

  double effective_borehole_resistance(const multipole::BoreholeCrossSection &section,
                                       const BoreholeCircuits                &circuits,
                                       const double                           length,
                                       const double                           flow_m3s,
                                       const double volumetric_heat_capacity)
  {
    // The problem is linear: any inlet-to-wall difference gives the same R_b*.
    const double      T_b = 0.0, T_in = 1.0;
    const double      C   = volumetric_heat_capacity * flow_m3s;
    const PipeNetwork net = single_inlet_network(circuits, section.pipe_centres.size(), C, T_in);
    const SteadyFluidProfile profile(section, net, length, T_b);
    const double             T_out  = profile.outlet_temperature();
    const double             q_mean = profile.heat_to_ground() / length;
    return (0.5 * (T_in + T_out) - T_b) / q_mean;
  }
} // namespace geoheat::utube

#include <boost/math/tools/toms748_solve.hpp>

#include <geoheat/base/units.h>
#include <geoheat/network/field_hydraulics.h>
#include <geoheat/wells/common/convection.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace geoheat
{
  double u_tube_circuit_pressure_drop(const double       flow_m3s,
                                      const double       pipe_length,
                                      const unsigned int n_bends,
                                      const UTubePipe   &pipe,
                                      const double       density,
                                      const double       viscosity)
  {
    const double r    = pipe.inner_radius;
    const double area = units::pi * r * r;
    const double v    = flow_m3s / area;
    return pipe_length * convection::pressure_gradient(
                           flow_m3s, area, 2 * r, density, viscosity, pipe.roughness) +
           n_bends * pipe.bend_loss_coefficient * 0.5 * density * v * v;
  }

  double u_tube_pressure_drop(const UTubeCircuits circuits,
                              const double        flow_m3s,
                              const double        borehole_length,
                              const double        buried_depth,
                              const UTubePipe    &pipe,
                              const double        density,
                              const double        viscosity)
  {
    // One leg runs from the surface (header) to the bottom of the borehole.
    const double leg = borehole_length + buried_depth;
    switch (circuits)
      {
        case UTubeCircuits::single_u:
          return u_tube_circuit_pressure_drop(flow_m3s, 2 * leg, 1, pipe, density, viscosity);
        case UTubeCircuits::double_u_parallel:
          return u_tube_circuit_pressure_drop(0.5 * flow_m3s, 2 * leg, 1, pipe, density, viscosity);
        case UTubeCircuits::double_u_series:
          return u_tube_circuit_pressure_drop(flow_m3s, 4 * leg, 2, pipe, density, viscosity);
      }
    throw std::logic_error("u_tube_pressure_drop: unknown circuit type");
  }

  unsigned int FieldPiping::string_size(const unsigned int n_boreholes) const
  {
    switch (connection)
      {
        case FieldConnection::parallel:
          return 1;
        case FieldConnection::series:
          return n_boreholes;
        case FieldConnection::parallel_strings:
          return boreholes_per_string;
      }
    throw std::logic_error("FieldPiping: unknown connection");
  }

  unsigned int FieldPiping::n_strings(const unsigned int n_boreholes) const
  {
    const unsigned int k = string_size(n_boreholes);
    if (n_boreholes == 0 || k == 0 || n_boreholes % k != 0)
      throw std::logic_error("FieldPiping: " + std::to_string(n_boreholes) +
                             " boreholes do not form strings of " + std::to_string(k));
    return n_boreholes / k;
  }

  std::vector<int> FieldPiping::upstream(const unsigned int n_boreholes) const
  {
    const unsigned int k = n_boreholes / n_strings(n_boreholes);
    std::vector<int>   feeds(n_boreholes);
    for (unsigned int b = 0; b < n_boreholes; ++b)
      feeds[b] = (b % k == 0) ? -1 : int(b) - 1;
    return feeds;
  }

  namespace
  {
    /// Stop when the bracket [a, b] is narrower than flow_split_tolerance
    /// relative to its larger end.
    bool narrow_enough(const double a, const double b)
    {
      return std::abs(b - a) <= flow_split_tolerance * std::max(std::abs(a), std::abs(b));
    }

    /// Root of an increasing f on [a, b] with f(a) <= 0 <= f(b); an end
    /// where round-off put f on the wrong side is taken as the root.
    template <class F>
    double
    bracketed_root(const F &f, const double a, const double b, const double fa, const double fb)
    {
      if (fa >= 0)
        return a;
      if (fb <= 0)
        return b;
      std::uintmax_t iterations = 200;
      const auto     bracket =
        boost::math::tools::toms748_solve(f, a, b, fa, fb, narrow_enough, iterations);
      return 0.5 * (bracket.first + bracket.second);
    }

    /// The strings of a field and their pressure drops.
    struct Strings
    {
      unsigned int                n_strings;
      unsigned int                size;
      const BoreholePressureDrop &dp;

      /// Pressure drop (Pa) of string @p s carrying @p flow (m^3/s).
      double pressure_drop(const unsigned int s, const double flow) const
      {
        double sum = 0;
        for (unsigned int b = s * size; b < (s + 1) * size; ++b)
          sum += dp(b, flow);
        return sum;
      }

      /// Flow through string @p s at pressure drop @p target (Pa > 0),
      /// searched from [0, guess] (the bracket doubles until it holds).
      double flow_at(const unsigned int s, const double target, double guess) const
      {
        double dp_guess = pressure_drop(s, guess);
        for (unsigned int doubling = 0; dp_guess < target; ++doubling)
          {
            if (doubling == 100)
              throw std::logic_error("split_field_flow: the pressure drop of a "
                                     "string does not reach the target");
            guess *= 2;
            dp_guess = pressure_drop(s, guess);
          }
        return bracketed_root([&](const double q) { return pressure_drop(s, q) - target; },
                              0.0,
                              guess,
                              -target,
                              dp_guess - target);
      }
    };
  } // namespace

  FieldFlow split_field_flow(const double                total_flow,
                             const unsigned int          n_boreholes,
                             const FieldPiping          &piping,
                             const BoreholePressureDrop &dp)
  {
    if (!(total_flow >= 0))
      throw std::logic_error("split_field_flow: negative total flow");
    const unsigned int n_strings = piping.n_strings(n_boreholes);
    const Strings      strings{n_strings, n_boreholes / n_strings, dp};

    // Equal split first: it is the answer for FlowSplitRule::equal and
    // brackets the balanced pressure drop otherwise.
    std::vector<double> string_flow(n_strings, total_flow / n_strings);
    std::vector<double> string_dp(n_strings);
    for (unsigned int s = 0; s < n_strings; ++s)
      string_dp[s] = strings.pressure_drop(s, string_flow[s]);
    const double dp_low  = *std::min_element(string_dp.begin(), string_dp.end());
    const double dp_high = *std::max_element(string_dp.begin(), string_dp.end());

    if (piping.flow_split == FlowSplitRule::pressure_balanced && total_flow > 0 &&
        !narrow_enough(dp_low, dp_high))
      {
        // At a common pressure drop p the string flows V_s(p) sum to more
        // than V if p = dp_high (every V_s >= V/n) and to less if p = dp_low.
        const double guess       = total_flow;
        auto         excess_flow = [&](const double p) {
          double sum = 0;
          for (unsigned int s = 0; s < n_strings; ++s)
            sum += strings.flow_at(s, p, guess);
          return sum - total_flow;
        };
        const double p =
          bracketed_root(excess_flow, dp_low, dp_high, excess_flow(dp_low), excess_flow(dp_high));
        double sum = 0;
        for (unsigned int s = 0; s < n_strings; ++s)
          sum += (string_flow[s] = strings.flow_at(s, p, guess));
        for (unsigned int s = 0; s < n_strings; ++s)
          {
            string_flow[s] *= total_flow / sum;
            string_dp[s] = strings.pressure_drop(s, string_flow[s]);
          }
      }

    FieldFlow result;
    result.upstream = piping.upstream(n_boreholes);
    result.flow.resize(n_boreholes);
    for (unsigned int b = 0; b < n_boreholes; ++b)
      result.flow[b] = string_flow[b / strings.size];
    result.string_pressure_drop = string_dp;
    result.pressure_drop        = *std::max_element(string_dp.begin(), string_dp.end());
    return result;
  }
} // namespace geoheat

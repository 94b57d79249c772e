// The seasonal part of the undisturbed ground state (GroundProperties::seasonal):
// the homogeneous half-space solution (Carslaw & Jaeger 1959, 2.6) exactly, and
// for layered ground a check that the result satisfies the problem it solves:
// the heat equation inside each layer, continuity of temperature and heat flux
// at the interfaces, the surface wave, and decay with depth (finite differences
// of the function itself; they fail for a wrong transfer or phase).
#include <boost/test/unit_test.hpp>

#include <geoheat/base/units.h>
#include <geoheat/ground/ground_properties.h>

#include <cmath>
#include <utility>

using namespace geoheat;

namespace
{
  GroundProperties
  ground(std::vector<double> bottoms, std::vector<double> lambda, std::vector<double> rho_c)
  {
    GroundProperties g;
    g.layer_bottom_depths = std::move(bottoms);
    g.conductivity        = std::move(lambda);
    g.heat_capacity       = std::move(rho_c);
    g.surface_amplitude   = 14;
    g.coldest_day_of_year = 20;
    g.start_day_of_year   = 304; // simulation starts on 1 November
    return g;
  }
  constexpr double day = units::seconds_per_day;
} // namespace

BOOST_AUTO_TEST_SUITE(seasonal_ground)
BOOST_AUTO_TEST_CASE(half_space)
{
  const GroundProperties g     = ground({}, {2.0}, {2.4e6});
  const double           omega = 2 * units::pi / units::seconds_per_year;
  const double           d     = std::sqrt(2 * (2.0 / 2.4e6) / omega); // damping depth, ~3.2 m
  for (const double t_days : {0.0, 81.0, 200.0, 500.5})
    for (const double z : {0.0, 1.0, 3.0, 10.0})
      {
        const double phase = omega * (304 + t_days - 20) * day;
        const double exact = -14 * std::exp(-z / d) * std::cos(phase - z / d);
        BOOST_TEST(g.seasonal(z, t_days * day) == exact, boost::test_tools::tolerance(1e-9));
      }
  // coldest at the surface on day 20 of the year, 81 days after day 304 (1 November)
  BOOST_TEST(g.seasonal(0, 81 * day) == -14.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(g.undisturbed_temperature(0, 81 * day) == g.undisturbed_temperature(0.0) - 14.0,
             boost::test_tools::tolerance(1e-12));
  // an interface between two equal layers changes nothing
  const GroundProperties two = ground({2.5}, {2.0, 2.0}, {2.4e6, 2.4e6});
  for (const double z : {0.5, 2.5, 4.0, 12.0})
    BOOST_TEST(two.seasonal(z, 37 * day) == g.seasonal(z, 37 * day),
               boost::test_tools::tolerance(1e-9));
  // no amplitude, no wave
  GroundProperties none  = g;
  none.surface_amplitude = 0;
  BOOST_TEST(none.seasonal(1.0, 10 * day) == 0.0);
}

BOOST_AUTO_TEST_CASE(layers_satisfy_the_problem)
{
  // loose soil 2 m, wet clay 4 m, sandstone below
  const GroundProperties g = ground({2.0, 6.0}, {0.8, 1.6, 3.0}, {1.6e6, 3.0e6, 2.2e6});
  const double           h = 1e-3, dt = 600.0;
  double                 worst_pde = 0, scale = 0;
  for (const double t_days : {0.0, 100.0, 250.0})
    for (const double z : {0.7, 1.5, 3.0, 5.0, 8.0, 15.0})
      {
        const double t = t_days * day;
        const int    i = z < 2 ? 0 : z < 6 ? 1 : 2;
        const double lhs =
          g.heat_capacity[i] * (g.seasonal(z, t + dt) - g.seasonal(z, t - dt)) / (2 * dt);
        const double rhs = g.conductivity[i] *
                           (g.seasonal(z + h, t) - 2 * g.seasonal(z, t) + g.seasonal(z - h, t)) /
                           (h * h);
        worst_pde = std::max(worst_pde, std::abs(lhs - rhs));
        scale     = std::max(scale, std::abs(lhs));
      }
  BOOST_TEST(worst_pde < 2e-3 * scale); // finite-difference truncation only
  for (const double z_i : {2.0, 6.0})
    for (const double t_days : {30.0, 170.0})
      {
        const double t = t_days * day, e = 1e-7, dz = 1e-4;
        const int    a = z_i == 2.0 ? 0 : 1, b = a + 1;
        BOOST_TEST(g.seasonal(z_i - e, t) == g.seasonal(z_i + e, t),
                   boost::test_tools::tolerance(1e-5));
        const double flux_above =
          g.conductivity[a] * (g.seasonal(z_i - e, t) - g.seasonal(z_i - dz, t)) / (dz - e);
        const double flux_below =
          g.conductivity[b] * (g.seasonal(z_i + dz, t) - g.seasonal(z_i + e, t)) / (dz - e);
        BOOST_TEST(flux_above == flux_below, boost::test_tools::tolerance(2e-3));
      }
  // the surface follows the prescribed wave; the wave dies out with depth
  BOOST_TEST(g.seasonal(0, 81 * day) == -14.0, boost::test_tools::tolerance(1e-12));
  double max_deep = 0;
  for (double t_days = 0; t_days < 365; t_days += 5)
    max_deep = std::max(max_deep, std::abs(g.seasonal(30.0, t_days * day)));
  BOOST_TEST(max_deep < 0.05);
  BOOST_TEST(std::abs(g.seasonal(2000.0, 0.0)) < 1e-12);
}
BOOST_AUTO_TEST_SUITE_END()

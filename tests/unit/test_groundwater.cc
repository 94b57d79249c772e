// Groundwater input and the SUPG parameter (ground/groundwater.h): tau against
// its closed form and both limits (h^2/(12 alpha) for diffusion-dominated
// cells, h/(2|v|) for advection-dominated ones), and the parameter checks.
#include <boost/test/unit_test.hpp>

#include <geoheat/base/input_error.h>
#include <geoheat/ground/ground_properties.h>

#include <cmath>
#include <string>

using namespace geoheat;

namespace
{
  /// Parse subsection Ground with the given Groundwater entries (3 layers).
  GroundProperties parse_ground(const std::string &x, const std::string &y)
  {
    dealii::ParameterHandler prm;
    GroundProperties::declare(prm);
    prm.parse_input_from_string("subsection Ground\n"
                                "  set Layer bottom depths = 10, 40\n"
                                "  set Thermal conductivities = 2, 2.5, 3\n"
                                "  set Volumetric heat capacities = 2e6, 2.5e6, 2.2e6\n"
                                "  subsection Groundwater\n"
                                "    set Darcy velocity x = " +
                                x +
                                "\n"
                                "    set Darcy velocity y = " +
                                y +
                                "\n"
                                "  end\n"
                                "end\n");
    GroundProperties g;
    g.parse(prm, "case.prm");
    return g;
  }
} // namespace

BOOST_AUTO_TEST_SUITE(groundwater)
BOOST_AUTO_TEST_CASE(supg_tau_limits)
{
  const double h = 0.8, alpha = 1e-6;
  BOOST_TEST(supg_tau(0.0, h, alpha) == 0.0);
  // Pe = |v| h / (2 alpha) = 1: tau = h/(2|v|) (coth 1 - 1)
  const double v1 = 2 * alpha / h;
  BOOST_TEST(supg_tau(v1, h, alpha) == h / (2 * v1) * (1 / std::tanh(1.0) - 1.0),
             boost::test_tools::tolerance(1e-14));
  // diffusion-dominated: h^2/(12 alpha), on both sides of the series switch
  for (const double Pe : {1e-6, 0.99e-3, 1.01e-3})
    BOOST_TEST(supg_tau(Pe * 2 * alpha / h, h, alpha) == h * h / (12 * alpha) * (1 - Pe * Pe / 15),
               boost::test_tools::tolerance(1e-9));
  // advection-dominated: h/(2|v|) (1 - 1/Pe)
  const double v = 1e-3;
  BOOST_TEST(supg_tau(v, h, alpha) == h / (2 * v) * (1 - 2 * alpha / (v * h)),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(darcy_per_layer)
{
  const GroundProperties g = parse_ground("1e-7, 0, 2e-6", "");
  BOOST_TEST(g.groundwater.flows());
  BOOST_TEST(g.groundwater.darcy_velocity(0)[0] == 1e-7);
  BOOST_TEST(g.groundwater.darcy_velocity(1)[0] == 0.0);
  BOOST_TEST(g.groundwater.darcy_velocity(2)[1] == 0.0);
  BOOST_TEST(g.groundwater.darcy_velocity(2)[2] == 0.0);
  BOOST_TEST(g.groundwater.darcy_velocity(3)[0] == 0.0); // a wellbore solid
  BOOST_TEST(!parse_ground("", "").groundwater.flows());
  BOOST_TEST(!parse_ground("0, 0, 0", "").groundwater.flows());
}

BOOST_AUTO_TEST_CASE(bad_input)
{
  const auto message = [](const std::string &x, const std::string &y) {
    try
      {
        parse_ground(x, y);
      }
    catch (const InputError &e)
      {
        return std::string(e.what());
      }
    return std::string("no error");
  };
  BOOST_TEST(message("1e-7, 0", "")
               .find("Ground/Groundwater/Darcy velocity x: needs one value per "
                     "layer (3), got 2") != std::string::npos);
  BOOST_TEST(message("0, 0, 0", "0, 2e-3, 0").find("layer 2: speed 0.002 m/s") !=
             std::string::npos);
}
BOOST_AUTO_TEST_SUITE_END()

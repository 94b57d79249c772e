// Heat pump model and the in-step coupling against hand-derived values.
#include <deal.II/base/parameter_handler.h>

#include <boost/test/unit_test.hpp>

#include <geoheat/surface/heat_pump.h>
#include <geoheat/surface/heat_pump_coupling.h>

#include <cmath>

using namespace geoheat;

namespace
{
  HeatPump make_heat_pump(const std::string &settings)
  {
    dealii::ParameterHandler prm;
    HeatPump::declare(prm);
    prm.parse_input_from_string("subsection Heat pump\n" + settings + "\nend\n");
    HeatPump hp;
    hp.parse(prm, "test.prm");
    return hp;
  }
} // namespace

BOOST_AUTO_TEST_SUITE(heat_pump)
BOOST_AUTO_TEST_CASE(carnot_and_curve)
{
  const HeatPump hp =
    make_heat_pump("set COP model = Carnot\n set Carnot efficiency heating = 0.5\n"
                   "set Supply temperature control = heating curve\n");
  // 50 C at -7.6 C outdoor, 35 C at 15 C, linear between, constant beyond
  BOOST_TEST(hp.supply_temperature(-7.6) == 50.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.supply_temperature(3.7) == 42.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.supply_temperature(-20) == 50.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.supply_temperature(25) == 35.0, boost::test_tools::tolerance(1e-12));
  // Brine 14 C in, 10 C out: the refrigerant evaporates 3 K below the
  // leaving brine. COP = 0.5 (45+3+273.15) / ((45+3) - (10-3)) = 160.575 / 41
  BOOST_TEST(hp.cop({14, 10}, 45) == 0.5 * 321.15 / 41, boost::test_tools::tolerance(1e-12));
  // not against the entering brine (the error of the first versions)
  BOOST_TEST(std::abs(hp.cop({14, 10}, 45) - 0.5 * 321.15 / 37) > 0.3);
  // Cooling, fluid 21 C from the well, 25 C back into it: condensing 3 K
  // above 25 C. EER = 0.45 (7-3+273.15) / ((25+3) - (7-3)) = 124.7175 / 24
  BOOST_TEST(hp.eer({21, 25}) == 0.45 * 277.15 / 24, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.cop({50, 44}, 45) == 10.0); // capped at Maximum COP
}

BOOST_AUTO_TEST_CASE(coupling_consistent_and_limited)
{
  const HeatPump hp =
    make_heat_pump("set COP model = Carnot\n set Minimum fluid temperature = 2\n");
  // A step response: T_out = 12 - 2e-5 Q, T_in = T_out - Q/(4.18e6 * 0.004)
  const double         Cdot = 4.18e6 * 0.004;
  const LinearResponse r{12.0, -2e-5 - 1 / Cdot, 12.0, -2e-5};
  BuildingDemand       d;
  d.heating_W           = 80e3;
  const SurfaceStep s   = solve_heat_pump_step(hp, d, r);
  const double      Qs  = s.ground_load_W;
  const double      cop = hp.cop({r.outlet(Qs), r.inlet(Qs)}, 45);
  // the COP sees the inlet, Q / Cdot ~ 3.5 K below the outlet (COP ~ 3.7)
  BOOST_TEST(r.outlet(Qs) - r.inlet(Qs) > 3.0);
  BOOST_TEST(cop < 3.8);
  BOOST_TEST(s.ground_load_W == 80e3 * (1 - 1 / cop), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.heating_delivered_W == 80e3);
  BOOST_TEST(s.heating_delivered_W == s.ground_load_W + s.electric_W(),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.unmet_W() == 0.0);

  // Twice the load would take the inlet below 2 C: it sits on the limit.
  d.heating_W         = 250e3;
  const SurfaceStep l = solve_heat_pump_step(hp, d, r);
  BOOST_TEST(r.inlet(l.ground_load_W) == 2.0, boost::test_tools::tolerance(1e-12));
  const double cop_l = hp.cop({r.outlet(l.ground_load_W), r.inlet(l.ground_load_W)}, 45);
  BOOST_TEST(l.heating_delivered_W == l.ground_load_W / (1 - 1 / cop_l),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(l.unmet_W() == 250e3 - l.heating_delivered_W, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(l.unmet_W() > 0);
}

BOOST_AUTO_TEST_CASE(capacity_limit)
{
  const HeatPump       hp = make_heat_pump("set COP model = constant\n set Constant COP = 4\n"
                                           "set Heating capacity = 60\n");
  const LinearResponse r{12.0, -3e-5, 12.0, -2e-5};
  BuildingDemand       d;
  d.heating_W         = 80e3;
  const SurfaceStep s = solve_heat_pump_step(hp, d, r);
  BOOST_TEST(s.heating_delivered_W == 60e3);
  BOOST_TEST(s.unmet_W() == 20e3);
  BOOST_TEST(s.ground_load_W == 60e3 * 0.75, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.electric_W() == 15e3, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(table_bilinear)
{
  const HeatPump hp =
    make_heat_pump("set COP model = table\n set COP table source temperatures = 0, 10, 20\n"
                   "set COP table supply temperatures = 35, 55\n"
                   "set COP table values = 4, 5, 6, 2.5, 3, 3.5\n");
  // tables are read at the brine entering the heat pump (EN 14511)
  BOOST_TEST(hp.cop({5, 1}, 35) == 4.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.cop({10, 6}, 45) == 0.5 * (5 + 3), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.cop({15, 11}, 50) == 0.25 * 5.5 + 0.75 * 3.25, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(hp.cop({-10, -14}, 30) == 4.0, boost::test_tools::tolerance(1e-12)); // clamped
}
BOOST_AUTO_TEST_SUITE_END()

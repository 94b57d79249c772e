// Parsing helpers, load time series and the time-step policy.
#include <boost/test/unit_test.hpp>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/operation/time_series.h>
#include <geoheat/time/time_control.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

using namespace geoheat;

namespace
{
  std::string write_file(const std::string &name, const std::string &text)
  {
    std::string path = "/tmp/geoheat_unit_" + name;
    std::ofstream(path) << text;
    return path;
  }
} // namespace

BOOST_AUTO_TEST_SUITE(parameters)
BOOST_AUTO_TEST_CASE(dates)
{
  BOOST_TEST(day_of_year_from_date("01-01") == 0);
  BOOST_TEST(day_of_year_from_date("11-15") == 318);
  BOOST_TEST(day_of_year_from_date("03-15") == 73);
  BOOST_TEST(day_of_year_from_date("02-30") < 0);
  BOOST_TEST(day_of_year_from_date("13-01") < 0);
  BOOST_TEST(day_of_year_from_date("11-15x") < 0);
  BOOST_TEST(day_of_year_from_date("99999999999-01") < 0); // out of int range
}
BOOST_AUTO_TEST_CASE(one_line)
{
  const std::runtime_error e("first\n  second\n\tthird");
  BOOST_TEST(one_line_message(e) == "first second third");
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(time_series)
BOOST_AUTO_TEST_CASE(piecewise_constant_and_linear)
{
  const auto f  = write_file("ok.csv", "time_h,load_W\n0,100\n10,200\n# comment\n20,0\n");
  const auto pc = TimeSeries::read_csv(f, 3600, false, 0);
  BOOST_TEST(pc.value(5 * 3600.) == 100);
  BOOST_TEST(pc.value(15 * 3600.) == 200);
  BOOST_TEST(pc.value(25 * 3600.) == 0);
  BOOST_TEST(pc.next_knot_after(0) == 36000);
  BOOST_TEST(std::isinf(pc.next_knot_after(20 * 3600.)));
  const auto lin = TimeSeries::read_csv(f, 3600, true, 0);
  BOOST_TEST(lin.value(5 * 3600.) == 150, boost::test_tools::tolerance(1e-12));
}
BOOST_AUTO_TEST_CASE(repeated_yearly)
{
  const auto f  = write_file("year.csv", "t_d,v\n0,1\n100,2\n");
  const auto ts = TimeSeries::read_csv(f, 86400, false, units::seconds_per_year);
  BOOST_TEST(ts.value(units::seconds_per_year + 50 * 86400.) == 1);
  BOOST_TEST(ts.value(units::seconds_per_year + 150 * 86400.) == 2);
  BOOST_TEST(ts.next_knot_after(150 * 86400.) == units::seconds_per_year);
}
BOOST_AUTO_TEST_CASE(errors_name_file_and_line)
{
  auto message = [](const std::string &text) {
    try
      {
        TimeSeries::read_csv(write_file("bad.csv", text), 1, false, 0);
      }
    catch (const InputError &e)
      {
        return std::string(e.what());
      }
    return std::string("no error");
  };
  BOOST_TEST(message("t,v\n0,1\n0,2\n").find("line 3: time must increase") != std::string::npos);
  BOOST_TEST(message("t,v\n0,1\n1,nan\n").find("line 3: 'nan' is not a finite number") !=
             std::string::npos);
  BOOST_TEST(message("t,v\n0,1\n1\n").find("line 3: expected 2 values") != std::string::npos);
  BOOST_TEST(message("0,1\n").find("line 1: the first line must be a header") != std::string::npos);
  BOOST_TEST(message("t,v\n").find("no data rows") != std::string::npos);
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(time_control)
BOOST_AUTO_TEST_CASE(lands_on_events_and_grows)
{
  TimeParameters p;
  p.end_time           = 100 * 3600.;
  p.initial_step       = 3600;
  p.max_step_operating = 8 * 3600.;
  p.max_step_idle      = 8 * 3600.;
  p.growth             = 2;
  const double event   = 37.5 * 3600;
  TimeControl  tc(
    p,
    [&](double t) { return t < event ? event : std::numeric_limits<double>::infinity(); },
    [](double) { return true; });
  bool   hit_event = false;
  double previous  = 0;
  while (!tc.finished())
    {
      const double dt = tc.plan_step();
      const auto   c  = tc.coefficients();
      if (tc.step_number() > 0 && previous > 0)
        BOOST_TEST(dt / previous <= 2.0 + 1e-12); // BDF2 stability
      // BDF coefficients are consistent: beta0 + beta1 + beta2 = 0
      BOOST_TEST(std::abs(c.beta0 + c.beta1 + c.beta2) < 1e-12);
      tc.advance();
      hit_event |= std::abs(tc.time() - event) < 1e-9;
      previous = dt;
    }
  BOOST_TEST(hit_event);
  BOOST_TEST(tc.time() == p.end_time);
}
BOOST_AUTO_TEST_SUITE_END()

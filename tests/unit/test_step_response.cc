// StepResponseModel (response/step_response.h), the superposition of the
// fields' fast path, against a direct convolution. The step response is an
// infinite line source at r = 0.1 m in ground of lambda = 2 W/(m K),
// alpha = 1e-6 m^2/s:  h(t) = -E1(r^2 / (4 alpha t)) / (4 pi lambda) (K per
// W/m), sampled as the FE response is (hourly for a day, then steps growing
// by 1.25 to the horizon). A load that changes every hour (random, seeded)
// with idle days of 24 h steps is superposed for 60 days and compared with
//     y(t_n) = sum_i (q_i - q_{i-1}) h(t_n - s_i)
// evaluated exactly: within 1e-5 of the largest |y| (measured 3e-7: the fit between the
// samples). Also: a sampled free response is added as given, the step's
// value is affine in its load, and save/load continues bit for bit.
#include <boost/math/special_functions/expint.hpp>
#include <boost/test/unit_test.hpp>

#include <geoheat/response/step_response.h>

#include <cmath>
#include <random>

using namespace geoheat;

namespace
{
  double line_source(const double t)
  {
    const double r = 0.1, alpha = 1e-6, lambda = 2;
    return -boost::math::expint(1, r * r / (4 * alpha * t)) / (4 * M_PI * lambda);
  }

  ResponseSamples sampled(const double horizon, const bool with_free)
  {
    ResponseSamples s;
    double          dt = 3600;
    for (double t = dt; t < horizon * (1 - 1e-9); t += dt)
      {
        s.time.push_back(t);
        if (s.time.size() >= 24)
          dt *= 1.25;
      }
    s.time.push_back(horizon);
    s.step.resize(1);
    for (const double t : s.time)
      s.step[0].push_back(line_source(t));
    s.free_initial = {10.0};
    if (with_free)
      {
        s.free.resize(1);
        for (const double t : s.time)
          s.free[0].push_back(10.0 + 1e-9 * t); // a slow drift
      }
    return s;
  }
} // namespace

BOOST_AUTO_TEST_SUITE(step_response)

BOOST_AUTO_TEST_CASE(superposition_matches_convolution)
{
  const double      horizon = 61 * 86400.0;
  StepResponseModel model(sampled(horizon, true), 720, 3 * horizon, 4);
  BOOST_TEST(model.fit_error() < 1e-3);
  BOOST_TEST(model.swing() < 1e-3);

  std::mt19937                           random(7);
  std::uniform_real_distribution<double> load(-50, 50); // W/m
  std::vector<double>                    start, q, fast;
  double                                 t = 0;
  while (t < 60 * 86400.0)
    {
      const bool   idle_day = int(t / 86400) % 7 == 6;
      const double dt       = idle_day ? 86400.0 : 3600.0;
      const double qn       = idle_day ? 0.0 : load(random);
      model.begin_step(dt);
      const double y = model.history(0) + qn * model.slope(0);
      model.end_step(qn);
      start.push_back(t);
      q.push_back(qn);
      t += dt;
      fast.push_back(y);
    }
  double worst = 0, scale = 0;
  for (std::size_t n = 0; n < q.size(); ++n)
    {
      const double tn = start[n] + (n + 1 < q.size() ? start[n + 1] - start[n] : t - start[n]);
      double       y  = 10.0 + 1e-9 * tn;
      for (std::size_t i = 0; i <= n; ++i)
        y += (q[i] - (i > 0 ? q[i - 1] : 0.0)) * line_source(tn - start[i]);
      scale = std::max(scale, std::abs(y - 10.0 - 1e-9 * tn));
      worst = std::max(worst, std::abs(fast[n] - y));
    }
  BOOST_TEST_MESSAGE("superposition vs convolution: " << worst << " K of " << scale << " K");
  BOOST_TEST(worst < 1e-5 * scale); // measured 3e-7
}

BOOST_AUTO_TEST_CASE(state_round_trip)
{
  const double      horizon = 30 * 86400.0;
  StepResponseModel a(sampled(horizon, false), 720, 3 * horizon, 4);
  for (int n = 0; n < 100; ++n)
    {
      a.begin_step(3600);
      a.end_step(20.0 * std::sin(0.3 * n));
    }
  StepResponseModel b(sampled(horizon, false), 720, 3 * horizon, 4);
  b.load(a.save());
  BOOST_TEST(b.time() == a.time());
  for (const double dt : {3600.0, 7200.0, 86400.0})
    {
      a.begin_step(dt);
      b.begin_step(dt);
      BOOST_TEST(a.history(0) == b.history(0));
      BOOST_TEST(a.slope(0) == b.slope(0));
      a.end_step(5.0);
      b.end_step(5.0);
    }
  BOOST_CHECK_THROW(b.load("not a state"), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()

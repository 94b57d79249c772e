#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/householder.h>
#include <deal.II/lac/vector.h>

#include <geoheat/io/state_stream.h>
#include <geoheat/response/step_response.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Marks the bytes of StepResponseModel::save().
    constexpr std::uint64_t state_tag = 0x7370726573706f6eULL; // "sprespon"
  }                                                            // namespace

  StepResponseModel::StepResponseModel(const ResponseSamples &samples,
                                       const double           shortest_tau,
                                       const double           longest_tau,
                                       const double           per_decade)
    : sample_time(samples.time)
    , free_samples(samples.free)
    , free_initial(samples.free_initial)
  {
    const std::size_t m = samples.time.size();
    for (double s = shortest_tau; s <= longest_tau * (1 + 1e-12);
         s *= std::pow(10.0, 1 / per_decade))
      tau.push_back(s);
    if (m < tau.size() + 1)
      throw std::runtime_error("internal: " + std::to_string(m) + " response samples for " +
                               std::to_string(tau.size() + 1) + " coefficients");

    // Least squares, one factorisation for every channel.
    FullMatrix<double> A(m, tau.size() + 1);
    for (std::size_t j = 0; j < m; ++j)
      {
        A(j, 0) = 1;
        for (std::size_t k = 0; k < tau.size(); ++k)
          A(j, k + 1) = -std::expm1(-samples.time[j] / tau[k]);
      }
    Householder<double> qr(A);
    Vector<double>      rhs(m), c(tau.size() + 1);
    for (const std::vector<double> &h : samples.step)
      {
        std::copy(h.begin(), h.end(), rhs.begin());
        qr.least_squares(c, rhs);
        coefficients.emplace_back(c.begin(), c.end());
        double scale = 0, error = 0;
        for (std::size_t j = 0; j < m; ++j)
          {
            scale = std::max(scale, std::abs(h[j]));
            error = std::max(error,
                             std::abs(step_value(coefficients.size() - 1, samples.time[j]) - h[j]));
          }
        if (scale > 0)
          worst_fit = std::max(worst_fit, error / scale);
        // Midway (in ln t) between samples: against the mean of the two
        // neighbours, a bound for a fit that swings between the samples.
        double between = 0;
        for (std::size_t j = 0; j + 1 < m; ++j)
          {
            const double t_mid = std::sqrt(samples.time[j] * samples.time[j + 1]);
            const double fit   = step_value(coefficients.size() - 1, t_mid);
            const double lo = std::min(h[j], h[j + 1]), hi = std::max(h[j], h[j + 1]);
            between = std::max(between, std::max(lo - fit, fit - hi));
          }
        if (scale > 0)
          worst_between = std::max(worst_between, between / scale);
      }
    z.assign(tau.size(), 0.0);
    decay.assign(tau.size(), 1.0);
  }

  double StepResponseModel::step_value(const unsigned int c, const double s) const
  {
    const std::vector<double> &k = coefficients[c];
    double                     h = k[0];
    for (std::size_t i = 0; i < tau.size(); ++i)
      h -= k[i + 1] * std::expm1(-s / tau[i]);
    return h;
  }

  double StepResponseModel::free_value(const unsigned int c, const double s) const
  {
    if (free_samples.empty())
      return free_initial[c];
    const std::vector<double> &f = free_samples[c];
    const auto                 j =
      std::upper_bound(sample_time.begin(), sample_time.end(), s) - sample_time.begin();
    if (j == 0) // before the first sample: from the initial value
      return free_initial[c] + (f[0] - free_initial[c]) * s / sample_time[0];
    if (std::size_t(j) == sample_time.size())
      return f.back(); // beyond the horizon the responses were computed for
    const double w = (s - sample_time[j - 1]) / (sample_time[j] - sample_time[j - 1]);
    return (1 - w) * f[j - 1] + w * f[j];
  }

  void StepResponseModel::begin_step(const double dt)
  {
    planned = dt;
    if (dt == decay_dt) // most steps are as long as the last one (hourly loads)
      return;
    decay_dt = dt;
    for (std::size_t k = 0; k < tau.size(); ++k)
      decay[k] = std::exp(-dt / tau[k]);
  }

  double StepResponseModel::history(const unsigned int c) const
  {
    const std::vector<double> &k = coefficients[c];
    double                     y = free_value(c, t + planned);
    for (std::size_t i = 0; i < tau.size(); ++i)
      y += k[i + 1] * decay[i] * z[i];
    return y;
  }

  double StepResponseModel::slope(const unsigned int c) const
  {
    const std::vector<double> &k = coefficients[c];
    double                     s = k[0];
    for (std::size_t i = 0; i < tau.size(); ++i)
      s += k[i + 1] * (1 - decay[i]);
    return s;
  }

  void StepResponseModel::end_step(const double q)
  {
    for (std::size_t k = 0; k < tau.size(); ++k)
      z[k] = z[k] * decay[k] + (1 - decay[k]) * q;
    t += planned;
    planned = 0;
  }

  std::string StepResponseModel::save() const
  {
    StateWriter out;
    out.put(state_tag);
    out.put(t);
    out.put_vector(z);
    return out.str();
  }

  void StepResponseModel::load(const std::string &bytes)
  {
    StateReader in(bytes);
    if (bytes.size() < sizeof(state_tag) || in.get<std::uint64_t>() != state_tag)
      throw std::runtime_error("the checkpoint was not written by the step-response fast path "
                               "(resume it with the Time/Method it was written with)");
    const double              t_saved = in.get<double>();
    const std::vector<double> z_saved = in.get_vector();
    if (z_saved.size() != z.size())
      throw std::runtime_error("the checkpoint's step-response state has " +
                               std::to_string(z_saved.size()) + " filtered loads, this model " +
                               std::to_string(z.size()));
    t = t_saved;
    z = z_saved;
  }
} // namespace geoheat

#pragma once
/**
 * @file step_response.h
 * Superposition of step responses: the fast path of the 3D fields.
 *
 * At a fixed flow the coupled ground + borehole model is linear and time
 * invariant in the heat taken from the ground q (W). Every output y (a
 * "channel": the outlet temperature, the wall heat, a borehole's inlet ...)
 * is then
 *     y(t) = f(t) + int_0^t h'(t - s) q(s) ds,
 * with f the free response (q = 0: the undisturbed ground, the geotherm
 * relaxing around the flowing loop, friction heat) and h the response to a
 * unit step of q at t = 0 from the zero state. Both are sampled once on the
 * FE model (response/field_response.h).
 *
 * h is fitted as h(t) = c_0 + sum_k c_k (1 - exp(-t / tau_k)) (tau_k
 * log-spaced, linear least squares, every channel with the same tau_k). For
 * a load q constant over each step this superposes exactly through one
 * state per tau_k, the load filtered with that time constant:
 *     z_k <- z_k e_k + (1 - e_k) q_n,       e_k = exp(-dt / tau_k)
 *     y(t_{n+1}) = f(t_{n+1}) + c_0 q_n + sum_k c_k z_k(t_{n+1})
 *                = [f + sum_k c_k e_k z_k(t_n)] + q_n [c_0 + sum_k c_k (1 - e_k)],
 * affine in the step's load, whatever the step sizes (Claesson and Javed's
 * load aggregation does the same with tabulated h; the exponentials make it
 * O(#tau) per step and exact for any step length).
 */
#include <string>
#include <vector>

namespace geoheat
{
  /// Step and free responses of a linear model, sampled at the same times.
  struct ResponseSamples
  {
    std::vector<double>              time; ///< s, > 0, increasing
    std::vector<std::vector<double>> step; ///< [channel][sample], per W, from the zero state
    /// [channel][sample] with q = 0; empty: constant at free_initial.
    std::vector<std::vector<double>> free;
    std::vector<double>              free_initial; ///< [channel] at t = 0
  };

  class StepResponseModel
  {
  public:
    /// Fit every channel's step response with @p per_decade time constants
    /// per decade from @p shortest_tau to @p longest_tau (s).
    StepResponseModel(const ResponseSamples &samples,
                      double                 shortest_tau,
                      double                 longest_tau,
                      double                 per_decade);

    unsigned int n_channels() const
    {
      return coefficients.size();
    }
    unsigned int n_states() const
    {
      return tau.size();
    }
    /// Largest |fit - sample| of a channel's step response over its samples,
    /// relative to the channel's largest |sample|; the worst channel.
    double fit_error() const
    {
      return worst_fit;
    }
    /// How far the fit leaves the range of two neighbouring samples midway
    /// (in ln t) between them, relative as fit_error(); the worst channel.
    /// A few 1e-3 at most for a monotone response (the curvature); more
    /// means the fit swings between the samples (too few per time constant).
    double swing() const
    {
      return worst_between;
    }
    /// The fitted step response of channel @p c at @p t (s).
    double step_value(unsigned int c, double t) const;
    /// The free response of channel @p c at @p t (s): linear between samples.
    double free_value(unsigned int c, double t) const;

    /// Plan the step (t, t + dt]; then history() and slope() give every
    /// channel's end-of-step value as history + q slope.
    void   begin_step(double dt);
    double history(unsigned int c) const;
    double slope(unsigned int c) const;
    /// Accept the planned step with the load @p q (W) over it.
    void end_step(double q);

    double time() const
    {
      return t;
    }
    /// The state (time and filtered loads) as bytes, and back; load()
    /// throws std::runtime_error if the bytes do not fit this model.
    std::string save() const;
    void        load(const std::string &bytes);

  private:
    std::vector<double>              tau;          ///< s
    std::vector<std::vector<double>> coefficients; ///< [channel] c_0, c_1 .. c_K (K/W, W/W)
    std::vector<double>              sample_time;
    std::vector<std::vector<double>> free_samples;
    std::vector<double>              free_initial;
    double                           worst_fit = 0, worst_between = 0;

    double              t = 0;         ///< s, end of the last accepted step
    std::vector<double> z;             ///< filtered loads (W)
    double              planned = 0;   ///< dt of the planned step (s)
    std::vector<double> decay;         ///< e_k of the planned step
    double              decay_dt = -1; ///< the step length decay is for (s)
  };
} // namespace geoheat

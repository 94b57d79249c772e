#pragma once
/**
 * @file time_control.h
 * Simulation control: owns time, the step history and the step size policy.
 *
 * Steps start at "Initial time step" after every event (a change of the
 * operating point), grow by "Step growth factor" up to the maximum for
 * operation or for idle periods, and land exactly on events, output times
 * and the end time (no sliver steps: the last two steps before a landing
 * are balanced). The scheme is variable-step BDF2 (second order; stable for
 * step ratios below 1 + sqrt 2), restarted with one implicit Euler step at
 * every event so that a load jump does not excite the BDF2 parasitic mode.
 */
#include <deal.II/base/parameter_handler.h>

#include <functional>
#include <string>

namespace geoheat
{
  struct TimeParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    double end_time           = 0; ///< s
    double initial_step       = 0; ///< s
    double max_step_operating = 0; ///< s
    double max_step_idle      = 0; ///< s
    double growth             = 2;
    bool   bdf2               = true;
    double output_interval    = 0; ///< s; 0 = only at the end
    /// Steps of the full FE model, or of its reduced model (the fast path,
    /// coupled_problem_reduction.cc), where it applies.
    bool fast = false;
    /// Fields on the fast path: where step responses are kept for later
    /// runs of the same model (response/response_cache.h); empty: nowhere.
    std::string response_cache;
  };

  /// Coefficients of  (beta0 x^{n+1} + beta1 x^n + beta2 x^{n-1}) / dt.
  struct BDFCoefficients
  {
    double beta0, beta1, beta2;
  };

  class TimeControl
  {
  public:
    /// @param next_event first time after t at which the operation changes
    /// @param operating whether the well operates (flow > 0) just after t
    /// @param restarts_at whether the event at t needs a fresh start (an
    ///        implicit Euler step from the initial step size); by default
    ///        every event does. Building loads restart only where the pump
    ///        switches, so hourly load changes keep BDF2 and the step size.
    TimeControl(const TimeParameters         &parameters,
                std::function<double(double)> next_event,
                std::function<bool(double)>   operating,
                std::function<bool(double)>   restarts_at = nullptr);

    /// Everything needed to continue exactly from a checkpoint.
    struct State
    {
      double       t, dt, dt_previous;
      unsigned int step;
      bool         restart, output_due;
    };
    State state() const
    {
      return {t, dt, dt_previous, step, restart, output_due};
    }
    void restore(const State &s);

    bool   finished() const;
    double time() const
    {
      return t;
    }
    double step_size() const
    {
      return dt;
    }
    unsigned int step_number() const
    {
      return step;
    }
    /// Choose the next step from the current time; returns its size.
    double plan_step();
    /// Coefficients for the planned step.
    BDFCoefficients coefficients() const;
    /// Accept the planned step: t += dt.
    void advance();
    /// True if the accepted step ended on an output time (or the end).
    bool at_output_time() const
    {
      return output_due;
    }
    /// End of the simulated period (s).
    double end_time() const
    {
      return prm.end_time;
    }

  private:
    double next_output_after(double t) const;

    TimeParameters                prm;
    std::function<double(double)> next_event;
    std::function<bool(double)>   operating;
    std::function<bool(double)>   restarts_at;
    double                        t = 0, dt = 0, dt_previous = 0;
    unsigned int                  step            = 0;
    bool                          restart         = true; ///< next step follows an event
    bool                          lands_on_event  = false;
    bool                          lands_on_output = false;
    bool                          output_due      = false;
  };
} // namespace geoheat

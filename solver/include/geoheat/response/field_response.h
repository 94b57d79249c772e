#pragma once
/**
 * @file field_response.h
 * Time/Method = fast for borehole fields: the field's own FE model, stepped
 * once through its step response, then superposed (step_response.h).
 *
 * The response is computed on the run's model itself (same mesh, boreholes,
 * piping, layers, groundwater, line coupling with its transient kernels) at
 * the run's flow, with the heat rate q as the input (the heat pump or the
 * prescribed extraction picks it in every step, as in the full model):
 *  - the step pass: q = q_ref from t = 0;
 *  - the free pass, in lockstep on the same step matrices: q = 0 (needed
 *    only where the free response is not constant: a geotherm along the
 *    boreholes or friction heat);
 * step response h = (step - free) / q_ref. The steps are those of the run
 * (its shortest step) for the first day, then grow by 1.25 to the run's end.
 * Afterwards the model is back at its initial state (t = 0 outputs).
 *
 * Channels: 0 field outlet (deg C), 1 wall heat (W), then per borehole b
 * 2 + 3b inlet, 3 + 3b outlet (deg C), 4 + 3b ground load (W). The field
 * inlet follows exactly from q = C (T_out - T_in), C the loop's (rho c)_f V.
 *
 * What it does not represent (README, "Fast path"): the flow is the run's
 * while the pump is off too (the stagnant fluid of the full model is not
 * modelled: its outlet while idle is the flowing loop's at q = 0, and
 * friction heat is charged while idle if the free pass has it); one flow
 * rate; no temperature-dependent fluid, no seasonal surface temperature
 * (step_response_unavailable() says so and the full model runs).
 */
#include <geoheat/coupling/coupled_problem.h>
#include <geoheat/operation/operation.h>
#include <geoheat/response/step_response.h>
#include <geoheat/simulation/field_simulation.h>

#include <mpi.h>

#include <functional>
#include <memory>
#include <string>

namespace geoheat
{
  /// Why the step-response fast path cannot run this field; empty if it can.
  std::string step_response_unavailable(const FieldParameters &p);

  /// What the response computation found, besides the samples.
  struct FieldStepResponse
  {
    ResponseSamples     samples;
    double              capacity_rate = 0; ///< W/K, (rho c)_f V of the loop at the flow
    std::vector<double> borehole_flow;     ///< m^3/s at the flow
    double              friction_W  = 0;   ///< friction heat while flowing (W)
    bool                free_pass   = false;
    unsigned int        steps       = 0;
    double              wall_time_s = 0;     ///< the largest over the ranks
    bool                from_cache  = false; ///< read from Time/Response cache directory
  };

  /// Step the run's @p problem (at its initial state) through the passes at
  /// @p flow (m^3/s) and restore the initial state. Collective.
  FieldStepResponse compute_field_step_response(CoupledProblem<3>     &problem,
                                                const FieldParameters &p,
                                                double                 flow,
                                                MPI_Comm               comm);

  /// Write the outlet's sampled and fitted step response and free response
  /// (step_response.csv) for a look and for the tests.
  void write_step_response(const std::string       &file,
                           const FieldStepResponse &r,
                           const StepResponseModel &model);

  /// Steps of a run on the fast path: the same StepResult as the full
  /// model's step (every rank computes them, the state is replicated).
  class FieldResponseStepper
  {
  public:
    /// @param per_borehole fill StepResult::boreholes (their series are written)
    FieldResponseStepper(const FieldStepResponse &response, double flow, bool per_borehole);

    /// A step driven by the heat pump (choose_value picks the heat rate
    /// from the affine inlet/outlet response); @p flow 0 or the run's.
    StepResult
    step(double dt, double flow, const std::function<double(const LinearResponse &)> &choose_value);
    /// A step of a prescribed operation (heat extraction control).
    StepResult step(double dt, const OperatingPoint &op);

    const StepResponseModel &model() const
    {
      return superposition;
    }
    const FieldStepResponse &response() const
    {
      return computed;
    }
    std::string save() const
    {
      return superposition.save();
    }
    /// Restore from a checkpoint's pieces (every rank's are the same).
    void load(const std::vector<std::string> &pieces);

  private:
    /// The planned step's figures with the load @p q (W); accepts the step.
    StepResult step_with(double flow, double q);

    FieldStepResponse computed;
    double            flow_on;
    bool              boreholes;
    StepResponseModel superposition;
  };
} // namespace geoheat

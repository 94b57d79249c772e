#pragma once
/**
 * @file run_loop.h
 * The time loop shared by every model: time control, the operation or the
 * building load through the heat pump, statistics, outputs, checkpoints and
 * stop signals. The model (ground, boreholes, coupled step problem) is built
 * by the caller; the loop holds no physics.
 */
#include <geoheat/coupling/coupled_problem.h>
#include <geoheat/network/field_layout.h>
#include <geoheat/simulation/run_parameters.h>

#include <mpi.h>

#include <chrono>
#include <string>

namespace geoheat
{
  class FieldResponseStepper; // response/field_response.h

  /// The parts of a built model the loop drives.
  template <int dim>
  struct RunModel
  {
    GroundModel<dim>    &ground;
    BoreholeNetwork     &network;
    CoupledProblem<dim> &problem;
    std::string          description; ///< one line for the terminal
    /// Fields: where the boreholes are (same order as the network); empty
    /// for a single well.
    std::vector<BoreholePlacement> placements = {};
    /// Fields with Time/Method = fast: the step-response superposition that
    /// replaces the model's steps (response/field_response.h), or why it
    /// cannot (then the full model runs); both empty otherwise.
    FieldResponseStepper *response             = nullptr;
    std::string           response_unavailable = {};
  };

  /// Create the run directory and its subfolders on rank 0 (collective);
  /// throws InputError if it is not writable. Call before building a model.
  void prepare_run_directory(MPI_Comm comm, const std::string &dir, bool resume);

  /// Run the time loop to the end (or a stop signal). Throws InputError for
  /// bad input; a run that fails after it started leaves summary.json with
  /// status "failed".
  template <int dim>
  RunOutcome run_time_loop(MPI_Comm                              comm,
                           const RunParameters                  &p,
                           const dealii::ParameterHandler       &prm,
                           const RunOptions                     &options,
                           RunModel<dim>                        &model,
                           std::chrono::steady_clock::time_point start);
} // namespace geoheat

#pragma once
/**
 * @file response_cache.h
 * Step responses of fields kept on disk for later runs of the same model
 * (Time/Response cache directory): a study over loads, a Monte Carlo of the
 * load scale or a second design run computes the one-off response once.
 *
 * The key is every parameter the response depends on, as text: the model,
 * ground, borehole field and heat exchangers, fluid, field mesh, linear
 * solver, Operation/Flow rate and the time steps it samples (Time/End time,
 * Initial time step, Maximum time step in operation, Scheme), with the CRC-32
 * of every file they name; not the loads, heat pump, the rest of Operation,
 * outputs or checkpoints. The file is step_response_<FNV-1a of the key>.bin
 * holding the key itself (a hash collision is a miss, not a wrong answer).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/response/field_response.h>

#include <mpi.h>

#include <optional>
#include <string>

namespace geoheat
{
  /// The text the cached response must have been computed for.
  std::string response_cache_key(const dealii::ParameterHandler &prm);

  /// The response kept in @p directory for @p key, read on every rank;
  /// nullopt if there is none (or it cannot be read: a warning on rank 0).
  std::optional<FieldStepResponse>
  read_cached_response(const std::string &directory, const std::string &key, MPI_Comm comm);

  /// Keep @p response in @p directory (rank 0 writes, atomically; a failure
  /// is a warning: the run goes on).
  void write_cached_response(const std::string       &directory,
                             const std::string       &key,
                             const FieldStepResponse &response,
                             MPI_Comm                 comm);
} // namespace geoheat

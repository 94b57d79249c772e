#pragma once
/**
 * @file deep_well_simulation.h
 * One deep coaxial well in axisymmetric ground, from a parameter file to a
 * finished run directory: builds the (r, z) mesh, the ground model, the
 * coaxial well and the wall-face coupling, then runs the shared time loop
 * (simulation/run_loop.h).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/mesh/axisymmetric_well_mesh.h>
#include <geoheat/simulation/run_parameters.h>
#include <geoheat/wells/coaxial/coaxial_geometry.h>

#include <mpi.h>

namespace geoheat
{
  struct DeepWellParameters : RunParameters
  {
    /// Declare the deep-well subsections (Well, Mesh); RunParameters::declare
    /// declares the shared ones.
    static void declare(dealii::ParameterHandler &prm);
    /// Parse every subsection and check cross-parameter consistency.
    void parse(dealii::ParameterHandler &prm, const std::string &file);

    CoaxialGeometry well;
    MeshParameters  mesh;
  };

  /// Run a simulation. Throws InputError for bad input; a run that fails
  /// after it started leaves summary.json with status "failed".
  RunOutcome simulate_deep_well(MPI_Comm                        comm,
                                const DeepWellParameters       &p,
                                const dealii::ParameterHandler &prm,
                                const RunOptions               &options = RunOptions());

  /// Exit code of the geoheat driver for a run: 0 completed, 4 stopped by a
  /// signal (resume with --resume).
  int run_deep_well(MPI_Comm                        comm,
                    const DeepWellParameters       &p,
                    const dealii::ParameterHandler &prm,
                    bool                            resume);
} // namespace geoheat

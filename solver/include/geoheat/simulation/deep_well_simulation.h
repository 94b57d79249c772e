#pragma once
/**
 * @file deep_well_simulation.h
 * One deep coaxial well in axisymmetric ground, from a parameter file to a
 * finished run directory. Data flows one way: parameters -> mesh -> ground +
 * well + operation -> time loop -> outputs; the physics lives in the
 * components, this class only wires them together.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/ground/ground_properties.h>
#include <geoheat/io/checkpoint.h>
#include <geoheat/io/run_records.h>
#include <geoheat/mesh/axisymmetric_well_mesh.h>
#include <geoheat/operation/operation.h>
#include <geoheat/surface/building_load.h>
#include <geoheat/surface/heat_pump.h>
#include <geoheat/surface/heat_pump_coupling.h>
#include <geoheat/time/time_control.h>
#include <geoheat/wells/coaxial_geometry.h>
#include <geoheat/wells/fluid_properties.h>

#include <mpi.h>

#include <functional>
#include <string>

namespace geoheat
{
  struct OutputParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    std::string directory = "output";
    bool        vtk = true, hdf5 = true;
    double      progress_interval = 2; ///< wall-clock seconds between progress lines
  };

  struct DeepWellParameters
  {
    /// Declare every subsection of a deep-well parameter file.
    static void declare(dealii::ParameterHandler &prm);
    /// Parse every subsection and check cross-parameter consistency.
    void parse(dealii::ParameterHandler &prm, const std::string &file);

    GroundProperties ground;
    CoaxialGeometry  well;
    FluidProperties  fluid;
    Operation        operation;
    BuildingLoad     building;  ///< only with Operation/Inlet control = heat pump
    HeatPump         heat_pump; ///< only with Operation/Inlet control = heat pump
    TimeParameters   time;
    MeshParameters   mesh;
    OutputParameters output;
    CheckpointParameters checkpoint;
  };

  struct RunOptions
  {
    bool write_files = true;  ///< false: no output directory at all (design searches)
    bool resume      = false; ///< continue from the newest checkpoint
    bool verbose     = true;  ///< progress lines on rank 0
    /// Called after every accepted step on every rank (end time in s; the
    /// heat pump's figures or nullptr for prescribed runs).
    std::function<void(double, const StepResult &, const SurfaceStep *)> on_step;
  };

  /// How a run ended, with its figures.
  struct RunOutcome
  {
    std::string   status; ///< completed | stopped
    RunStatistics statistics;
    SummaryInfo   info;
  };

  /// Run a simulation. Throws InputError for bad input; a run that fails
  /// after it started leaves summary.json with status "failed".
  RunOutcome simulate_deep_well(MPI_Comm comm, const DeepWellParameters &p,
                                const dealii::ParameterHandler &prm,
                                const RunOptions &options = RunOptions());

  /// Exit code of the geoheat driver for a run: 0 completed, 4 stopped by a
  /// signal (resume with --resume).
  int run_deep_well(MPI_Comm comm, const DeepWellParameters &p,
                    const dealii::ParameterHandler &prm, bool resume);
} // namespace geoheat

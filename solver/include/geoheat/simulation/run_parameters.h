#pragma once
/**
 * @file run_parameters.h
 * What every run needs whatever the boreholes are: ground, fluid, what drives
 * the loop (operation or building load through a heat pump), time control,
 * outputs and checkpoints; and how a run is asked to behave and how it ended.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/coupling/linear_solver_options.h>
#include <geoheat/coupling/step_result.h>
#include <geoheat/ground/ground_properties.h>
#include <geoheat/io/checkpoint.h>
#include <geoheat/io/run_records.h>
#include <geoheat/operation/operation.h>
#include <geoheat/surface/building_load.h>
#include <geoheat/surface/heat_pump.h>
#include <geoheat/surface/heat_pump_coupling.h>
#include <geoheat/time/time_control.h>
#include <geoheat/wells/common/fluid_properties.h>

#include <functional>
#include <string>

namespace geoheat
{
  class ReductionCache; // coupling/reduction_cache.h

  struct OutputParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    std::string directory = "output";
    bool        vtk = true, hdf5 = true;
    /// Volume fields (VTK, HDF5) at every n-th output time only, from the
    /// first (t = 0); well profiles at every output time.
    unsigned int volume_every = 1;
    /// Per-borehole series of fields: automatic | wells.csv | wells.h5
    std::string borehole_series   = "automatic";
    double      progress_interval = 2; ///< wall-clock seconds between progress lines
  };

  /// The subsections shared by every kind of run.
  struct RunParameters
  {
    /// Declare the shared subsections (and the top-level entry Model).
    static void declare(dealii::ParameterHandler &prm);
    /// Parse them and check their cross-parameter consistency.
    void parse(dealii::ParameterHandler &prm, const std::string &file);

    std::string          file; ///< the parameter file (for error messages)
    GroundProperties     ground;
    FluidProperties      fluid;
    Operation            operation;
    BuildingLoad         building;  ///< only with Operation/Inlet control = heat pump
    HeatPump             heat_pump; ///< only with Operation/Inlet control = heat pump
    TimeParameters       time;
    OutputParameters     output;
    CheckpointParameters checkpoint;
    LinearSolverOptions  linear_solver;
  };

  /// Which model a parameter file describes (top-level entry `Model`).
  enum class ModelKind
  {
    deep_well,     ///< one coaxial well in axisymmetric ground
    borehole_field ///< U-tube boreholes as lines in 3D ground
  };
  ModelKind model_kind(dealii::ParameterHandler &prm);

  struct RunOptions
  {
    bool write_files = true;  ///< false: no output directory at all (design searches)
    bool resume      = false; ///< continue from the newest checkpoint
    bool verbose     = true;  ///< progress lines on rank 0
    /// Called after every accepted step on every rank (end time in s; the
    /// heat pump's figures or nullptr for prescribed runs).
    std::function<void(double, const StepResult &, const SurfaceStep *)> on_step;
    /// Time/Method = fast: keep the reduced model here and take it again
    /// when the next run's system is the same (design searches:
    /// reduction_cache.h); nullptr builds it in every run.
    ReductionCache *reduction_cache = nullptr;
  };

  /// How a run ended, with its figures.
  struct RunOutcome
  {
    std::string   status; ///< completed | stopped
    RunStatistics statistics;
    SummaryInfo   info;
  };
} // namespace geoheat

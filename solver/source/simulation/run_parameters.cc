#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/simulation/run_parameters.h>

namespace geoheat
{
  using namespace dealii;

  void OutputParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    prm.declare_entry("Directory",
                      "output",
                      Patterns::Anything(),
                      "Run directory (created if missing). Overridden by --output-dir.");
    prm.declare_entry("Write VTK",
                      "true",
                      Patterns::Bool(),
                      "Write solution.pvd with .pvtu/.vtu pieces.");
    prm.declare_entry("Write HDF5",
                      "true",
                      Patterns::Bool(),
                      "Write solution.xdmf with parallel HDF5 files.");
    prm.declare_entry("Volume output every",
                      "1",
                      Patterns::Integer(1),
                      "Write the volume fields (VTK, HDF5) at every n-th output time only "
                      "(the first is t = 0); the well profiles come at every output time.");
    prm.declare_entry("Per-borehole series",
                      "automatic",
                      Patterns::Selection("automatic|wells.csv|wells.h5"),
                      "Fields: where the per-borehole time series go. automatic: wells.csv "
                      "(one row per step and borehole) up to 64 boreholes, wells.h5 "
                      "(datasets steps x boreholes) above.");
    prm.declare_entry("Progress interval",
                      "2",
                      Patterns::Double(0),
                      "Wall-clock seconds between progress lines on the terminal.");
    prm.leave_subsection();
  }

  void OutputParameters::parse(ParameterHandler &prm, const std::string &)
  {
    prm.enter_subsection("Output");
    directory         = prm.get("Directory");
    vtk               = prm.get_bool("Write VTK");
    hdf5              = prm.get_bool("Write HDF5");
    volume_every      = prm.get_integer("Volume output every");
    borehole_series   = prm.get("Per-borehole series");
    progress_interval = prm.get_double("Progress interval");
    prm.leave_subsection();
  }

  void RunParameters::declare(ParameterHandler &prm)
  {
    prm.declare_entry("Model",
                      "deep well",
                      Patterns::Selection("deep well|borehole field"),
                      "What the file describes: one deep coaxial well in axisymmetric "
                      "ground, or a field of U-tube boreholes in 3D ground.");
    GroundProperties::declare(prm);
    FluidProperties::declare(prm);
    Operation::declare(prm);
    BuildingLoad::declare(prm);
    HeatPump::declare(prm);
    TimeParameters::declare(prm);
    OutputParameters::declare(prm);
    CheckpointParameters::declare(prm);
    LinearSolverOptions::declare(prm);
  }

  ModelKind model_kind(ParameterHandler &prm)
  {
    return prm.get("Model") == "borehole field" ? ModelKind::borehole_field : ModelKind::deep_well;
  }

  void RunParameters::parse(ParameterHandler &prm, const std::string &parameter_file)
  {
    this->file = parameter_file;
    ground.parse(prm, parameter_file);
    fluid.parse(prm, parameter_file);
    operation.parse(prm, parameter_file);
    time.parse(prm, parameter_file);
    output.parse(prm, parameter_file);
    checkpoint.parse(prm, parameter_file);
    linear_solver.parse(prm, parameter_file);
    ground.start_day_of_year = operation.start_day(); // for the seasonal surface wave
    if (operation.heat_pump())
      {
        building.parse(prm, parameter_file, operation.start_day());
        heat_pump.parse(prm, parameter_file);
        require(building.end_of_data() >= time.end_time * (1 - 1e-12),
                building.file_name(),
                "",
                "covers " + std::to_string(building.end_of_data() / units::seconds_per_year) +
                  " years but Time/End time is " +
                  std::to_string(time.end_time / units::seconds_per_year) +
                  " years (set Building load/Repeat yearly = true for one repeated year)");
        require(heat_pump.min_fluid_C >= fluid.freezing_limit_C,
                parameter_file,
                "Heat pump/Minimum fluid temperature",
                std::to_string(heat_pump.min_fluid_C) + " C is below the freezing point of " +
                  fluid.name + " (" + std::to_string(fluid.freezing_limit_C) +
                  " C): raise it or add antifreeze (Fluid/Type, Glycol mass fraction)");
        require(!heat_pump.uses_outdoor_temperature() || building.has_outdoor_temperature(),
                parameter_file,
                "Heat pump/Supply temperature control",
                "a heating curve needs an outdoor_temperature_C column in " + building.file_name());
      }
  }
} // namespace geoheat

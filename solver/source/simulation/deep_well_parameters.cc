#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/simulation/deep_well_simulation.h>

namespace geoheat
{
  using namespace dealii;

  void OutputParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    prm.declare_entry("Directory", "output", Patterns::Anything(),
                      "Run directory (created if missing). Overridden by --output-dir.");
    prm.declare_entry("Write VTK", "true", Patterns::Bool(),
                      "Write solution.pvd with .pvtu/.vtu pieces.");
    prm.declare_entry("Write HDF5", "true", Patterns::Bool(),
                      "Write solution.xdmf with parallel HDF5 files.");
    prm.declare_entry("Progress interval", "2", Patterns::Double(0),
                      "Wall-clock seconds between progress lines on the terminal.");
    prm.leave_subsection();
  }

  void OutputParameters::parse(ParameterHandler &prm, const std::string &)
  {
    prm.enter_subsection("Output");
    directory         = prm.get("Directory");
    vtk               = prm.get_bool("Write VTK");
    hdf5              = prm.get_bool("Write HDF5");
    progress_interval = prm.get_double("Progress interval");
    prm.leave_subsection();
  }

  void DeepWellParameters::declare(ParameterHandler &prm)
  {
    GroundProperties::declare(prm);
    CoaxialGeometry::declare(prm);
    FluidProperties::declare(prm);
    Operation::declare(prm);
    BuildingLoad::declare(prm);
    HeatPump::declare(prm);
    TimeParameters::declare(prm);
    MeshParameters::declare(prm);
    OutputParameters::declare(prm);
    CheckpointParameters::declare(prm);
  }

  void DeepWellParameters::parse(ParameterHandler &prm, const std::string &file)
  {
    ground.parse(prm, file);
    well.parse(prm, file);
    fluid.parse(prm, file);
    operation.parse(prm, file);
    time.parse(prm, file);
    mesh.parse(prm, file);
    output.parse(prm, file);
    checkpoint.parse(prm, file);
    if (operation.heat_pump())
      {
        building.parse(prm, file, operation.start_day());
        heat_pump.parse(prm, file);
        require(building.end_of_data() >= time.end_time * (1 - 1e-12),
                building.file_name(), "",
                "covers " + std::to_string(building.end_of_data() / units::seconds_per_year) +
                  " years but Time/End time is " +
                  std::to_string(time.end_time / units::seconds_per_year) +
                  " years (set Building load/Repeat yearly = true for one repeated year)");
        require(!heat_pump.uses_outdoor_temperature() || building.has_outdoor_temperature(),
                file, "Heat pump/Supply temperature control",
                "a heating curve needs an outdoor_temperature_C column in " +
                  building.file_name());
      }

    // Cross-parameter consistency, before any heavy work.
    require(mesh.far_field_radius > 10 * well.mesh_wall_radius(), file,
            "Mesh/Far-field radius",
            "must be well outside the borehole (more than 10 borehole radii)");
    require(mesh.radial_first_cell < mesh.far_field_radius - well.mesh_wall_radius(),
            file, "Mesh/Radial first cell", "is larger than the rock region");
    require(mesh.vertical_min_cell < well.depth, file, "Mesh/Vertical min cell",
            "must be smaller than the well depth");
  }
} // namespace geoheat

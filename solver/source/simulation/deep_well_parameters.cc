#include <geoheat/base/input_error.h>
#include <geoheat/simulation/deep_well_simulation.h>

namespace geoheat
{
  using namespace dealii;

  void DeepWellParameters::declare(ParameterHandler &prm)
  {
    CoaxialGeometry::declare(prm);
    MeshParameters::declare(prm);
  }

  void DeepWellParameters::parse(ParameterHandler &prm, const std::string &parameter_file)
  {
    RunParameters::parse(prm, parameter_file);
    well.parse(prm, parameter_file);
    mesh.parse(prm, parameter_file);

    // Cross-parameter consistency, before any heavy work.
    require(!ground.groundwater.flows(),
            parameter_file,
            "Ground/Groundwater/Darcy velocity x",
            "groundwater flow breaks the axisymmetry of the deep-well model; it needs "
            "the 3D ground of Model = borehole field");
    require(mesh.far_field_radius > 10 * well.mesh_wall_radius(),
            parameter_file,
            "Mesh/Far-field radius",
            "must be well outside the borehole (more than 10 borehole radii)");
    require(mesh.radial_first_cell < mesh.far_field_radius - well.mesh_wall_radius(),
            parameter_file,
            "Mesh/Radial first cell",
            "is larger than the rock region");
    require(mesh.vertical_min_cell < well.depth,
            parameter_file,
            "Mesh/Vertical min cell",
            "must be smaller than the well depth");
    ground.check_log_reaches(well.depth + mesh.depth_below_well, parameter_file);
  }
} // namespace geoheat

#pragma once
/**
 * @file field_box_mesh.h
 * Structured, graded hexahedral mesh of the ground around a borehole field.
 *
 * Coordinates: x, y horizontal (m, field coordinates), z up with the ground
 * surface at z = 0 (z = -depth). The box reaches a margin around the field
 * and below the deepest borehole (automatic: 3 sqrt(alpha t_end) with the
 * largest diffusivity of the layers, at least 20 m, so the far field does
 * not feel the field within the simulated time). Mesh lines:
 *  - a vertical mesh line through every borehole axis (every x and every y
 *    coordinate of a borehole is a mesh plane), cells graded geometrically
 *    from `Borehole cell size` next to the axes to `Horizontal max cell`;
 *  - horizontal planes at the surface, at the top and bottom of every
 *    borehole and at every layer interface, graded towards the surface and
 *    the borehole ends, at most `Vertical cell along boreholes` over the
 *    boreholes' depth range.
 * Boundary ids as in the axisymmetric mesh: surface 0 (Dirichlet T_s),
 * bottom 1 (basal heat flux), far field 2 (adiabatic). Material id = layer.
 */
#include <deal.II/base/parameter_handler.h>
#include <deal.II/grid/tria.h>

#include <geoheat/ground/ground_properties.h>

#include <string>
#include <vector>

namespace geoheat
{
  struct FieldMeshParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    double       borehole_cell          = 1.0; ///< m, cell width next to a borehole axis
    double       horizontal_growth      = 1.3;
    double       horizontal_max_cell    = 25;   ///< m
    double       vertical_min_cell      = 1.0;  ///< m, at the surface and borehole ends
    double       vertical_borehole_cell = 5;    ///< m, max along the boreholes
    bool         transient_coupling     = true; ///< line coupling with its transient kernel
    double       vertical_max_cell      = 50;   ///< m
    double       vertical_growth        = 1.3;
    double       margin                 = 0; ///< m; 0 = automatic
    unsigned int degree                 = 1;
  };

  /// What the mesh builder tells the boreholes and their coupling.
  struct FieldMeshLines
  {
    std::vector<double>       x, y;   ///< node coordinates along x and y (m), increasing
    std::vector<double>       depth;  ///< node depths (m), 0 first, increasing downward
    std::vector<unsigned int> bx, by; ///< per borehole: index of its axis in x and y
  };

  /// Build the mesh for boreholes at (x_b, y_b) spanning depths [top_b, bottom_b].
  FieldMeshLines build_field_box_mesh(dealii::Triangulation<3>  &tria,
                                      const FieldMeshParameters &mesh,
                                      const std::vector<double> &x_b,
                                      const std::vector<double> &y_b,
                                      const std::vector<double> &top_b,
                                      const std::vector<double> &bottom_b,
                                      const GroundProperties    &ground,
                                      double                     end_time_s);
} // namespace geoheat

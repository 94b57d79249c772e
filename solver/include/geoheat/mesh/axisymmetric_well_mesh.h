#pragma once
/**
 * @file axisymmetric_well_mesh.h
 * Graded (r, z) mesh of the rock around one well, generated from parameters.
 *
 * Coordinates: x = r (m, from the well axis), y = -depth (m; the surface is
 * y = 0 and y points up, so ParaView shows the ground the right way up).
 * The solid occupies r >= r_wall(depth) along the well (0 < depth < H) and
 * the whole r >= 0 below the well bottom. Each depth section of the well has
 * its own wall radius and solid rings (casing steel, cement) out to the rock,
 * meshed as material zones (wellbore_rings.h): the radii of all sections are
 * mesh lines, the rings get cells no wider than the first rock cell, and the
 * wall steps at section bottoms (the horizontal ledges are adiabatic). Cells
 * are graded geometrically away from the outermost ring, the surface and the
 * well bottom; layer interfaces, casing sections and the end of the
 * centre-pipe insulation are mesh lines.
 */
#include <deal.II/base/parameter_handler.h>
#include <deal.II/grid/tria.h>

#include <geoheat/base/wellbore_rings.h>
#include <geoheat/ground/ground_properties.h>

#include <string>
#include <vector>

namespace geoheat
{
  /// Boundary ids of the axisymmetric well mesh.
  namespace boundary_id
  {
    constexpr unsigned int surface     = 0; ///< y = 0: Dirichlet T_s
    constexpr unsigned int bottom      = 1; ///< model bottom: basal heat flux
    constexpr unsigned int far_field   = 2; ///< r = R: adiabatic
    constexpr unsigned int axis        = 3; ///< r = 0 below the well: symmetry
    constexpr unsigned int wall        = 4; ///< r = r_wall: exchange with the fluid
    constexpr unsigned int well_bottom = 5; ///< bottom of the borehole: adiabatic
    /// Top of the meshed casings and cement at the surface: adiabatic (the
    /// wellhead). Fixing them at the surface temperature would tie the fluid,
    /// which touches the casing through the film alone, to T_s at the top.
    constexpr unsigned int wellhead = 6;
  } // namespace boundary_id

  struct MeshParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    double       far_field_radius     = 150;  ///< m
    double       depth_below_well     = 200;  ///< m
    double       radial_first_cell    = 0.01; ///< m, at the wall
    double       radial_growth        = 1.15;
    double       vertical_min_cell    = 2;  ///< m, at surface and well bottom
    double       vertical_max_cell    = 50; ///< m
    double       vertical_growth      = 1.3;
    unsigned int degree               = 1;
    unsigned int fluid_cells_per_face = 1;
  };

  /**
   * Node positions on [a, b] for a target cell size h(x) that grows linearly
   * away from refinement points (h = h_min + (g - 1) distance, capped at
   * h_max): the cell count is the integral of 1/h, and nodes are equally
   * spaced in that stretched coordinate. Returns the cell widths.
   */
  std::vector<double> graded_spacing(double                     a,
                                     double                     b,
                                     const std::vector<double> &refine_points,
                                     double                     h_min,
                                     double                     h_max,
                                     double                     growth);

  /// Build the mesh; returns the depths of the mesh lines along the wall
  /// (0 ... H), which the fluid grid refines. @p sections (top to bottom,
  /// the last ending at H) carry material ids registered in @p ground.
  std::vector<double> build_axisymmetric_well_mesh(dealii::Triangulation<2>           &tria,
                                                   const MeshParameters               &mesh,
                                                   double                              well_depth,
                                                   const std::vector<WellboreSection> &sections,
                                                   const std::vector<double>          &breakpoints,
                                                   const GroundProperties             &ground);

  /// The same for a wall of one radius and no meshed rings.
  std::vector<double> build_axisymmetric_well_mesh(dealii::Triangulation<2>  &tria,
                                                   const MeshParameters      &mesh,
                                                   double                     well_depth,
                                                   double                     wall_radius,
                                                   const std::vector<double> &breakpoints,
                                                   const GroundProperties    &ground);
} // namespace geoheat

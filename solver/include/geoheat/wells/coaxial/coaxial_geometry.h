#pragma once
/**
 * @file coaxial_geometry.h
 * Geometry and materials of a coaxial borehole heat exchanger, with depth
 * sections (casing programme, borehole diameter) and an insulated upper part
 * of the centre pipe; and the per-metre thermal resistances derived from them.
 *
 * Radial layout (from the axis): centre pipe (inner radius r_ci, outer r_co),
 * annulus (r_co .. casing inner radius r_ki), steel casing (r_ki .. r_ko),
 * cement (r_ko .. borehole radius r_b; absent when r_b = r_ko), rock. With an
 * outer (surface) casing in a section: casing, cement, outer casing, cement.
 *
 * Wellbore construction (issue #9):
 *  - meshed (default): the ground mesh's wall is each section's own casing
 *    inner radius r_ki, and casings and cement are material zones of the mesh
 *    (rings()), so their heat capacity and each section's own borehole radius
 *    are kept; R_aw is then the annulus film alone;
 *  - lumped (the model before): the mesh wall sits at the largest borehole
 *    radius; casings, cement and, for narrower sections, the rock ring up to
 *    that radius are steady resistances in R_aw, without heat capacity.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/base/wellbore_rings.h>
#include <geoheat/wells/common/fluid_properties.h>

#include <string>
#include <utility>
#include <vector>

namespace geoheat
{
  enum class CoaxialType
  {
    CXA, ///< down the annulus, up the centre pipe
    CXC  ///< down the centre pipe, up the annulus
  };

  /// Thermal resistances per unit length (m K/W) and flow areas (m^2) at one depth.
  struct CoaxialResistances
  {
    double R_ac;         ///< centre-pipe fluid <-> annulus fluid
    double R_aw;         ///< annulus fluid <-> rock at the meshed wall radius
    double area_annulus; ///< m^2
    double area_centre;  ///< m^2
  };

  struct CoaxialGeometry
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    CoaxialType type  = CoaxialType::CXA;
    double      depth = 2000; ///< m

    // Sections, top to bottom; section i spans up to section_bottoms[i].
    std::vector<double> section_bottoms;
    std::vector<double> borehole_diameters;
    std::vector<double> casing_outer_diameters;
    std::vector<double> casing_wall_thicknesses;
    std::vector<double> grout_conductivities;
    double              casing_conductivity  = 45;
    double              casing_heat_capacity = 3.8e6; ///< steel rho c, J/(m^3 K)
    std::vector<double> grout_heat_capacities;        ///< cement rho c per section
    /// Outer (surface) casing per section; outer diameter 0 = none.
    std::vector<double> outer_casing_outer_diameters;
    std::vector<double> outer_casing_wall_thicknesses;
    bool                meshed_construction = true;

    double centre_outer_diameter  = 0.11;
    double centre_wall_thickness  = 0.01;
    double centre_conductivity    = 0.42;
    double insulated_depth        = 0;    ///< m from the surface
    double insulated_conductivity = 0.05; ///< W/(m K) of the insulated part
    double roughness              = 1e-5; ///< m, wall roughness

    /// The largest borehole radius (the lumped model's mesh wall).
    double mesh_wall_radius() const;
    /// The radius where the fluid meets the ground mesh in section s:
    /// the casing inner radius (meshed) or mesh_wall_radius() (lumped).
    double wall_radius(unsigned int section) const;
    /// The solids of section s from the casing inner radius to the borehole
    /// wall: casing, cement[, outer casing, cement].
    std::vector<RadialRing> rings(unsigned int section) const;
    /// What the ground mesh resolves: per section its wall radius and, if
    /// meshed, its rings (material ids still to be registered).
    std::vector<WellboreSection> wellbore_sections() const;
    /// Depths where resistances change (sections, insulation); mesh lines.
    std::vector<double> breakpoints() const;
    unsigned int        section_at(double depth) const;
    /// Frictional pressure drop (Pa) of the whole loop (down one branch, up
    /// the other) at a flow (m^3/s); bottom turn and surface piping excluded.
    double loop_pressure_drop(double flow_m3s, const FluidProperties &fluid) const;
    /// Frictional pressure gradients (Pa/m) in the centre pipe and in the
    /// annulus at a depth for a flow (m^3/s).
    std::pair<double, double>
    pressure_gradients(double depth, double flow_m3s, const FluidProperties &fluid) const;

    /// Resistances at a depth for a volumetric flow (m^3/s); lumped: the
    /// rings and the rock between a smaller borehole and the mesh wall add
    /// ln(r_out/r_in)/(2 pi lambda) each.
    CoaxialResistances resistances(double                 depth,
                                   double                 flow_m3s,
                                   const FluidProperties &fluid,
                                   double                 rock_conductivity) const;
  };
} // namespace geoheat

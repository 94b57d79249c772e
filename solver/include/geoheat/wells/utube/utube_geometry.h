#pragma once
/**
 * @file utube_geometry.h
 * Cross-section of a single (1U) or double (2U) U-tube borehole heat
 * exchanger and its internal resistances (physics.md, U-tube section).
 *
 * Pipe placement (shank spacing s = centre-to-centre distance of the two legs
 * of one U, pipes on a circle of radius s/2 around the borehole axis):
 *   1U: leg 0 (down) at (+s/2, 0), leg 1 (up) at (-s/2, 0);
 *   2U: U1 = leg 0 (down) at (+s/2, 0) -> leg 2 (up) at (-s/2, 0),
 *       U2 = leg 1 (down) at (0, +s/2) -> leg 3 (up) at (0, -s/2),
 *   i.e. each U's legs face each other across the axis and the two inlet
 *   legs are neighbours. This is EED's double-U arrangement: EED's shank
 *   spacing D_s of a double U is the distance of each pipe from the axis,
 *   i.e. s/2 here (checked against EED's Rb*, tests/unit/test_multipole.cc).
 *   pygfunction's examples instead put the two legs of one U side by side.
 * 2U circuits in parallel carry half the flow each; in series U1 feeds U2.
 *
 * Internal resistances: multipole method (Claesson & Hellstrom 2011) of order
 * J for the delta circuit between the legs and the borehole wall, with each
 * leg's fluid-to-pipe resistance R_fp = 1/(2 pi r_i h) + ln(r_o/r_i)/(2 pi
 * lambda_p) (h from the project's pipe correlations). Grout heat capacity is
 * kept with one grout node per leg (thermal resistance-capacity model, Bauer
 * et al. 2011): leg -> grout node R_fp + x R_g, grout node -> wall (1 - x) R_g,
 * R_g = R_i0 - R_fp the grout part of the leg's delta-circuit resistance to
 * the wall, and the leg-to-leg delta-circuit conductances kept between the
 * legs, so the steady R_b and R_a of the multipole method are unchanged.
 * x after Bauer et al. (2011), Int. J. Energy Res. 35:312, eqs. (19), (27):
 *   1U: x = ln(sqrt(D_b^2 + 2 D_po^2) / (2 D_po)) / ln(D_b / (sqrt(2) D_po)),
 *   2U: x = ln(sqrt(D_b^2 + 4 D_po^2) / (2 sqrt(2) D_po)) / ln(D_b / (2 D_po)).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/wells/common/fluid_properties.h>

#include <array>
#include <string>
#include <vector>

namespace geoheat
{
  enum class UTubeType
  {
    single_u,
    double_u
  };

  struct UTubeGeometry
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);
    /// Check against the borehole radius (pipes inside, not overlapping).
    void check(double borehole_radius, const std::string &file) const;

    UTubeType    type                = UTubeType::single_u;
    bool         series              = false;  ///< 2U: circuits in series
    double       pipe_outer_radius   = 0.016;  ///< m
    double       pipe_wall           = 0.0029; ///< m
    double       pipe_conductivity   = 0.42;   ///< W/(m K), HDPE
    double       pipe_heat_capacity  = 1.8e6;  ///< J/(m^3 K), HDPE
    double       shank_spacing       = 0.07;   ///< m, centre to centre of one U's legs
    double       grout_conductivity  = 1.5;    ///< W/(m K)
    double       grout_heat_capacity = 3.8e6;  ///< J/(m^3 K)
    double       roughness           = 1.5e-6; ///< m
    unsigned int multipole_order     = 3;

    unsigned int n_legs() const
    {
      return type == UTubeType::single_u ? 2 : 4;
    }
    double pipe_inner_radius() const
    {
      return pipe_outer_radius - pipe_wall;
    }
    /// Leg centres (m) relative to the borehole axis, in leg order.
    std::vector<std::array<double, 2>> leg_positions() const;
    /// Flow through one leg (m^3/s) for a flow through the borehole.
    double leg_flow(double borehole_flow) const;
    /// Bauer's grout-node position factor x (see the file comment).
    double grout_split(double borehole_radius) const;
  };

  /// Per-unit-length conductances (W/(m K)) of one borehole cross-section.
  struct UTubeConductances
  {
    std::vector<std::vector<double>> leg_leg; ///< delta circuit between legs
    std::vector<double>              leg_grout, grout_wall;
  };

  /// Conductances at a flow through the borehole, for the ground conductivity
  /// around it (the multipole boundary condition at the wall).
  UTubeConductances utube_conductances(const UTubeGeometry   &g,
                                       const FluidProperties &fluid,
                                       double                 borehole_radius,
                                       double                 borehole_flow,
                                       double                 ground_conductivity);

  /// Effective borehole resistance R_b* (m K/W) of this U-tube borehole of
  /// @p length (m) at @p borehole_flow (m^3/s) with a uniform wall
  /// temperature: R_b* = (T_f,mean - T_b)/q', T_f,mean = (T_in + T_out)/2
  /// (pygfunction's definition; utube/steady_profile.h).
  double utube_effective_resistance(const UTubeGeometry   &g,
                                    const FluidProperties &fluid,
                                    double                 borehole_radius,
                                    double                 length,
                                    double                 borehole_flow,
                                    double                 ground_conductivity);
} // namespace geoheat

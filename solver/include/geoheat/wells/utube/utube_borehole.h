#pragma once
/**
 * @file utube_borehole.h
 * 1D model of a single or double U-tube borehole (physics.md): per leg l the
 * fluid temperature T_l(z) with storage and advection,
 *   (rho c)_f A_l dT_l/dt + s_l Cdot_l dT_l/dz
 *      = sum_j K_lj (T_j - T_l) + G_l (T_g,l - T_l),      s_l = +1 down, -1 up,
 * one grout node per leg with the grout's heat capacity,
 *   C_g dT_g,l/dt = G_l (T_l - T_g,l) + W_l (T_w - T_g,l),
 * and the borehole wall temperature T_w(z) (no capacity) that exchanges
 * q' = sum_l W_l (T_g,l - T_w) with the ground through the coupling
 * (UTubeGeometry gives K, G, W per unit length).
 *
 * Unknowns, nodes k = 0..N at the depths of the mesh lines along the
 * borehole: T_l(k) for every leg, T_g,l(k) for every grout node, T_w(k), and
 * for a 2U in parallel the mixed outlet T_out. Discretisation as the coaxial
 * model: the Keller box scheme for flowing legs (one equation per cell and
 * leg on its downstream node, cell averages for storage and exchange), lumped
 * nodal control volumes for grout and wall nodes and for stagnant fluid.
 * Exchange terms are written so that what one row gains another loses: the
 * discrete energy balance is exact.
 */
#include <geoheat/wells/borehole_model.h>
#include <geoheat/wells/common/fluid_properties.h>
#include <geoheat/wells/utube/utube_geometry.h>

#include <functional>
#include <map>

namespace geoheat
{
  class UTubeBorehole : public BoreholeModel
  {
  public:
    /// @param node_depths nodes (m below the surface), top of the active length first
    /// @param ground_conductivity lambda of the ground at a depth (multipole wall condition)
    UTubeBorehole(const UTubeGeometry                 &geometry,
                  const FluidProperties               &fluid,
                  double                               borehole_radius,
                  const std::vector<double>           &node_depths,
                  const std::function<double(double)> &ground_conductivity);

    unsigned int               n_unknowns() const override;
    const std::vector<double> &node_depths() const override
    {
      return z;
    }
    void   set_flow(double flow_m3s) override;
    double flow() const override
    {
      return flow_rate;
    }
    double       capacity_rate() const override;
    void         assemble(SystemBuilder &builder, unsigned int offset) const override;
    unsigned int inlet() const override
    {
      return leg(0, 0);
    }
    unsigned int        outlet() const override;
    WallPoint           wall_point(double depth) const override;
    std::vector<double> initial_state(const std::function<double(double)> &T0) const override;
    void fluid_profile(const std::vector<double> &values, WellProfile &p) const override;
    /// Darcy-Weisbach (Colebrook) along the legs plus U-bends (network/field_hydraulics.h).
    double pressure_drop(double flow_m3s) const override;
    void   add_friction_heat(SystemBuilder &builder, unsigned int offset) const override;

    /// Local indices of leg l, grout node l and the wall at node k.
    unsigned int leg(unsigned int l, unsigned int k) const
    {
      return l * n_nodes() + k;
    }
    unsigned int grout(unsigned int l, unsigned int k) const
    {
      return (L + l) * n_nodes() + k;
    }
    unsigned int wall(unsigned int k) const
    {
      return 2 * L * n_nodes() + k;
    }
    bool leg_down(unsigned int l) const
    {
      return l < L / 2;
    }

  private:
    void assemble_cell(SystemBuilder           &b,
                       unsigned int             o,
                       unsigned int             k,
                       const UTubeConductances &c) const;
    void assemble_connections(SystemBuilder &b, unsigned int o) const;

    UTubeGeometry                  geometry;
    FluidProperties                fluid;
    double                         r_b;
    std::vector<double>            z;
    unsigned int                   L; ///< number of legs
    double                         flow_rate = -1;
    std::vector<unsigned int>      cell_section; ///< per cell: index into sections
    std::vector<double>            section_lambda;
    std::vector<UTubeConductances> sections; ///< per distinct ground conductivity
  };
} // namespace geoheat

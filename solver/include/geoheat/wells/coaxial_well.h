#pragma once
/**
 * @file coaxial_well.h
 * 1D fluid model of a coaxial borehole heat exchanger (physics.md):
 *
 *   (rho c)_f A_d dT_d/dt + (rho c)_f V dT_d/dz = (T_u - T_d)/R_ac [+ wall]
 *   (rho c)_f A_u dT_u/dt - (rho c)_f V dT_u/dz = (T_d - T_u)/R_ac [+ wall]
 *
 * d = branch carrying the flow down, u = up; the annulus (d for CXA, u for
 * CXC) also exchanges q' = (T_wall - T_annulus)/R_aw with the rock.
 * Boundary conditions: T_d(0) = T_in, T_u(H) = T_d(H), T_out = T_u(0).
 *
 * Discretisation on nodes z_0 = 0 < ... < z_N = H:
 *  - flowing: Keller box scheme, one equation per cell and branch written for
 *    the cell's downstream node; cell averages for storage and exchange. It is
 *    second order and stable for any Peclet number, so a 50 m cell of a
 *    2.7 km well resolves the exponential temperature profiles.
 *  - pump off (V = 0): lumped nodal control volumes (the box scheme would
 *    admit a zig-zag null mode without advection).
 * Both give the fluid energy sum_k C_k T_k with trapezoidal weights, and the
 * wall exchange uses a piecewise-linear T_annulus(z) on both sides of the
 * coupling, so the discrete energy balance is exact.
 */
#include <geoheat/base/system_builder.h>
#include <geoheat/wells/coaxial_geometry.h>
#include <geoheat/wells/fluid_properties.h>

#include <functional>
#include <vector>

namespace geoheat
{
  /// What fixes the inlet: a temperature or the heat taken from the ground.
  enum class InletControl
  {
    temperature,   ///< T_in prescribed (deg C)
    heat_extraction ///< Q prescribed (W): T_in = T_out - Q/((rho c)_f V)
  };

  class CoaxialWell
  {
  public:
    /// @param node_depths fluid nodes (m), 0 = surface to the well depth
    /// @param rock_conductivity lambda of the rock at a depth (for the ring
    ///        between a narrower borehole and the mesh wall)
    CoaxialWell(const CoaxialGeometry                &geometry,
                const FluidProperties                &fluid,
                const std::vector<double>            &node_depths,
                const std::function<double(double)> &rock_conductivity);

    unsigned int n_nodes() const { return z.size(); }
    unsigned int n_cells() const { return z.size() - 1; }
    unsigned int n_unknowns() const { return 2 * z.size(); }
    const std::vector<double> &node_depths() const { return z; }

    /// Local unknown index of node k of the down-/up-flowing branch.
    unsigned int down(unsigned int k) const { return k; }
    unsigned int up(unsigned int k) const { return n_nodes() + k; }
    /// Local index of annulus node k (the branch touching the rock).
    unsigned int annulus(unsigned int k) const
    {
      return geometry.type == CoaxialType::CXA ? down(k) : up(k);
    }
    unsigned int inlet() const { return down(0); }
    unsigned int outlet() const { return up(0); }

    /// Set the flow rate (m^3/s, >= 0) and recompute per-cell resistances.
    void set_flow(double flow_m3s);
    double flow() const { return flow_rate; }
    bool   flowing() const { return flow_rate > 0; }
    /// (rho c)_f V in W/K.
    double capacity_rate() const;

    /**
     * Add the fluid's own terms (storage, advection, centre-annulus exchange,
     * bottom turn and inlet rows) with local indices shifted by @p offset.
     * The inlet row has coefficient (rho c)_f V times the control's left-hand
     * side; its right-hand side is inlet_rhs().
     */
    void assemble(SystemBuilder &builder, unsigned int offset,
                  InletControl control) const;
    /// Right-hand side of the inlet row for a control value (deg C or W).
    double inlet_rhs(InletControl control, double value) const;

    /**
     * The wall exchange at a point of the wall at @p depth: fluid rows it
     * enters with their test weights, annulus nodes that interpolate
     * T_annulus there with their weights, and 1/R_aw (W/(m K)).
     */
    struct WallPoint
    {
      unsigned int cell; ///< fluid cell containing the point
      unsigned int n_rows;
      unsigned int rows[2];
      double       row_weights[2];
      unsigned int nodes[2];
      double       node_weights[2];
      double       inv_R;
    };
    WallPoint wall_point(double depth) const;

    /// Per-cell resistances at the current flow.
    const std::vector<CoaxialResistances> &cell_resistances() const { return R; }
    const CoaxialGeometry &geometry_parameters() const { return geometry; }

  private:
    unsigned int cell_at(double depth) const;

    CoaxialGeometry                 geometry;
    FluidProperties                 fluid;
    std::vector<double>             z;
    std::vector<double>             rock_lambda; ///< per cell
    double                          flow_rate = 0;
    std::vector<CoaxialResistances> R; ///< per cell
  };
} // namespace geoheat

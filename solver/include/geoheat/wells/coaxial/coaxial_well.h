#pragma once
/**
 * @file coaxial_well.h
 * 1D fluid model of a coaxial borehole heat exchanger (physics.md):
 *
 *   (rho c)_f A_d dT_d/dt + (rho c)_f V dT_d/dz = (T_u - T_d)/R_ac [+ wall]
 *   (rho c)_f A_u dT_u/dt - (rho c)_f V dT_u/dz = (T_d - T_u)/R_ac [+ wall]
 *
 * With a temperature-dependent fluid, c_p = c_p(T): the advection is the
 * enthalpy flux F = rho V h(T) (rho fixed, Boussinesq), linearised at each
 * node about the temperature T* of the last property update,
 *   F_j = rho V [h(T*_j) + c_p(T*_j) (T_j - T*_j)],
 * so the cell differences F_k - F_{k-1} telescope: the heat carried around
 * the loop is exactly F_out - F_in = rho V c_p(T*_s) (T_out - T_in) (the two
 * surface nodes share T*_s, the two bottom nodes theirs). Storage uses
 * rho c_p per cell and branch. The constant parts enter as loads
 * (add_advection_loads), which sum to zero.

 * d = branch carrying the flow down, u = up; the annulus (d for CXA, u for
 * CXC) also exchanges q' = (T_wall - T_annulus)/R_aw with the rock.
 * [+ friction]: both branches gain the heat dissipated by friction,
 * V |dp/dz| (W/m), with the frictional pressure gradient of the branch.
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
#include <geoheat/wells/borehole_model.h>
#include <geoheat/wells/coaxial/coaxial_geometry.h>
#include <geoheat/wells/common/fluid_properties.h>

#include <functional>
#include <vector>

namespace geoheat
{
  class CoaxialWell : public BoreholeModel
  {
  public:
    /// @param node_depths fluid nodes (m), 0 = surface to the well depth
    /// @param rock_conductivity lambda of the rock at a depth (for the ring
    ///        between a narrower borehole and the mesh wall)
    CoaxialWell(const CoaxialGeometry               &geometry,
                const FluidProperties               &fluid,
                const std::vector<double>           &node_depths,
                const std::function<double(double)> &rock_conductivity);

    unsigned int n_unknowns() const override
    {
      return 2 * z.size();
    }
    const std::vector<double> &node_depths() const override
    {
      return z;
    }

    /// Local unknown index of node k of the down-/up-flowing branch.
    unsigned int down(unsigned int k) const
    {
      return k;
    }
    unsigned int up(unsigned int k) const
    {
      return n_nodes() + k;
    }
    /// Local index of annulus node k (the branch touching the rock).
    unsigned int annulus(unsigned int k) const
    {
      return geometry.type == CoaxialType::CXA ? down(k) : up(k);
    }
    unsigned int inlet() const override
    {
      return down(0);
    }
    unsigned int outlet() const override
    {
      return up(0);
    }

    /// Set the flow rate (m^3/s, >= 0) and recompute per-cell resistances.
    void   set_flow(double flow_m3s) override;
    double flow() const override
    {
      return flow_rate;
    }
    double capacity_rate() const override;

    /**
     * Add the fluid's own terms (storage, advection, centre-annulus exchange,
     * bottom turn and the inlet row (rho c)_f V T_in) with local indices
     * shifted by @p offset.
     */
    void assemble(SystemBuilder &builder, unsigned int offset) const override;
    void add_friction_heat(SystemBuilder &builder, unsigned int offset) const override;

    /**
     * The wall exchange at a point of the wall at @p depth: fluid rows it
     * enters with their test weights, annulus nodes that interpolate
     * T_annulus there with their weights, and R_aw (m K/W).
     */
    WallPoint wall_point(double depth) const override;

    std::vector<double> initial_state(const std::function<double(double)> &T0) const override;
    void fluid_profile(const std::vector<double> &values, WellProfile &profile) const override;
    /// Friction loss of the loop (centre pipe + annulus), see CoaxialGeometry;
    /// with temperature-dependent fluid, cell by cell.
    double pressure_drop(double flow_m3s) const override;

    bool temperature_dependent_fluid() const override
    {
      return fluid.temperature_dependent;
    }
    /// Nodes of both branches (the surface pair and the bottom pair at their
    /// mean); all are re-evaluated when one has moved by more than the
    /// fluid's update threshold since the last evaluation.
    bool update_fluid_properties(const std::vector<double> &values) override;
    /// T* per unknown (deg C, local numbering: down(k), up(k)).
    std::vector<double> fluid_property_state() const override
    {
      return node_T;
    }
    void set_fluid_property_state(const std::vector<double> &state) override;
    /// Fluid properties of cell k (viscosity, conductivity and specific heat
    /// at the mean T* of its four nodes).
    const FluidProperties &cell_fluid(unsigned int k) const
    {
      return fluid_of_cell[k];
    }
    /// (rho c)_f of cell k of the down / up branch (J/(m^3 K)), for storage.
    double heat_capacity_down(unsigned int k) const
    {
      return C_down[k];
    }
    double heat_capacity_up(unsigned int k) const
    {
      return C_up[k];
    }
    /// - rho V (g_k - g_{k-1}) per cell row, g = h(T*) - c_p(T*) T*.
    void add_advection_loads(SystemBuilder &builder, unsigned int offset) const override;

    /// Per-cell resistances at the current flow.
    const std::vector<CoaxialResistances> &cell_resistances() const
    {
      return R;
    }
    const CoaxialGeometry &geometry_parameters() const
    {
      return geometry;
    }

  private:
    CoaxialGeometry                 geometry;
    FluidProperties                 fluid;
    std::vector<double>             z;
    std::vector<double>             rock_lambda; ///< per cell
    double                          flow_rate = 0;
    std::vector<CoaxialResistances> R;      ///< per cell
    std::vector<double>             node_T; ///< T* per unknown (deg C), see fluid_property_state()
    std::vector<double>             c_node; ///< c_p(T*) per unknown, J/(kg K)
    std::vector<double>             g_node; ///< h(T*) - c_p(T*) T* per unknown, J/kg
    std::vector<FluidProperties>    fluid_of_cell; ///< fluid.at(mean T* of the cell)
    std::vector<double>             C_down, C_up;  ///< (rho c)_f per cell and branch
    void                            evaluate(const std::vector<double> &T_star);
  };
} // namespace geoheat

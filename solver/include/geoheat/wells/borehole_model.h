#pragma once
/**
 * @file borehole_model.h
 * The interface every borehole heat exchanger model implements (coaxial,
 * single U, double U): its unknowns along depth, its own terms of the step
 * system, where it exchanges heat with the ground, and its inlet/outlet.
 *
 * A model owns a block of unknowns (fluid node temperatures, grout and wall
 * nodes, ...) numbered 0 ... n_unknowns()-1 locally; the coupled problem
 * shifts them by an offset into the global system. The inlet row is always
 *     (rho c)_f V T_in = (rho c)_f V v
 * with v the inlet temperature set by whatever feeds the borehole (the
 * supply header, or the outlet of the borehole upstream in a series string);
 * the coupled problem writes the right-hand side or the link. Other inlet
 * controls (a prescribed heat rate, the heat pump) are solved exactly through
 * the step's affine response in v (coupling/linear_response.h).
 */
#include <geoheat/base/system_builder.h>

#include <functional>
#include <string>
#include <vector>

namespace geoheat
{
  /// What fixes the inlet: a temperature or the heat taken from the ground.
  enum class InletControl
  {
    temperature,    ///< T_in prescribed (deg C)
    heat_extraction ///< Q prescribed (W): T_in = T_out - Q/((rho c)_f V)
  };

  /**
   * The exchange with the ground at one point of the borehole wall at some
   * depth: the borehole rows the exchanged heat enters (with test weights
   * summing to one), the borehole nodes whose interpolation gives the
   * borehole-side temperature there (weights summing to one), and the
   * resistance per unit length between that temperature and the ground
   * temperature the coupling provides (m K/W). The coupling adds its own
   * resistance in series (e.g. the Peaceman correction of a line in 3D).
   */
  struct WallPoint
  {
    unsigned int cell; ///< borehole cell (between nodes cell and cell+1)
    unsigned int n_rows;
    unsigned int rows[2];
    double       row_weights[2];
    unsigned int nodes[2];
    double       node_weights[2];
    double       resistance; ///< m K/W, >= 0
  };

  /// The borehole cell (between nodes c and c + 1 of @p z, m) holding
  /// @p depth (m), the first or last cell beyond the ends.
  unsigned int cell_holding(const std::vector<double> &z, double depth);

  /// A wall point on a model with one wall unknown per node, node k's being
  /// local index first + k: the exchanged heat goes to the two nodes of the
  /// cell holding @p depth and the wall temperature is read from them, both
  /// with the linear interpolation weights; no resistance of its own.
  WallPoint linear_wall_point(const std::vector<double> &z, double depth, unsigned int first);

  /// Fluid and wall temperatures along one borehole at one time.
  struct WellProfile
  {
    std::vector<double> depth, T_down, T_up, T_wall, line_load;
  };

  class BoreholeModel
  {
  public:
    virtual ~BoreholeModel() = default;

    /// Number of unknowns of this borehole.
    virtual unsigned int n_unknowns() const = 0;
    /// Depths (m below the surface) of the nodes along the borehole.
    virtual const std::vector<double> &node_depths() const = 0;
    unsigned int                       n_nodes() const
    {
      return node_depths().size();
    }
    unsigned int n_cells() const
    {
      return n_nodes() - 1;
    }

    /// Set the flow rate (m^3/s, >= 0) through the borehole.
    virtual void   set_flow(double flow_m3s) = 0;
    virtual double flow() const              = 0;
    bool           flowing() const
    {
      return flow() > 0;
    }
    /// (rho c)_f V in W/K.
    virtual double capacity_rate() const = 0;

    /**
     * Add the borehole's own terms (storage, advection, internal exchange,
     * bottom turn, inlet row with coefficient capacity_rate()) with local
     * indices shifted by @p offset. The inlet row is only present while the
     * fluid flows.
     */
    virtual void assemble(SystemBuilder &builder, unsigned int offset) const = 0;

    /// Local index of the inlet and the outlet temperature unknown.
    virtual unsigned int inlet() const  = 0;
    virtual unsigned int outlet() const = 0;

    /// The exchange with the ground at a point at @p depth (m) of the wall.
    virtual WallPoint wall_point(double depth) const = 0;

    /// Initial values of all unknowns in an undisturbed ground T0(depth).
    virtual std::vector<double> initial_state(const std::function<double(double)> &T0) const = 0;

    /// Depth, down- and up-flowing fluid temperatures at the nodes from the
    /// borehole's unknowns (the wall columns are filled by the coupling).
    virtual void fluid_profile(const std::vector<double> &values, WellProfile &profile) const = 0;

    /// Frictional pressure drop (Pa) of the borehole's loop at a flow (m^3/s).
    virtual double pressure_drop(double flow_m3s) const = 0;

    /**
     * Add the heat dissipated by friction in the flowing fluid, V dp/dz (W/m)
     * integrated over each cell of each flow path, to the load of the rows
     * of that cell (indices shifted by @p offset). The pump's hydraulic work
     * V dp ends up as heat in the fluid; summed over the borehole it equals
     * V pressure_drop(V). Nothing while the fluid stands still.
     */
    virtual void add_friction_heat(SystemBuilder &builder, unsigned int offset) const = 0;

    /// True if the model's fluid properties follow its temperatures.
    virtual bool temperature_dependent_fluid() const
    {
      return false;
    }
    /**
     * Re-evaluate temperature-dependent fluid properties from the borehole's
     * unknowns @p values (all of them, local numbering). Returns true if
     * anything changed: the step operators must then be rebuilt. Called on
     * every rank with the same values.
     */
    virtual bool update_fluid_properties(const std::vector<double> &values)
    {
      (void)values;
      return false;
    }
    /**
     * Loads of the flowing fluid's advection that do not depend on the
     * unknowns (W per row; their sum must be zero). A fluid whose c_p follows
     * its temperature linearises the enthalpy flux about the last evaluated
     * state (CoaxialWell); a fluid of constant c_p adds nothing.
     */
    virtual void add_advection_loads(SystemBuilder &builder, unsigned int offset) const
    {
      (void)builder;
      (void)offset;
    }
    /// The temperatures the properties were evaluated at (checkpoints).
    virtual std::vector<double> fluid_property_state() const
    {
      return {};
    }
    virtual void set_fluid_property_state(const std::vector<double> &state)
    {
      (void)state;
    }
  };
} // namespace geoheat

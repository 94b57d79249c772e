#pragma once
/**
 * @file wall_condition_boreholes.h
 * Borehole "models" that impose the wall condition of a g-function instead
 * of simulating pipes (Cimmino & Bernier 2014 name them BC-I and BC-III):
 *
 *  - UniformWallTemperature (UBWT, BC-III): the wall of every borehole, at
 *    every depth, is at one temperature T_b; the field's total heat rate is
 *    prescribed and its split between boreholes and depths follows from the
 *    ground. Unknowns [T_b, T_acc]: T_b is the borehole's "inlet" (the
 *    supply v, the same for every borehole of the parallel network), and
 *    the accumulator row C (T_acc - T_b) = int q' dz collects the wall heat,
 *    so the coupled problem's heat-extraction control picks the one T_b that
 *    draws the prescribed total.
 *  - UniformHeatRate (UHTR, BC-I): every borehole gives the same heat per
 *    metre q' at every depth; the wall temperature T_w(z) follows. Unknowns
 *    [v, T_acc, T_w(z_0..z_N)]: the borehole's heat is tied to the supply,
 *    Q_b = G_b v with G_b proportional to its length (so q' = Q_b/H_b is the
 *    same in every borehole, and the control's v sets the total), and each
 *    wall node k takes its share, int phi_k q' dz = s_k Q_b with
 *    s_k = int phi_k dz / H_b (the Galerkin form of q' uniform along depth).
 *    v is a control variable, not a temperature.
 *
 * The wall points carry no resistance of their own: the coupling's own
 * (Peaceman and transient kernel, line_exchange.h) lies between the mesh
 * value and the wall, so the wall temperature reported by the coupling is
 * the borehole wall temperature of the g-function. Neither model stores
 * heat or has hydraulics. C = capacity_rate() is a scale only (any flow > 0).
 */
#include <geoheat/wells/borehole_model.h>

#include <vector>

namespace geoheat
{
  /// What the two models share: nodes, nominal flow, no hydraulics.
  class WallConditionBorehole : public BoreholeModel
  {
  public:
    explicit WallConditionBorehole(const std::vector<double> &node_depths);

    const std::vector<double> &node_depths() const override
    {
      return z;
    }
    void set_flow(double flow_m3s) override
    {
      flow_rate = flow_m3s;
    }
    double flow() const override
    {
      return flow_rate;
    }
    /// (rho c) V with a nominal (rho c) of 4e6 J/(m^3 K): a scale only.
    double capacity_rate() const override
    {
      return 4.0e6 * flow_rate;
    }
    unsigned int inlet() const override
    {
      return 0;
    }
    unsigned int outlet() const override
    {
      return 1;
    }
    double pressure_drop(double) const override
    {
      return 0;
    }
    void add_friction_heat(SystemBuilder &, unsigned int) const override
    {}
    double length() const
    {
      return z.back() - z.front();
    }

  protected:
    /// Inlet row C T_in (= C v) and the accumulator's C (T_acc - T_in).
    void assemble_inlet_and_accumulator(SystemBuilder &b, unsigned int offset) const;

    std::vector<double> z; ///< node depths (m)
    double              flow_rate = 0;
  };

  class UniformWallTemperature : public WallConditionBorehole
  {
  public:
    using WallConditionBorehole::WallConditionBorehole;
    unsigned int n_unknowns() const override
    {
      return 2;
    }
    void                assemble(SystemBuilder &builder, unsigned int offset) const override;
    WallPoint           wall_point(double depth) const override;
    std::vector<double> initial_state(const std::function<double(double)> &T0) const override;
    void fluid_profile(const std::vector<double> &values, WellProfile &profile) const override;
  };

  class UniformHeatRate : public WallConditionBorehole
  {
  public:
    /// @param conductance G_b (W/K): Q_b = G_b v; make it proportional to the length
    UniformHeatRate(const std::vector<double> &node_depths, double conductance);
    unsigned int n_unknowns() const override
    {
      return 2 + z.size();
    }
    void                assemble(SystemBuilder &builder, unsigned int offset) const override;
    WallPoint           wall_point(double depth) const override;
    std::vector<double> initial_state(const std::function<double(double)> &T0) const override;
    void fluid_profile(const std::vector<double> &values, WellProfile &profile) const override;

  private:
    unsigned int wall(unsigned int k) const
    {
      return 2 + k;
    }
    double G;
  };
} // namespace geoheat

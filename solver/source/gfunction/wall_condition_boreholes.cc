#include <geoheat/gfunction/wall_condition_boreholes.h>

#include <algorithm>
#include <stdexcept>

namespace geoheat
{
  WallConditionBorehole::WallConditionBorehole(const std::vector<double> &node_depths)
    : z(node_depths)
  {
    if (z.size() < 2)
      throw std::invalid_argument("a borehole needs at least two nodes");
  }

  void WallConditionBorehole::assemble_inlet_and_accumulator(SystemBuilder     &b,
                                                             const unsigned int o) const
  {
    // Entries are added at zero flow too (the sparsity is recorded with both).
    const double C = capacity_rate();
    b.add_conductance(o + inlet(), o + inlet(), C);
    b.add_conductance(o + outlet(), o + outlet(), C);
    b.add_conductance(o + outlet(), o + inlet(), -C);
  }

  // ---------------------------------------------------------------- UBWT

  void UniformWallTemperature::assemble(SystemBuilder &b, const unsigned int o) const
  {
    // C (T_acc - T_b) = int q' dz: the wall heat enters the accumulator row
    // through the wall points.
    assemble_inlet_and_accumulator(b, o);
  }

  WallPoint UniformWallTemperature::wall_point(const double depth) const
  {
    WallPoint p;
    p.cell           = cell_holding(z, depth);
    p.n_rows         = 1;
    p.rows[0]        = outlet();
    p.rows[1]        = outlet();
    p.row_weights[0] = 1.0;
    p.row_weights[1] = 0.0;
    p.nodes[0] = p.nodes[1] = inlet(); // the wall is at T_b everywhere
    p.node_weights[0]       = 1.0;
    p.node_weights[1]       = 0.0;
    p.resistance            = 0.0;
    return p;
  }

  std::vector<double>
  UniformWallTemperature::initial_state(const std::function<double(double)> &T0) const
  {
    const double mean = 0.5 * (T0(z.front()) + T0(z.back()));
    return {mean, mean};
  }

  void UniformWallTemperature::fluid_profile(const std::vector<double> &values,
                                             WellProfile               &p) const
  {
    for (const double d : z)
      {
        p.depth.push_back(d);
        p.T_down.push_back(values[inlet()]);
        p.T_up.push_back(values[inlet()]);
      }
  }

  // ---------------------------------------------------------------- UHTR

  UniformHeatRate::UniformHeatRate(const std::vector<double> &node_depths, const double conductance)
    : WallConditionBorehole(node_depths)
    , G(conductance)
  {}

  void UniformHeatRate::assemble(SystemBuilder &b, const unsigned int o) const
  {
    const double C = capacity_rate();
    b.add_conductance(o + inlet(), o + inlet(), C);
    // Q_b = C (T_acc - v) = G v
    b.add_conductance(o + outlet(), o + outlet(), C);
    b.add_conductance(o + outlet(), o + inlet(), -C - G);
    // Wall node k: its row reads own terms = heat into the borehole, i.e.
    // s_k G v = int phi_k q' dz (the wall points add the right-hand side),
    // s_k = int phi_k dz / H (hat functions on the nodes).
    const double H = length();
    for (unsigned int k = 0; k < z.size(); ++k)
      {
        const double below = k + 1 < z.size() ? z[k + 1] - z[k] : 0.0;
        const double above = k > 0 ? z[k] - z[k - 1] : 0.0;
        b.add_conductance(o + wall(k), o + inlet(), G * 0.5 * (above + below) / H);
      }
  }

  WallPoint UniformHeatRate::wall_point(const double depth) const
  {
    return linear_wall_point(z, depth, wall(0));
  }

  std::vector<double> UniformHeatRate::initial_state(const std::function<double(double)> &T0) const
  {
    std::vector<double> x(n_unknowns(), 0.0);
    for (unsigned int k = 0; k < z.size(); ++k)
      x[wall(k)] = T0(z[k]);
    return x;
  }

  void UniformHeatRate::fluid_profile(const std::vector<double> &values, WellProfile &p) const
  {
    for (unsigned int k = 0; k < z.size(); ++k)
      {
        p.depth.push_back(z[k]);
        p.T_down.push_back(values[wall(k)]);
        p.T_up.push_back(values[wall(k)]);
      }
  }
} // namespace geoheat

#include <geoheat/base/units.h>
#include <geoheat/network/field_hydraulics.h>
#include <geoheat/wells/common/convection.h>
#include <geoheat/wells/utube/utube_borehole.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{

  UTubeBorehole::UTubeBorehole(const UTubeGeometry                 &geometry_in,
                               const FluidProperties               &fluid_in,
                               const double                         r_b_in,
                               const std::vector<double>           &node_depths,
                               const std::function<double(double)> &ground_conductivity)
    : geometry(geometry_in)
    , fluid(fluid_in)
    , r_b(r_b_in)
    , z(node_depths)
    , L(geometry_in.n_legs())
  {
    for (unsigned int k = 0; k + 1 < z.size(); ++k)
      {
        const double lambda = ground_conductivity(0.5 * (z[k] + z[k + 1]));
        auto         it     = std::find(section_lambda.begin(), section_lambda.end(), lambda);
        if (it == section_lambda.end())
          {
            section_lambda.push_back(lambda);
            it = section_lambda.end() - 1;
          }
        cell_section.push_back(it - section_lambda.begin());
      }
    set_flow(0.0);
  }

  unsigned int UTubeBorehole::n_unknowns() const
  {
    const bool mixed_outlet = geometry.type == UTubeType::double_u && !geometry.series;
    return (2 * L + 1) * n_nodes() + (mixed_outlet ? 1 : 0);
  }

  unsigned int UTubeBorehole::outlet() const
  {
    if (geometry.type == UTubeType::single_u)
      return leg(1, 0);
    return geometry.series ? leg(3, 0) : (2 * L + 1) * n_nodes();
  }

  void UTubeBorehole::set_flow(const double flow_m3s)
  {
    if (flow_m3s == flow_rate)
      return; // conductances (convection, multipole) are up to date
    flow_rate = flow_m3s;
    sections.clear();
    for (const double lambda : section_lambda)
      sections.push_back(utube_conductances(geometry, fluid, r_b, flow_rate, lambda));
  }

  double UTubeBorehole::capacity_rate() const
  {
    return fluid.volumetric_heat_capacity() * flow_rate;
  }

  void UTubeBorehole::assemble(SystemBuilder &b, const unsigned int o) const
  {
    for (unsigned int k = 1; k < n_nodes(); ++k)
      assemble_cell(b, o, k, sections[cell_section[k - 1]]);
    assemble_connections(b, o);
  }

  void UTubeBorehole::assemble_cell(SystemBuilder           &b,
                                    const unsigned int       o,
                                    const unsigned int       k,
                                    const UTubeConductances &c) const
  {
    const double dz  = z[k] - z[k - 1];
    const double r_i = geometry.pipe_inner_radius(), r_o = geometry.pipe_outer_radius;
    const double C_fluid = fluid.volumetric_heat_capacity() * units::pi * r_i * r_i; // J/(m K)
    const double C_grout = // grout area and pipe walls shared by the grout nodes, J/(m K)
      (geometry.grout_heat_capacity * (units::pi * r_b * r_b - L * units::pi * r_o * r_o) +
       L * geometry.pipe_heat_capacity * units::pi * (r_o * r_o - r_i * r_i)) /
      L;
    const double Cdot    = fluid.volumetric_heat_capacity() * geometry.leg_flow(flow_rate);
    const bool   flowing = flow_rate > 0;
    auto         F       = [&](unsigned int l, unsigned int n) { return o + leg(l, n); };
    auto         G       = [&](unsigned int l, unsigned int n) { return o + grout(l, n); };
    auto         W       = [&](unsigned int n) { return o + wall(n); };

    // Exchange g (T_a - T_b) out of row-set of a: with cell averages on the
    // box-scheme row of a flowing leg, half to each node otherwise.
    for (unsigned int l = 0; l < L; ++l)
      {
        if (flowing)
          {
            // Box scheme: the cell's equation on the downstream node.
            const unsigned int row = leg_down(l) ? F(l, k) : F(l, k - 1);
            const unsigned int up  = leg_down(l) ? F(l, k - 1) : F(l, k);
            const unsigned int dn  = leg_down(l) ? F(l, k) : F(l, k - 1);
            b.add_capacity(row, F(l, k - 1), 0.5 * C_fluid * dz);
            b.add_capacity(row, F(l, k), 0.5 * C_fluid * dz);
            b.add_conductance(row, dn, Cdot);
            b.add_conductance(row, up, -Cdot);
            // leg-leg and leg-grout with cell averages
            auto exchange = [&](const double       g,
                                const unsigned int a0,
                                const unsigned int a1,
                                const unsigned int b0,
                                const unsigned int b1) {
              b.add_conductance(row, a0, 0.5 * g * dz);
              b.add_conductance(row, a1, 0.5 * g * dz);
              b.add_conductance(row, b0, -0.5 * g * dz);
              b.add_conductance(row, b1, -0.5 * g * dz);
            };
            for (unsigned int j = 0; j < L; ++j)
              if (j != l && c.leg_leg[l][j] != 0.0)
                exchange(c.leg_leg[l][j], F(l, k - 1), F(l, k), F(j, k - 1), F(j, k));
            exchange(c.leg_grout[l], F(l, k - 1), F(l, k), G(l, k - 1), G(l, k));
            // the grout nodes receive what the leg loses, half each
            for (const unsigned int n : {k - 1, k})
              {
                b.add_conductance(G(l, n), G(l, k - 1), 0.25 * c.leg_grout[l] * dz);
                b.add_conductance(G(l, n), G(l, k), 0.25 * c.leg_grout[l] * dz);
                b.add_conductance(G(l, n), F(l, k - 1), -0.25 * c.leg_grout[l] * dz);
                b.add_conductance(G(l, n), F(l, k), -0.25 * c.leg_grout[l] * dz);
              }
          }
        else
          for (const unsigned int n : {k - 1, k})
            {
              // Stagnant: lumped nodal control volumes, half a cell each.
              b.add_capacity(F(l, n), F(l, n), 0.5 * C_fluid * dz);
              for (unsigned int j = 0; j < L; ++j)
                if (j != l && c.leg_leg[l][j] != 0.0)
                  {
                    b.add_conductance(F(l, n), F(l, n), 0.5 * c.leg_leg[l][j] * dz);
                    b.add_conductance(F(l, n), F(j, n), -0.5 * c.leg_leg[l][j] * dz);
                  }
              const double g = 0.5 * c.leg_grout[l] * dz;
              b.add_conductance(F(l, n), F(l, n), g);
              b.add_conductance(F(l, n), G(l, n), -g);
              b.add_conductance(G(l, n), G(l, n), g);
              b.add_conductance(G(l, n), F(l, n), -g);
            }
        // Grout storage and grout-wall exchange: lumped nodal.
        for (const unsigned int n : {k - 1, k})
          {
            const double g = 0.5 * c.grout_wall[l] * dz;
            b.add_capacity(G(l, n), G(l, n), 0.5 * C_grout * dz);
            b.add_conductance(G(l, n), G(l, n), g);
            b.add_conductance(G(l, n), W(n), -g);
            b.add_conductance(W(n), W(n), g);
            b.add_conductance(W(n), G(l, n), -g);
          }
      }
  }

  void UTubeBorehole::assemble_connections(SystemBuilder &b, const unsigned int o) const
  {
    const unsigned int N = n_nodes() - 1;
    if (geometry.type == UTubeType::double_u && !geometry.series)
      {
        // Mixed outlet of the two circuits (algebraic row; 1 W/K scale when stagnant).
        const double Cdot = std::max(capacity_rate(), 1.0);
        b.add_conductance(o + outlet(), o + outlet(), Cdot);
        b.add_conductance(o + outlet(), o + leg(2, 0), -0.5 * Cdot);
        b.add_conductance(o + outlet(), o + leg(3, 0), -0.5 * Cdot);
      }
    if (flow_rate <= 0)
      return;
    const double Cdot = fluid.volumetric_heat_capacity() * geometry.leg_flow(flow_rate);
    // Bottom turns: T_up(N) = T_down(N) for each U (U1: 0 -> L/2, U2: 1 -> 3).
    for (unsigned int d = 0; d < L / 2; ++d)
      {
        b.add_conductance(o + leg(d + L / 2, N), o + leg(d + L / 2, N), Cdot);
        b.add_conductance(o + leg(d + L / 2, N), o + leg(d, N), -Cdot);
      }
    // Inlet row (the coupling writes its right-hand side or series link).
    b.add_conductance(o + leg(0, 0), o + leg(0, 0), Cdot);
    if (geometry.type == UTubeType::double_u)
      {
        // 2U: U2's inlet is the supply (parallel) or U1's outlet (series).
        b.add_conductance(o + leg(1, 0), o + leg(1, 0), Cdot);
        b.add_conductance(o + leg(1, 0), o + (geometry.series ? leg(2, 0) : leg(0, 0)), -Cdot);
      }
  }

  WallPoint UTubeBorehole::wall_point(const double depth) const
  {
    // the internal resistances are in the model's own terms
    return linear_wall_point(z, depth, wall(0));
  }

  std::vector<double> UTubeBorehole::initial_state(const std::function<double(double)> &T0) const
  {
    std::vector<double> x(n_unknowns(), T0(z[0]));
    for (unsigned int k = 0; k < n_nodes(); ++k)
      {
        for (unsigned int l = 0; l < L; ++l)
          x[leg(l, k)] = x[grout(l, k)] = T0(z[k]);
        x[wall(k)] = T0(z[k]);
      }
    return x;
  }

  void UTubeBorehole::fluid_profile(const std::vector<double> &values, WellProfile &p) const
  {
    // Down = the first U's down leg, up = its up leg.
    for (unsigned int k = 0; k < n_nodes(); ++k)
      {
        p.depth.push_back(z[k]);
        p.T_down.push_back(values[leg(0, k)]);
        p.T_up.push_back(values[leg(L / 2, k)]);
      }
  }

  void UTubeBorehole::add_friction_heat(SystemBuilder &b, const unsigned int o) const
  {
    if (flow_rate <= 0 || !fluid.friction_heating)
      return;
    // Straight pipe friction in the borehole's legs (the bottom bends and
    // the buried connection to the header are not in the model's cells).
    const double q    = geometry.leg_flow(flow_rate);
    const double r_i  = geometry.pipe_inner_radius();
    const double dpdz = convection::pressure_gradient(
      q, units::pi * r_i * r_i, 2 * r_i, fluid.density, fluid.viscosity, geometry.roughness);
    for (unsigned int k = 1; k < n_nodes(); ++k)
      for (unsigned int l = 0; l < L; ++l) // box scheme: the downstream node's row
        b.add_load(o + leg(l, leg_down(l) ? k : k - 1), q * dpdz * (z[k] - z[k - 1]));
  }

  double UTubeBorehole::pressure_drop(const double flow_m3s) const
  {
    const UTubeCircuits circuits = geometry.type == UTubeType::single_u ? UTubeCircuits::single_u :
                                   geometry.series ? UTubeCircuits::double_u_series :
                                                     UTubeCircuits::double_u_parallel;
    return u_tube_pressure_drop(circuits,
                                flow_m3s,
                                z.back() - z.front(),
                                z.front(),
                                UTubePipe{geometry.pipe_inner_radius(), geometry.roughness},
                                fluid.density,
                                fluid.viscosity);
  }
} // namespace geoheat

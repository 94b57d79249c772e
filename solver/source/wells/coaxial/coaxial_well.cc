#include <geoheat/wells/coaxial/coaxial_well.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace geoheat
{
  CoaxialWell::CoaxialWell(const CoaxialGeometry               &geometry_in,
                           const FluidProperties               &fluid_in,
                           const std::vector<double>           &node_depths,
                           const std::function<double(double)> &rock_conductivity)
    : geometry(geometry_in)
    , fluid(fluid_in)
    , z(node_depths)
  {
    for (unsigned int k = 0; k + 1 < z.size(); ++k)
      rock_lambda.push_back(rock_conductivity(0.5 * (z[k] + z[k + 1])));
    evaluate(std::vector<double>(n_unknowns(), fluid.property_temperature_C));
    set_flow(0.0);
  }

  void CoaxialWell::evaluate(const std::vector<double> &T_star)
  {
    node_T = T_star;
    c_node.clear();
    g_node.clear();
    for (const double T : node_T)
      {
        c_node.push_back(fluid.at(T).specific_heat);
        g_node.push_back(fluid.specific_enthalpy(T) - c_node.back() * T);
      }
    fluid_of_cell.clear();
    C_down.clear();
    C_up.clear();
    for (unsigned int k = 0; k < n_cells(); ++k)
      {
        const double T =
          0.25 * (node_T[down(k)] + node_T[down(k + 1)] + node_T[up(k)] + node_T[up(k + 1)]);
        fluid_of_cell.push_back(fluid.at(T));
        C_down.push_back(fluid.density * 0.5 * (c_node[down(k)] + c_node[down(k + 1)]));
        C_up.push_back(fluid.density * 0.5 * (c_node[up(k)] + c_node[up(k + 1)]));
      }
    R.clear(); // recomputed by set_flow
  }

  bool CoaxialWell::update_fluid_properties(const std::vector<double> &x)
  {
    if (!fluid.temperature_dependent)
      return false;
    std::vector<double> T(x.begin(), x.begin() + n_unknowns());
    // the surface pair (T_in, T_out) and the bottom pair share their T*, so
    // the linearised enthalpy flux telescopes to rho V c_p(T*_s) (T_out - T_in)
    const unsigned int N = n_nodes() - 1;
    T[down(0)] = T[up(0)] = 0.5 * (x[down(0)] + x[up(0)]);
    T[down(N)] = T[up(N)] = 0.5 * (x[down(N)] + x[up(N)]);
    double drift          = 0;
    for (unsigned int i = 0; i < T.size(); ++i)
      drift = std::max(drift, std::abs(T[i] - node_T[i]));
    if (drift <= fluid.update_threshold_K)
      return false;
    evaluate(T);
    set_flow(flow_rate);
    return true;
  }

  void CoaxialWell::set_fluid_property_state(const std::vector<double> &state)
  {
    if (state.size() != n_unknowns())
      throw std::invalid_argument("fluid property state of " + std::to_string(state.size()) +
                                  " values, expected " + std::to_string(n_unknowns()));
    evaluate(state);
    set_flow(flow_rate);
  }

  void CoaxialWell::set_flow(const double flow_m3s)
  {
    if (flow_m3s == flow_rate && !R.empty())
      return; // resistances (Colebrook iterations per cell) are up to date
    flow_rate = flow_m3s;
    R.clear();
    for (unsigned int k = 0; k < n_cells(); ++k)
      R.push_back(
        geometry.resistances(0.5 * (z[k] + z[k + 1]), flow_rate, fluid_of_cell[k], rock_lambda[k]));
  }

  double CoaxialWell::capacity_rate() const
  {
    // rho V c_p(T*_s): the linearised enthalpy flux's slope at both surface
    // nodes, so Cdot (T_out - T_in) is the heat the advection carries up.
    return fluid.density * c_node[down(0)] * flow_rate;
  }

  void CoaxialWell::add_advection_loads(SystemBuilder &b, const unsigned int offset) const
  {
    if (!flowing() || !fluid.temperature_dependent)
      return;                                   // constant c_p: g is the same at every node
    const double m = fluid.density * flow_rate; // kg/s
    for (unsigned int k = 1; k < n_nodes(); ++k)
      {
        b.add_load(offset + down(k), -m * (g_node[down(k)] - g_node[down(k - 1)]));
        b.add_load(offset + up(k - 1), -m * (g_node[up(k - 1)] - g_node[up(k)]));
      }
  }

  void CoaxialWell::assemble(SystemBuilder &b, const unsigned int offset) const
  {
    const bool cxa = geometry.type == CoaxialType::CXA;
    auto       D   = [&](unsigned int k) { return offset + down(k); };
    auto       U   = [&](unsigned int k) { return offset + up(k); };

    for (unsigned int k = 1; k < n_nodes(); ++k)
      {
        const double dz  = z[k] - z[k - 1];
        const auto  &Rk  = R[k - 1];
        const double A_d = cxa ? Rk.area_annulus : Rk.area_centre;
        const double A_u = cxa ? Rk.area_centre : Rk.area_annulus;
        const double g   = dz / Rk.R_ac;                     // W/K between the branches
        const double C_d = C_down[k - 1], C_u = C_up[k - 1]; // (rho c)_f, J/(m^3 K)
        const double m = fluid.density * flow_rate;          // kg/s

        if (flowing())
          {
            // Down branch, cell k, written on its downstream node k.
            const unsigned int rd = D(k);
            b.add_capacity(rd, D(k - 1), 0.5 * C_d * A_d * dz);
            b.add_capacity(rd, D(k), 0.5 * C_d * A_d * dz);
            // enthalpy flux F_k - F_{k-1}, F_j = m (c_j T_j + g_j)
            b.add_conductance(rd, D(k), m * c_node[down(k)] + 0.5 * g);
            b.add_conductance(rd, D(k - 1), -m * c_node[down(k - 1)] + 0.5 * g);
            b.add_conductance(rd, U(k), -0.5 * g);
            b.add_conductance(rd, U(k - 1), -0.5 * g);
            // Up branch, cell k, written on its downstream node k-1.
            const unsigned int ru = U(k - 1);
            b.add_capacity(ru, U(k - 1), 0.5 * C_u * A_u * dz);
            b.add_capacity(ru, U(k), 0.5 * C_u * A_u * dz);
            b.add_conductance(ru, U(k - 1), m * c_node[up(k - 1)] + 0.5 * g);
            b.add_conductance(ru, U(k), -m * c_node[up(k)] + 0.5 * g);
            b.add_conductance(ru, D(k), -0.5 * g);
            b.add_conductance(ru, D(k - 1), -0.5 * g);
          }
        else
          {
            // Lumped control volumes: half of the cell to each node.
            for (const unsigned int n : {k - 1, k})
              {
                b.add_capacity(D(n), D(n), 0.5 * C_d * A_d * dz);
                b.add_capacity(U(n), U(n), 0.5 * C_u * A_u * dz);
                b.add_conductance(D(n), D(n), 0.5 * g);
                b.add_conductance(D(n), U(n), -0.5 * g);
                b.add_conductance(U(n), U(n), 0.5 * g);
                b.add_conductance(U(n), D(n), -0.5 * g);
              }
          }
      }

    if (flowing())
      {
        // Bottom turn: T_u(H) = T_d(H), scaled by Cdot to be in W.
        const unsigned int N    = n_nodes() - 1;
        const double       Cdot = capacity_rate();
        b.add_conductance(U(N), U(N), Cdot);
        b.add_conductance(U(N), D(N), -Cdot);
        // Inlet row: Cdot T_in = Cdot v (right-hand side from the coupling).
        b.add_conductance(D(0), D(0), Cdot);
      }
  }

  void CoaxialWell::add_friction_heat(SystemBuilder &b, const unsigned int offset) const
  {
    if (!flowing() || !fluid.friction_heating)
      return;
    const bool cxa = geometry.type == CoaxialType::CXA;
    for (unsigned int k = 1; k < n_nodes(); ++k)
      {
        const double dz = z[k] - z[k - 1];
        const auto [centre, annulus] =
          geometry.pressure_gradients(0.5 * (z[k] + z[k - 1]), flow_rate, fluid_of_cell[k - 1]);
        // each cell's equation sits on its downstream node (box scheme)
        b.add_load(offset + down(k), flow_rate * dz * (cxa ? annulus : centre));
        b.add_load(offset + up(k - 1), flow_rate * dz * (cxa ? centre : annulus));
      }
  }

  std::vector<double> CoaxialWell::initial_state(const std::function<double(double)> &T0) const
  {
    std::vector<double> x(n_unknowns());
    for (unsigned int k = 0; k < n_nodes(); ++k)
      x[down(k)] = x[up(k)] = T0(z[k]);
    return x;
  }

  void CoaxialWell::fluid_profile(const std::vector<double> &values, WellProfile &p) const
  {
    for (unsigned int k = 0; k < n_nodes(); ++k)
      {
        p.depth.push_back(z[k]);
        p.T_down.push_back(values[down(k)]);
        p.T_up.push_back(values[up(k)]);
      }
  }

  double CoaxialWell::pressure_drop(const double flow_m3s) const
  {
    if (!fluid.temperature_dependent)
      return geometry.loop_pressure_drop(flow_m3s, fluid);
    double dp = 0;
    for (unsigned int k = 0; k < n_cells(); ++k)
      {
        const auto [centre, annulus] =
          geometry.pressure_gradients(0.5 * (z[k] + z[k + 1]), flow_m3s, fluid_of_cell[k]);
        dp += (z[k + 1] - z[k]) * (centre + annulus);
      }
    return dp;
  }

  WallPoint CoaxialWell::wall_point(const double depth) const
  {
    const unsigned int c  = cell_holding(z, depth);
    const double       xi = std::clamp((depth - z[c]) / (z[c + 1] - z[c]), 0.0, 1.0);
    WallPoint          p;
    p.cell            = c;
    p.nodes[0]        = annulus(c);
    p.nodes[1]        = annulus(c + 1);
    p.node_weights[0] = 1.0 - xi;
    p.node_weights[1] = xi;
    p.resistance      = R[c].R_aw;
    if (flowing())
      {
        // Box scheme: the whole cell's equation, on its downstream node.
        const bool annulus_down = geometry.type == CoaxialType::CXA;
        p.n_rows                = 1;
        p.rows[0]               = annulus_down ? annulus(c + 1) : annulus(c);
        p.row_weights[0]        = 1.0;
      }
    else
      {
        p.n_rows         = 2;
        p.rows[0]        = annulus(c);
        p.rows[1]        = annulus(c + 1);
        p.row_weights[0] = 1.0 - xi;
        p.row_weights[1] = xi;
      }
    return p;
  }
} // namespace geoheat

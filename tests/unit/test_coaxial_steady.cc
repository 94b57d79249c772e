// Coaxial fluid model in steady state with a prescribed uniform wall
// temperature vs the closed-form solution of the two coupled ODEs
//   Cdot dT_d/dz = (T_u - T_d)/R_ac + [annulus down] (T_w - T_d)/R_aw
//  -Cdot dT_u/dz = (T_d - T_u)/R_ac + [annulus up]   (T_w - T_u)/R_aw
// with T_d(0) = T_in, T_u(H) = T_d(H). Target: within 1e-3 K everywhere,
// with 10 m fluid cells along a 2,000 m well (50 K between wall and inlet),
// and second-order convergence of the box scheme (error ratio ~4 per halving).
#include <boost/test/unit_test.hpp>

#include <geoheat/wells/coaxial/coaxial_well.h>
#include <geoheat/wells/common/fluid_correlations.h>

#include <cmath>

#include "dense_builder.h"

using namespace geoheat;

namespace
{
  CoaxialGeometry make_geometry(CoaxialType type, double H)
  {
    CoaxialGeometry g;
    g.type                    = type;
    g.depth                   = H;
    g.section_bottoms         = {H};
    g.borehole_diameters      = {0.216};
    g.casing_outer_diameters  = {0.1778};
    g.casing_wall_thicknesses = {0.0081};
    g.grout_conductivities    = {1.5};
    g.casing_conductivity     = 45;
    g.centre_outer_diameter   = 0.11;
    g.centre_wall_thickness   = 0.01;
    g.centre_conductivity     = 0.42;
    // casing and cement as steady resistances in R_aw (their meshed form
    // leaves R_aw = the film alone, too stiff for this closed form at 2 km)
    g.meshed_construction = false;
    return g;
  }

  /// Closed form: u = T - T_w obeys u' = A u; returns T_d, T_u at z.
  struct ClosedForm
  {
    double a, bd, bu, H, Tw, Tin, s = 0;
    // exp(A z) for the 2x2 matrix A = [[-(a+bd), a], [-a, a+bu]]
    void expA(double z, double E[2][2]) const
    {
      const double A11 = -(a + bd), A12 = a, A21 = -a, A22 = a + bu;
      const double tr = A11 + A22, det = A11 * A22 - A12 * A21;
      const double disc = std::sqrt(tr * tr / 4 - det); // real for these systems
      const double l1 = tr / 2 + disc, l2 = tr / 2 - disc;
      const double e1 = std::exp(l1 * z), e2 = std::exp(l2 * z);
      const double c1 = e1 / (l1 - l2), c2 = e2 / (l1 - l2);
      // (e1 (A - l2 I) - e2 (A - l1 I)) / (l1 - l2)
      E[0][0] = c1 * (A11 - l2) - c2 * (A11 - l1);
      E[0][1] = (c1 - c2) * A12;
      E[1][0] = (c1 - c2) * A21;
      E[1][1] = c1 * (A22 - l2) - c2 * (A22 - l1);
    }
    void solve()
    {
      // u(0) = (Tin - Tw, s); condition u_d(H) - u_u(H) = 0 is linear in s
      double E[2][2];
      expA(H, E);
      const double u0 = Tin - Tw;
      const double c0 = E[0][0] * u0 - E[1][0] * u0;
      const double c1 = E[0][1] - E[1][1];
      s               = -c0 / c1;
    }
    std::pair<double, double> at(double z) const
    {
      double E[2][2];
      expA(z, E);
      const double u0 = Tin - Tw;
      return {Tw + E[0][0] * u0 + E[0][1] * s, Tw + E[1][0] * u0 + E[1][1] * s};
    }
  };

  /// Max nodal error (K) against the closed form with n_cells fluid cells.
  double max_error(CoaxialType type, unsigned int n_cells)
  {
    const double        H = 2000, Tw = 60, Tin = 10, flow = 0.008;
    FluidProperties     fluid;
    std::vector<double> z;
    for (unsigned int k = 0; k <= n_cells; ++k)
      z.push_back(H * k / n_cells);
    const CoaxialGeometry geometry = make_geometry(type, H);
    CoaxialWell           well(geometry, fluid, z, [](double) { return 2.5; });
    well.set_flow(flow);

    DenseBuilder b(well.n_unknowns());
    well.assemble(b, 0);
    b.f(well.inlet()) += well.capacity_rate() * Tin;
    // Wall exchange with a known wall temperature, integrated exactly per
    // cell (2-point Gauss is exact for the linear T_annulus(z)).
    for (unsigned int c = 0; c < well.n_cells(); ++c)
      for (const double xi : {0.5 - 0.5 / std::sqrt(3.0), 0.5 + 0.5 / std::sqrt(3.0)})
        {
          const double depth = z[c] + xi * (z[c + 1] - z[c]);
          const auto   p     = well.wall_point(depth);
          const double g     = 0.5 * (z[c + 1] - z[c]) / p.resistance;
          for (unsigned int r = 0; r < p.n_rows; ++r)
            {
              for (unsigned int a = 0; a < 2; ++a)
                b.A(p.rows[r], p.nodes[a]) += g * p.row_weights[r] * p.node_weights[a];
              b.f(p.rows[r]) += g * p.row_weights[r] * Tw;
            }
        }
    const auto x = b.solve();

    const auto  &R    = well.cell_resistances()[0];
    const double Cdot = well.capacity_rate();
    ClosedForm   exact{1 / (R.R_ac * Cdot),
                     type == CoaxialType::CXA ? 1 / (R.R_aw * Cdot) : 0.0,
                     type == CoaxialType::CXC ? 1 / (R.R_aw * Cdot) : 0.0,
                     H,
                     Tw,
                     Tin};
    exact.solve();
    double worst = 0;
    for (unsigned int k = 0; k < well.n_nodes(); ++k)
      {
        const auto [Td, Tu] = exact.at(z[k]);
        worst = std::max({worst, std::abs(x(well.down(k)) - Td), std::abs(x(well.up(k)) - Tu)});
      }
    BOOST_TEST_MESSAGE(n_cells << " cells: max |T - T_exact| = " << worst
                               << " K, T_out = " << x(well.outlet()) << " C");
    // the outlet must have gained heat from the 60 C wall
    BOOST_TEST(x(well.outlet()) > Tin + 5);
    return worst;
  }

  void check(CoaxialType type)
  {
    const double e80 = max_error(type, 80), e160 = max_error(type, 160);
    BOOST_TEST(e80 / e160 > 3.5); // second order in the cell size
    BOOST_TEST(e80 / e160 < 4.5);
    BOOST_TEST(max_error(type, 200) < 1e-3);
  }
} // namespace

BOOST_AUTO_TEST_SUITE(coaxial_steady)
BOOST_AUTO_TEST_CASE(cxa)
{
  check(CoaxialType::CXA);
}

BOOST_AUTO_TEST_CASE(wellbore_rings_and_resistances)
{
  // Surface section of a Chinese medium-deep well: 244.5 mm production casing
  // inside a 339.7 mm surface casing in a 444.5 mm hole; below, 177.8 mm casing
  // in a 216 mm hole.
  CoaxialGeometry g               = make_geometry(CoaxialType::CXA, 2000);
  g.section_bottoms               = {500, 2000};
  g.borehole_diameters            = {0.4445, 0.216};
  g.casing_outer_diameters        = {0.2445, 0.1778};
  g.casing_wall_thicknesses       = {0.00894, 0.0081};
  g.grout_conductivities          = {1.2, 1.5};
  g.grout_heat_capacities         = {1.6e6, 1.7e6};
  g.outer_casing_outer_diameters  = {0.3397, 0};
  g.outer_casing_wall_thicknesses = {0.00965, 0};
  g.casing_heat_capacity          = 3.8e6;
  const auto top = g.rings(0), bottom = g.rings(1);
  BOOST_TEST_REQUIRE(top.size() == 4u); // casing, cement, outer casing, cement
  BOOST_TEST(top[0].r_inner == 0.12225 - 0.00894, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(top[1].r_outer == 0.16985 - 0.00965, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(top[2].conductivity == 45.0);
  BOOST_TEST(top[3].r_outer == 0.22225, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(top[3].heat_capacity == 1.6e6);
  BOOST_TEST_REQUIRE(bottom.size() == 2u);
  for (unsigned int i = 1; i < top.size(); ++i)
    BOOST_TEST(top[i].r_inner == top[i - 1].r_outer); // contiguous

  // Lumped R_aw = film + sum ln(r_out/r_in)/(2 pi lambda) of the rings
  // + the rock ring up to the largest borehole; meshed R_aw = the film.
  FluidProperties fluid;
  const double    lambda_rock = 2.5, z = 1000, flow = 0.008;
  g.meshed_construction = true;
  const double film     = g.resistances(z, flow, fluid, lambda_rock).R_aw;
  BOOST_TEST(g.wall_radius(1) == 0.0889 - 0.0081, boost::test_tools::tolerance(1e-12));
  g.meshed_construction = false;
  const double lumped   = g.resistances(z, flow, fluid, lambda_rock).R_aw;
  const double two_pi   = 2 * 3.14159265358979323846;
  const double expected = film + std::log(0.0889 / 0.0808) / (two_pi * 45) +
                          std::log(0.108 / 0.0889) / (two_pi * 1.5) +
                          std::log(0.22225 / 0.108) / (two_pi * lambda_rock);
  BOOST_TEST(lumped == expected, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(g.wall_radius(1) == 0.22225, boost::test_tools::tolerance(1e-12));
}
BOOST_AUTO_TEST_CASE(cxc)
{
  check(CoaxialType::CXC);
}
BOOST_AUTO_TEST_CASE(pump_off_keeps_uniform_column)
{
  // No flow, no wall exchange: one implicit step keeps a uniform column
  // (the lumped stagnant scheme must be non-singular and storage-consistent).
  FluidProperties     fluid;
  std::vector<double> z = {0, 100, 200, 300};
  CoaxialWell well(make_geometry(CoaxialType::CXA, 300), fluid, z, [](double) { return 2.5; });
  well.set_flow(0);
  struct CapacityOnly : DenseBuilder
  {
    using DenseBuilder::DenseBuilder;
    void add_conductance(unsigned int, unsigned int, double) override
    {}
  };
  const double dt = 3600;
  DenseBuilder step(well.n_unknowns());
  step.capacity_factor = 1 / dt;
  well.assemble(step, 0);
  CapacityOnly history(well.n_unknowns());
  history.capacity_factor = 1 / dt;
  well.assemble(history, 0);
  dealii::Vector<double> old(well.n_unknowns());
  old = 20;
  history.A.vmult(step.f, old); // rhs = M x_old / dt
  const auto x = step.solve();
  for (unsigned int i = 0; i < x.size(); ++i)
    BOOST_TEST(x(i) == 20.0, boost::test_tools::tolerance(1e-12));
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fluid_temperature_dependence)
BOOST_AUTO_TEST_CASE(cells_follow_their_temperature)
{
  // Water whose viscosity and conductivity follow the cell temperatures
  // (Fluid/Type = water): after an update each cell's properties are the
  // correlation's at the cell's mean fluid temperature, the film
  // resistances and friction follow, and small drifts do not update.
  FluidProperties water;
  water.temperature_dependent  = true;
  water.kind                   = int(FluidKind::water);
  water.property_temperature_C = 20;
  water.update_threshold_K     = 2;
  const FluidState at20        = fluid_state(FluidKind::water, 0, 20);
  water.density = at20.density, water.specific_heat = at20.specific_heat;
  water.conductivity = at20.conductivity, water.viscosity = at20.viscosity;

  const double        H = 2000, flow = 0.008;
  std::vector<double> z;
  for (unsigned int k = 0; k <= 40; ++k)
    z.push_back(H * k / 40);
  CoaxialWell well(make_geometry(CoaxialType::CXA, H), water, z, [](double) { return 2.5; });
  well.set_flow(flow);
  const double dp_cold = well.pressure_drop(flow);
  const double R_cold  = well.cell_resistances()[35].R_ac;

  // 20 C at the top to 60 C at the bottom, both branches
  std::vector<double> x(well.n_unknowns());
  for (unsigned int k = 0; k < well.n_nodes(); ++k)
    x[well.down(k)] = x[well.up(k)] = 20 + 40 * z[k] / H;
  BOOST_TEST(well.update_fluid_properties(x));
  double dp = 0;
  for (unsigned int k = 0; k < well.n_cells(); ++k)
    {
      const double T = 20 + 40 * 0.5 * (z[k] + z[k + 1]) / H;
      BOOST_TEST(well.cell_fluid(k).viscosity == fluid_state(FluidKind::water, 0, T).viscosity,
                 boost::test_tools::tolerance(1e-12));
      BOOST_TEST(well.cell_fluid(k).density == at20.density); // capacity fixed
      const auto [centre, annulus] =
        well.geometry_parameters().pressure_gradients(0.5 * (z[k] + z[k + 1]),
                                                      flow,
                                                      well.cell_fluid(k));
      dp += (z[k + 1] - z[k]) * (centre + annulus);
    }
  BOOST_TEST(well.pressure_drop(flow) == dp, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(well.pressure_drop(flow) < 0.97 * dp_cold); // warmer water, less friction
  BOOST_TEST(well.cell_resistances()[35].R_ac < R_cold); // thinner films at 55 C
  // 1 K more everywhere: below the 2 K threshold, no update; 3 K: update
  for (double &v : x)
    v += 1;
  BOOST_TEST(!well.update_fluid_properties(x));
  for (double &v : x)
    v += 2;
  BOOST_TEST(well.update_fluid_properties(x));
  // the checkpointed state restores the same resistances
  const auto   state = well.fluid_property_state();
  const double R35   = well.cell_resistances()[35].R_ac;
  CoaxialWell  again(make_geometry(CoaxialType::CXA, H), water, z, [](double) { return 2.5; });
  again.set_flow(flow);
  again.set_fluid_property_state(state);
  BOOST_TEST(again.cell_resistances()[35].R_ac == R35);
}

namespace
{
  // 25 % propylene glycol with all properties following the temperature
  // (its c_p rises by ~0.1 % per K: 4 % between -5 and 35 C).
  FluidProperties glycol_25()
  {
    FluidProperties pg;
    pg.temperature_dependent  = true;
    pg.kind                   = int(FluidKind::propylene_glycol);
    pg.mass_fraction          = 0.25;
    pg.property_temperature_C = 5;
    pg.update_threshold_K     = 0.5;
    const FluidState at5      = fluid_state(FluidKind::propylene_glycol, 0.25, 5);
    pg.density = at5.density, pg.specific_heat = at5.specific_heat;
    pg.conductivity = at5.conductivity, pg.viscosity = at5.viscosity;
    return pg;
  }
} // namespace

BOOST_AUTO_TEST_CASE(specific_enthalpy_integrates_cp)
{
  // h(T) = int_{5 C}^{T} c_p dT of the correlation, against a fine trapezoid
  const FluidProperties pg = glycol_25();
  for (const double T : {-5.0, 5.0, 12.3, 35.0})
    {
      const int n    = 20000;
      double    trap = 0;
      for (int i = 0; i < n; ++i)
        {
          const double a = 5 + (T - 5) * i / n, b = 5 + (T - 5) * (i + 1) / n;
          trap += 0.5 * (b - a) *
                  (fluid_state(FluidKind::propylene_glycol, 0.25, a).specific_heat +
                   fluid_state(FluidKind::propylene_glycol, 0.25, b).specific_heat);
        }
      BOOST_TEST(pg.specific_enthalpy(T) == trap, boost::test_tools::tolerance(1e-8));
    }
}

BOOST_AUTO_TEST_CASE(heat_capacity_follows_temperature_and_flux_telescopes)
{
  // After an update, each cell's storage (rho c)_f is rho c_p at its branch
  // temperature (physics: c_p(T) of the correlation); and, a consistency
  // check of the discretisation, the rows of the flowing cells sum to
  // Cdot (T_out - T_in) for ANY temperatures once T_u(H) = T_d(H): the
  // linearised enthalpy flux telescopes, so the fluid's energy balance
  // stays exact although c_p differs from node to node. Without the loads
  // of the constant parts the sum is off by a few percent here.
  const FluidProperties pg = glycol_25();
  const double          H = 1000, flow = 0.004;
  std::vector<double>   z;
  for (unsigned int k = 0; k <= 20; ++k)
    z.push_back(H * k / 20);
  CoaxialWell well(make_geometry(CoaxialType::CXA, H), pg, z, [](double) { return 2.5; });
  well.set_flow(flow);
  const double C_before = well.heat_capacity_down(10);

  // down: -5 C at the top to 35 C at the bottom; up: 35 C back to 25 C
  std::vector<double> T(well.n_unknowns());
  for (unsigned int k = 0; k < well.n_nodes(); ++k)
    {
      T[well.down(k)] = -5 + 40 * z[k] / H;
      T[well.up(k)]   = 25 + 10 * z[k] / H;
    }
  BOOST_TEST(well.update_fluid_properties(T));
  const auto cp = [](double t) {
    return fluid_state(FluidKind::propylene_glycol, 0.25, t).specific_heat;
  };
  const double T10 = -5 + 40 * 0.5 * (z[10] + z[11]) / H; // down cell 10 mid
  BOOST_TEST(well.heat_capacity_down(10) ==
               pg.density * 0.5 * (cp(-5 + 40 * z[10] / H) + cp(-5 + 40 * z[11] / H)),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::abs(well.heat_capacity_down(10) / (pg.density * cp(T10)) - 1) < 1e-4);
  BOOST_TEST(well.heat_capacity_down(10) > 1.005 * C_before); // 20 C is warmer than 5 C
  // surface pair at (T_in + T_out)/2 = 10 C: the slope of the flux there
  BOOST_TEST(well.capacity_rate() == pg.density * cp(10) * flow,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(cp(10) > 1.003 * cp(5));

  DenseBuilder b(well.n_unknowns());
  well.assemble(b, 0);
  well.add_advection_loads(b, 0);
  // any temperatures with T_u(H) = T_d(H)
  dealii::Vector<double> x(well.n_unknowns());
  for (unsigned int i = 0; i < x.size(); ++i)
    x(i) = 20 * std::sin(1.7 * i) + 10;
  const unsigned int N = well.n_nodes() - 1;
  x(well.up(N))        = x(well.down(N));
  double rows = 0, loads = 0;
  for (unsigned int i = 0; i < x.size(); ++i)
    if (i != well.inlet() && i != well.up(N)) // inlet row and bottom turn are conditions
      {
        for (unsigned int j = 0; j < x.size(); ++j)
          rows += b.A(i, j) * x(j);
        loads += b.f(i);
      }
  const double carried = well.capacity_rate() * (x(well.outlet()) - x(well.inlet()));
  BOOST_TEST(rows - loads == carried, boost::test_tools::tolerance(1e-9));
  // the loads sum to zero over the well (they only shift energy along it)
  BOOST_TEST(std::abs(loads) < 1e-9 * std::abs(carried));
}

BOOST_AUTO_TEST_CASE(advection_is_the_enthalpy_flux)
{
  // Physics of the linearised flux: at the temperatures the properties were
  // evaluated at, each flowing down-branch cell's advection equals
  // m (h(T_k) - h(T_{k-1})) with h = int c_p dT of the correlation. The
  // centre pipe is made adiabatic (lambda ~ 0) so that the row holds the
  // advection alone. With c_p at one temperature (or without the loads of
  // add_advection_loads) the rows are off by up to 1 %.
  const FluidProperties pg = glycol_25();
  const double          H = 1000, flow = 0.004;
  std::vector<double>   z;
  for (unsigned int k = 0; k <= 20; ++k)
    z.push_back(H * k / 20);
  CoaxialGeometry geometry     = make_geometry(CoaxialType::CXA, H);
  geometry.centre_conductivity = 1e-12;
  CoaxialWell well(geometry, pg, z, [](double) { return 2.5; });
  well.set_flow(flow);
  std::vector<double> T(well.n_unknowns());
  const unsigned int  N = well.n_nodes() - 1;
  for (unsigned int k = 0; k <= N; ++k)
    T[well.down(k)] = T[well.up(k)] = -5 + 40 * z[k] / H; // pairs equal at top and bottom
  BOOST_TEST(well.update_fluid_properties(T));
  DenseBuilder b(well.n_unknowns());
  well.assemble(b, 0);
  well.add_advection_loads(b, 0);
  const double m     = pg.density * flow;
  double       worst = 0, worst_constant_cp = 0;
  for (unsigned int k = 1; k <= N; ++k)
    {
      double row = -b.f(well.down(k));
      for (unsigned int j = 0; j < T.size(); ++j)
        row += b.A(well.down(k), j) * T[j];
      const double exact =
        m * (pg.specific_enthalpy(T[well.down(k)]) - pg.specific_enthalpy(T[well.down(k - 1)]));
      const double constant_cp = m * pg.specific_heat * (T[well.down(k)] - T[well.down(k - 1)]);
      worst                    = std::max(worst, std::abs(row / exact - 1));
      worst_constant_cp        = std::max(worst_constant_cp, std::abs(constant_cp / exact - 1));
    }
  BOOST_TEST_MESSAGE("advection vs m dh: " << worst << " (c_p at 5 C: " << worst_constant_cp
                                           << ")");
  BOOST_TEST(worst < 1e-8);
  BOOST_TEST(worst_constant_cp > 0.01);
}
BOOST_AUTO_TEST_SUITE_END()

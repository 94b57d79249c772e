// Ground model alone vs the cylindrical heat source (Carslaw & Jaeger):
// constant line load q' on the wall of a borehole of radius r_b in an
// infinite medium. Reference: ../shared/validation/analytical/
// CylindricalHeatSource.csv (alpha = 1e-6 m^2/s, r_b = 0.075 m), wall
// temperature change dT = q'/lambda G(Fo, 1). Target: within 1 % for Fo >= 1.
// Purely radial set-up: the well spans the model depth, surface adiabatic.
// Runs at 1, 2 and 3 MPI ranks.
#include <deal.II/base/mpi.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/sparsity_tools.h>

#include <boost/test/unit_test.hpp>

#include <geoheat/ground/ground_model.h>
#include <geoheat/mesh/axisymmetric_well_mesh.h>

#include <petscsys.h>

#include <fstream>
#include <sstream>

using namespace geoheat;
using namespace dealii;

BOOST_AUTO_TEST_SUITE(cylinder_source)

BOOST_AUTO_TEST_CASE(wall_temperature_within_one_percent)
{
  MPI_Comm comm = MPI_COMM_WORLD;
  // Reference table: columns t_seconds and G at r = r_b
  std::vector<double> t_ref, G_ref;
  {
    std::ifstream in(std::string(GEOHEAT_SHARED_DIR) +
                     "/validation/analytical/CylindricalHeatSource.csv");
    BOOST_REQUIRE(in.good());
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))
      {
        std::stringstream ss(line);
        std::string       a, b, c;
        std::getline(ss, a, ',');
        std::getline(ss, b, ',');
        std::getline(ss, c, ',');
        t_ref.push_back(std::stod(b));
        G_ref.push_back(std::stod(c));
      }
  }
  const double alpha = 1e-6, r_b = 0.075, lambda = 2.0, rho_c = lambda / alpha;
  const double q_line = 50.0; // W/m taken from the rock
  const double H      = 10.0;

  GroundProperties props;
  props.conductivity  = {lambda};
  props.heat_capacity = {rho_c};
  MeshParameters mp;
  mp.far_field_radius  = 25; // sqrt(alpha t_end) = 1.8 m
  mp.depth_below_well  = 0;
  mp.radial_first_cell = 0.002;
  mp.radial_growth     = 1.15;
  mp.vertical_min_cell = H;
  mp.vertical_max_cell = H;
  mp.degree            = 2;
  GroundModel<2> ground(comm, props, mp.degree);
  build_axisymmetric_well_mesh(ground.triangulation(), mp, H, r_b, {}, props);
  ground.setup(/*fixed_surface=*/false);

  DynamicSparsityPattern dsp(ground.n_dofs(), ground.n_dofs(), ground.relevant_dofs());
  ground.add_sparsity(dsp);
  SparsityTools::distribute_sparsity_pattern(dsp,
                                             ground.owned_dofs(),
                                             comm,
                                             ground.relevant_dofs());
  PETScWrappers::MPI::SparseMatrix M, A;
  M.reinit(ground.owned_dofs(), ground.owned_dofs(), dsp, comm);
  ground.assemble(M, 1.0, 0.0);
  M.compress(VectorOperation::add);

  // Wall load: the rock loses q' per metre -> rhs_i = -q' int phi_i dz
  PETScWrappers::MPI::Vector load(ground.owned_dofs(), comm);
  ground.for_each_wall_point(1, [&](double, double dz, const auto &dofs, const auto &phi) {
    for (unsigned int i = 0; i < dofs.size(); ++i)
      if (phi[i] != 0)
        load.add(std::vector<types::global_dof_index>{dofs[i]},
                 std::vector<double>{-q_line * phi[i] * dz});
  });
  load.compress(VectorOperation::add);

  PetscOptionsSetValue(nullptr, "-pc_factor_mat_solver_type", "mumps");
  PETScWrappers::MPI::Vector    x(ground.owned_dofs(), comm), x_old(x), x_old2(x), rhs(x), w(x);
  double                        t = 0, dt_prev = 0, worst = 0;
  unsigned int                  checked       = 0;
  double                        dt_factorized = -1, beta0_factorized = -1;
  PETScWrappers::PreconditionLU lu;
  for (unsigned int k = 1; k < t_ref.size(); ++k)
    {
      // Steps land on each table time: 10 equal BDF2 steps per interval.
      const double dt = (t_ref[k] - t) / 10;
      for (unsigned int s = 0; s < 10; ++s)
        {
          const bool   first = (t == 0);
          const double om    = first ? 0 : dt / dt_prev;
          const double b0    = first ? 1 : (1 + 2 * om) / (1 + om);
          const double b1    = first ? -1 : -(1 + om);
          const double b2    = first ? 0 : om * om / (1 + om);
          if (dt != dt_factorized || b0 != beta0_factorized)
            {
              A.reinit(ground.owned_dofs(), ground.owned_dofs(), dsp, comm);
              ground.assemble(A, b0 / dt, 1.0);
              A.compress(VectorOperation::add);
              lu.initialize(A);
              dt_factorized = dt, beta0_factorized = b0;
            }
          w = x_old;
          w *= -b1 / dt;
          w.add(-b2 / dt, x_old2);
          M.vmult(rhs, w);
          rhs += load;
          lu.vmult(x, rhs);
          x_old2 = x_old;
          x_old  = x;
          t += dt;
          dt_prev = dt;
        }
      const double Fo = alpha * t_ref[k] / (r_b * r_b);
      if (Fo < 1)
        continue;
      // mean wall temperature change
      GhostedVector theta = ground.make_vector();
      for (const auto i : ground.owned_dofs())
        theta(i) = x(i);
      theta.update_ghost_values();
      double integral = 0, length = 0;
      ground.for_each_wall_point(1, [&](double, double dz, const auto &dofs, const auto &phi) {
        for (unsigned int i = 0; i < dofs.size(); ++i)
          integral += phi[i] * theta(dofs[i]) * dz;
        length += dz;
      });
      integral            = Utilities::MPI::sum(integral, comm);
      length              = Utilities::MPI::sum(length, comm);
      const double dT     = integral / length;
      const double dT_ref = -q_line / lambda * G_ref[k];
      worst               = std::max(worst, std::abs(dT - dT_ref) / std::abs(dT_ref));
      ++checked;
    }
  BOOST_TEST_MESSAGE("cylinder source: " << checked << " times with Fo >= 1, worst relative error "
                                         << worst);
  BOOST_TEST(checked > 20u);
  BOOST_TEST(worst < 0.01);
}

BOOST_AUTO_TEST_SUITE_END()

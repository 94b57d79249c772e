#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_dgq.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/numerics/vector_tools.h>

#include <geoheat/base/units.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/mesh/axisymmetric_well_mesh.h>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Integration weight: 2 pi r for the axisymmetric model (x = r).
    template <int dim>
    double volume_weight(const Point<dim> &p)
    {
      return dim == 2 ? 2.0 * units::pi * p[0] : 1.0;
    }

    /// T0 as a deal.II function of position (depth = -last coordinate).
    template <int dim>
    class Geotherm : public Function<dim>
    {
    public:
      explicit Geotherm(const GroundProperties &properties)
        : g(properties)
      {}
      double value(const Point<dim> &p, const unsigned int) const override
      {
        return g.undisturbed_temperature(-p[dim - 1]);
      }

    private:
      const GroundProperties &g;
    };
    /// A layer's Darcy velocity u (m/s) as a tensor (zero in 2D: the
    /// axisymmetric model has no groundwater).
    template <int dim>
    Tensor<1, dim> darcy_tensor(const Groundwater &water, const unsigned int material)
    {
      Tensor<1, dim> u;
      if (dim == 3)
        for (unsigned int d = 0; d < dim; ++d)
          u[d] = water.darcy_velocity(material)[d];
      return u;
    }

    /// SUPG tau (s) of a cell for the effective velocity v (m/s), with the
    /// streamline length h = 2 |v| / sum_i |v . grad phi_i| at the cell
    /// centre (Tezduyar; the cell width along v for a brick), divided by
    /// the element degree.
    template <int dim>
    double cell_tau(FEValues<dim>                                        &centre,
                    const typename DoFHandler<dim>::active_cell_iterator &cell,
                    const Tensor<1, dim>                                 &v,
                    const double                                          alpha)
    {
      const double speed = v.norm();
      if (speed == 0)
        return 0.0;
      centre.reinit(cell);
      double sum = 0;
      for (unsigned int i = 0; i < centre.get_fe().n_dofs_per_cell(); ++i)
        sum += std::abs(v * centre.shape_grad(i, 0));
      const double h = 2 * speed / sum / centre.get_fe().degree;
      return supg_tau(speed, h, alpha);
    }
  } // namespace

  template <int dim>
  GhostedVector GroundModel<dim>::undisturbed_temperature(const double t) const
  {
    if (!ground.has_seasons())
      return T0;
    GhostedVector T = make_vector();
    VectorTools::interpolate(dof_handler,
                             ScalarFunctionFromFunctionObject<dim>([&](const Point<dim> &p) {
                               return ground.undisturbed_temperature(-p[dim - 1], t);
                             }),
                             T);
    T.update_ghost_values();
    return T;
  }

  template <int dim>
  GroundModel<dim>::GroundModel(MPI_Comm                comm_in,
                                const GroundProperties &ground_in,
                                const unsigned int      degree)
    : comm(comm_in)
    , ground(ground_in)
    , tria(comm_in)
    , fe(degree)
    , dof_handler(tria)
  {}

  template <int dim>
  void GroundModel<dim>::setup(const bool fixed_surface)
  {
    dof_handler.distribute_dofs(fe);
    owned = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);
    hanging_and_dirichlet.clear();
    DoFTools::make_hanging_node_constraints(dof_handler, hanging_and_dirichlet);
    if (fixed_surface)
      VectorTools::interpolate_boundary_values(dof_handler,
                                               boundary_id::surface,
                                               Functions::ZeroFunction<dim>(),
                                               hanging_and_dirichlet);
    if (ground.groundwater.flows())
      constrain_inflow_faces();
    hanging_and_dirichlet.close();

    T0 = make_vector();
    VectorTools::interpolate(dof_handler, Geotherm<dim>(ground), T0);
    T0.update_ghost_values();
    if (ground.groundwater.flows())
      setup_darcy_velocity_field();
  }

  template <int dim>
  void GroundModel<dim>::constrain_inflow_faces()
  {
    AssertThrow(dim == 3, ExcMessage("internal: groundwater needs the 3D ground"));
    FEFaceValues<dim>                    centre(fe, QGauss<dim - 1>(1), update_normal_vectors);
    std::vector<types::global_dof_index> face_dofs(fe.n_dofs_per_face());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() || cell->is_ghost()) // every locally relevant DoF
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary() &&
              cell->face(f)->boundary_id() == boundary_id::far_field)
            {
              const Tensor<1, dim> u = darcy_tensor<dim>(ground.groundwater, cell->material_id());
              centre.reinit(cell, f);
              if (!(u * centre.normal_vector(0) < -1e-9 * u.norm())) // not an inflow face
                continue;
              cell->face(f)->get_dof_indices(face_dofs);
              for (const auto i : face_dofs)
                if (!hanging_and_dirichlet.is_constrained(i))
                  hanging_and_dirichlet.add_line(i); // theta = 0: undisturbed water enters
            }
  }

  template <int dim>
  void GroundModel<dim>::setup_darcy_velocity_field()
  {
    const FESystem<dim> fe_velocity(FE_DGQ<dim>(0), dim);
    velocity_dofs = std::make_unique<DoFHandler<dim>>(tria);
    velocity_dofs->distribute_dofs(fe_velocity);
    IndexSet relevant_velocity;
    DoFTools::extract_locally_relevant_dofs(*velocity_dofs, relevant_velocity);
    velocity.reinit(velocity_dofs->locally_owned_dofs(), relevant_velocity, comm);
    std::vector<types::global_dof_index> local(fe_velocity.n_dofs_per_cell());
    for (const auto &cell : velocity_dofs->active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(local);
          const Tensor<1, dim> u = darcy_tensor<dim>(ground.groundwater, cell->material_id());
          for (unsigned int i = 0; i < local.size(); ++i)
            velocity(local[i]) = u[fe_velocity.system_to_component_index(i).first];
        }
    velocity.update_ghost_values();
  }

  template <int dim>
  GhostedVector GroundModel<dim>::make_vector() const
  {
    return GhostedVector(owned, relevant, comm);
  }

  template <int dim>
  void GroundModel<dim>::add_sparsity(DynamicSparsityPattern &dsp) const
  {
    std::vector<types::global_dof_index> local(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(local);
          hanging_and_dirichlet.add_entries_local_to_global(local, dsp, false);
        }
  }

  template <int dim>
  void GroundModel<dim>::for_each_cell_matrix(const CellVisitor &visit) const
  {
    const QGauss<dim>  quadrature(fe.degree + 1);
    const bool         second_derivatives = fe.degree > 1 && ground.groundwater.flows();
    FEValues<dim>      fe_values(fe,
                            quadrature,
                            update_values | update_gradients | update_quadrature_points |
                              update_JxW_values |
                              (second_derivatives ? update_hessians : update_default));
    FEValues<dim>      centre(fe, QGauss<dim>(1), update_gradients);
    const unsigned int n = fe.n_dofs_per_cell();
    FullMatrix<double> m(n, n), k(n, n);
    std::vector<types::global_dof_index> local(n);
    std::vector<double>                  psi(n), advect(n); // test function, u . grad phi_j

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          m                           = 0;
          k                           = 0;
          const unsigned int material = cell->material_id(); // layer or wellbore solid
          const double       rho_c    = ground.heat_capacity_of(material);
          const double       lambda   = ground.conductivity_of(material);
          // Groundwater: Darcy velocity u, heat moves with v = (rho c)_w u / (rho c).
          const Tensor<1, dim> u       = darcy_tensor<dim>(ground.groundwater, material);
          const double         rho_c_w = ground.groundwater.water_heat_capacity;
          const Tensor<1, dim> v       = (rho_c_w / rho_c) * u;
          const double         tau     = cell_tau(centre, cell, v, lambda / rho_c);
          for (const unsigned int q : fe_values.quadrature_point_indices())
            {
              const double w = volume_weight(fe_values.quadrature_point(q)) * fe_values.JxW(q);
              for (unsigned int i = 0; i < n; ++i)
                {
                  // SUPG test function psi_i = phi_i + tau v . grad phi_i
                  psi[i]    = fe_values.shape_value(i, q) + tau * (v * fe_values.shape_grad(i, q));
                  advect[i] = rho_c_w * (u * fe_values.shape_grad(i, q));
                }
              for (unsigned int i = 0; i < n; ++i)
                for (unsigned int j = 0; j < n; ++j)
                  {
                    // m_ij = int rho c psi_i phi_j dV
                    // k_ij = int lambda grad phi_i . grad phi_j + psi_i (rho c)_w u . grad phi_j dV
                    m(i, j) += rho_c * psi[i] * fe_values.shape_value(j, q) * w;
                    k(i, j) += (lambda * (fe_values.shape_grad(i, q) * fe_values.shape_grad(j, q)) +
                                psi[i] * advect[j]) *
                               w;
                    // and the SUPG part of the diffusion residual, -div(lambda grad phi_j)
                    // (zero for trilinear bricks)
                    if (second_derivatives)
                      k(i, j) -= (psi[i] - fe_values.shape_value(i, q)) * lambda *
                                 trace(fe_values.shape_hessian(j, q)) * w;
                  }
            }
          cell->get_dof_indices(local);
          visit(local, m, k);
        }
  }

  template <int dim>
  void GroundModel<dim>::assemble(PETScWrappers::MPI::SparseMatrix &A,
                                  const double                      capacity_factor,
                                  const double                      conductance_factor) const
  {
    FullMatrix<double> a;
    for_each_cell_matrix([&](const std::vector<types::global_dof_index> &dofs,
                             const FullMatrix<double>                   &m,
                             const FullMatrix<double>                   &k) {
      a.reinit(m.m(), m.n());
      a.add(capacity_factor, m, conductance_factor, k);
      hanging_and_dirichlet.distribute_local_to_global(a, dofs, A);
    });
  }

  template <int dim>
  void GroundModel<dim>::assemble(SystemBuilder &b) const
  {
    for (const auto &line : hanging_and_dirichlet.get_lines())
      AssertThrow(line.entries.empty(),
                  ExcMessage("internal: hanging-node constraints are not supported"));
    std::vector<unsigned int> dofs;
    for_each_cell_matrix([&](const std::vector<types::global_dof_index> &local,
                             const FullMatrix<double>                   &m,
                             const FullMatrix<double>                   &k) {
      dofs.assign(local.begin(), local.end());
      b.add_block(dofs, &m(0, 0), &k(0, 0)); // FullMatrix storage is row-major
    });
  }

  template <int dim>
  typename GroundModel<dim>::BudgetFunctionals GroundModel<dim>::budget_functionals() const
  {
    BudgetFunctionals c{make_vector(), make_vector(), make_vector(), make_vector()};
    for (GhostedVector *v : {&c.storage, &c.fixed_capacity, &c.fixed_conductance, &c.advection})
      v->zero_out_ghost_values();
    for_each_cell_matrix([&](const std::vector<types::global_dof_index> &dofs,
                             const FullMatrix<double>                   &m,
                             const FullMatrix<double>                   &k) {
      for (unsigned int i = 0; i < dofs.size(); ++i)
        {
          const bool fixed = hanging_and_dirichlet.is_constrained(dofs[i]);
          for (unsigned int j = 0; j < dofs.size(); ++j)
            {
              c.storage(dofs[j]) += m(i, j);
              if (fixed)
                {
                  c.fixed_capacity(dofs[j]) += m(i, j);
                  c.fixed_conductance(dofs[j]) += k(i, j);
                }
            }
        }
    });
    if (ground.groundwater.flows())
      {
        const QGauss<dim - 1>                quadrature(fe.degree + 1);
        FEFaceValues<dim>                    fe_face(fe,
                                  quadrature,
                                  update_values | update_normal_vectors | update_JxW_values);
        std::vector<types::global_dof_index> local(fe.n_dofs_per_cell());
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            for (const auto f : cell->face_indices())
              if (cell->face(f)->at_boundary())
                {
                  const Tensor<1, dim> u =
                    darcy_tensor<dim>(ground.groundwater, cell->material_id());
                  fe_face.reinit(cell, f);
                  cell->get_dof_indices(local);
                  for (const unsigned int q : fe_face.quadrature_point_indices())
                    {
                      const double flux = ground.groundwater.water_heat_capacity *
                                          (u * fe_face.normal_vector(q)) * fe_face.JxW(q);
                      for (unsigned int j = 0; j < local.size(); ++j)
                        c.advection(local[j]) += flux * fe_face.shape_value(j, q);
                    }
                }
      }
    for (GhostedVector *v : {&c.storage, &c.fixed_capacity, &c.fixed_conductance, &c.advection})
      {
        v->compress(VectorOperation::add);
        v->update_ghost_values();
      }
    return c;
  }

  template <int dim>
  void GroundModel<dim>::for_each_wall_point(const unsigned int segments,
                                             const WallVisitor &visit) const
  {
    const QIterated<dim - 1>             quadrature(QGauss<1>(fe.degree + 1), segments);
    FEFaceValues<dim>                    fe_face(fe,
                              quadrature,
                              update_values | update_quadrature_points | update_JxW_values);
    const unsigned int                   n = fe.n_dofs_per_cell();
    std::vector<types::global_dof_index> local(n);
    std::vector<double>                  phi(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == boundary_id::wall)
            {
              fe_face.reinit(cell, f);
              cell->get_dof_indices(local);
              for (const unsigned int q : fe_face.quadrature_point_indices())
                {
                  for (unsigned int i = 0; i < n; ++i)
                    phi[i] = fe_face.shape_value(i, q);
                  visit(-fe_face.quadrature_point(q)[dim - 1], fe_face.JxW(q), local, phi);
                }
            }
  }

  template class GroundModel<2>;
  template class GroundModel<3>;
} // namespace geoheat

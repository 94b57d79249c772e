#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
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
    hanging_and_dirichlet.close();

    T0 = make_vector();
    VectorTools::interpolate(dof_handler, Geotherm<dim>(ground), T0);
    T0.update_ghost_values();
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
    const QGauss<dim>                    quadrature(fe.degree + 1);
    FEValues<dim>                        fe_values(fe,
                            quadrature,
                            update_values | update_gradients | update_quadrature_points |
                              update_JxW_values);
    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   m(n, n), k(n, n);
    std::vector<types::global_dof_index> local(n);

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          m                           = 0;
          k                           = 0;
          const unsigned int material = cell->material_id(); // layer or wellbore solid
          const double       rho_c    = ground.heat_capacity_of(material);
          const double       lambda   = ground.conductivity_of(material);
          for (const unsigned int q : fe_values.quadrature_point_indices())
            {
              // m_ij = int rho c phi_i phi_j dV, k_ij = int lambda grad phi_i . grad phi_j dV
              const double w = volume_weight(fe_values.quadrature_point(q)) * fe_values.JxW(q);
              for (unsigned int i = 0; i < n; ++i)
                for (unsigned int j = 0; j < n; ++j)
                  {
                    m(i, j) +=
                      rho_c * fe_values.shape_value(i, q) * fe_values.shape_value(j, q) * w;
                    k(i, j) +=
                      lambda * (fe_values.shape_grad(i, q) * fe_values.shape_grad(j, q)) * w;
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

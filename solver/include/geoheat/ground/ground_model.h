#pragma once
/**
 * @file ground_model.h
 * Transient heat conduction in the rock, discretised with continuous
 * Lagrange elements on a distributed mesh, for the disturbance
 * theta = T - T0(z) of the undisturbed geotherm:
 *
 *   int rho c dtheta/dt phi w dA + int lambda grad theta . grad phi w dA
 *     + boundary exchange terms = 0,
 *
 * with w = 2 pi r in the axisymmetric (dim = 2) model and w = 1 in 3D, so
 * every row is a heat flow in W. theta = 0 at the surface (Dirichlet T_s);
 * the basal heat flux, the adiabatic far field and the symmetry axis are
 * natural conditions of theta because T0 already carries them.
 */
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/base/system_builder.h>
#include <geoheat/ground/ground_properties.h>

#include <functional>
#include <memory>
#include <vector>

namespace geoheat
{
  using GhostedVector = dealii::LinearAlgebra::distributed::Vector<double>;

  template <int dim>
  class GroundModel
  {
  public:
    GroundModel(MPI_Comm comm, const GroundProperties &ground, unsigned int degree);

    dealii::parallel::distributed::Triangulation<dim> &triangulation()
    {
      return tria;
    }
    const dealii::parallel::distributed::Triangulation<dim> &triangulation() const
    {
      return tria;
    }
    /// Distribute DoFs and set the surface condition (after the mesh is built).
    /// @param fixed_surface theta = 0 on the surface boundary (else adiabatic)
    void setup(bool fixed_surface);

    unsigned int n_dofs() const
    {
      return dof_handler.n_dofs();
    }
    const dealii::IndexSet &owned_dofs() const
    {
      return owned;
    }
    const dealii::IndexSet &relevant_dofs() const
    {
      return relevant;
    }
    const dealii::DoFHandler<dim> &dofs() const
    {
      return dof_handler;
    }
    const dealii::AffineConstraints<double> &constraints() const
    {
      return hanging_and_dirichlet;
    }
    const GroundProperties &properties() const
    {
      return ground;
    }

    /// Add the couplings of the ground DoFs to a sparsity pattern.
    void add_sparsity(dealii::DynamicSparsityPattern &dsp) const;
    /// A += capacity_factor * M + K (ground rows and columns only).
    void assemble(dealii::PETScWrappers::MPI::SparseMatrix &A,
                  double                                    capacity_factor,
                  double                                    conductance_factor) const;
    /// Add the ground's element matrices M (J/K) and K (W/K) to @p b, cell
    /// by cell (logical indices = DoF indices). Hanging-node constraints are
    /// not supported here (the meshes have none); Dirichlet DoFs are the
    /// builder's business.
    void assemble(SystemBuilder &b) const;

    /**
     * Visit every quadrature point of the locally owned wall faces
     * (boundary_id::wall), with @p points_per_face Gauss points on each of
     * @p segments_per_face equal segments of a face. The callback gets the
     * depth (m), the line weight dz (m), the face's DoF indices and the
     * shape function values there.
     */
    using WallVisitor = std::function<void(double depth,
                                           double dz,
                                           const std::vector<dealii::types::global_dof_index> &dofs,
                                           const std::vector<double> &phi)>;
    void for_each_wall_point(unsigned int segments_per_face, const WallVisitor &visit) const;

    /// Undisturbed temperature T0 (deg C) interpolated at the DoFs (ghosted).
    const GhostedVector &undisturbed_temperature() const
    {
      return T0;
    }
    /// T0 plus the seasonal wave at simulation time t (s), at the DoFs.
    GhostedVector undisturbed_temperature(double t) const;
    /// A ghosted vector with the ground layout.
    GhostedVector make_vector() const;

    /**
     * Linear functionals of theta for the ground's heat budget (each a
     * vector c with the figure = c . theta, ghosted; theta-dot is the
     * step's BDF derivative):
     *  - storage: column sums of M over all rows: c . theta-dot = d/dt int rho c theta
     *  - fixed_capacity, fixed_conductance: column sums of M and K over the
     *    rows of the constrained DoFs (surface, inflow faces), before
     *    constraints: their sum with theta-dot and theta is the heat that
     *    enters through those boundaries (W)
     *  - advection: int_far field (rho c)_w (u . n) phi_j dA: the heat the
     *    water carries out of the model (W), from the face integral (not
     *    from K, so the budget checks that advection and SUPG conserve heat)
     * Every row of the unconstrained system sums to the storage plus the
     * advected heat (sum_i phi_i = 1, sum_i grad phi_i = 0, div u = 0), so
     * heat from the boreholes + heat through the fixed boundaries = storage
     * + advected heat, step by step.
     */
    struct BudgetFunctionals
    {
      GhostedVector storage, fixed_capacity, fixed_conductance, advection;
    };
    BudgetFunctionals budget_functionals() const;

    /// With groundwater: the cell-wise Darcy velocity (m/s) as a
    /// discontinuous FE field (x, y, z per cell) for the volume output;
    /// nullptr without flow.
    const dealii::DoFHandler<dim> *darcy_velocity_dofs() const
    {
      return velocity_dofs.get();
    }
    const GhostedVector &darcy_velocity() const
    {
      return velocity;
    }

  private:
    /// Element capacity and conductance matrices of every locally owned
    /// cell: visit(dofs, m, k), m and k n x n (FullMatrix).
    using CellVisitor = std::function<void(const std::vector<dealii::types::global_dof_index> &,
                                           const dealii::FullMatrix<double> &,
                                           const dealii::FullMatrix<double> &)>;
    void for_each_cell_matrix(const CellVisitor &visit) const;
    /// theta = 0 on the far-field faces where groundwater enters the model.
    void constrain_inflow_faces();
    /// The Darcy velocity field for the output (velocity_dofs, velocity).
    void setup_darcy_velocity_field();

    MPI_Comm                                          comm;
    GroundProperties                                  ground;
    dealii::parallel::distributed::Triangulation<dim> tria;
    dealii::FE_Q<dim>                                 fe;
    dealii::DoFHandler<dim>                           dof_handler;
    dealii::IndexSet                                  owned, relevant;
    dealii::AffineConstraints<double>                 hanging_and_dirichlet;
    GhostedVector                                     T0;
    std::unique_ptr<dealii::DoFHandler<dim>>          velocity_dofs;
    GhostedVector                                     velocity;
  };
} // namespace geoheat

#include <geoheat/coupling/ground_heat_budget.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// A ground functional (DoF numbering) as a system vector.
    template <int dim>
    void to_system(const GroundModel<dim>     &ground,
                   const SystemNumbering      &numbering,
                   const GhostedVector        &c,
                   PETScWrappers::MPI::Vector &out,
                   const IndexSet             &owned,
                   MPI_Comm                    comm)
    {
      out.reinit(owned, comm);
      for (const auto i : ground.owned_dofs())
        out(numbering.system(i)) = c(i);
      out.compress(VectorOperation::insert);
    }
  } // namespace

  template <int dim>
  GroundHeatBudget::GroundHeatBudget(const GroundModel<dim> &ground,
                                     const SystemNumbering  &numbering,
                                     const IndexSet         &owned,
                                     MPI_Comm                comm)
  {
    const auto c = ground.budget_functionals();
    to_system(ground, numbering, c.storage, storage, owned, comm);
    to_system(ground, numbering, c.fixed_capacity, fixed_capacity, owned, comm);
    to_system(ground, numbering, c.fixed_conductance, fixed_conductance, owned, comm);
    to_system(ground, numbering, c.advection, advection, owned, comm);
  }

  GroundBudgetStep GroundHeatBudget::step(const PETScWrappers::MPI::Vector &x_new,
                                          const PETScWrappers::MPI::Vector &x_n,
                                          const PETScWrappers::MPI::Vector &x_nm1,
                                          const BDFCoefficients            &bdf,
                                          const double                      dt,
                                          const double wall_heat_into_ground_W) const
  {
    // BDF derivative of a functional c: (beta0 c.x_new + beta1 c.x_n + beta2 c.x_nm1)/dt
    const auto rate = [&](const PETScWrappers::MPI::Vector &c) {
      return (bdf.beta0 * (c * x_new) + bdf.beta1 * (c * x_n) + bdf.beta2 * (c * x_nm1)) / dt;
    };
    GroundBudgetStep s;
    s.storage_W        = rate(storage);
    s.boundary_in_W    = rate(fixed_capacity) + fixed_conductance * x_new;
    s.groundwater_in_W = -(advection * x_new);
    const double residual =
      wall_heat_into_ground_W + s.boundary_in_W + s.groundwater_in_W - s.storage_W;
    const double scale = std::max({std::abs(wall_heat_into_ground_W),
                                   std::abs(s.boundary_in_W),
                                   std::abs(s.groundwater_in_W),
                                   std::abs(s.storage_W),
                                   1.0});
    s.rel_error        = std::abs(residual) / scale;
    return s;
  }

  template GroundHeatBudget::GroundHeatBudget(const GroundModel<2> &,
                                              const SystemNumbering &,
                                              const IndexSet &,
                                              MPI_Comm);
  template GroundHeatBudget::GroundHeatBudget(const GroundModel<3> &,
                                              const SystemNumbering &,
                                              const IndexSet &,
                                              MPI_Comm);
} // namespace geoheat

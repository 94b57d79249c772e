#pragma once
/**
 * @file ground_heat_budget.h
 * Where the ground's heat comes from, step by step (3D ground with
 * groundwater): for the disturbance theta of a step,
 *
 *   heat from the boreholes + heat through the fixed-temperature boundaries
 *     = rate of storage + heat carried out by the water            (W),
 *
 * each a linear functional of the system state (GroundModel::
 * budget_functionals). The balance holds for the discrete system by
 * construction up to the solver's residual, if the wall exchange puts into
 * the ground rows what the boreholes report and if advection with SUPG
 * conserves heat (the advected heat is the face integral, not a row sum of
 * K): a consistency check, reported per step as its relative error.
 */
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/coupling/step_result.h>
#include <geoheat/coupling/system_numbering.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/time/time_control.h>

namespace geoheat
{
  class GroundHeatBudget
  {
  public:
    /// The functionals of @p ground in the system numbering (vectors laid
    /// out like the system's: @p owned system indices).
    template <int dim>
    GroundHeatBudget(const GroundModel<dim> &ground,
                     const SystemNumbering  &numbering,
                     const dealii::IndexSet &owned,
                     MPI_Comm                comm);

    /// The step x_new after x_n, x_nm1 (BDF coefficients @p bdf, step @p dt
    /// in s), with @p wall_heat_into_ground_W from the boreholes.
    GroundBudgetStep step(const dealii::PETScWrappers::MPI::Vector &x_new,
                          const dealii::PETScWrappers::MPI::Vector &x_n,
                          const dealii::PETScWrappers::MPI::Vector &x_nm1,
                          const BDFCoefficients                    &bdf,
                          double                                    dt,
                          double                                    wall_heat_into_ground_W) const;

  private:
    dealii::PETScWrappers::MPI::Vector storage, fixed_capacity, fixed_conductance, advection;
  };
} // namespace geoheat

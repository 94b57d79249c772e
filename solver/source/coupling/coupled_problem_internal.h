#pragma once
/**
 * @file coupled_problem_internal.h
 * CoupledProblem's private parts shared by its source files
 * (coupled_problem.cc: the full steps; coupled_problem_reduction.cc: the
 * reduced model). Not part of the library's interface.
 */
#include <geoheat/coupling/coupled_problem.h>
#include <geoheat/coupling/step_solver.h>

namespace geoheat
{
  template <int dim>
  struct CoupledProblem<dim>::StateData
  {
    dealii::PETScWrappers::MPI::SparseMatrix M; ///< capacity matrix (J/K)
  };

  template <int dim>
  struct CoupledProblem<dim>::StepOperator
  {
    dealii::PETScWrappers::MPI::SparseMatrix A;
    std::unique_ptr<StepSolver>              solver;

    dealii::PETScWrappers::MPI::Vector unit_response;                   ///< x1 = A^{-1} e_supply
    double                             unit_inlet = 0, unit_outlet = 0; ///< its field T_in, T_out
    dealii::PETScWrappers::MPI::Vector last_x0; ///< last x0 solved: next guess
    bool                               has_last = false;
    /// Loads of a flowing step (W per row): the heat of friction, and with
    /// c_p per node the constant part of the linearised enthalpy flux (whose
    /// sum is zero, see CoaxialWell)
    dealii::PETScWrappers::MPI::Vector flow_load;
    double friction_W = 0; ///< heat of friction (W), the sum of flow_load
  };

} // namespace geoheat

#pragma once
/**
 * @file coupled_problem_internal.h
 * CoupledProblem's private parts shared by its source files
 * (coupled_problem.cc: the full steps; coupled_problem_reduction.cc: the
 * reduced model). Not part of the library's interface.
 */
#include <geoheat/coupling/coupled_problem.h>
#include <geoheat/coupling/step_solver.h>

#include <algorithm>
#include <set>

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
    /// Own plants: u_m = A^{-1} e_m per string m and every borehole's
    /// [T_in, T_out] in it (instead of unit_response).
    std::vector<dealii::PETScWrappers::MPI::Vector> string_unit_responses;
    std::vector<std::vector<double>>                string_unit_io;
    dealii::PETScWrappers::MPI::Vector              last_x0; ///< last x0 solved: next guess
    bool                                            has_last = false;
    /// Loads of a flowing step (W per row): the heat of friction, and with
    /// c_p per node the constant part of the linearised enthalpy flux (whose
    /// sum is zero, see CoaxialWell)
    dealii::PETScWrappers::MPI::Vector flow_load;
    double friction_W = 0; ///< heat of friction (W), the sum of flow_load
  };

  /// The reduced model's borehole part, kept when the fluid's properties
  /// follow its temperature (coupled_problem_reduced_fluid.cc).
  template <int dim>
  struct CoupledProblem<dim>::BoreholeProjection
  {
    /// S: the unknowns the borehole part touches (borehole unknowns, ground
    /// DoFs at the wall points), system numbering, sorted, the same on all ranks.
    std::vector<dealii::types::global_dof_index> rows;
    /// (position in S, index) of the rows of S this rank owns.
    std::vector<std::pair<unsigned int, dealii::types::global_dof_index>> owned_rows;
    dealii::FullMatrix<double> V; ///< the basis at S (|S| x k), all ranks
    /// The basis at every borehole unknown, in all_borehole_values' order.
    dealii::FullMatrix<double> borehole_rows;
    std::vector<unsigned int>  start; ///< borehole k's rows: [start[k], start[k+1])
    /// Per flow: the ground's part of M_r and K_r (what the fluid does not change).
    std::map<double, std::pair<dealii::FullMatrix<double>, dealii::FullMatrix<double>>> ground;
    /// Flows whose reduced operators are behind the fluid's properties
    /// (re-projected when next used).
    std::set<double> stale;

    /// Position of system index @p i in S (which must hold it).
    unsigned int position(const dealii::types::global_dof_index i) const
    {
      const auto it = std::lower_bound(rows.begin(), rows.end(), i);
      AssertThrow(it != rows.end() && *it == i,
                  dealii::ExcMessage("internal: an unknown outside the borehole part"));
      return it - rows.begin();
    }
  };

} // namespace geoheat

#pragma once
/**
 * @file step_solver.h
 * Solves A x = b for one step matrix A of the coupled system, many times:
 * a kept direct factorisation (UMFPACK on one rank, MUMPS on several) or
 * GMRES with a kept block preconditioner (see linear_solver_options.h).
 */
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/coupling/linear_solver_options.h>
#include <geoheat/coupling/serial_sparse_lu.h>
#include <geoheat/coupling/system_numbering.h>

#include <petscksp.h>

namespace geoheat
{
  class StepSolver
  {
  public:
    /// Prepare the solver for @p A (which must outlive it).
    StepSolver(const dealii::PETScWrappers::MPI::SparseMatrix &A,
               bool                                            direct,
               const LinearSolverOptions                      &options,
               const SystemNumbering                          &numbering);
    ~StepSolver();
    StepSolver(const StepSolver &)            = delete;
    StepSolver &operator=(const StepSolver &) = delete;

    /// x = A^{-1} b. The iterative solver starts from x as given when
    /// @p x_is_guess (else from zero), reduces the residual by
    /// @p relative_tolerance (0: the options' Relative tolerance) and throws
    /// if it does not converge. Returns the number of iterations (0 for the
    /// direct solver).
    unsigned int solve(dealii::PETScWrappers::MPI::Vector       &x,
                       const dealii::PETScWrappers::MPI::Vector &b,
                       bool                                      x_is_guess,
                       double                                    relative_tolerance = 0);

  private:
    void setup_iterative(const LinearSolverOptions &options, const SystemNumbering &numbering);

    const dealii::PETScWrappers::MPI::SparseMatrix &A;
    double                                          default_tolerance = 0, current_tolerance = 0;
    dealii::PETScWrappers::PreconditionLU           mumps;                 ///< several ranks
    SerialSparseLU                                  umfpack;               ///< one rank
    KSP                                             ksp         = nullptr; ///< iterative
    IS                                              ground_rows = nullptr, borehole_rows = nullptr;
  };
} // namespace geoheat

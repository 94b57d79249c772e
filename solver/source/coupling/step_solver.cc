#include <deal.II/base/mpi.h>

#include <geoheat/coupling/step_solver.h>

#include <petscpc.h>

#include <stdexcept>
#include <string>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    void check(const PetscErrorCode ierr, const char *what)
    {
      if (ierr != 0)
        throw std::runtime_error(std::string("PETSc error in ") + what);
    }

    /// Defaults of the block preconditioner, set once unless the user gave them.
    void set_default_options()
    {
      const std::pair<const char *, const char *> defaults[] = {
        {"-geoheat_fieldsplit_ground_ksp_type", "preonly"},
        {"-geoheat_fieldsplit_ground_pc_type", "hypre"},
        {"-geoheat_fieldsplit_ground_pc_hypre_type", "boomeramg"},
        // 3D conduction: stronger threshold and HMIS/ext+i keep the
        // operator complexity low (hypre's recommendations for 3D).
        {"-geoheat_fieldsplit_ground_pc_hypre_boomeramg_strong_threshold", "0.5"},
        {"-geoheat_fieldsplit_ground_pc_hypre_boomeramg_coarsen_type", "HMIS"},
        {"-geoheat_fieldsplit_ground_pc_hypre_boomeramg_interp_type", "ext+i"},
        {"-geoheat_fieldsplit_borehole_ksp_type", "preonly"},
        {"-geoheat_fieldsplit_borehole_pc_type", "bjacobi"},
        {"-geoheat_fieldsplit_borehole_sub_pc_type", "lu"},
        {"-geoheat_fieldsplit_borehole_sub_pc_factor_mat_solver_type", "petsc"},
      };
      for (const auto &[name, value] : defaults)
        {
          PetscBool set = PETSC_FALSE;
          PetscOptionsHasName(nullptr, nullptr, name, &set);
          if (!set)
            PetscOptionsSetValue(nullptr, name, value);
        }
    }
  } // namespace

  StepSolver::StepSolver(const PETScWrappers::MPI::SparseMatrix &A_in,
                         const bool                              direct,
                         const LinearSolverOptions              &options,
                         const SystemNumbering                  &numbering)
    : A(A_in)
  {
    if (!direct)
      setup_iterative(options, numbering);
    else if (Utilities::MPI::n_mpi_processes(A.get_mpi_communicator()) == 1)
      umfpack.factorize(A);
    else
      mumps.initialize(A);
  }

  StepSolver::~StepSolver()
  {
    if (ksp)
      KSPDestroy(&ksp);
    if (ground_rows)
      ISDestroy(&ground_rows);
    if (borehole_rows)
      ISDestroy(&borehole_rows);
  }

  void StepSolver::setup_iterative(const LinearSolverOptions &options,
                                   const SystemNumbering     &numbering)
  {
    set_default_options();
    const MPI_Comm comm   = A.get_mpi_communicator();
    auto           stride = [&](const IndexSet &rows, IS *is) {
      const PetscInt first = rows.n_elements() > 0 ? rows.nth_index_in_set(0) : 0;
      check(ISCreateStride(comm, rows.n_elements(), first, 1, is), "ISCreateStride");
    };
    stride(numbering.owned_ground(), &ground_rows);
    stride(numbering.owned_boreholes(), &borehole_rows);

    check(KSPCreate(comm, &ksp), "KSPCreate");
    check(KSPSetOptionsPrefix(ksp, "geoheat_"), "KSPSetOptionsPrefix");
    check(KSPSetOperators(ksp, A, A), "KSPSetOperators");
    check(KSPSetType(ksp, KSPGMRES), "KSPSetType");
    check(KSPGMRESSetRestart(ksp, 100), "KSPGMRESSetRestart");
    // Absolute floor far below any physical residual (W), so that a zero
    // right-hand side converges at once.
    check(KSPSetTolerances(
            ksp, options.relative_tolerance, 1e-300, PETSC_DEFAULT, options.max_iterations),
          "KSPSetTolerances");
    PC pc;
    check(KSPGetPC(ksp, &pc), "KSPGetPC");
    check(PCSetType(pc, PCFIELDSPLIT), "PCSetType");
    // Block Gauss-Seidel: ground (AMG) first, then the boreholes exactly
    // given the new ground values, so the borehole residual after each
    // application is zero and GMRES only sees the ground's approximation.
    check(PCFieldSplitSetIS(pc, "ground", ground_rows), "PCFieldSplitSetIS");
    check(PCFieldSplitSetIS(pc, "borehole", borehole_rows), "PCFieldSplitSetIS");
    check(PCFieldSplitSetType(pc, PC_COMPOSITE_MULTIPLICATIVE), "PCFieldSplitSetType");
    check(KSPSetFromOptions(ksp), "KSPSetFromOptions");
    check(KSPSetUp(ksp), "KSPSetUp");
    PetscReal rtol;
    check(KSPGetTolerances(ksp, &rtol, nullptr, nullptr, nullptr), "KSPGetTolerances");
    default_tolerance = current_tolerance = rtol; // as set, or from PETSc options
  }

  unsigned int StepSolver::solve(PETScWrappers::MPI::Vector       &x,
                                 const PETScWrappers::MPI::Vector &b,
                                 const bool                        x_is_guess,
                                 const double                      relative_tolerance)
  {
    if (ksp)
      {
        const double rtol = relative_tolerance > 0 ? relative_tolerance : default_tolerance;
        if (rtol != current_tolerance)
          {
            PetscReal abstol, dtol;
            PetscInt  maxits;
            check(KSPGetTolerances(ksp, nullptr, &abstol, &dtol, &maxits), "KSPGetTolerances");
            check(KSPSetTolerances(ksp, rtol, abstol, dtol, maxits), "KSPSetTolerances");
            current_tolerance = rtol;
          }
        check(KSPSetInitialGuessNonzero(ksp, x_is_guess ? PETSC_TRUE : PETSC_FALSE),
              "KSPSetInitialGuessNonzero");
        check(KSPSolve(ksp, b, x), "KSPSolve");
        KSPConvergedReason reason;
        PetscInt           its;
        KSPGetConvergedReason(ksp, &reason);
        KSPGetIterationNumber(ksp, &its);
        if (reason < 0)
          throw std::runtime_error("the iterative linear solver did not converge (PETSc reason " +
                                   std::to_string(int(reason)) + " after " +
                                   std::to_string(int(its)) +
                                   " iterations); try 'Linear solver/Method = direct' or a "
                                   "larger 'Maximum iterations'");
        return its;
      }
    if (umfpack.initialized())
      {
        if (&x != &b)
          x = b;
        PetscScalar *px;
        VecGetArray(x, &px);
        umfpack.solve(px);
        VecRestoreArray(x, &px);
      }
    else
      mumps.vmult(x, b);
    return 0;
  }
} // namespace geoheat

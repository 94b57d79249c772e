#pragma once
/**
 * @file linear_solver_options.h
 * How the coupled step system is solved (subsection "Linear solver"):
 *  - direct: sparse LU (UMFPACK on one rank, MUMPS on several); the
 *    factorisation is kept and reused, a step costs two substitutions.
 *    Fastest for 2D and small 3D meshes.
 *  - iterative: GMRES preconditioned by a block Gauss-Seidel split
 *    (PETSc PCFIELDSPLIT): ground block by hypre BoomerAMG, then the
 *    borehole block exactly (sparse LU of each rank's own boreholes, which
 *    are block-diagonal across ranks). The preconditioner is kept while the
 *    step matrix is unchanged. Scales to millions of unknowns.
 *  - automatic: 2D (axisymmetric) models direct below "Direct solver limit"
 *    unknowns; 3D models iterative (in 3D the LU fill makes each new
 *    factorisation cost 5x a whole GMRES solve already at 6k unknowns).
 * PETSc options with the prefix "geoheat_" (e.g. in PETSC_OPTIONS) adjust
 * the iterative solver further.
 */
#include <deal.II/base/parameter_handler.h>

#include <string>

namespace geoheat
{
  struct LinearSolverOptions
  {
    enum class Method
    {
      automatic,
      direct,
      iterative
    };
    Method       method             = Method::automatic;
    unsigned int direct_limit       = 150000; ///< unknowns (automatic, 2D)
    double       relative_tolerance = 1e-12;  ///< of the residual norm, relative to the first
    /// Pump-off steps: their wall heat is tiny (< 1 W for a field at rest),
    /// so the same relative energy balance needs a tighter solve.
    double       idle_relative_tolerance = 1e-12;
    unsigned int max_iterations          = 500;

    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);
    /// The method to use for a system of @p n_unknowns on a @p dim mesh.
    bool use_direct(unsigned int n_unknowns, int dim) const
    {
      return method == Method::direct ||
             (method == Method::automatic && dim == 2 && n_unknowns < direct_limit);
    }
  };
} // namespace geoheat

#pragma once
/**
 * @file serial_sparse_lu.h
 * Sparse LU for one MPI rank: UMFPACK called directly, with iterative
 * refinement off and preallocated work arrays, so that a solve is exactly
 * one forward and one backward substitution. In a time loop with thousands
 * of steps and a few thousand unknowns the solve is the whole cost of a step;
 * deal.II's SparseDirectUMFPACK refines iteratively (a residual and a second
 * pair of substitutions) and PETSc/MUMPS adds per-call overhead.
 * The factors of a well-conditioned FE system need no refinement: the
 * residual is checked once after factorisation (solve of A 1).
 */
#include <deal.II/lac/petsc_sparse_matrix.h>

#include <vector>

namespace geoheat
{
  class SerialSparseLU
  {
  public:
    SerialSparseLU()                                  = default;
    SerialSparseLU(const SerialSparseLU &)            = delete;
    SerialSparseLU &operator=(const SerialSparseLU &) = delete;
    ~SerialSparseLU();

    /// Factorise a matrix held entirely on this rank.
    void factorize(const dealii::PETScWrappers::MatrixBase &A);
    /// x = A^{-1} b in place (n entries).
    void solve(double *b_then_x) const;
    bool initialized() const
    {
      return numeric != nullptr;
    }

  private:
    long                        n = 0;
    std::vector<long>           row_start, column;
    std::vector<double>         value;
    void                       *numeric = nullptr;
    mutable std::vector<long>   work_i;
    mutable std::vector<double> work_d, rhs;
    double                      control[20];
  };
} // namespace geoheat

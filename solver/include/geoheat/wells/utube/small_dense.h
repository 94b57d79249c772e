#pragma once
/**
 * @file small_dense.h
 * Small dense linear algebra for the borehole cross-section and U-tube
 * models (matrices of a few to a few tens of rows), done by LAPACK
 * (linked through deal.II) rather than by hand-written elimination.
 *
 * Matrices are stored row by row as std::vector<std::vector<double>>, the
 * form the public interfaces of the U-tube module use; the wrappers copy
 * them to LAPACK's column-major layout.
 */
#include <vector>

namespace geoheat::small_dense
{
  using Matrix = std::vector<std::vector<double>>;

  /// n x n zero matrix.
  Matrix zeros(unsigned int n);

  /// n x n identity matrix.
  Matrix identity(unsigned int n);

  /// Solve A X = B for X (LAPACK dgesv, LU with partial pivoting).
  /// @param A square matrix (n x n)
  /// @param B right-hand sides, n rows and any number of columns
  /// @throws std::runtime_error if A is singular
  Matrix solve(const Matrix &A, const Matrix &B);

  /// Solve A x = b for a single right-hand side.
  std::vector<double> solve(const Matrix &A, const std::vector<double> &b);

  /// Inverse of a square matrix (dgesv against the identity).
  Matrix inverse(const Matrix &A);

  /// Product A B.
  Matrix multiply(const Matrix &A, const Matrix &B);

  /// Product A x.
  std::vector<double> multiply(const Matrix &A, const std::vector<double> &x);

  /// Eigenpairs of the symmetric-definite pencil A x = nu B x (LAPACK dsygv,
  /// problem type 1), A symmetric, B symmetric positive definite.
  struct GeneralizedEigen
  {
    std::vector<double> values;  ///< nu_k, ascending
    Matrix              vectors; ///< column k is x_k, normalised x^T B x = 1
  };
  /// @throws std::runtime_error if B is not positive definite
  GeneralizedEigen symmetric_definite_eigen(const Matrix &A, const Matrix &B);
} // namespace geoheat::small_dense

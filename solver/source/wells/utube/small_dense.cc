#include <geoheat/wells/utube/small_dense.h>

#include <algorithm>
#include <stdexcept>
#include <string>

// LAPACK (Fortran calling convention; the library comes with deal.II).
extern "C"
{
  void dgesv_(const int *n,
              const int *nrhs,
              double    *a,
              const int *lda,
              int       *ipiv,
              double    *b,
              const int *ldb,
              int       *info);
  void dsygv_(const int  *itype,
              const char *jobz,
              const char *uplo,
              const int  *n,
              double     *a,
              const int  *lda,
              double     *b,
              const int  *ldb,
              double     *w,
              double     *work,
              const int  *lwork,
              int        *info);
}

namespace geoheat::small_dense
{
  namespace
  {
    /// Row-by-row matrix (rows x cols) to LAPACK's column-major array.
    std::vector<double>
    column_major(const Matrix &A, const unsigned int rows, const unsigned int cols)
    {
      std::vector<double> a(rows * cols);
      for (unsigned int i = 0; i < rows; ++i)
        {
          if (A[i].size() != cols)
            throw std::invalid_argument("small_dense: ragged matrix");
          for (unsigned int j = 0; j < cols; ++j)
            a[i + j * rows] = A[i][j];
        }
      return a;
    }

    void require_square(const Matrix &A)
    {
      for (const auto &row : A)
        if (row.size() != A.size())
          throw std::invalid_argument("small_dense: matrix is not square");
    }
  } // namespace

  Matrix zeros(const unsigned int n)
  {
    return Matrix(n, std::vector<double>(n, 0.0));
  }

  Matrix identity(const unsigned int n)
  {
    Matrix I = zeros(n);
    for (unsigned int i = 0; i < n; ++i)
      I[i][i] = 1.0;
    return I;
  }

  Matrix solve(const Matrix &A, const Matrix &B)
  {
    require_square(A);
    const int n = static_cast<int>(A.size());
    if (B.size() != A.size())
      throw std::invalid_argument("small_dense::solve: row count mismatch");
    if (n == 0)
      return B;
    const int           nrhs = static_cast<int>(B[0].size());
    std::vector<double> a    = column_major(A, n, n);
    std::vector<double> b    = column_major(B, n, nrhs);
    std::vector<int>    pivots(n);
    int                 info = 0;
    dgesv_(&n, &nrhs, a.data(), &n, pivots.data(), b.data(), &n, &info);
    if (info != 0)
      throw std::runtime_error("small_dense::solve: dgesv failed, info = " + std::to_string(info));
    Matrix X(n, std::vector<double>(nrhs));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < nrhs; ++j)
        X[i][j] = b[i + j * n];
    return X;
  }

  std::vector<double> solve(const Matrix &A, const std::vector<double> &b)
  {
    Matrix B(b.size(), std::vector<double>(1));
    for (unsigned int i = 0; i < b.size(); ++i)
      B[i][0] = b[i];
    const Matrix        X = solve(A, B);
    std::vector<double> x(b.size());
    for (unsigned int i = 0; i < b.size(); ++i)
      x[i] = X[i][0];
    return x;
  }

  Matrix inverse(const Matrix &A)
  {
    return solve(A, identity(A.size()));
  }

  Matrix multiply(const Matrix &A, const Matrix &B)
  {
    const unsigned int cols = B.empty() ? 0 : B[0].size();
    Matrix             C(A.size(), std::vector<double>(cols, 0.0));
    for (unsigned int i = 0; i < A.size(); ++i)
      for (unsigned int k = 0; k < B.size(); ++k)
        for (unsigned int j = 0; j < cols; ++j)
          C[i][j] += A[i][k] * B[k][j];
    return C;
  }

  std::vector<double> multiply(const Matrix &A, const std::vector<double> &x)
  {
    std::vector<double> y(A.size(), 0.0);
    for (unsigned int i = 0; i < A.size(); ++i)
      for (unsigned int j = 0; j < x.size(); ++j)
        y[i] += A[i][j] * x[j];
    return y;
  }

  GeneralizedEigen symmetric_definite_eigen(const Matrix &A, const Matrix &B)
  {
    require_square(A);
    require_square(B);
    const int n = static_cast<int>(A.size());
    if (B.size() != A.size())
      throw std::invalid_argument("small_dense: pencil size mismatch");
    std::vector<double> a = column_major(A, n, n);
    std::vector<double> b = column_major(B, n, n);
    std::vector<double> w(n);
    const int           itype = 1;
    const char          jobz = 'V', uplo = 'U';
    int                 info = 0;
    // Workspace query, then the decomposition.
    int    lwork      = -1;
    double work_query = 0;
    dsygv_(
      &itype, &jobz, &uplo, &n, a.data(), &n, b.data(), &n, w.data(), &work_query, &lwork, &info);
    lwork = std::max(1, static_cast<int>(work_query));
    std::vector<double> work(lwork);
    dsygv_(
      &itype, &jobz, &uplo, &n, a.data(), &n, b.data(), &n, w.data(), work.data(), &lwork, &info);
    if (info != 0)
      throw std::runtime_error("small_dense: dsygv failed, info = " + std::to_string(info));
    GeneralizedEigen result{w, Matrix(n, std::vector<double>(n))};
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        result.vectors[i][j] = a[i + j * n];
    return result;
  }
} // namespace geoheat::small_dense

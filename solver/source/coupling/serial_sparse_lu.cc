#include <geoheat/coupling/serial_sparse_lu.h>

#include <suitesparse/umfpack.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace geoheat
{
  SerialSparseLU::~SerialSparseLU()
  {
    if (numeric)
      umfpack_dl_free_numeric(&numeric);
  }

  void SerialSparseLU::factorize(const dealii::PETScWrappers::MatrixBase &A)
  {
    // CSR of A is CSC of A^T: factorise A^T, solve with its transpose.
    n = A.m();
    row_start.assign(1, 0);
    column.clear();
    value.clear();
    for (long r = 0; r < n; ++r)
      {
        for (auto it = A.begin(r); it != A.end(r); ++it)
          {
            column.push_back(it->column());
            value.push_back(it->value());
          }
        row_start.push_back(column.size());
      }
    umfpack_dl_defaults(control);
    control[UMFPACK_IRSTEP] = 0;
    void *symbolic          = nullptr;
    long  status            = umfpack_dl_symbolic(
      n, n, row_start.data(), column.data(), value.data(), &symbolic, control, nullptr);
    if (status == UMFPACK_OK)
      status = umfpack_dl_numeric(
        row_start.data(), column.data(), value.data(), symbolic, &numeric, control, nullptr);
    umfpack_dl_free_symbolic(&symbolic);
    if (status != UMFPACK_OK)
      throw std::runtime_error("UMFPACK factorisation failed (status " + std::to_string(status) +
                               ")");
    work_i.resize(n);
    work_d.resize(5 * n);
    rhs.resize(n);

    // Without iterative refinement the factors must be accurate on their
    // own: check that A x = A 1 gives back x = 1.
    std::vector<double> x(n, 0.0);
    for (long r = 0; r < n; ++r)
      for (long k = row_start[r]; k < row_start[r + 1]; ++k)
        x[r] += value[k];
    solve(x.data());
    double error = 0;
    for (const double v : x)
      error = std::max(error, std::abs(v - 1.0));
    if (!(error < 1e-8))
      throw std::runtime_error("UMFPACK factors are inaccurate (error " + std::to_string(error) +
                               " on a test solve)");
  }

  void SerialSparseLU::solve(double *b_then_x) const
  {
    std::copy(b_then_x, b_then_x + n, rhs.begin());
    const long status = umfpack_dl_wsolve(UMFPACK_At,
                                          row_start.data(),
                                          column.data(),
                                          value.data(),
                                          b_then_x,
                                          rhs.data(),
                                          numeric,
                                          control,
                                          nullptr,
                                          work_i.data(),
                                          work_d.data());
    if (status != UMFPACK_OK)
      throw std::runtime_error("UMFPACK solve failed (status " + std::to_string(status) + ")");
  }
} // namespace geoheat

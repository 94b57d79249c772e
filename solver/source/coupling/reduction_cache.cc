#include <geoheat/coupling/reduction_cache.h>

#include <petscmat.h>
#include <petscvec.h>

namespace geoheat
{
  void SystemFingerprint::bytes(const void *data, const std::size_t size)
  {
    const auto *p = static_cast<const unsigned char *>(data);
    for (std::size_t i = 0; i < size; ++i)
      {
        hash ^= p[i];
        hash *= 1099511628211ULL; // FNV-1a prime
      }
  }

  void SystemFingerprint::add(const double value)
  {
    bytes(&value, sizeof value);
  }

  void SystemFingerprint::add(const std::uint64_t value)
  {
    bytes(&value, sizeof value);
  }

  void SystemFingerprint::add(const std::vector<double> &values)
  {
    add(std::uint64_t(values.size()));
    bytes(values.data(), values.size() * sizeof(double));
  }

  void SystemFingerprint::add(const dealii::PETScWrappers::MPI::Vector &v)
  {
    const Vec          vec = v;
    const PetscScalar *values;
    PetscInt           n;
    VecGetLocalSize(vec, &n);
    VecGetArrayRead(vec, &values);
    add(std::uint64_t(n));
    bytes(values, sizeof(PetscScalar) * n);
    VecRestoreArrayRead(vec, &values);
  }

  void SystemFingerprint::add(const dealii::PETScWrappers::MPI::SparseMatrix &A)
  {
    const Mat mat = A;
    PetscInt  begin, end;
    MatGetOwnershipRange(mat, &begin, &end);
    for (PetscInt row = begin; row < end; ++row)
      {
        PetscInt           n;
        const PetscInt    *columns;
        const PetscScalar *values;
        MatGetRow(mat, row, &n, &columns, &values);
        add(std::uint64_t(row));
        bytes(columns, sizeof(PetscInt) * n);
        bytes(values, sizeof(PetscScalar) * n);
        MatRestoreRow(mat, row, &n, &columns, &values);
      }
  }

  std::uint64_t SystemFingerprint::global(MPI_Comm comm) const
  {
    SystemFingerprint all;
    for (const std::uint64_t h : dealii::Utilities::MPI::all_gather(comm, hash))
      all.add(h);
    return all.hash;
  }

  const ReducedBasis *ReductionCache::find(const std::uint64_t key) const
  {
    return kept && kept_key == key ? kept.get() : nullptr;
  }

  const ReducedBasis &ReductionCache::keep(const std::uint64_t key, ReducedBasis built)
  {
    kept_key = key;
    kept     = std::make_unique<ReducedBasis>(std::move(built));
    return *kept;
  }
} // namespace geoheat

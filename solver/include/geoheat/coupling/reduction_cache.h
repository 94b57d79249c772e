#pragma once
/**
 * @file reduction_cache.h
 * Keeping a reduced model (reduced_model.h) from one run to the next.
 *
 * A design search or a load-scale study runs the same system many times
 * with other building loads: the ground, the wells and the flows do not
 * change, so neither do the basis V and the projected operators (the
 * loads enter each step from outside). Building them is ~1 s of a ~2 s
 * 30-year hub run. The cache keeps the last one built, under a fingerprint
 * of every number the build reads (the step matrices, loads, initial state,
 * settings; SystemFingerprint): a run whose fingerprint matches takes it
 * as it is, with the same figures to the last bit as a fresh build; any
 * other run builds anew and replaces it. Used by the process only, never
 * written to disk.
 */
#include <deal.II/base/mpi.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include <geoheat/coupling/reduced_model.h>

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace geoheat
{
  /// A 64-bit fingerprint (FNV-1a) of the numbers that define a system, over
  /// all ranks: equal fingerprints mean the same numbers (up to a collision
  /// chance of 2^-64), bit for bit.
  class SystemFingerprint
  {
  public:
    void add(double value);
    void add(std::uint64_t value);
    void add(const std::vector<double> &values);
    /// This rank's entries (the owned part).
    void add(const dealii::PETScWrappers::MPI::Vector &v);
    /// This rank's rows: their column indices and values.
    void add(const dealii::PETScWrappers::MPI::SparseMatrix &A);
    /// Every rank's fingerprint combined in rank order (collective).
    std::uint64_t global(MPI_Comm comm) const;

  private:
    void          bytes(const void *data, std::size_t size);
    std::uint64_t hash = 14695981039346656037ULL; ///< FNV-1a offset basis
  };

  /// What building a reduced model produces, before the run's state is
  /// projected on it.
  struct ReducedBasis
  {
    std::vector<dealii::PETScWrappers::MPI::Vector> basis;   ///< V, M_0-orthonormal
    std::map<double, ReducedOperators>              by_flow; ///< projected operators
    dealii::FullMatrix<double>                      outputs; ///< rows of V at inlets/outlets
    dealii::Vector<double>                          energy;  ///< boreholes' energy weights
    unsigned int                                    n_factorized = 0; ///< what building cost
    unsigned long                                   n_iterations = 0;
  };

  /// The last reduced model built, under its fingerprint.
  class ReductionCache
  {
  public:
    /// The kept model if its fingerprint is @p key, else nullptr.
    const ReducedBasis *find(std::uint64_t key) const;
    /// Keep @p built under @p key (the one kept before is dropped) and
    /// return it.
    const ReducedBasis &keep(std::uint64_t key, ReducedBasis built);
    /// Runs that took the kept model / that built one.
    unsigned int reuses = 0, builds = 0;

  private:
    std::uint64_t                 kept_key = 0;
    std::unique_ptr<ReducedBasis> kept;
  };
} // namespace geoheat

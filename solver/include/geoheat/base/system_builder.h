#pragma once
/**
 * @file system_builder.h
 * Where components add their terms of the linear system
 *     (beta0/dt) M x^{n+1} + K x^{n+1} = M w + f
 * without knowing how it is stored (distributed PETSc matrix, dense test
 * matrix, or a sparsity-pattern recorder). Indices are global (logical).
 */
#include <vector>

namespace geoheat
{
  class SystemBuilder
  {
  public:
    virtual ~SystemBuilder() = default;
    /// Add to the capacity matrix M (J/K): entry (row, col).
    virtual void add_capacity(unsigned int row, unsigned int col, double value) = 0;
    /// Add to the conductance matrix K (W/K): entry (row, col).
    virtual void add_conductance(unsigned int row, unsigned int col, double value) = 0;
    /// Add to the constant load vector f (W).
    virtual void add_load(unsigned int row, double value) = 0;

    /// Add a dense element block: M(dofs, dofs) += m, K(dofs, dofs) += k,
    /// both n x n, row-major. Builders may store it faster than entry by entry.
    virtual void add_block(const std::vector<unsigned int> &dofs, const double *m, const double *k)
    {
      const unsigned int n = dofs.size();
      for (unsigned int i = 0; i < n; ++i)
        for (unsigned int j = 0; j < n; ++j)
          {
            add_capacity(dofs[i], dofs[j], m[i * n + j]);
            add_conductance(dofs[i], dofs[j], k[i * n + j]);
          }
    }
  };
} // namespace geoheat

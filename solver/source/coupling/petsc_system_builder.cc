#include <geoheat/coupling/petsc_system_builder.h>

namespace geoheat
{
  void PetscSystemBuilder::add_block(const std::vector<unsigned int> &dofs,
                                     const double                    *m,
                                     const double                    *k)
  {
    const unsigned int n = dofs.size();
    rows.resize(n);
    for (unsigned int i = 0; i < n; ++i)
      rows[i] = numbering.system(dofs[i]);
    if (pattern)
      {
        for (unsigned int i = 0; i < n; ++i)
          for (unsigned int j = 0; j < n; ++j)
            if (i == j || (!fixed(dofs[i]) && !fixed(dofs[j])))
              pattern->add(rows[i], rows[j]);
        return;
      }
    if (entries)
      {
        for (unsigned int i = 0; i < n; ++i)
          for (unsigned int j = 0; j < n; ++j)
            add(dofs[i], dofs[j], cap * m[i * n + j] + cond * k[i * n + j]);
        return;
      }
    if (!matrix)
      return;
    // One PETSc call per row: a = cap m + cond k, fixed columns zero, a
    // fixed row keeps only its diagonal.
    values.resize(n);
    for (unsigned int i = 0; i < n; ++i)
      {
        const bool row_fixed = fixed(dofs[i]);
        for (unsigned int j = 0; j < n; ++j)
          values[j] = (row_fixed && j != i) || (!row_fixed && fixed(dofs[j])) ?
                        0.0 :
                        cap * m[i * n + j] + cond * k[i * n + j];
        matrix->add(rows[i], n, rows.data(), values.data(), true, false);
      }
  }
} // namespace geoheat

#pragma once
/**
 * @file petsc_system_builder.h
 * SystemBuilder that writes into a distributed PETSc matrix/vector, or
 * records a sparsity pattern, in the system numbering (system_numbering.h)
 * of the logical indices it is given. Rows and columns of constrained ground
 * DoFs (theta = 0 at the surface) are skipped: those unknowns are fixed; an
 * element block still puts its diagonal on their rows so the matrix stays
 * regular with entries of the neighbours' scale.
 */
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/base/system_builder.h>
#include <geoheat/coupling/system_numbering.h>

#include <vector>

namespace geoheat
{
  class PetscSystemBuilder : public SystemBuilder
  {
  public:
    PetscSystemBuilder(const dealii::AffineConstraints<double> &constraints_in,
                       const SystemNumbering                   &numbering_in)
      : constraints(constraints_in)
      , numbering(numbering_in)
    {}

    /// Write capacity_factor * M + conductance_factor * K into @p A.
    void write_matrix(dealii::PETScWrappers::MPI::SparseMatrix *A,
                      double                                    capacity_factor,
                      double                                    conductance_factor)
    {
      matrix = A;
      cap    = capacity_factor;
      cond   = conductance_factor;
    }
    /// One matrix entry in the system numbering (entries()).
    struct Entry
    {
      dealii::types::global_dof_index row, col;
      double                          value;
    };
    /// Instead of a matrix, append capacity_factor * M + conductance_factor
    /// * K entry by entry to @p e (unsummed, nonzero values only): for the
    /// small borehole part of a system (the reduced model's projection).
    void write_entries(std::vector<Entry> *e, double capacity_factor, double conductance_factor)
    {
      entries = e;
      cap     = capacity_factor;
      cond    = conductance_factor;
    }
    void write_load(dealii::PETScWrappers::MPI::Vector *f)
    {
      load = f;
    }
    void record_pattern(dealii::DynamicSparsityPattern *dsp)
    {
      pattern = dsp;
    }

    /// Is logical unknown @p i a fixed (constrained) ground DoF?
    bool fixed(unsigned int i) const
    {
      return i < numbering.n_ground() && constraints.is_constrained(i);
    }

    void add_capacity(unsigned int i, unsigned int j, double v) override
    {
      add(i, j, cap * v);
    }
    void add_conductance(unsigned int i, unsigned int j, double v) override
    {
      add(i, j, cond * v);
    }
    void add_load(unsigned int i, double v) override
    {
      if (load && !fixed(i))
        load->add(std::vector<dealii::types::global_dof_index>{numbering.system(i)},
                  std::vector<double>{v});
    }
    void
    add_block(const std::vector<unsigned int> &dofs, const double *m, const double *k) override;

  private:
    void add(unsigned int i, unsigned int j, double v)
    {
      if (fixed(i) || fixed(j))
        return;
      if (pattern)
        pattern->add(numbering.system(i), numbering.system(j));
      else if (matrix && v != 0.0)
        matrix->add(numbering.system(i), numbering.system(j), v);
      else if (entries && v != 0.0)
        entries->push_back({numbering.system(i), numbering.system(j), v});
    }

    const dealii::AffineConstraints<double>     &constraints;
    const SystemNumbering                       &numbering;
    dealii::PETScWrappers::MPI::SparseMatrix    *matrix  = nullptr;
    dealii::PETScWrappers::MPI::Vector          *load    = nullptr;
    dealii::DynamicSparsityPattern              *pattern = nullptr;
    std::vector<Entry>                          *entries = nullptr;
    double                                       cap = 0, cond = 0;
    std::vector<dealii::types::global_dof_index> rows; ///< scratch, system numbering
    std::vector<double>                          values;
  };
} // namespace geoheat

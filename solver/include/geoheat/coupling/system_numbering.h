#pragma once
/**
 * @file system_numbering.h
 * Where every unknown of the coupled system lives in the distributed PETSc
 * matrix and vectors.
 *
 * Components address unknowns by a *logical* index: ground DoF i (deal.II
 * numbering, 0 <= i < n_ground), then the unknowns of borehole b at
 * n_ground + first[b] + j. Each borehole (with every borehole of its series
 * string) is owned by one rank that holds a fair share of its wall in the
 * mesh (the owners are chosen by the caller, see CoupledProblem), so the fluid
 * unknowns are spread over the ranks with the ground they touch.
 * PETSc needs each rank's rows contiguous, so the *system* index interleaves:
 *
 *     rank 0: [its ground DoFs][its boreholes]  rank 1: [ground][boreholes] ...
 *
 * ground DoF i of rank r -> i + shift[r], borehole unknowns of rank r follow
 * its ground range; shift[r] = number of borehole unknowns on ranks < r.
 * On one rank both numberings are the same.
 */
#include <deal.II/base/index_set.h>

#include <mpi.h>

#include <vector>

namespace geoheat
{
  class SystemNumbering
  {
  public:
    using Index = unsigned int;

    /**
     * @param ground_owned  the ground DoFs this rank owns (contiguous)
     * @param n_ground      number of ground DoFs in total
     * @param sizes         unknowns of each borehole
     * @param owner         rank owning each borehole
     */
    void setup(const dealii::IndexSet          &ground_owned,
               Index                            n_ground,
               const std::vector<Index>        &sizes,
               const std::vector<unsigned int> &owner,
               MPI_Comm                         comm);

    Index n_ground() const
    {
      return n_ground_dofs;
    }
    Index n_total() const
    {
      return n_all;
    }
    /// Logical index of unknown @p j of borehole @p b.
    Index logical(unsigned int b, Index j) const
    {
      return n_ground_dofs + first[b] + j;
    }
    /// System (PETSc) index of a logical index.
    Index system(Index logical) const;
    /// System index of unknown @p j of borehole @p b.
    Index system(unsigned int b, Index j) const
    {
      return borehole_start[b] + j;
    }

    unsigned int owner(unsigned int b) const
    {
      return owners[b];
    }
    bool owns(unsigned int b) const
    {
      return owners[b] == rank;
    }
    /// Rows (system numbering) this rank owns: its ground, then its boreholes.
    const dealii::IndexSet &owned() const
    {
      return owned_rows;
    }
    /// The system indices of this rank's ground DoFs and of its borehole unknowns.
    const dealii::IndexSet &owned_ground() const
    {
      return owned_ground_rows;
    }
    const dealii::IndexSet &owned_boreholes() const
    {
      return owned_borehole_rows;
    }

  private:
    unsigned int              rank          = 0;
    Index                     n_ground_dofs = 0, n_all = 0;
    std::vector<Index>        first;          ///< logical offset of each borehole
    std::vector<Index>        borehole_start; ///< system index of each borehole's unknown 0
    std::vector<unsigned int> owners;
    std::vector<Index>        ground_end; ///< end of each rank's ground range
    std::vector<Index>        shift;      ///< borehole unknowns on lower ranks
    dealii::IndexSet          owned_rows, owned_ground_rows, owned_borehole_rows;
  };
} // namespace geoheat

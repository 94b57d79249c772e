#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include <geoheat/coupling/system_numbering.h>

#include <algorithm>

namespace geoheat
{
  using namespace dealii;

  void SystemNumbering::setup(const IndexSet                  &ground_owned,
                              const Index                      n_ground,
                              const std::vector<Index>        &sizes,
                              const std::vector<unsigned int> &owner,
                              MPI_Comm                         comm)
  {
    rank                 = Utilities::MPI::this_mpi_process(comm);
    const unsigned int P = Utilities::MPI::n_mpi_processes(comm);
    AssertThrow(ground_owned.is_contiguous(),
                ExcMessage("internal: a rank's ground DoFs must be contiguous"));
    n_ground_dofs = n_ground;
    owners        = owner;

    // Each rank's ground range end, in rank order (deal.II numbers the DoFs
    // of rank r after those of ranks < r; empty ranks repeat the end).
    const Index my_end = ground_owned.n_elements() > 0 ?
                           ground_owned.nth_index_in_set(0) + ground_owned.n_elements() :
                           0;
    ground_end         = Utilities::MPI::all_gather(comm, my_end);
    for (unsigned int r = 1; r < P; ++r)
      ground_end[r] = std::max(ground_end[r], ground_end[r - 1]);

    std::vector<Index> per_rank(P, 0);
    first.assign(sizes.size(), 0);
    Index logical_offset = 0;
    for (unsigned int b = 0; b < sizes.size(); ++b)
      {
        first[b] = logical_offset;
        logical_offset += sizes[b];
        per_rank[owner[b]] += sizes[b];
      }
    n_all = n_ground + logical_offset;

    shift.assign(P, 0);
    for (unsigned int r = 1; r < P; ++r)
      shift[r] = shift[r - 1] + per_rank[r - 1];

    // A rank's boreholes follow its ground range, in borehole order.
    std::vector<Index> next(P);
    for (unsigned int r = 0; r < P; ++r)
      next[r] = ground_end[r] + shift[r];
    borehole_start.assign(sizes.size(), 0);
    for (unsigned int b = 0; b < sizes.size(); ++b)
      {
        borehole_start[b] = next[owner[b]];
        next[owner[b]] += sizes[b];
      }

    const Index begin_ground = (rank == 0 ? 0 : ground_end[rank - 1]) + shift[rank];
    const Index end_ground   = ground_end[rank] + shift[rank];
    owned_rows               = IndexSet(n_all);
    owned_ground_rows        = IndexSet(n_all);
    owned_borehole_rows      = IndexSet(n_all);
    owned_ground_rows.add_range(begin_ground, end_ground);
    owned_borehole_rows.add_range(end_ground, end_ground + per_rank[rank]);
    owned_rows.add_range(begin_ground, end_ground + per_rank[rank]);
  }

  SystemNumbering::Index SystemNumbering::system(const Index i) const
  {
    if (i < n_ground_dofs)
      {
        const unsigned int r =
          std::upper_bound(ground_end.begin(), ground_end.end(), i) - ground_end.begin();
        return i + shift[r];
      }
    const Index  j = i - n_ground_dofs;
    const size_t b = std::upper_bound(first.begin(), first.end(), j) - first.begin() - 1;
    return borehole_start[b] + (j - first[b]);
  }
} // namespace geoheat

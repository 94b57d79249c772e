#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>

#include <geoheat/base/units.h>
#include <geoheat/coupling/line_exchange.h>
#include <geoheat/coupling/line_response_kernel.h>

#include <cmath>
#include <map>

namespace geoheat
{
  using namespace dealii;

  LineExchange::LineExchange(const GroundModel<3>      &ground_in,
                             const FieldMeshLines      &lines,
                             const std::vector<double> &top,
                             const std::vector<double> &bottom,
                             const double               radius,
                             const bool                 transient_in)
    : ground(ground_in)
    , r_b(radius)
    , transient(transient_in)
    , edges(top.size())
  {
    const auto     &fe = ground.dofs().get_fe();
    const QGauss<1> gauss(fe.degree + 1);
    for (unsigned int q = 0; q < gauss.size(); ++q)
      {
        zeta.push_back(gauss.point(q)[0]);
        weight.push_back(gauss.weight(q));
        std::vector<double> values(fe.n_dofs_per_cell());
        for (unsigned int i = 0; i < values.size(); ++i)
          values[i] = fe.shape_value(i, Point<3>(0, 0, zeta.back()));
        phi.push_back(values);
      }

    // One kernel per distinct cross-section pattern around a borehole axis
    // (the widths of 8 cells on each side), pattern k computed on rank k % P.
    std::map<std::vector<long>, unsigned int> by_pattern;
    std::vector<unsigned int>                 example; // a borehole of each pattern
    for (unsigned int b = 0; b < top.size(); ++b)
      {
        std::vector<long> key;
        for (int d = -8; d <= 8; ++d)
          for (const auto &[nodes, i] :
               {std::pair(&lines.x, lines.bx[b]), std::pair(&lines.y, lines.by[b])})
            {
              const int k = int(i) + d;
              key.push_back(k >= 1 && k < int(nodes->size()) ?
                              std::lround(1e4 * ((*nodes)[k] - (*nodes)[k - 1])) :
                              -1);
            }
        const auto it = by_pattern.emplace(key, example.size()).first;
        if (it->second == example.size())
          example.push_back(b);
        pattern.push_back(it->second);
      }
    const MPI_Comm     comm = ground.triangulation().get_communicator();
    const unsigned int P    = Utilities::MPI::n_mpi_processes(comm),
                       me   = Utilities::MPI::this_mpi_process(comm);
    kernels.resize(example.size());
    for (unsigned int k = 0; k < example.size(); ++k)
      {
        const unsigned int  b = example[k];
        std::vector<double> packed;
        if (k % P == me)
          {
            LineResponseKernel K;
            if (transient)
              K = line_response_kernel(lines.x, lines.y, lines.bx[b], lines.by[b], fe.degree, r_b);
            else
              {
                K.r_eq =
                  peaceman_equivalent_radius(lines.x, lines.y, lines.bx[b], lines.by[b], fe.degree);
                K.steady = std::log(K.r_eq / r_b) / (2 * units::pi);
              }
            packed = {K.r_eq, K.steady, K.R0, K.fit_error};
            packed.insert(packed.end(), K.b.begin(), K.b.end());
            packed.insert(packed.end(), K.tau.begin(), K.tau.end());
          }
        packed                = Utilities::MPI::broadcast(comm, packed, k % P);
        LineResponseKernel &K = kernels[k];
        K.r_eq                = packed[0];
        K.steady              = packed[1];
        K.R0                  = packed[2];
        K.fit_error           = packed[3];
        const unsigned int n  = (packed.size() - 4) / 2;
        K.b.assign(packed.begin() + 4, packed.begin() + 4 + n);
        K.tau.assign(packed.begin() + 4 + n, packed.end());
      }

    // Edges on each axis: the cell whose lowest corner (vertex 0) is on it.
    std::map<std::pair<unsigned int, unsigned int>, std::vector<unsigned int>> at_node;
    for (unsigned int b = 0; b < top.size(); ++b)
      at_node[{lines.bx[b], lines.by[b]}].push_back(b);
    auto index = [](const std::vector<double> &v, const double c) -> int {
      const auto it = std::lower_bound(v.begin(), v.end(), c - 1e-6);
      return it != v.end() && std::abs(*it - c) < 1e-6 ? int(it - v.begin()) : -1;
    };
    std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
    for (const auto &cell : ground.dofs().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const Point<3> v0 = cell->vertex(0);
          const int      i = index(lines.x, v0[0]), j = index(lines.y, v0[1]);
          if (i < 0 || j < 0)
            continue;
          const auto found = at_node.find({unsigned(i), unsigned(j)});
          if (found == at_node.end())
            continue;
          const double height = cell->vertex(4)[2] - v0[2];
          const double d_top = -(v0[2] + height), d_bottom = -v0[2];
          for (const unsigned int b : found->second)
            if (d_top >= top[b] - 1e-6 && d_bottom <= bottom[b] + 1e-6)
              {
                cell->get_dof_indices(dof_indices);
                edges[b].push_back({dof_indices, v0[2], height, d_top < 1e-6});
              }
        }
  }

  void LineExchange::for_each_point(const unsigned int b, const Visitor &visit) const
  {
    const GroundProperties   &g = ground.properties();
    const LineResponseKernel &K = kernels[pattern[b]];
    WallCoupling              link;
    for (const Edge &e : edges[b])
      for (unsigned int q = 0; q < zeta.size(); ++q)
        {
          link.kernel              = transient && !e.at_fixed_surface ? &K : nullptr;
          const double       depth = -(e.z_bottom + zeta[q] * e.height);
          const unsigned int layer = g.layer_at(depth);
          link.lambda              = g.conductivity[layer];
          link.alpha               = link.lambda / g.heat_capacity[layer];
          link.steady              = K.steady / link.lambda;
          visit(depth, weight[q] * e.height, e.dofs, phi[q], link);
        }
  }
} // namespace geoheat

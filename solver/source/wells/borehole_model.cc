#include <geoheat/wells/borehole_model.h>

#include <algorithm>

namespace geoheat
{
  unsigned int cell_holding(const std::vector<double> &z, const double depth)
  {
    const auto it = std::upper_bound(z.begin(), z.end(), depth);
    return std::clamp(int(it - z.begin()) - 1, 0, int(z.size()) - 2);
  }

  WallPoint
  linear_wall_point(const std::vector<double> &z, const double depth, const unsigned int first)
  {
    const unsigned int c  = cell_holding(z, depth);
    const double       xi = std::clamp((depth - z[c]) / (z[c + 1] - z[c]), 0.0, 1.0);
    WallPoint          p;
    p.cell    = c;
    p.n_rows  = 2;
    p.rows[0] = p.nodes[0] = first + c;
    p.rows[1] = p.nodes[1] = first + c + 1;
    p.row_weights[0] = p.node_weights[0] = 1.0 - xi;
    p.row_weights[1] = p.node_weights[1] = xi;
    p.resistance                         = 0.0;
    return p;
  }
} // namespace geoheat

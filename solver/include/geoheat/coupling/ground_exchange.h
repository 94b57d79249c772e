#pragma once
/**
 * @file ground_exchange.h
 * Where the ground meets the boreholes. An exchange visits the points
 * (depth, line weight dz) of a borehole's wall that belong to cells owned by
 * this rank, with the ground DoFs and shape-function values that give the
 * ground temperature there, and the resistance per unit length (m K/W) the
 * coupling adds between that ground value and the borehole wall:
 *  - a resolved wall face of the axisymmetric mesh: the mesh value is the
 *    wall temperature, no extra resistance (WallFaceExchange);
 *  - a borehole as a line of a 3D mesh: the mesh value on the line is the
 *    temperature at an equivalent radius r_eq, so the coupling adds the
 *    Peaceman term ln(r_eq/r_b)/(2 pi lambda) for long times and, with a
 *    transient kernel, a resistance per step plus a history term that make
 *    the wall follow the cylinder source at hours (LineExchange,
 *    line_response_kernel.h).
 * Every point is visited on exactly one rank.
 */
#include <deal.II/base/types.h>

#include <geoheat/coupling/line_response_kernel.h>

#include <functional>
#include <vector>

namespace geoheat
{
  /// The link between the ground value at an exchange point and the wall.
  struct WallCoupling
  {
    double                    steady = 0;            ///< m K/W for long times (0: a resolved wall)
    const LineResponseKernel *kernel = nullptr;      ///< transient kernel, or none
    double                    lambda = 1, alpha = 1; ///< ground there (W/(m K), m^2/s)

    /// Resistance (m K/W) between ground value and wall for a step of
    /// @p dt s (the steady one without a kernel).
    double resistance(const double dt) const
    {
      return kernel ? kernel->step_resistance(alpha * dt) / lambda : steady;
    }
    unsigned int n_modes() const
    {
      return kernel ? kernel->b.size() : 0;
    }
  };

  class GroundExchange
  {
  public:
    using Visitor = std::function<void(double                                              depth,
                                       double                                              dz,
                                       const std::vector<dealii::types::global_dof_index> &dofs,
                                       const std::vector<double>                          &phi,
                                       const WallCoupling                                 &link)>;
    virtual ~GroundExchange() = default;
    /// Visit the locally owned exchange points of borehole @p b.
    virtual void for_each_point(unsigned int b, const Visitor &visit) const = 0;
  };
} // namespace geoheat

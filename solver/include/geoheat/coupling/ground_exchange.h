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
 *    Peaceman term ln(r_eq/r_b)/(2 pi lambda) (LineExchange).
 * Every point is visited on exactly one rank.
 */
#include <deal.II/base/types.h>

#include <functional>
#include <vector>

namespace geoheat
{
  class GroundExchange
  {
  public:
    using Visitor = std::function<void(double depth, double dz,
                                       const std::vector<dealii::types::global_dof_index> &dofs,
                                       const std::vector<double> &phi, double resistance)>;
    virtual ~GroundExchange() = default;
    /// Visit the locally owned exchange points of borehole @p b.
    virtual void for_each_point(unsigned int b, const Visitor &visit) const = 0;
  };
} // namespace geoheat

#pragma once
/**
 * @file line_exchange.h
 * Boreholes as vertical lines of the 3D ground mesh (dual continuum,
 * Al-Khoury 2010; Diersch et al. 2011). The exchange points of a borehole
 * are Gauss points on the mesh edges along its axis, over its active depth
 * range; each edge is visited through one cell (the one on its +x,+y side),
 * by the rank that owns that cell.
 *
 * Peaceman correction: the FE temperature on a line that carries a line
 * source is not the wall temperature but the temperature at an equivalent
 * radius r_eq that depends on the cells around the line (Peaceman 1978). For
 * a line source q' in a field that is uniform along the axis, the 3D problem
 * on a tensor-product mesh reduces exactly to the 2D one on the mesh's cross
 * section (the 3D stiffness of a z-uniform field is the 2D stiffness times
 * the 1D mass of the z-nodes). r_eq is therefore computed once per distinct
 * cross-section pattern by a steady 2D FE solve on the borehole's own patch
 * of the mesh (same widths, same element degree) with a unit point source and
 * the exact line-source field T = -ln(r)/(2 pi) on the patch boundary: the
 * FE value at the source is -ln(r_eq)/(2 pi). The coupling then adds
 *     R_c = ln(r_eq / r_b) / (2 pi lambda)
 * between the mesh value and the borehole wall, so the result does not
 * depend on the cell size next to the borehole once the log profile has
 * formed (t >> h^2/alpha). r_eq must exceed r_b. With `transient`, each
 * pattern also gets its LineResponseKernel (line_response_kernel.h), which
 * makes the coupling follow the cylinder source from the first hour; the
 * patterns are computed on different ranks and broadcast.
 *
 * The kernel compensates the lag of a mesh node that responds like the 2D
 * cross section. On the edge that ends at the surface the upper node does
 * not respond at all (fixed temperature), so the kernel's history there
 * compensates a lag that does not exist: after a long extraction it drove
 * the stagnant fluid at a coaxial wellhead 11-13 K away from the ground
 * (hub well: 1.8 C against 12.9 C in the axisymmetric model). That edge
 * keeps the steady Peaceman term (wellhead within 0.1 K, README).
 */
#include <geoheat/coupling/ground_exchange.h>
#include <geoheat/coupling/line_response_kernel.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/mesh/field_box_mesh.h>

#include <algorithm>
#include <vector>

namespace geoheat
{
  class LineExchange : public GroundExchange
  {
  public:
    /// @param top, bottom depths (m) of each borehole's active length
    /// @param radius borehole radius (m)
    /// @param transient use the transient kernel (else the steady term only)
    LineExchange(const GroundModel<3>      &ground,
                 const FieldMeshLines      &lines,
                 const std::vector<double> &top,
                 const std::vector<double> &bottom,
                 double                     radius,
                 bool                       transient);

    void for_each_point(unsigned int b, const Visitor &visit) const override;

    /// r_eq (m) of borehole @p b.
    double equivalent_radius(unsigned int b) const
    {
      return kernels[pattern[b]].r_eq;
    }
    /// Its kernel (only r_eq and steady set without `transient`).
    const LineResponseKernel &kernel(unsigned int b) const
    {
      return kernels[pattern[b]];
    }
    unsigned int n_patterns() const
    {
      return kernels.size();
    }
    /// Largest fit error of the kernels, relative to their D_inf.
    double max_fit_error() const
    {
      double e = 0;
      for (const auto &k : kernels)
        e = std::max(e, k.fit_error);
      return e;
    }

  private:
    struct Edge
    {
      std::vector<dealii::types::global_dof_index> dofs;
      double                                       z_bottom, height; ///< m (z up)
      /// Its upper node is the surface's (fixed temperature): no kernel here.
      bool at_fixed_surface;
    };
    const GroundModel<3>            &ground;
    double                           r_b;
    bool                             transient;
    std::vector<LineResponseKernel>  kernels;      ///< per cross-section pattern
    std::vector<unsigned int>        pattern;      ///< per borehole
    std::vector<std::vector<Edge>>   edges;        ///< per borehole, locally owned
    std::vector<double>              zeta, weight; ///< Gauss points on [0, 1]
    std::vector<std::vector<double>> phi;          ///< shape values at (0, 0, zeta_q)
  };
} // namespace geoheat

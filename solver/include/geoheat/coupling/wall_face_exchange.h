#pragma once
/**
 * @file wall_face_exchange.h
 * Exchange through the resolved wall face of the axisymmetric mesh
 * (boundary_id::wall): one borehole, the mesh value at the wall is the wall
 * temperature, so the coupling adds no resistance of its own.
 */
#include <geoheat/coupling/ground_exchange.h>
#include <geoheat/ground/ground_model.h>

namespace geoheat
{
  class WallFaceExchange : public GroundExchange
  {
  public:
    /// @param segments_per_face equal segments (fluid cells) per wall face
    WallFaceExchange(const GroundModel<2> &ground_in, unsigned int segments_per_face)
      : ground(ground_in)
      , segments(segments_per_face)
    {}

    void for_each_point(unsigned int, const Visitor &visit) const override
    {
      ground.for_each_wall_point(segments,
                                 [&](const double                                        depth,
                                     const double                                        dz,
                                     const std::vector<dealii::types::global_dof_index> &dofs,
                                     const std::vector<double>                          &phi) {
                                   visit(depth, dz, dofs, phi, WallCoupling());
                                 });
    }

  private:
    const GroundModel<2> &ground;
    unsigned int          segments;
  };
} // namespace geoheat

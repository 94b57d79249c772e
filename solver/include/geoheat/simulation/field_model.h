#pragma once
/**
 * @file field_model.h
 * A borehole field built from its parameters, ready to step: the box mesh
 * with a mesh line through every borehole axis, the 3D ground, the line
 * coupling (Peaceman correction and transient kernels), one borehole model
 * per borehole on the mesh's depth lines, their piping and the coupled step
 * problem. The time loop of a run (simulate_field) and the g-function
 * command (gfunction/gfunction_run.h) both drive one; they differ only in
 * the borehole models they put on the lines and how they step.
 */
#include <geoheat/coupling/coupled_problem.h>
#include <geoheat/coupling/line_exchange.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/mesh/field_box_mesh.h>
#include <geoheat/network/borehole_network.h>
#include <geoheat/simulation/field_simulation.h>

#include <mpi.h>

#include <functional>
#include <memory>
#include <vector>

namespace geoheat
{
  /// Borehole @p b of the field on the mesh nodes @p nodes (m below the
  /// surface, top of its active length first).
  using BoreholeFactory =
    std::function<std::unique_ptr<BoreholeModel>(unsigned int b, const std::vector<double> &nodes)>;

  /// The real heat exchangers of the parameters: U-tubes or coaxial wells.
  BoreholeFactory field_boreholes(const FieldParameters &p);

  class FieldModel
  {
  public:
    /// @param ground the ground to mesh (the parameters' own, or a variant)
    /// @param horizon longest time (s) the mesh must carry (far-field margin)
    /// @param make the borehole models
    /// @param step_solver_cache step matrices kept with their solvers (LRU;
    ///        1 where every step has its own size)
    FieldModel(MPI_Comm                comm,
               const FieldParameters  &p,
               const GroundProperties &ground,
               double                  horizon,
               const BoreholeFactory  &make,
               unsigned int            step_solver_cache = 16);

    GroundModel<3>                     ground;
    FieldMeshLines                     lines;
    std::unique_ptr<LineExchange>      exchange;
    std::unique_ptr<BoreholeNetwork>   network;
    std::unique_ptr<CoupledProblem<3>> problem;
  };
} // namespace geoheat

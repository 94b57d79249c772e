#pragma once
/**
 * @file field_simulation.h
 * A field of U-tube boreholes in 3D layered ground, from a parameter file to
 * a finished run directory: builds the box mesh with a mesh line through
 * every borehole axis, the ground model, the boreholes and their piping, the
 * line coupling with its Peaceman correction, then runs the shared time loop
 * (simulation/run_loop.h) exactly as for a deep well.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/mesh/field_box_mesh.h>
#include <geoheat/network/field_layout.h>
#include <geoheat/simulation/run_parameters.h>
#include <geoheat/wells/coaxial/coaxial_geometry.h>
#include <geoheat/wells/utube/utube_geometry.h>

#include <mpi.h>

namespace geoheat
{
  struct FieldParameters : RunParameters
  {
    /// Declare the field subsections (Borehole field, Borehole heat
    /// exchanger, Field mesh).
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    FieldLayout field;
    /// Borehole heat exchanger/Type = coaxial: every borehole is a coaxial
    /// well of subsection Well (a line in the 3D mesh, casings and cement
    /// lumped into its resistance); else the U-tubes of bhe.
    bool                coaxial = false;
    CoaxialGeometry     well;
    UTubeGeometry       bhe;
    FieldMeshParameters mesh;

  private:
    void parse_coaxial_wells(dealii::ParameterHandler &prm, const std::string &parameter_file);
  };

  RunOutcome simulate_field(MPI_Comm                        comm,
                            const FieldParameters          &p,
                            const dealii::ParameterHandler &prm,
                            const RunOptions               &options = RunOptions());

  /// Exit code: 0 completed, 4 stopped by a signal (resume with --resume).
  int run_field(MPI_Comm                        comm,
                const FieldParameters          &p,
                const dealii::ParameterHandler &prm,
                bool                            resume);
} // namespace geoheat

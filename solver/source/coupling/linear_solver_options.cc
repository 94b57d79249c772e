#include <geoheat/base/input_error.h>
#include <geoheat/coupling/linear_solver_options.h>

namespace geoheat
{
  using namespace dealii;

  void LinearSolverOptions::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Linear solver");
    prm.declare_entry("Method",
                      "automatic",
                      Patterns::Selection("automatic|direct|iterative"),
                      "direct: kept sparse LU (UMFPACK on one rank, MUMPS on several); "
                      "iterative: GMRES with BoomerAMG on the ground and exact borehole "
                      "blocks (scales to millions of unknowns); automatic: direct for 2D "
                      "(axisymmetric) models below 'Direct solver limit' unknowns, iterative "
                      "for 3D");
    prm.declare_entry(
      "Direct solver limit",
      "150000",
      Patterns::Integer(1),
      "automatic, 2D models: number of unknowns from which the iterative solver is used");
    prm.declare_entry("Relative tolerance",
                      "1e-12",
                      Patterns::Double(0),
                      "iterative: residual reduction of each solve (keeps the step energy "
                      "balance far below 1e-6)");
    prm.declare_entry("Relative tolerance when idle",
                      "1e-12",
                      Patterns::Double(0),
                      "iterative: residual reduction of pump-off steps, whose wall heat is "
                      "tiny, so their step energy balance stays below 1e-6 (the smaller of "
                      "this and Relative tolerance is used)");
    prm.declare_entry("Maximum iterations",
                      "500",
                      Patterns::Integer(1),
                      "iterative: GMRES iterations per solve before the run stops");
    prm.leave_subsection();
  }

  void LinearSolverOptions::parse(ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Linear solver");
    const std::string m     = prm.get("Method");
    method                  = m == "direct"    ? Method::direct :
                              m == "iterative" ? Method::iterative :
                                                 Method::automatic;
    direct_limit            = prm.get_integer("Direct solver limit");
    relative_tolerance      = prm.get_double("Relative tolerance");
    idle_relative_tolerance = prm.get_double("Relative tolerance when idle");
    max_iterations          = prm.get_integer("Maximum iterations");
    prm.leave_subsection();
    require(relative_tolerance > 0 && relative_tolerance < 1e-4,
            file,
            "Linear solver/Relative tolerance",
            "must lie in (0, 1e-4)");
    require(idle_relative_tolerance > 0 && idle_relative_tolerance < 1e-4,
            file,
            "Linear solver/Relative tolerance when idle",
            "must lie in (0, 1e-4)");
    idle_relative_tolerance = std::min(idle_relative_tolerance, relative_tolerance);
  }
} // namespace geoheat

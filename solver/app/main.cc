/**
 * geoheat command line: thin driver around the library.
 *   geoheat FILE.prm|FILE.json            run
 *   geoheat --validate FILE               check the parameters and stop
 *   geoheat --output-dir DIR FILE         override Output/Directory
 *   geoheat --resume [--output-dir DIR] FILE   continue from the newest checkpoint
 *   geoheat design [--output-dir DIR] FILE     design answers (subsection Design)
 *   geoheat gfunction [--output-dir DIR] FILE  FE g-functions of a field (subsection G-function)
 *   geoheat --help                        usage and all parameters
 */
#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <geoheat/base/input_error.h>
#include <geoheat/design/deep_well_design.h>
#include <geoheat/gfunction/gfunction_run.h>
#include <geoheat/io/checkpoint.h>
#include <geoheat/simulation/deep_well_simulation.h>
#include <geoheat/simulation/field_simulation.h>
#include <geoheat/simulation/parameter_file.h>

#include <iostream>

namespace
{
  void print_usage(std::ostream &out)
  {
    out << "usage: geoheat [--validate] [--resume] [--output-dir DIR] FILE.prm|FILE.json\n"
           "       geoheat design [--output-dir DIR] FILE.prm   (sizing; subsection Design)\n"
           "       geoheat gfunction [--output-dir DIR] FILE.prm   (g-functions of a borehole\n"
           "               field on the FE model; subsection G-function)\n"
           "       geoheat --help\n"
           "Exit codes: 0 completed, 1 bad input, 2 bad command line, 3 run failed,\n"
           "4 stopped by SIGTERM/SIGUSR1 after writing a checkpoint (continue with --resume).\n"
           "Simulates a deep coaxial borehole heat exchanger in axisymmetric ground\n"
           "(Model = deep well) or a field of U-tube boreholes in 3D ground\n"
           "(Model = borehole field).\n"
           "Run in parallel with: mpirun -np N geoheat FILE.prm\n";
  }
} // namespace

int main(int argc, char **argv)
{
  using namespace dealii;
  dealii::deal_II_exceptions::disable_abort_on_exception();
  dealii::deal_II_exceptions::suppress_stacktrace_in_exceptions();
  // A batch system may warn (SIGUSR1/SIGTERM) while the run is still starting
  // MPI, being set up or loading its checkpoint: catch the signal from the
  // first instruction, so that it stops the run at its first step with a
  // checkpoint instead of killing it. Design searches do not checkpoint: a
  // signal ends them as before.
  const bool design_search = argc > 1 && std::string(argv[1]) == "design";
  const bool gfunction     = argc > 1 && std::string(argv[1]) == "gfunction";
  if (!design_search && !gfunction)
    geoheat::install_stop_signal_handlers();
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  MPI_Comm                         comm = MPI_COMM_WORLD;
  const bool                       root = Utilities::MPI::this_mpi_process(comm) == 0;

  bool        validate_only = false, resume = false, design = design_search;
  std::string file, output_dir;
  for (int i = 1; i < argc; ++i)
    {
      const std::string a = argv[i];
      if (a == "--help" || a == "-h")
        {
          if (root)
            {
              print_usage(std::cout);
              ParameterHandler prm;
              geoheat::declare_all_parameters(prm);
              std::cout << "\nParameters (with defaults and documentation):\n\n";
              prm.print_parameters(std::cout, ParameterHandler::PRM);
            }
          return 0;
        }
      else if (a == "--validate")
        validate_only = true;
      else if (a == "--resume")
        resume = true;
      else if ((a == "design" || a == "gfunction") && i == 1)
        continue; // design_search, gfunction, above
      else if (a == "--output-dir" && i + 1 < argc)
        output_dir = argv[++i];
      else if (!a.empty() && a[0] == '-')
        {
          if (root)
            {
              std::cerr << "geoheat: error: unknown option '" << a << "'\n";
              print_usage(std::cerr);
            }
          return 2;
        }
      else if (file.empty())
        file = a;
      else
        {
          if (root)
            std::cerr << "geoheat: error: more than one parameter file given\n";
          return 2;
        }
    }
  if (file.empty())
    {
      if (root)
        print_usage(std::cerr);
      return 2;
    }

  try
    {
      ParameterHandler prm;
      geoheat::declare_all_parameters(prm);
      geoheat::read_parameter_file(prm, file);
      if (!output_dir.empty())
        {
          prm.enter_subsection("Output");
          prm.set("Directory", output_dir);
          prm.leave_subsection();
        }
      if (geoheat::model_kind(prm) == geoheat::ModelKind::borehole_field)
        {
          geoheat::FieldParameters f;
          geoheat::parse_with_input_errors(file, [&] { f.parse(prm, file); });
          geoheat::require(!design,
                           file,
                           "Model",
                           "geoheat design supports deep wells only (field sizing is not "
                           "implemented yet)");
          geoheat::GFunctionParameters g;
          geoheat::parse_with_input_errors(file, [&] { g.parse(prm, f); });
          if (validate_only)
            {
              if (root)
                std::cout << "geoheat: " << file << ": parameters are valid ("
                          << f.field.n_boreholes() << " boreholes)\n";
              return 0;
            }
          if (gfunction)
            return geoheat::run_gfunction(comm, f, g);
          return geoheat::run_field(comm, f, prm, resume);
        }
      geoheat::require(!gfunction,
                       file,
                       "Model",
                       "geoheat gfunction needs Model = borehole field (a deep well is "
                       "axisymmetric: use Model = borehole field with Type = coaxial)");
      geoheat::DeepWellParameters p;
      geoheat::parse_with_input_errors(file, [&] { p.parse(prm, file); });
      // Read in every mode, so that --validate also catches a bad Design entry.
      geoheat::DesignParameters d;
      geoheat::parse_with_input_errors(file, [&] { d.parse(prm, file); });
      if (design)
        geoheat::require(p.operation.heat_pump(),
                         file,
                         "Operation/Inlet control",
                         "geoheat design needs a building load: set it to 'heat pump'");
      if (validate_only)
        {
          if (root)
            std::cout << "geoheat: " << file << ": parameters are valid\n";
          return 0;
        }
      if (design)
        return geoheat::run_design(comm, p, d, prm);
      return geoheat::run_deep_well(comm, p, prm, resume);
    }
  catch (const geoheat::InputError &e)
    {
      if (root)
        std::cerr << "geoheat: error: " << e.what() << std::endl;
      return 1;
    }
  catch (const std::exception &e)
    {
      if (root)
        std::cerr << "geoheat: error: " << geoheat::one_line_message(e) << std::endl;
#ifdef DEBUG
      // Debug build (deal.II's Assert()s on): the whole message too, with the
      // failed condition, file and line (scripts/sanitize.sh debug counts them)
      if (root)
        std::cerr << e.what() << std::endl;
#endif
      return 3;
    }
}

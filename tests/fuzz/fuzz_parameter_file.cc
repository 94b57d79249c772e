/**
 * Fuzz target: a whole parameter file, read and checked as
 * `geoheat --validate FILE` does (and `geoheat design FILE`: the Design
 * subsection too). Built three times, with PARAMETER_EXTENSION ".prm",
 * ".json" and ".xml": deal.II picks the syntax by the file's extension.
 * Relative file entries resolve in the scratch directory, where small valid
 * files named as in the seed corpus wait (load.csv, operation.csv, log.csv,
 * coordinates.csv), so mutated files get past the file readers to the
 * cross-checks. The handler is declared once and reset to its defaults
 * before each input (3x faster than declaring it per input).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/design/deep_well_design.h>
#include <geoheat/simulation/deep_well_simulation.h>
#include <geoheat/simulation/field_simulation.h>
#include <geoheat/simulation/parameter_file.h>

#include <unistd.h>

#include <memory>
#include <sstream>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
  // deal.II opens "include FILE" relative to the working directory: there,
  // "include input.prm" is the input itself (a seed: an include cycle)
  if (::chdir(scratch_directory().c_str()) != 0)
    return 1;
  // one repeated year of daily rows (Building load/Time unit = hours)
  std::string year = "time_h,heating_load_kW,cooling_load_kW,outdoor_temperature_C\n";
  for (int h = 0; h < 8760; h += 24)
    year += std::to_string(h) + "," + std::to_string(h < 2000 || h > 7000 ? 200 : 0) + "," +
            std::to_string(h > 4000 && h < 6000 ? 80 : 0) + "," + std::to_string(h / 300 - 5) +
            "\n";
  write_file("load.csv", year);
  write_file("operation.csv", "time_d,inlet_C,flow_m3_per_s\n0,10,0.01\n30,5,0.02\n60,8,0\n");
  std::string log = "depth_m,temperature_C\n"; // every 50 m down to 3000 m
  for (int z = 0; z <= 3000; z += 50)
    log += std::to_string(z) + "," + std::to_string(12 + 0.03 * z) + "\n";
  write_file("log.csv", log);
  write_file("coordinates.csv", "x,y,length\n0,0,100\n6,0,120\n0,6,100\n");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const std::string file = write_file(std::string("input") + PARAMETER_EXTENSION, data, size);
  // Declared once (a declaration per input made ~130 executions/s, this
  // ~350): before each input every entry is set back to its default from
  // the text print_parameters wrote right after declaring. If that fails (a
  // geoheat parse that threw inside a subsection left the handler there;
  // deal.II 9.4 cannot tell how deep), the handler is declared afresh.
  static std::unique_ptr<dealii::ParameterHandler> handler;
  static std::string                               defaults;
  auto                                             declare = [] {
    handler = std::make_unique<dealii::ParameterHandler>();
    geoheat::declare_all_parameters(*handler);
    std::ostringstream out;
    handler->print_parameters(out, dealii::ParameterHandler::ShortPRM);
    defaults = out.str();
  };
  if (!handler)
    declare();
  try
    {
      handler->parse_input_from_string(defaults);
    }
  catch (const dealii::ExceptionBase &)
    {
      declare();
    }
  dealii::ParameterHandler &prm = *handler;
  expect_accepted_or_input_error([&] {
    geoheat::read_parameter_file(prm, file);
    if (geoheat::model_kind(prm) == geoheat::ModelKind::borehole_field)
      {
        geoheat::FieldParameters f;
        geoheat::parse_with_input_errors(file, [&] { f.parse(prm, file); });
      }
    else
      {
        geoheat::DeepWellParameters p;
        geoheat::parse_with_input_errors(file, [&] { p.parse(prm, file); });
        geoheat::DesignParameters d;
        geoheat::parse_with_input_errors(file, [&] { d.parse(prm, file); });
      }
  });
  return 0;
}

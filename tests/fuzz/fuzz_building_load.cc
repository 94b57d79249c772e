/**
 * Fuzz target: a building-load CSV (Building load/Load file), read by
 * BuildingLoad::parse as a heat pump run does, once as a file covering the
 * simulated period and once as one repeated year; an accepted file is then
 * evaluated as the time loop does (demand, next change, end of data).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/surface/building_load.h>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const std::string csv = write_file("load.csv", data, size);
  for (const char *repeat : {"false", "true"})
    expect_accepted_or_input_error([&] {
      dealii::ParameterHandler prm; // afresh: a failed parse may leave it in a subsection
      geoheat::BuildingLoad::declare(prm);
      prm.enter_subsection("Building load");
      prm.set("Load file", csv);
      prm.set("Repeat yearly", repeat);
      prm.leave_subsection();
      geoheat::BuildingLoad load;
      load.parse(prm, "fuzz.prm", 40.0);
      const double end = load.end_of_data();
      int          n   = 0;
      for (double t = 0; t < std::min(end, 5e7) && n < 1000; t = load.next_change_after(t), ++n)
        load.at(t, t + 1);
    });
  return 0;
}

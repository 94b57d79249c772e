/**
 * Fuzz target: a temperature log CSV (Ground/Geotherm = temperature log),
 * read by GroundProperties::parse; an accepted log is then evaluated as the
 * model does (undisturbed temperature at depths, the depth check of a
 * 3000 m model without the heat-flux extension).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/ground/ground_properties.h>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const std::string csv = write_file("log.csv", data, size);
  expect_accepted_or_input_error([&] {
    dealii::ParameterHandler prm; // afresh: a failed parse may leave it in a subsection
    geoheat::GroundProperties::declare(prm);
    prm.enter_subsection("Ground");
    prm.set("Geotherm", "temperature log");
    prm.set("Temperature log file", csv);
    prm.set("Temperature log extension", "none");
    prm.leave_subsection();
    geoheat::GroundProperties ground;
    ground.parse(prm, "fuzz.prm");
    for (const double z : {0.0, 1.0, 100.0, 1000.0, 5000.0})
      ground.undisturbed_temperature(z);
    ground.check_log_reaches(3000, "fuzz.prm");
  });
  return 0;
}

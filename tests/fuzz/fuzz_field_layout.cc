/**
 * Fuzz target: a borehole coordinates CSV (Borehole field/Layout = file,
 * Coordinates file), read and checked by FieldLayout::parse (rows, columns,
 * spacing of at least one borehole diameter, strings of the piping).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/network/field_layout.h>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const std::string csv = write_file("coordinates.csv", data, size);
  expect_accepted_or_input_error([&] {
    dealii::ParameterHandler prm; // afresh: a failed parse may leave it in a subsection
    geoheat::FieldLayout::declare(prm);
    prm.enter_subsection(geoheat::FieldLayout::subsection);
    prm.set("Layout", "file");
    prm.set("Coordinates file", csv);
    prm.set("Connection", "parallel strings");
    prm.set("Boreholes per string", "2");
    prm.leave_subsection();
    geoheat::FieldLayout layout;
    layout.parse(prm, "fuzz.prm");
  });
  return 0;
}

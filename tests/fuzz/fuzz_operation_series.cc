/**
 * Fuzz target: an operation time series CSV (Operation/Schedule = file,
 * Load file), read by Operation::parse, once piecewise constant over the
 * file's own period and once linear and repeated yearly; an accepted file is
 * then evaluated as the time loop does (operating point, next event).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/operation/operation.h>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const std::string csv = write_file("operation.csv", data, size);
  for (const bool linear_yearly : {false, true})
    expect_accepted_or_input_error([&] {
      dealii::ParameterHandler prm; // afresh: a failed parse may leave it in a subsection
      geoheat::Operation::declare(prm);
      prm.enter_subsection("Operation");
      prm.set("Schedule", "file");
      prm.set("Load file", csv);
      prm.set("Interpolation", linear_yearly ? "linear" : "piecewise constant");
      prm.set("Repeat yearly", linear_yearly);
      prm.leave_subsection();
      geoheat::Operation op;
      op.parse(prm, "fuzz.prm");
      int n = 0;
      for (double t = 0; t < 1e9 && n < 1000; t = op.next_event_after(t), ++n)
        op.at(t, t + 1);
    });
  return 0;
}

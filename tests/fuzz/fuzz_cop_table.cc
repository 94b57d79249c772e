/**
 * Fuzz target: a heat pump COP table (Heat pump/COP model = table). The
 * input's first three lines become the entries COP table source
 * temperatures, COP table supply temperatures and COP table values of a
 * parameter file, read as geoheat reads one and checked by HeatPump::parse;
 * an accepted table is then interpolated as the heat pump model does.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/simulation/parameter_file.h>
#include <geoheat/surface/heat_pump.h>

#include <sstream>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
  std::string        source, supply, values;
  std::getline(in, source);
  std::getline(in, supply);
  std::getline(in, values);
  const std::string file = write_file("cop_table.prm",
                                      "subsection Heat pump\n"
                                      "  set COP model = table\n"
                                      "  set COP table source temperatures = " +
                                        source +
                                        "\n"
                                        "  set COP table supply temperatures = " +
                                        supply +
                                        "\n"
                                        "  set COP table values = " +
                                        values + "\nend\n");
  expect_accepted_or_input_error([&] {
    dealii::ParameterHandler prm; // afresh: a failed parse may leave it in a subsection
    geoheat::HeatPump::declare(prm);
    geoheat::read_parameter_file(prm, file);
    geoheat::HeatPump hp;
    hp.parse(prm, file);
    for (const double brine : {-10.0, 0.0, 5.0, 12.5, 40.0})
      for (const double supply_C : {20.0, 35.0, 45.0, 70.0})
        hp.cop({brine, brine - 3}, supply_C);
  });
  return 0;
}

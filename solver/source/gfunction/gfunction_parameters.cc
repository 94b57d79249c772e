#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/gfunction/gfunction_parameters.h>
#include <geoheat/simulation/field_simulation.h>

#include <algorithm>

namespace geoheat
{
  using namespace dealii;

  std::string condition_name(const GFunctionCondition c)
  {
    switch (c)
      {
        case GFunctionCondition::UHTR:
          return "UHTR";
        case GFunctionCondition::UBWT:
          return "UBWT";
        case GFunctionCondition::MIFT:
          return "MIFT";
      }
    return "";
  }

  void GFunctionParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("G-function");
    prm.declare_entry("Boundary conditions",
                      "UHTR, UBWT",
                      Patterns::List(Patterns::Selection("UHTR|UBWT|MIFT"), 1, 3),
                      "g-functions computed by `geoheat gfunction`: UHTR (uniform heat "
                      "rate), UBWT (uniform wall temperature), MIFT (the Borehole heat "
                      "exchanger's pipes in parallel at Operation/Flow rate, one inlet "
                      "temperature).");
    prm.declare_entry("End time",
                      "10",
                      Patterns::Double(1e-6),
                      "Last time of the g-function in units of t_s = H^2/(9 alpha) "
                      "(H the mean borehole length, alpha the length-weighted mean "
                      "diffusivity along the boreholes). Time/End time is not used.");
    prm.declare_entry("First time step",
                      "3600",
                      Patterns::Double(1),
                      "First step (s); the steps then grow.");
    prm.declare_entry("Step growth factor",
                      "1.2",
                      Patterns::Double(1.0),
                      "Ratio of successive steps (BDF2; at most 2). The steps land "
                      "exactly on 0.001, 0.01, 0.1, 1, 10, ... t_s.");
    prm.leave_subsection();
  }

  void GFunctionParameters::parse(ParameterHandler &prm, const FieldParameters &field)
  {
    const std::string &file = field.file;
    prm.enter_subsection("G-function");
    conditions.clear();
    for (const std::string &s : Utilities::split_string_list(prm.get("Boundary conditions")))
      {
        const GFunctionCondition c = s == "UHTR" ? GFunctionCondition::UHTR :
                                     s == "UBWT" ? GFunctionCondition::UBWT :
                                                   GFunctionCondition::MIFT;
        require(std::find(conditions.begin(), conditions.end(), c) == conditions.end(),
                file,
                "G-function/Boundary conditions",
                s + " is listed twice");
        conditions.push_back(c);
      }
    end_time   = prm.get_double("End time");
    first_step = prm.get_double("First time step");
    growth     = prm.get_double("Step growth factor");
    prm.leave_subsection();
    require(growth <= 2.0,
            file,
            "G-function/Step growth factor",
            "must be at most 2 (BDF2 is stable for step ratios below 1 + sqrt 2)");
    if (std::find(conditions.begin(), conditions.end(), GFunctionCondition::MIFT) !=
        conditions.end())
      {
        require(!field.coaxial,
                file,
                "G-function/Boundary conditions",
                "MIFT needs U-tube boreholes (Borehole heat exchanger/Type = 1U or 2U)");
        require(field.field.piping.upstream(field.field.n_boreholes()) ==
                  std::vector<int>(field.field.n_boreholes(), -1),
                file,
                "Borehole field/Connection",
                "MIFT: the g-function's field resistance is defined here for boreholes in "
                "parallel only");
        require(field.operation.flow_rate() > 0,
                file,
                "Operation/Flow rate",
                "MIFT needs the field's flow rate (> 0)");
      }
  }
} // namespace geoheat

#include <geoheat/design/deep_well_design.h>
#include <geoheat/simulation/deep_well_simulation.h>
#include <geoheat/simulation/field_simulation.h>
#include <geoheat/simulation/parameter_file.h>

namespace geoheat
{
  void declare_all_parameters(dealii::ParameterHandler &prm)
  {
    RunParameters::declare(prm);
    DeepWellParameters::declare(prm);
    FieldParameters::declare(prm);
    DesignParameters::declare(prm);
  }
} // namespace geoheat

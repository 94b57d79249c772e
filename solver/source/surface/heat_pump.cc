#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/surface/heat_pump.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using namespace dealii::Patterns;

  namespace
  {
    constexpr double kelvin = 273.15;

    /// eta T_useful / lift (kelvin), capped at `cap` for small lifts.
    double
    carnot_fraction(const double eta, const double T_useful, const double lift, const double cap)
    {
      return lift <= eta * T_useful / cap ? cap : eta * T_useful / lift;
    }

    /// Index i with x[i] <= v <= x[i+1] and the weight of x[i+1], clamped.
    std::pair<unsigned int, double> bracket(const std::vector<double> &x, double v)
    {
      if (x.size() == 1)
        return {0, 0.0};
      v              = std::clamp(v, x.front(), x.back());
      unsigned int i = std::upper_bound(x.begin(), x.end(), v) - x.begin();
      i              = std::min<unsigned int>(std::max(i, 1u), x.size() - 1) - 1;
      return {i, (v - x[i]) / (x[i + 1] - x[i])};
    }
  } // namespace

  void HeatPump::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Heat pump");
    prm.declare_entry("COP model",
                      "Carnot",
                      Selection("constant|Carnot|table"),
                      "constant COP/EER; a Carnot-efficiency model; or a "
                      "manufacturer table in (source, supply temperature).");
    prm.declare_entry("Constant COP", "4", Double(1.01), "Heating COP (constant model).");
    prm.declare_entry("Constant EER", "5", Double(0.1), "Cooling EER (constant model).");
    prm.declare_entry("Carnot efficiency heating",
                      "0.5",
                      Double(0.05, 1),
                      "eta_h in COP = eta_h T_cond/(T_cond - T_evap).");
    prm.declare_entry("Carnot efficiency cooling",
                      "0.45",
                      Double(0.05, 1),
                      "eta_c in EER = eta_c T_evap/(T_cond - T_evap).");
    prm.declare_entry("Evaporator approach",
                      "3",
                      Double(0, 20),
                      "Refrigerant evaporates this much below the brine leaving the "
                      "evaporator, i.e. the well inlet (K; pinch approach).");
    prm.declare_entry("Condenser approach",
                      "3",
                      Double(0, 20),
                      "Refrigerant condenses this much above the warmer fluid: the "
                      "supply water in heating, the fluid returned to the well in "
                      "cooling (K; pinch approach).");
    prm.declare_entry("Maximum COP",
                      "10",
                      Double(1.01),
                      "Cap for the Carnot model at small temperature lifts.");
    prm.declare_entry("Supply temperature control",
                      "constant",
                      Selection("constant|heating curve"),
                      "Heating supply temperature: constant, or linear in the "
                      "outdoor temperature (needs outdoor_temperature_C in the load file).");
    prm.declare_entry("Supply temperature",
                      "45",
                      Double(),
                      "Heating supply temperature (deg C), constant control.");
    prm.declare_entry(
      "Supply temperature at design",
      "50",
      Double(),
      "Heating curve: supply temperature at the design outdoor temperature (deg C).");
    prm.declare_entry("Design outdoor temperature",
                      "-7.6",
                      Double(),
                      "Heating curve: design outdoor temperature (deg C; Beijing -7.6).");
    prm.declare_entry("Supply temperature at balance",
                      "35",
                      Double(),
                      "Heating curve: supply temperature at the balance temperature (deg C).");
    prm.declare_entry("Balance outdoor temperature",
                      "15",
                      Double(),
                      "Heating curve: outdoor temperature without heating demand (deg C).");
    prm.declare_entry("Chilled water temperature",
                      "7",
                      Double(),
                      "Cooling supply temperature (deg C).");
    prm.declare_entry("COP table source temperatures",
                      "",
                      List(Double()),
                      "Table model: source temperatures = brine entering the heat pump "
                      "(the well outlet, as in EN 14511 ratings) (deg C), increasing.");
    prm.declare_entry("COP table supply temperatures",
                      "",
                      List(Double()),
                      "Table model: supply temperatures (deg C), increasing.");
    prm.declare_entry("COP table values",
                      "",
                      List(Double()),
                      "Table model: COP for each supply temperature (outer) and "
                      "source temperature (inner), row by row.");
    prm.declare_entry("Heating capacity",
                      "0",
                      Double(0),
                      "Largest heat output of the unit (kW); demand above it is unmet "
                      "(backup heater). 0 = unlimited.");
    prm.declare_entry("Cooling capacity",
                      "0",
                      Double(0),
                      "Largest cooling output of the unit (kW); 0 = unlimited.");
    prm.declare_entry("Minimum fluid temperature",
                      "2",
                      Double(),
                      "Lowest well inlet temperature in heating (deg C; freezing "
                      "limit, lower with antifreeze). Load beyond it is unmet.");
    prm.declare_entry("Maximum fluid temperature",
                      "35",
                      Double(),
                      "Highest well inlet temperature in cooling (deg C).");
    prm.leave_subsection();
  }

  void HeatPump::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Heat pump");
    const std::string m = prm.get("COP model");
    model        = m == "constant" ? Model::constant : m == "Carnot" ? Model::carnot : Model::table;
    constant_cop = prm.get_double("Constant COP");
    constant_eer = prm.get_double("Constant EER");
    eta_heating  = prm.get_double("Carnot efficiency heating");
    eta_cooling  = prm.get_double("Carnot efficiency cooling");
    approach_evaporator = prm.get_double("Evaporator approach");
    approach_condenser  = prm.get_double("Condenser approach");
    max_cop             = prm.get_double("Maximum COP");
    heating_curve       = prm.get("Supply temperature control") == "heating curve";
    supply_C            = prm.get_double("Supply temperature");
    supply_design_C     = prm.get_double("Supply temperature at design");
    design_outdoor_C    = prm.get_double("Design outdoor temperature");
    supply_balance_C    = prm.get_double("Supply temperature at balance");
    balance_outdoor_C   = prm.get_double("Balance outdoor temperature");
    chilled_C           = prm.get_double("Chilled water temperature");
    table_source        = parse_double_list(prm.get("COP table source temperatures"),
                                     file,
                                     "Heat pump/COP table source temperatures");
    table_supply        = parse_double_list(prm.get("COP table supply temperatures"),
                                     file,
                                     "Heat pump/COP table supply temperatures");
    table_cop = parse_double_list(prm.get("COP table values"), file, "Heat pump/COP table values");
    min_fluid_C = prm.get_double("Minimum fluid temperature");
    for (auto [entry, target] : {std::pair{"Heating capacity", &heating_capacity_W},
                                 std::pair{"Cooling capacity", &cooling_capacity_W}})
      {
        const double kW = prm.get_double(entry);
        *target         = kW > 0 ? 1e3 * kW : 1e300;
      }
    max_fluid_C = prm.get_double("Maximum fluid temperature");
    prm.leave_subsection();

    const std::string s = "Heat pump/";
    require(min_fluid_C < max_fluid_C,
            file,
            s + "Maximum fluid temperature",
            "must be above the minimum fluid temperature");
    if (heating_curve)
      require(design_outdoor_C < balance_outdoor_C,
              file,
              s + "Balance outdoor temperature",
              "must be above the design outdoor temperature");
    if (model == Model::table)
      {
        require(!table_source.empty(),
                file,
                s + "COP table source temperatures",
                "is required with COP model = table");
        require(!table_supply.empty(),
                file,
                s + "COP table supply temperatures",
                "is required with COP model = table");
        require(std::is_sorted(table_source.begin(), table_source.end()) &&
                  std::adjacent_find(table_source.begin(), table_source.end()) ==
                    table_source.end(),
                file,
                s + "COP table source temperatures",
                "must increase strictly");
        require(std::is_sorted(table_supply.begin(), table_supply.end()) &&
                  std::adjacent_find(table_supply.begin(), table_supply.end()) ==
                    table_supply.end(),
                file,
                s + "COP table supply temperatures",
                "must increase strictly");
        require(table_cop.size() == table_source.size() * table_supply.size(),
                file,
                s + "COP table values",
                "needs " + std::to_string(table_source.size() * table_supply.size()) +
                  " values (supply x source temperatures), found " +
                  std::to_string(table_cop.size()));
        require(*std::min_element(table_cop.begin(), table_cop.end()) > 1,
                file,
                s + "COP table values",
                "every COP must be above 1");
      }
  }

  double HeatPump::supply_temperature(const double outdoor_C) const
  {
    if (!heating_curve)
      return supply_C;
    const double w =
      std::clamp((outdoor_C - design_outdoor_C) / (balance_outdoor_C - design_outdoor_C), 0.0, 1.0);
    return (1 - w) * supply_design_C + w * supply_balance_C;
  }

  double HeatPump::cop(const BrineTemperatures &brine, const double supply_temperature_C) const
  {
    switch (model)
      {
        case Model::constant:
          return constant_cop;
        case Model::carnot:
          {
            const double T_cond = supply_temperature_C + approach_condenser + kelvin;
            const double T_evap = brine.leaving_C - approach_evaporator + kelvin;
            return std::max(carnot_fraction(eta_heating, T_cond, T_cond - T_evap, max_cop),
                            1.0 + 1e-3);
          }
        case Model::table:
        default:
          {
            const auto [i, wi]    = bracket(table_source, brine.entering_C);
            const auto [j, wj]    = bracket(table_supply, supply_temperature_C);
            const unsigned int ns = table_source.size();
            auto               at = [&](unsigned int jj, unsigned int ii) {
              return table_cop[std::min<unsigned>(jj, table_supply.size() - 1) * ns +
                               std::min(ii, ns - 1)];
            };
            return (1 - wj) * ((1 - wi) * at(j, i) + wi * at(j, i + 1)) +
                   wj * ((1 - wi) * at(j + 1, i) + wi * at(j + 1, i + 1));
          }
      }
  }

  double HeatPump::eer(const BrineTemperatures &brine) const
  {
    if (model != Model::carnot)
      return constant_eer; // tables give heating COP only
    const double T_evap = chilled_C - approach_evaporator + kelvin;
    const double T_cond = brine.leaving_C + approach_condenser + kelvin;
    return carnot_fraction(eta_cooling, T_evap, T_cond - T_evap, max_cop);
  }
} // namespace geoheat

"""Friction heat in the fluid energy balance (issue #9), whole program.

Case: the 600 m coaxial well of tests/regression/small_well.prm in ground at
a uniform 15 C (zero gradient), the inlet held at 15 C, 4 l/s, the casing
and cement lumped with a grout of 0.002 W/(m K), so that the fluid exchanges
almost nothing with the rock; 2 days.

Reference (energy conservation, independent of the friction correlations):
the pump's hydraulic work V dp (= pump_power_W x the pump efficiency 0.5,
from the run's own pressure drop) ends up as heat in the fluid, so the
outlet rises by dp / (rho c) above the inlet. Checks: T_out - T_in within
1 % of dp/(rho c) at the end (the rest leaks into the rock through the
insulating grout); summary.json friction_heat_MWh = pump electricity x 0.5
(consistency); with Friction heating = false the outlet stays at the inlet
(< 1e-6 K), so this test fails if the term is dropped.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
base = os.path.join(args.source, "tests/regression/small_well.prm")
rho, c, eta = 998.0, 4180.0, 0.5


def case(name, friction):
    prm = write_prm(os.path.join(args.work, name + ".prm"), base, {
        "Geotherm": "gradient", "Surface temperature": "15", "Grout conductivities": "0.002, 0.002",
        "Inlet control": "inlet temperature", "Schedule": "constant", "Value": "15", "Flow rate": "0.004",
        "End time": repr(2 / 365), "Initial time step": "0.1", "Maximum time step in operation": "2",
        None: ["subsection Ground", "  set Geothermal gradient = 0", "end",
               "subsection Well", "  set Wellbore construction = lumped", "end",
               "subsection Fluid", "  set Density = 998", "  set Specific heat = 4180",
               f"  set Friction heating = {'true' if friction else 'false'}", "end"]})
    out = os.path.join(args.work, name)
    run(args, prm, out)
    return read_timeseries(out), read_summary(out)


ts, s = case("with_friction", True)
dp = ts["pump_power_W"][-1] * eta / ts["flow_rate_m3_per_s"][-1]
rise = ts["outlet_temperature_C"][-1] - ts["inlet_temperature_C"][-1]
expected = dp / (rho * c)
check(abs(rise - expected) <= 0.01 * expected,
      f"outlet rise {rise * 1e3:.3f} mK = dp/(rho c) {expected * 1e3:.3f} mK within 1 % (dp {dp / 1e3:.1f} kPa)")
check(abs(s["friction_heat_MWh"] - eta * s["pump_electricity_MWh"]) <= 1e-9 * s["pump_electricity_MWh"],
      f"friction heat {s['friction_heat_MWh']:.6f} MWh = pump electricity x {eta} (consistency)")
check(s["max_energy_balance_rel_error"] < 1e-8, f"energy balance with friction {s['max_energy_balance_rel_error']:.1e}")
ts0, _ = case("without_friction", False)
rise0 = ts0["outlet_temperature_C"][-1] - ts0["inlet_temperature_C"][-1]
check(abs(rise0) < 1e-6, f"without friction heating the outlet stays at the inlet ({rise0:.1e} K)")
check.finish()

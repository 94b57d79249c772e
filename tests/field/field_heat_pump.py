"""A borehole field driven by a building load through the heat pump (issue #7:
"every operation mode of today"), the small 6-borehole field carrying the park's
heating and cooling load scaled to its size, half a year from 1 January (heating,
then cooling from 1 June), 1 and 2 ranks. Consistency checks of the in-step coupling and the bookkeeping (not
validation of the physics):
- every flowing step: the field's ground load (rho c)_f V (T_out - T_in),
  solved through the linear response in the supply temperature, equals the
  heat pump's ground side: heat delivered - electricity (heating and cooling);
- the COP of every heating step is the Carnot formula at that step's own
  outlet and supply temperature (recomputed here);
- the fluid limits hold (a tight minimum makes some load unmet, recorded);
- the yearly figures of summary.json close with the time series;
- 1 and 2 ranks give the same time series (1e-8)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/field/small_field.prm")
park_csv = os.path.join(args.source, "params/loads/beijing_city_park.csv")
check = Checks()
MIN_FLUID = 7.0
prm = write_prm(os.path.join(args.work, "hp.prm"), base, {
    "Inlet control": "heat pump", "Flow rate": "0.0015", "Start date": "01-01", "End time": "0.5",
    "Maximum time step in operation": "1", "Maximum time step when idle": "24",
    None: ["subsection Building load", f"  set Load file = {park_csv}", "  set Repeat yearly = true",
           "  set Scale factor = 0.05", "  set Pump = off without load", "end",
           "subsection Heat pump", "  set COP model = Carnot", "  set Carnot efficiency heating = 0.5",
           "  set Carnot efficiency cooling = 0.45", "  set Supply temperature control = constant",
           "  set Supply temperature = 45", "  set Chilled water temperature = 7",
           f"  set Minimum fluid temperature = {MIN_FLUID}", "  set Maximum fluid temperature = 35", "end"]})

series = {}
for np in (1, 2):
    out = os.path.join(args.work, f"np{np}")
    run(args, prm, out, np=np)
    series[np] = read_timeseries(out)
ts, s = series[1], read_summary(os.path.join(args.work, "np1"))
check(s["status"] == "completed" and s["n_wells"] == 6, "field heat-pump run completed")

flowing = [i for i, v in enumerate(ts["flow_rate_m3_per_s"]) if v > 0]
worst = max(abs(ts["ground_load_W"][i] - (ts["heat_delivered_W"][i] - ts["electric_power_W"][i]))
            for i in flowing)
scale = max(abs(ts["ground_load_W"][i]) for i in flowing)
check(worst < 1e-8 * scale, f"ground load = delivered - electricity every flowing step ({worst:.1e} W)")

heating = [i for i in flowing if ts["heating_load_W"][i] > 0 and ts["cooling_load_W"][i] == 0
           and ts["heat_delivered_W"][i] > 0]
worst_cop = 0.0
for i in heating:  # condenser 3 K above the supply, evaporator 3 K below the inlet (defaults)
    sink = ts["supply_temperature_C"][i] + 3.0 + 273.15
    source = ts["inlet_temperature_C"][i] - 3.0 + 273.15
    cop_expected = 0.5 * sink / (sink - source)
    worst_cop = max(worst_cop, abs(ts["cop"][i] - cop_expected) / cop_expected)
check(len(heating) > 100 and worst_cop < 1e-9,
      f"heating COP = Carnot x 0.5 at each step's own inlet ({len(heating)} steps, {worst_cop:.1e})")
cooling = [i for i in flowing if ts["cooling_load_W"][i] > 0]
check(len(cooling) > 50, f"the park load also cools ({len(cooling)} steps)")

min_in = min(ts["inlet_temperature_C"][i] for i in flowing)
max_in = max(ts["inlet_temperature_C"][i] for i in flowing)
check(min_in >= MIN_FLUID - 1e-6 and max_in <= 35 + 1e-6,
      f"fluid limits held: inlet {min_in:.3f} .. {max_in:.3f} C within [{MIN_FLUID}, 35]")
unmet = sum(ts["unmet_load_W"][i] * ts["time_step_s"][i] for i in range(len(ts["time_s"]))) / 3.6e9
check(s["unmet_load_MWh"] > 0 and abs(unmet - s["unmet_load_MWh"]) < 1e-6 * max(1.0, unmet),
      f"the {MIN_FLUID} C limit leaves load unmet, recorded in summary.json ({s['unmet_load_MWh']:.4f} MWh)")

y = s["per_year"][0]
sum_dt = lambda col, pred: sum(ts[col][i] * ts["time_step_s"][i] for i in range(len(ts["time_s"])) if pred(i)) / 3.6e9
delivered_h = sum_dt("heat_delivered_W", lambda i: ts["heat_delivered_W"][i] > 0)
ground = sum_dt("ground_load_W", lambda i: True)
check(abs(y["heat_delivered_MWh"] - delivered_h) < 1e-6 * delivered_h and
      abs(y["ground_energy_MWh"] - ground) < 1e-6 * max(1.0, abs(ground)),
      f"year 1 in summary.json = time series (heat {delivered_h:.4f} MWh, ground {ground:.4f} MWh)")
check(s["max_energy_balance_rel_error"] < 1e-6,
      f"energy balance every step {s['max_energy_balance_rel_error']:.1e} < 1e-6")

worst = normwise_difference(series[1], series[2], ("inlet_temperature_C", "outlet_temperature_C",
                                                    "ground_load_W", "cop", "unmet_load_W", "time_s"))
check(len(series[2]["time_s"]) == len(ts["time_s"]) and worst < 1e-8,
      f"2 ranks = 1 rank ({worst:.1e} relative)")
check.finish()

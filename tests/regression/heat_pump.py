"""Building load through the heat pump (issue #3), whole program:
- every step is consistent at its end: COP from the step's own inlet
  temperature, i.e. the brine leaving the evaporator (Carnot formula
  recomputed here), delivered = ground + electric; EER likewise in cooling;
- per-year energy bookkeeping closes in summary.json;
- a constant COP equals a prescribed-extraction run with Q = Q_h (1 - 1/COP);
- the minimum fluid temperature holds, with the shortfall recorded as unmet;
- heating and cooling (park load) with the maximum fluid temperature;
- a manufacturer COP table is interpolated bilinearly;
- results do not depend on the number of MPI ranks (1 and 3)."""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
hub_csv = os.path.join(args.source, "params/loads/beijing_hub.csv")
park_csv = os.path.join(args.source, "params/loads/beijing_city_park.csv")
check = Checks()


def variant(name, replacements):
    r = {"Load file": hub_csv}
    r.update(replacements)
    return write_prm(os.path.join(args.work, name + ".prm"), base, r)


def out(name):
    return os.path.join(args.work, name)


def max_rel_diff(a, b):
    scale = max(max(abs(x) for x in a), 1e-30)
    return max(abs(x - y) for x, y in zip(a, b)) / scale


# 1. Carnot heat pump, two years: per-step consistency and yearly closure
run(args, variant("carnot", {"End time": "2"}), out("carnot"))
ts, s = read_timeseries(out("carnot")), read_summary(out("carnot"))
eta, dTe, dTc = 0.5, 3.0, 3.0  # defaults of Heat pump/Carnot efficiency heating, approaches
worst_cop = worst_closure = 0.0
n_on = 0
for i, q in enumerate(ts["heat_delivered_W"]):
    if q <= 0:
        continue
    n_on += 1
    Tc = ts["supply_temperature_C"][i] + dTc + 273.15
    Te = ts["inlet_temperature_C"][i] - dTe + 273.15  # pinch: brine leaving the evaporator
    cop = eta * Tc / (Tc - Te)
    worst_cop = max(worst_cop, abs(ts["cop"][i] - cop) / cop)
    closure = q - ts["ground_load_W"][i] - ts["electric_power_W"][i]
    worst_closure = max(worst_closure, abs(closure) / q)
check(n_on > 2000 and worst_cop < 1e-9,
      f"COP equals the Carnot COP at the step's own inlet temperature ({n_on} steps, worst rel {worst_cop:.1e}, tol 1e-9)")
check(worst_closure < 1e-9,
      f"each step: heat delivered = ground load + electric power (worst rel {worst_closure:.1e}, tol 1e-9)")
for y in s["per_year"]:
    closure = y["heat_delivered_MWh"] - y["ground_energy_MWh"] - y["electricity_MWh"]
    check(abs(closure) < 1e-6 * y["heat_delivered_MWh"],
          f"year {y['year']}: delivered {y['heat_delivered_MWh']:.3f} = ground {y['ground_energy_MWh']:.3f} + "
          f"electricity {y['electricity_MWh']:.3f} MWh (off by {closure:.2e})")
    check(abs(y["spf"] - y["heat_delivered_MWh"] / y["electricity_MWh"]) < 1e-9 * y["spf"],
          f"year {y['year']}: SPF {y['spf']:.4f} = delivered / electricity")
check(s["unmet_load_MWh"] < 1e-9 and s["min_inlet_temperature_C"] > 4,
      f"limit 4 C not reached: min inlet {s['min_inlet_temperature_C']:.2f} C, no unmet load")
check(s["max_energy_balance_rel_error"] < 1e-6, f"energy balance error {s['max_energy_balance_rel_error']:.1e}")
pump = [(f, w) for f, w in zip(ts["flow_rate_m3_per_s"], ts["pump_power_W"])]
check(all((w > 0) == (f > 0) for f, w in pump) and len({w for f, w in pump if f > 0}) == 1,
      f"circulation pump power {max(w for f, w in pump):.1f} W while flowing, 0 when off")
check(s["spf_with_pump"] < s["spf"] and s["pump_electricity_MWh"] > 0,
      f"SPF with the circulation pump {s['spf_with_pump']:.3f} < SPF {s['spf']:.3f}")

# the postprocess plots of a building-load run
import subprocess
r = subprocess.run([sys.executable, os.path.join(args.source, "postprocess/plot_heat_pump.py"), out("carnot")],
                   capture_output=True, text=True)
pngs = ["heat_pump_year.png", "heat_pump_all_years.png", "yearly.png", "summary.png"]
check(r.returncode == 0 and all(os.path.getsize(os.path.join(out("carnot"), "plots", p)) > 10000 for p in pngs),
      f"postprocess/plot_heat_pump.py writes {', '.join(pngs)} {r.stderr[-300:]}")

# 2. Constant COP vs a prescribed extraction Q = Q_h (1 - 1/COP) from the same file
COP, scale = 4.0, 0.12
run(args, variant("constant_cop", {"COP model": "constant", "Constant COP": str(COP), "Start date": "01-01"}),
    out("constant_cop"))
prescribed_csv = os.path.join(args.work, "prescribed.csv")
with open(hub_csv) as f, open(prescribed_csv, "w") as g:
    g.write("time_h,ground_load_W,flow_rate_m3_per_s\n")
    for line in f:
        if line.startswith("#") or line.startswith("time"):
            continue
        t, qh = line.split(",")[:2]
        q = float(qh) * 1e3 * scale
        g.write(f"{t},{q * (1 - 1 / COP)!r},{0.004 if q > 0 else 0.0}\n")
prescribed = write_prm(os.path.join(args.work, "prescribed.prm"), base, {
    "Inlet control": "heat extraction", "Start date": "01-01",
    None: ["subsection Operation", "  set Schedule = file", f"  set Load file = {prescribed_csv}",
           "  set Repeat yearly = true", "end"]})
run(args, prescribed, out("prescribed"))
a, b = read_timeseries(out("constant_cop")), read_timeseries(out("prescribed"))
same_steps = a["time_s"] == b["time_s"]
check(same_steps, f"same time steps ({len(a['time_s'])} vs {len(b['time_s'])})")
if same_steps:
    for col in ("inlet_temperature_C", "outlet_temperature_C", "ground_load_W"):
        d = max_rel_diff(a[col], b[col])
        check(d < 1e-10, f"constant COP vs prescribed extraction: {col} max rel diff {d:.1e} (tol 1e-10)")

# 3. Minimum fluid temperature: the inlet stays on the limit, the rest is unmet
limit = 9.0
run(args, variant("limited", {"Minimum fluid temperature": str(limit)}), out("limited"))
ts, s = read_timeseries(out("limited")), read_summary(out("limited"))
on = [i for i, f in enumerate(ts["flow_rate_m3_per_s"]) if f > 0]
min_in = min(ts["inlet_temperature_C"][i] for i in on)
limited = [i for i in on if ts["unmet_load_W"][i] > 0]
on_limit = max(abs(ts["inlet_temperature_C"][i] - limit) for i in limited) if limited else 1.0
check(min_in >= limit - 1e-9, f"inlet never below the {limit} C limit (min {min_in:.10f} C)")
check(len(limited) > 10 and on_limit < 1e-9,
      f"{len(limited)} limited steps sit on the limit (worst {on_limit:.1e} K)")
balance = max(abs(ts["heating_load_W"][i] - ts["heat_delivered_W"][i] - ts["unmet_load_W"][i]) for i in on)
check(balance < 1e-6, f"demand = delivered + unmet in every step (worst {balance:.1e} W)")
check(s["unmet_load_MWh"] > 0.1 and abs(s["heat_demand_MWh"] - s["heat_delivered_MWh"] - s["unmet_load_MWh"]) < 1e-9,
      f"unmet load {s['unmet_load_MWh']:.3f} MWh recorded in summary.json")

# 4. Park: heating in winter, cooling in summer, maximum fluid temperature
tmax = 24.0
run(args, variant("park", {"Load file": park_csv, "Scale factor": "0.2", "Start date": "01-01",
                           None: ["subsection Heat pump", f"  set Maximum fluid temperature = {tmax}", "end"]}),
    out("park"))
ts, s = read_timeseries(out("park")), read_summary(out("park"))
cool = [i for i, c in enumerate(ts["cooling_delivered_W"]) if c > 0 and ts["heating_load_W"][i] == 0]
check(len(cool) > 500 and all(ts["ground_load_W"][i] < 0 for i in cool),
      f"cooling steps ({len(cool)}) reject heat to the ground")
worst = max(abs(-ts["ground_load_W"][i] - ts["cooling_delivered_W"][i] - ts["electric_power_W"][i])
            / ts["cooling_delivered_W"][i] for i in cool)
check(worst < 1e-9, f"cooling: heat rejected = cooling delivered + electric power (worst rel {worst:.1e})")
# EER = eta_c T_evap/(T_cond - T_evap), T_evap = 7 - 3 C, T_cond = T_in + 3 C (the warmest fluid)
worst = 0.0
for i in cool:
    Te, Tc = 7.0 - dTe + 273.15, ts["inlet_temperature_C"][i] + dTc + 273.15
    worst = max(worst, abs(ts["cop"][i] - min(0.45 * Te / (Tc - Te), 10.0)) / ts["cop"][i])
check(worst < 1e-9, f"EER equals the Carnot EER condensing above the step's own inlet temperature (worst rel {worst:.1e})")
max_in = max(ts["inlet_temperature_C"][i] for i, f in enumerate(ts["flow_rate_m3_per_s"]) if f > 0)
check(max_in <= tmax + 1e-9 and s["unmet_load_MWh"] > 0,
      f"inlet never above {tmax} C (max {max_in:.6f} C); unmet cooling {s['unmet_load_MWh']:.2f} MWh")
y = s["per_year"][0]
check(y["cooling_delivered_MWh"] > 1 and y["spf_cooling"] > 1, f"park: cooling {y['cooling_delivered_MWh']:.1f} MWh, "
      f"heating {y['heat_delivered_MWh']:.1f} MWh, SPF {y['spf']:.2f}, cooling SPF {y['spf_cooling']:.2f}")

# 5. Manufacturer table, bilinear in (source, supply): COP = 2 + 0.1 T_src - 0.02 (T_sup - 35)
src, sup = [0.0, 30.0], [35.0, 55.0]
table = [2 + 0.1 * a - 0.02 * (b - 35) for b in sup for a in src]
run(args, variant("table", {"COP model": "table", None: [
    "subsection Heat pump", "  set COP table source temperatures = 0, 30",
    "  set COP table supply temperatures = 35, 55",
    "  set COP table values = " + ", ".join(str(v) for v in table), "end"]}), out("table"))
ts = read_timeseries(out("table"))
worst = max(abs(ts["cop"][i] - (2 + 0.1 * ts["outlet_temperature_C"][i] - 0.02 * (45 - 35)))
            for i, q in enumerate(ts["heat_delivered_W"]) if q > 0)
check(worst < 1e-9, f"COP table: bilinear interpolation at the step's outlet temperature (worst {worst:.1e})")

# 6. MPI: the Carnot case at 3 ranks equals 1 rank
run(args, variant("carnot_1y", {}), out("np1"))
run(args, variant("carnot_1y", {}), out("np3"), np=3)
a, b = read_timeseries(out("np1")), read_timeseries(out("np3"))
d = max(max_rel_diff(a[c], b[c]) for c in ("inlet_temperature_C", "outlet_temperature_C", "cop", "electric_power_W"))
check(a["time_s"] == b["time_s"] and d < 1e-8, f"1 vs 3 ranks: max rel diff {d:.1e} (tol 1e-8)")

check.finish()

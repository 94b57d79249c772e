"""Golden values: key figures of three small runs pinned, so that any change
of the numbers fails until it is explained and the values are updated.

This is not validation (the values are geoheat's own); it catches silent
changes. Cases:
  - well:      tests/regression/small_well.prm (600 m coaxial, seasonal
               40 kW extraction, 1 year, 1 rank, direct solver);
  - heat_pump: tests/regression/small_well_heat_pump.prm (the same well through
               the heat pump, hourly, 1 year);
  - field:     tests/field/small_field.prm (3 x 2 single U, seasonal 9 kW,
               1 year, 2 ranks, GMRES + AMG, transient line coupling).
Figures: from summary.json (minimum/maximum outlet and inlet, SPF where there
is a heat pump) and timeseries.csv (last outlet, time-mean outlet, ground
energy = sum of ground_load_W x time_step_s).
Time series (numdiff-style): the two wells' whole inlet, outlet and
ground-load series, every step, against tests/regression/golden_series/NAME.csv;
a value passes if |now - golden| <= ATOL_column + RTOL |golden| (1e-7 K,
1e-4 W for the load, RTOL 1e-7) and the step times must match exactly.
Tolerance of the figures: 1e-7 relative + 1e-7 absolute (the runs are
deterministic up to the linear solvers' tolerances, 1e-12).

After an intended change: `tests/regression/golden.py ... --update` rewrites
tests/regression/golden_values.json and the series; say why in the commit.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, read_summary, read_timeseries, run

RTOL = ATOL = 1e-7
CASES = {
    "well": ("tests/regression/small_well.prm", 1),
    "heat_pump": ("tests/regression/small_well_heat_pump.prm", 1),
    "field": ("tests/field/small_field.prm", 2),
}
SERIES_CASES = ("well", "heat_pump")
SERIES = {"inlet_temperature_C": 1e-7, "outlet_temperature_C": 1e-7, "ground_load_W": 1e-4}
SUMMARY_KEYS = ("min_outlet_temperature_C", "max_outlet_temperature_C", "min_inlet_temperature_C",
                "max_inlet_temperature_C", "spf", "n_time_steps")


def figures(out):
    s = read_summary(out)
    ts = read_timeseries(out)
    t_out = np.array(ts["outlet_temperature_C"])
    dt = np.array(ts["time_step_s"])
    f = {k: s[k] for k in SUMMARY_KEYS if k in s and s[k] is not None}
    f["last_outlet_C"] = float(t_out[-1])
    f["time_mean_outlet_C"] = float(np.sum(t_out * dt) / np.sum(dt))
    f["ground_energy_MWh"] = float(np.sum(np.array(ts["ground_load_W"]) * dt) / 3.6e9)
    return f


p = argparse.ArgumentParser()
for a in ("--geoheat", "--mpirun", "--source", "--shared", "--work"):
    p.add_argument(a, required=True)
p.add_argument("--update", action="store_true")
args = p.parse_args()
shutil.rmtree(args.work, ignore_errors=True)
os.makedirs(args.work)
golden_file = os.path.join(args.source, "tests/regression/golden_values.json")
series_dir = os.path.join(args.source, "tests/regression/golden_series")
COLUMNS = ("time_s",) + tuple(SERIES)


def series_file(name):
    return os.path.join(series_dir, name + ".csv")


now, now_series = {}, {}
for name, (prm, ranks) in CASES.items():
    out = os.path.join(args.work, name)
    run(args, os.path.join(args.source, prm), out, np=ranks)
    now[name] = figures(out)
    if name in SERIES_CASES:
        ts = read_timeseries(out)
        now_series[name] = {c: np.array(ts[c], dtype=float) for c in COLUMNS}

if args.update:
    with open(golden_file, "w") as f:
        json.dump(now, f, indent=2, sort_keys=True)
        f.write("\n")
    os.makedirs(series_dir, exist_ok=True)
    for name, cols in now_series.items():
        np.savetxt(series_file(name), np.column_stack([cols[c] for c in COLUMNS]),
                   delimiter=",", header=",".join(COLUMNS), comments="", fmt="%.12g")
    print(f"wrote {golden_file} and {len(now_series)} series in {series_dir}")
    sys.exit(0)

with open(golden_file) as f:
    golden = json.load(f)
check = Checks()
for name, values in golden.items():
    for key, ref in values.items():
        got = now[name].get(key)
        ok = got is not None and abs(got - ref) <= ATOL + RTOL * abs(ref)
        check(ok, f"{name}: {key} = {got} (golden {ref}, difference "
                  f"{(got - ref) if got is not None else float('nan'):+.3g})")
for name, cols in now_series.items():
    ref = np.genfromtxt(series_file(name), delimiter=",", names=True)
    same_steps = len(ref) == len(cols["time_s"]) and np.array_equal(ref["time_s"], cols["time_s"])
    check(same_steps, f"{name}: {len(cols['time_s'])} steps at the golden times ({len(ref)} stored)")
    if not same_steps:
        continue
    for c, atol in SERIES.items():
        excess = np.abs(cols[c] - ref[c]) - (atol + RTOL * np.abs(ref[c]))
        worst = int(np.argmax(excess))
        check(excess[worst] <= 0, f"{name}: {c} series, worst at t = {ref['time_s'][worst]:.0f} s: "
                                  f"{cols[c][worst]:.10g} vs golden {ref[c][worst]:.10g} "
                                  f"(tolerance {atol:g} + {RTOL:g} rel)")
check.finish()

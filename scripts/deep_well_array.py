#!/usr/bin/env python3
"""Interference in an array of deep coaxial wells (issue #8): the hub's
2,745 m well alone against the same wells in a 2 x 2 square on one plant
(params/examples/deep_well_array.prm), at each spacing asked for.

For each case, over the file's horizon (30 heating seasons):
  - the outlet at the design load (300 kW per well): season mean and minimum
    in year 1 and in the last year;
  - the sustainable load per well: the largest extraction per well (constant
    over the season, the file's flow per well) that keeps the well inlet at or
    above --min-inlet (default 4 C, the hub heat pump's limit for water) in
    year 1 alone, and over all the years.

How: the runs take the fast path (the field's own FE step response,
superposed; README "Fast path"), with one response cache per case, so the
second run of a case costs seconds. With constant fluid properties the
coupled model is linear in the load, so every step's inlet temperature is
affine in the load per well Q: T_in(t; Q) = a(t) + b(t) Q. Runs at Q = 0 and
at the design load give a and b exactly; the largest Q with T_in >= limit on
the flowing steps of a window is min over those steps of (a - limit) / (-b).
A third run at the all-years answer checks it: its coldest inlet must equal
the limit (to 1e-3 K; printed).

Usage: scripts/deep_well_array.py [--spacings 30 40 50] [--min-inlet 4]
                                  [--np 2] [--work DIR] [--json OUT]
Exit code: 0 done, 2 a run failed or the check failed.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fast_check import geoheat_command  # noqa: E402
from study import fresh_work_and_base, write_sample_prm  # noqa: E402  (same prm rewriting as the studies)

SECONDS_PER_YEAR = 365 * 86400.0  # geoheat's year (base/units.h)
DESIGN_W = 300e3  # per well, the hub's design point
FLOW = 0.008333  # m3/s per well (30 m3/h)


def run_case(args, text, base_dir, name, n_wells, spacing, q_per_well):
    """One fast run; returns its timeseries and wall time."""
    out = os.path.join(args.work, f"{name}_q{q_per_well / 1e3:.3f}kW")
    side = "2" if n_wells == 4 else "1"
    overrides = {"Time/Method": "fast", "Time/Response cache directory": os.path.join(args.work, name + "_cache"),
                 "Output/Directory": out, "Output/Write VTK": "false", "Output/Write HDF5": "false",
                 "Checkpoint/Interval": "0",
                 "Borehole field/Number in x": side, "Borehole field/Number in y": side,
                 "Borehole field/Spacing x": str(spacing), "Borehole field/Spacing y": str(spacing),
                 "Operation/Value": repr(n_wells * q_per_well), "Operation/Flow rate": repr(n_wells * FLOW)}
    prm = os.path.join(args.work, os.path.basename(out) + ".prm")
    body, _ = write_sample_prm(text, base_dir, overrides, f"# deep_well_array.py: {name}, {q_per_well:.1f} W per well")
    with open(prm, "w") as f:
        f.write(body)
    start = time.time()
    r = subprocess.run(geoheat_command(args.geoheat, prm, out, args.np), capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(f"deep_well_array: the run {prm} failed")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    if summary.get("method") != "fast":
        sys.exit(f"deep_well_array: the fast path did not apply to {prm} ({summary.get('method_note', '')})")
    return pd.read_csv(os.path.join(out, "timeseries.csv")), time.time() - start


def season_stats(ts, year):
    """Mean and minimum outlet (C) over the flowing steps of the heating season starting in @p year."""
    t = ts.time_s.values / SECONDS_PER_YEAR
    on = (ts.flow_rate_m3_per_s.values > 0) & (t > year) & (t <= year + 1)
    w = ts.time_step_s.values[on]
    out = ts.outlet_temperature_C.values[on]
    return float(np.average(out, weights=w)), float(out.min())


def largest_load(a, b, on, limit):
    """Largest Q with a + b Q >= limit on the steps @p on (b < 0 there)."""
    sel = on & (b < 0)
    return float(np.min((a[sel] - limit) / -b[sel]))


def analyse(args, text, base_dir, name, n_wells, spacing):
    zero, t0 = run_case(args, text, base_dir, name, n_wells, spacing, 0.0)
    design, t1 = run_case(args, text, base_dir, name, n_wells, spacing, DESIGN_W)
    a = zero.inlet_temperature_C.values
    b = (design.inlet_temperature_C.values - a) / DESIGN_W
    on = design.flow_rate_m3_per_s.values > 0
    years = design.time_s.values / SECONDS_PER_YEAR
    n_years = int(round(years[-1]))
    first = on & (years <= 1.0)
    q1 = largest_load(a, b, first, args.min_inlet)
    q_all = largest_load(a, b, on, args.min_inlet)
    check, t2 = run_case(args, text, base_dir, name, n_wells, spacing, q_all)
    coldest = float(check.inlet_temperature_C.values[on].min())
    if abs(coldest - args.min_inlet) > 1e-3:
        sys.exit(f"deep_well_array: {name}: the run at the answer has its coldest inlet at {coldest:.4f} C, "
                 f"not {args.min_inlet} C (the affine prediction failed)")
    mean1, min1 = season_stats(design, 0)
    meanN, minN = season_stats(design, n_years - 1)
    return {"case": name, "wells": n_wells, "spacing_m": spacing if n_wells > 1 else None,
            "year1_mean_outlet_C": mean1, "year1_min_outlet_C": min1,
            f"year{n_years}_mean_outlet_C": meanN, f"year{n_years}_min_outlet_C": minN,
            "sustainable_kW_per_well_year1": q1 / 1e3, f"sustainable_kW_per_well_{n_years}_years": q_all / 1e3,
            "check_coldest_inlet_C": coldest, "years": n_years,
            "wall_time_s": {"first_run_with_response": t0, "second": t1, "check": t2}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prm", default=os.path.join(HERE, "..", "params", "examples", "deep_well_array.prm"))
    ap.add_argument("--spacings", type=float, nargs="+", default=[40.0])
    ap.add_argument("--min-inlet", type=float, default=4.0, help="lowest well inlet (C)")
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--geoheat", default=os.path.join(HERE, "..", "build", "geoheat"))
    ap.add_argument("--work", default="/tmp/geoheat_deep_well_array")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    text, base_dir = fresh_work_and_base(args.prm, args.work)

    rows = [analyse(args, text, base_dir, "single", 1, 40.0)]
    for s in args.spacings:
        rows.append(analyse(args, text, base_dir, f"array_{s:g}m", 4, s))
    n = rows[0]["years"]
    single = rows[0]
    print(f"{'case':12s} {'yr1 mean/min outlet':>20s} {f'yr{n} mean/min outlet':>21s} "
          f"{'sustainable kW/well yr1':>24s} {f'over {n} y':>10s} {'vs single':>10s}")
    for r in rows:
        loss = 100 * (r[f"sustainable_kW_per_well_{n}_years"] / single[f"sustainable_kW_per_well_{n}_years"] - 1)
        print(f"{r['case']:12s} {r['year1_mean_outlet_C']:9.2f} / {r['year1_min_outlet_C']:6.2f} C "
              f"{r[f'year{n}_mean_outlet_C']:10.2f} / {r[f'year{n}_min_outlet_C']:6.2f} C "
              f"{r['sustainable_kW_per_well_year1']:20.1f} {r[f'sustainable_kW_per_well_{n}_years']:14.1f} "
              f"{loss:+9.1f} %")
    print("wall time (s): " + ", ".join(f"{r['case']} {sum(r['wall_time_s'].values()):.1f}" for r in rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()

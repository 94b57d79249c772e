#!/usr/bin/env python3
"""Borehole-field sizing on the FE model (issue #12): the shortest borehole
length of a given layout that keeps the fluid entering the heat pump (the
field's outlet) within [T_min, T_max] while it flows, over the file's horizon.

Every candidate length is a geoheat run of the parameter file with
`Borehole field/Borehole length` = H on the fast path (Time/Method = fast:
the field's own FE step response, computed anew for each H since the mesh and
the boreholes change, then superposed over the hourly steps). The search is
a bisection on H: a longer borehole keeps the fluid closer to the ground's
temperature, so "within the limits" is monotone in H. Runs through a heat pump
(building loads) keep the fluid limits by leaving load unmet: a length that
leaves more than --max-unmet MWh unmet (default 0) fails as well. The answer is
the shortest feasible length within --tolerance (m).

Reports: H (m), the total drilled length (number of boreholes x H), which
limit binds (the coldest or the warmest outlet at the shortest feasible H)
and when, the runs and their wall time; --json writes the same.

Usage: scripts/size_field.py FILE.prm --min-fluid 0 --max-fluid 35
                             [--lengths 20 300] [--tolerance 0.5] [--np N]
                             [--set Section/Entry=value ...] [--work DIR] [--json OUT]
Exit code: 0 sized, 1 no length in the range is feasible (or the shortest is),
2 a run failed.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fast_check import geoheat_command  # noqa: E402
from study import write_sample_prm  # noqa: E402  (same prm rewriting as the studies)

SECONDS_PER_YEAR = 365 * 86400.0


def evaluate(args, text, base_dir, H, n):
    """One run at length H: (feasible, coldest outlet, its time, warmest, its time, summary)."""
    out = os.path.join(args.work, f"run{n:02d}_H{H:.3f}")
    overrides = {"Borehole field/Borehole length": f"{H:.6f}", "Time/Method": "fast",
                 "Output/Directory": out, "Output/Write VTK": "false", "Output/Write HDF5": "false",
                 "Checkpoint/Interval": "0"}
    for item in args.set:
        path, _, value = item.partition("=")
        overrides[path.strip()] = value.strip()
    body, _ = write_sample_prm(text, base_dir, overrides, f"# size_field.py: H = {H} m")
    prm = out + ".prm"
    with open(prm, "w") as f:
        f.write(body)
    done = subprocess.run(geoheat_command(args.geoheat, prm, out, args.np), capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
        print(f"size_field.py: the run at H = {H} m failed ({done.returncode})")
        sys.exit(2)
    with open(os.path.join(out, "summary.json")) as f:
        s = json.load(f)
    ts = pd.read_csv(os.path.join(out, "timeseries.csv"))
    on = ts.flow_rate_m3_per_s > 0
    T = ts.outlet_temperature_C[on]
    i_lo, i_hi = T.idxmin(), T.idxmax()
    lo, hi = float(T[i_lo]), float(T[i_hi])
    # Through a heat pump, geoheat keeps the fluid limits by leaving load unmet: that fails too.
    unmet = s.get("unmet_load_MWh") or 0.0
    ok = lo >= args.min_fluid and hi <= args.max_fluid and unmet <= args.max_unmet
    print(f"  H = {H:8.3f} m: outlet {lo:7.3f} .. {hi:7.3f} C -> {'within' if ok else 'outside'} "
          f"[{args.min_fluid}, {args.max_fluid}], unmet {unmet:.3g} MWh ({s['method']}, "
          f"{s['wall_time_s']:.1f} s)", flush=True)
    if s.get("method") != "fast" and not args.allow_full:
        sys.exit(f"size_field.py: the fast path did not apply ({s.get('method_note', '')}); "
                 "pass --allow-full to size on full runs")
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return ok, (lo, float(ts.time_s[i_lo])), (hi, float(ts.time_s[i_hi])), s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prm")
    ap.add_argument("--min-fluid", type=float, required=True, help="lowest outlet (C) while flowing")
    ap.add_argument("--max-fluid", type=float, required=True, help="highest outlet (C) while flowing")
    ap.add_argument("--lengths", type=float, nargs=2, default=(20.0, 300.0), metavar=("SHORTEST", "LONGEST"))
    ap.add_argument("--tolerance", type=float, default=0.5, help="m")
    ap.add_argument("--max-unmet", type=float, default=0.0,
                    help="largest unmet load (MWh over the run) a feasible length may leave (heat pump runs)")
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    ap.add_argument("--geoheat", default=os.path.join(HERE, "..", "build", "geoheat"))
    ap.add_argument("--work", default="/tmp/geoheat_size_field")
    ap.add_argument("--keep", action="store_true", help="keep every run's output")
    ap.add_argument("--allow-full", action="store_true", help="accept runs where fast does not apply")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    with open(args.prm) as f:
        text = f.read()
    base_dir = os.path.dirname(os.path.abspath(args.prm))
    start = time.time()

    lo_H, hi_H = args.lengths
    runs = []
    ok_hi, *rest_hi = evaluate(args, text, base_dir, hi_H, len(runs))
    runs.append((hi_H, ok_hi, *rest_hi))
    if not ok_hi:
        print(f"size_field.py: even {hi_H} m does not keep the fluid within the limits")
        return 1
    ok_lo, *rest_lo = evaluate(args, text, base_dir, lo_H, len(runs))
    runs.append((lo_H, ok_lo, *rest_lo))
    if ok_lo:
        print(f"size_field.py: already {lo_H} m keeps the fluid within the limits (shorten --lengths)")
        return 1
    best = runs[0]
    while hi_H - lo_H > args.tolerance:
        H = 0.5 * (lo_H + hi_H)
        ok, *rest = evaluate(args, text, base_dir, H, len(runs))
        runs.append((H, ok, *rest))
        if ok:
            hi_H, best = H, runs[-1]
        else:
            lo_H = H
    H, _, (t_lo, when_lo), (t_hi, when_hi), s = best
    # which limit binds: the one the fluid comes closest to at the answer
    cold = t_lo - args.min_fluid <= args.max_fluid - t_hi
    limit = {"limit": "minimum" if cold else "maximum",
             "temperature_C": t_lo if cold else t_hi,
             "time_years": (when_lo if cold else when_hi) / SECONDS_PER_YEAR}
    n = s["n_wells"]
    result = {"borehole_length_m": H, "n_boreholes": n, "total_length_m": n * H,
              "bracket_m": [lo_H, hi_H], "binding": limit,
              "outlet_range_C": [t_lo, t_hi], "runs": len(runs),
              "wall_time_s": time.time() - start,
              "run_lengths_m": [r[0] for r in runs], "run_feasible": [r[1] for r in runs]}
    print(f"size_field.py: H = {H:.2f} m per borehole ({n} boreholes, {n * H:.1f} m drilled), "
          f"{limit['limit']} fluid limit binding: {limit['temperature_C']:.3f} C at "
          f"{limit['time_years']:.3f} years; {len(runs)} runs, {result['wall_time_s']:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

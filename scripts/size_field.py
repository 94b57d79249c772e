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

With --area W L --length H it searches the layout instead: the smallest
number of boreholes of length H on a W x L m rectangle, over the shapes of
--layouts (rectangle, L, U, box, as geoheat's Layout) with nx x ny boreholes
spread as far apart as the area and the largest spacing allow (within
--spacing MIN MAX). The candidates are ordered by their number of boreholes
(then the widest spacing first) and bisected: feasibility grows with the
number within a shape; across shapes of similar size the order is not a
proof, so the answer is the first feasible candidate of that order, and the
JSON lists every candidate tried.

Reports: H (m), the number of boreholes and the layout, the total drilled
length, which limit binds (the coldest or the warmest outlet of the answer)
and when, the runs and their wall time; --json writes the same.

Usage: scripts/size_field.py FILE.prm --min-fluid 0 --max-fluid 35
                             [--lengths 20 300] [--tolerance 0.5] [--np N]
                             [--area W L --length H [--spacing 3 10] [--layouts rectangle,L,U,box]]
                             [--set Section/Entry=value ...] [--work DIR] [--json OUT]
Exit code: 0 sized, 1 nothing in the range is feasible (or the smallest
length is), 2 a run failed.
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
from study import fresh_work_and_base, write_sample_prm  # noqa: E402  (same prm rewriting as the studies)

SECONDS_PER_YEAR = 365 * 86400.0


def evaluate(args, text, base_dir, field, n, label):
    """One run with the Borehole field entries `field`: (feasible, (coldest outlet, its time),
    (warmest, its time), summary)."""
    out = os.path.join(args.work, f"run{n:02d}")
    overrides = {"Time/Method": "fast", "Output/Directory": out, "Output/Write VTK": "false",
                 "Output/Write HDF5": "false", "Checkpoint/Interval": "0"}
    overrides.update({f"Borehole field/{k}": v for k, v in field.items()})
    for item in args.set:
        path, _, value = item.partition("=")
        overrides[path.strip()] = value.strip()
    body, _ = write_sample_prm(text, base_dir, overrides, f"# size_field.py: {label}")
    prm = out + ".prm"
    with open(prm, "w") as f:
        f.write(body)
    done = subprocess.run(geoheat_command(args.geoheat, prm, out, args.np), capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
        print(f"size_field.py: the run {label} failed ({done.returncode})")
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
    print(f"  {label}: outlet {lo:7.3f} .. {hi:7.3f} C -> {'within' if ok else 'outside'} "
          f"[{args.min_fluid}, {args.max_fluid}], unmet {unmet:.3g} MWh ({s['method']}, "
          f"{s['wall_time_s']:.1f} s)", flush=True)
    if s.get("method") != "fast" and not args.allow_full:
        sys.exit(f"size_field.py: the fast path did not apply ({s.get('method_note', '')}); "
                 "pass --allow-full to size on full runs")
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return ok, (lo, float(ts.time_s[i_lo])), (hi, float(ts.time_s[i_hi])), s


def binding(args, coldest, warmest):
    """Which limit binds: the one the fluid comes closest to."""
    (t_lo, when_lo), (t_hi, when_hi) = coldest, warmest
    cold = t_lo - args.min_fluid <= args.max_fluid - t_hi
    return {"limit": "minimum" if cold else "maximum", "temperature_C": t_lo if cold else t_hi,
            "time_years": (when_lo if cold else when_hi) / SECONDS_PER_YEAR}


def field_size(shape, nx, ny):
    """Boreholes of a layout, as geoheat's field_layout.cc keeps them."""
    keep = {"rectangle": lambda i, j: True,
            "L": lambda i, j: j == 0 or i == 0,
            "U": lambda i, j: j == 0 or i == 0 or i == nx - 1,
            "box": lambda i, j: j == 0 or j == ny - 1 or i == 0 or i == nx - 1}[shape]
    return sum(1 for j in range(ny) for i in range(nx) if keep(i, j))


def layout_candidates(args):
    """Every layout on the area within the spacing range, the boreholes spread as far apart as
    the area and the largest spacing allow; ordered by number of boreholes, then widest spacing."""
    (W, L), (b_min, b_max) = args.area, args.spacing
    found = {}
    for shape in args.layouts.split(","):
        for nx in range(1, int(W / b_min + 1e-9) + 2):
            for ny in range(1, int(L / b_min + 1e-9) + 2):
                if shape != "rectangle" and (nx < 3 or ny < 3):
                    continue  # with fewer rows or columns the shape is a rectangle or an L already
                bx = min(b_max, W / (nx - 1)) if nx > 1 else b_max
                by = min(b_max, L / (ny - 1)) if ny > 1 else b_max
                if bx < b_min - 1e-9 or by < b_min - 1e-9:
                    continue
                n = field_size(shape, nx, ny)
                found[(n, shape, nx, ny)] = {
                    "Layout": shape, "Number in x": str(nx), "Number in y": str(ny),
                    "Spacing x": f"{bx:.6g}", "Spacing y": f"{by:.6g}", "n": n,
                    "spread": min(bx if nx > 1 else 1e9, by if ny > 1 else 1e9)}
    return sorted(found.values(), key=lambda c: (c["n"], -c["spread"]))


def search_length(args, text, base_dir):
    """The shortest feasible borehole length of the file's layout (bisection)."""
    lo_H, hi_H = args.lengths
    runs = []

    def at(H):
        ok, *rest = evaluate(args, text, base_dir, {"Borehole length": f"{H:.6f}"}, len(runs),
                             f"H = {H:8.3f} m")
        runs.append((H, ok, *rest))
        return ok

    if not at(hi_H):
        print(f"size_field.py: even {hi_H} m does not keep the fluid within the limits")
        return None
    best = runs[0]
    if at(lo_H):
        print(f"size_field.py: already {lo_H} m keeps the fluid within the limits (shorten --lengths)")
        return None
    while hi_H - lo_H > args.tolerance:
        H = 0.5 * (lo_H + hi_H)
        if at(H):
            hi_H, best = H, runs[-1]
        else:
            lo_H = H
    H, _, coldest, warmest, s = best
    n = s["n_wells"]
    return {"borehole_length_m": H, "n_boreholes": n, "total_length_m": n * H,
            "bracket_m": [lo_H, hi_H], "binding": binding(args, coldest, warmest),
            "outlet_range_C": [coldest[0], warmest[0]], "runs": len(runs),
            "run_lengths_m": [r[0] for r in runs], "run_feasible": [r[1] for r in runs]}


def search_layout(args, text, base_dir):
    """The first feasible layout in the candidates' order (bisection over it) at --length."""
    candidates = layout_candidates(args)
    if not candidates:
        print("size_field.py: no layout fits the area with that spacing range")
        return None
    tried = []

    def at(k):
        c = candidates[k]
        field = {key: c[key] for key in ("Layout", "Number in x", "Number in y", "Spacing x", "Spacing y")}
        field["Borehole length"] = f"{args.length:.6f}"
        ok, coldest, warmest, s = evaluate(args, text, base_dir, field, len(tried),
                                           f"{c['Layout']} {c['Number in x']} x {c['Number in y']}, "
                                           f"{c['n']} boreholes, B {c['Spacing x']} / {c['Spacing y']} m")
        if s["n_wells"] != c["n"]:
            sys.exit(f"size_field.py: internal: {c['Layout']} {c['Number in x']} x {c['Number in y']} "
                     f"has {s['n_wells']} boreholes, expected {c['n']}")
        tried.append((k, ok, coldest, warmest))
        return ok

    lo, hi = 0, len(candidates) - 1
    if not at(hi):
        print(f"size_field.py: even the largest layout ({candidates[hi]['n']} boreholes) does not keep "
              "the fluid within the limits")
        return None
    if at(lo):
        hi = lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if at(mid):
            hi = mid
        else:
            lo = mid
    k, _, coldest, warmest = next(t for t in tried if t[0] == hi)
    c = candidates[k]
    return {"layout": c["Layout"], "n_x": int(c["Number in x"]), "n_y": int(c["Number in y"]),
            "spacing_x_m": float(c["Spacing x"]), "spacing_y_m": float(c["Spacing y"]),
            "n_boreholes": c["n"], "borehole_length_m": args.length, "total_length_m": c["n"] * args.length,
            "binding": binding(args, coldest, warmest), "outlet_range_C": [coldest[0], warmest[0]],
            "candidates": len(candidates), "runs": len(tried),
            "tried": [{"index": t[0], "n": candidates[t[0]]["n"], "layout": candidates[t[0]]["Layout"],
                       "n_x": int(candidates[t[0]]["Number in x"]),
                       "n_y": int(candidates[t[0]]["Number in y"]), "feasible": t[1]} for t in tried],
            "answer_index": k}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prm")
    ap.add_argument("--min-fluid", type=float, required=True, help="lowest outlet (C) while flowing")
    ap.add_argument("--max-fluid", type=float, required=True, help="highest outlet (C) while flowing")
    ap.add_argument("--lengths", type=float, nargs=2, default=(20.0, 300.0), metavar=("SHORTEST", "LONGEST"))
    ap.add_argument("--area", type=float, nargs=2, default=None, metavar=("W", "L"),
                    help="search the layout instead: the smallest number of boreholes on W x L m")
    ap.add_argument("--spacing", type=float, nargs=2, default=(3.0, 10.0), metavar=("MIN", "MAX"),
                    help="spacing range of the layout search (m)")
    ap.add_argument("--layouts", default="rectangle,L,U,box", help="shapes of the layout search")
    ap.add_argument("--length", type=float, default=None, help="borehole length of the layout search (m)")
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
    text, base_dir = fresh_work_and_base(args.prm, args.work)
    start = time.time()

    if args.area:
        if args.length is None:
            sys.exit("size_field.py: --area needs --length (the borehole length to place)")
        result = search_layout(args, text, base_dir)
    else:
        result = search_length(args, text, base_dir)
    if result is None:
        return 1
    result["wall_time_s"] = time.time() - start
    b = result["binding"]
    where = (f"{result['layout']} {result['n_x']} x {result['n_y']} (B {result['spacing_x_m']:g} / "
             f"{result['spacing_y_m']:g} m), " if args.area else "")
    print(f"size_field.py: {where}H = {result['borehole_length_m']:.2f} m per borehole "
          f"({result['n_boreholes']} boreholes, {result['total_length_m']:.1f} m drilled), "
          f"{b['limit']} fluid limit binding: {b['temperature_C']:.3f} C at {b['time_years']:.3f} years; "
          f"{result['runs']} runs, {result['wall_time_s']:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark of a 5 x 5 array of 2 km coaxial wells (issue #8), with the mesh
and time-step convergence that justify its settings.

Base case: scripts/benchmark_cases/deep_array_5x5.prm (25 wells, 50 m apart,
four layers, 200 kW per well, 30 heating seasons, every well a line of the
3D FE mesh). Parts (--parts, default all):
  timing  the full FE model (Time/Method = full) over --full-years years on
          --np ranks: wall time per simulated year (the published 3D GPU
          model: ~45 h per year), steps, unknowns, time per step, memory;
  fast    the same 30 years on the fast path (the field's own FE step
          response, superposed; README "Fast path"): wall time;
  step    time-step convergence of the full model over --full-years: the
          base steps (6 h in operation, 720 h idle) against half of them
          (3 h / 360 h, first step 0.5 h), and the fast path against the full
          model over the same years (the fast path's own error);
  mesh    mesh convergence over the 30 years on the fast path (its response
          is the same FE model's, so the mesh error is the full model's):
          every cell size of 'Field mesh' x 2 (coarse) and x 1/2 (fine), the
          growth ratios g -> g^f, except the cells next to the wells, which
          stay 1.5 m in 'fine' (r_eq must stay outside the 0.311 m borehole:
          1.5 m cells give r_eq/r_b ~ 1.3; their own convergence is the line
          coupling's, validation.coaxial_line_hub and the Peaceman tests).
Figures compared: the field outlet's season minimum and mean in year 1 and
in the last year, and the spread of the wells' lowest outlets (corner wells
warmest, centre coldest).

Usage: scripts/deep_array_benchmark.py [--parts timing,fast,step,mesh]
           [--full-years 1] [--np 2] [--work DIR] [--json OUT] [--geoheat PATH]
Exit code: 0 done, 1 a run failed.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fast_check import geoheat_command, yearly_outlet  # noqa: E402
from study import fresh_work_and_base, prm_entries, write_sample_prm  # noqa: E402

MESH_SIZES = ("Borehole cell size", "Horizontal max cell", "Vertical min cell",
              "Vertical cell along boreholes", "Vertical max cell")
MESH_GROWTHS = {"Horizontal growth": 1.3, "Vertical growth": 1.3}  # geoheat's defaults


def mesh_overrides(entries, factor):
    """'Field mesh' cell sizes x factor, growth ratios g -> g^factor; the
    cells next to the wells not below the base's (see the module text)."""
    change = {}
    for k in MESH_SIZES:
        base = float(entries[f"Field mesh/{k}"])
        size = base * factor
        if k == "Borehole cell size":
            size = max(size, base)
        change[f"Field mesh/{k}"] = f"{size:g}"
    for k, default in MESH_GROWTHS.items():
        g = float(entries.get(f"Field mesh/{k}", default))
        change[f"Field mesh/{k}"] = f"{g ** factor:.6g}"
    return change


def run(args, text, base_dir, name, overrides):
    """One geoheat run of the base file with @p overrides; returns its
    summary, time series, per-well series and the wall time of mpirun."""
    out = os.path.join(args.work, name)
    overrides = dict(overrides, **{"Output/Directory": out})
    body, _ = write_sample_prm(text, base_dir, overrides, f"# deep_array_benchmark.py: {name}")
    prm = out + ".prm"
    with open(prm, "w") as f:
        f.write(body)
    start = time.time()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out + ".rss_kB"]
                       + geoheat_command(args.geoheat, prm, out, args.np), capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-3000:])
        sys.exit(f"deep_array_benchmark: the run {prm} failed ({r.returncode})")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    method = overrides.get("Time/Method", "full")
    if summary.get("method") != method:
        sys.exit(f"deep_array_benchmark: {name} ran '{summary.get('method')}', not '{method}' "
                 f"({summary.get('method_note', '')})")
    return {"summary": summary, "ts": pd.read_csv(os.path.join(out, "timeseries.csv")),
            "wells": pd.read_csv(os.path.join(out, "wells.csv")), "elapsed_s": time.time() - start,
            "max_rank_rss_MB": int(open(out + ".rss_kB").read().split()[-1]) / 1024}


def figures(r):
    """Design figures of a run: outlet season min / mean in year 1 and in
    the last year, lowest outlet per well (spread corner - centre)."""
    minimum, mean = yearly_outlet(r["ts"])
    first, last = minimum.index.min(), minimum.index.max()
    w = r["wells"]
    on = w.flow_rate_m3_per_s > 0
    per_well = w[on].groupby("well").outlet_temperature_C.min()
    s = r["summary"]
    return {"unknowns": s["n_dofs"], "steps": s["n_time_steps"], "wall_s": s["wall_time_s"],
            "year1_min_C": float(minimum[first]), "year1_mean_C": float(mean[first]),
            "last_year": int(last) + 1, "last_min_C": float(minimum[last]), "last_mean_C": float(mean[last]),
            "well_min_spread_K": float(per_well.max() - per_well.min())}


def timing_line(name, r, years):
    s = r["summary"]
    b = s.get("time_breakdown_s", {})
    per_year = s["wall_time_s"] / years
    return (f"{name}: {s['n_dofs']} unknowns ({s['n_ground_dofs']} ground), {s['n_wells']} wells, "
            f"{s['n_mpi_ranks']} ranks, {years:g} years, wall {s['wall_time_s']:.1f} s "
            f"= {per_year / 60:.2f} min per simulated year, {s['n_time_steps']} steps, "
            f"{1e3 * s['wall_time_s'] / s['n_time_steps']:.0f} ms/step (set-up {b.get('setup', 0):.1f} s, "
            f"assembly {b.get('assembly', 0):.1f} s, preconditioners {b.get('solver_setup', 0):.1f} s, "
            f"solves {b.get('solve', 0):.1f} s, {s['linear_iterations']} GMRES iterations), "
            f"peak memory {s['peak_memory_MB']:.0f} MB (all ranks; largest rank {r['max_rank_rss_MB']:.0f} MB)")


def table(title, rows, ref_name):
    keys = ("year1_min_C", "year1_mean_C", "last_min_C", "last_mean_C", "well_min_spread_K")
    print(f"\n{title} (differences from '{ref_name}')")
    print(f"{'variant':10s} {'unknowns':>9s} {'steps':>6s} {'wall_s':>7s}  " + "  ".join(f"{k:>18s}" for k in keys))
    ref = rows[ref_name]
    for name, f in rows.items():
        cells = [f"{f[k]:.3f}" + (f" ({f[k] - ref[k]:+.3f})" if name != ref_name else "") for k in keys]
        print(f"{name:10s} {f['unknowns']:9d} {f['steps']:6d} {f['wall_s']:7.0f}  "
              + "  ".join(c.rjust(18) for c in cells))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prm", default=os.path.join(HERE, "benchmark_cases", "deep_array_5x5.prm"))
    ap.add_argument("--parts", default="timing,fast,step,mesh")
    ap.add_argument("--full-years", type=float, default=1.0)
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--geoheat", default=os.path.join(HERE, "..", "build", "geoheat"))
    ap.add_argument("--work", default="/tmp/geoheat_deep_array")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    text, base_dir = fresh_work_and_base(args.prm, args.work)
    entries = {path: value for _, _, _, path, _, value, kind in prm_entries(text) if kind == "set"}
    full = {"Time/Method": "full", "Time/End time": f"{args.full_years:g}"}
    fast = {"Time/Method": "fast"}
    report = {"prm": os.path.abspath(args.prm), "np": args.np, "full_years": args.full_years}

    if parts & {"timing", "step"}:
        base = run(args, text, base_dir, "full", full)
        print(timing_line("full model", base, args.full_years), flush=True)
        report["full"] = figures(base)
        report["full"]["wall_per_year_min"] = base["summary"]["wall_time_s"] / args.full_years / 60
        report["full"]["peak_memory_MB"] = base["summary"]["peak_memory_MB"]
    if parts & {"fast", "mesh"}:
        fast_base = run(args, text, base_dir, "fast", fast)
        s = fast_base["summary"]
        print(f"fast path: {s['n_dofs']} unknowns, {s['simulated_years']:g} years in {s['wall_time_s']:.1f} s "
              f"({s['n_time_steps']} steps), peak memory {s['peak_memory_MB']:.0f} MB (all ranks)", flush=True)
        report["fast"] = figures(fast_base)
    if "step" in parts:
        half = run(args, text, base_dir, "full_dt_half",
                   dict(full, **{"Time/Maximum time step in operation": "3", "Time/Maximum time step when idle": "360",
                                 "Time/Initial time step": "0.5"}))
        fast_short = run(args, text, base_dir, "fast_short", dict(fast, **{"Time/End time": f"{args.full_years:g}"}))
        rows = {"full": report["full"], "dt_half": figures(half), "fast": figures(fast_short)}
        report["step"] = rows
        table(f"time steps and the fast path, {args.full_years:g} year(s), full model", rows, "dt_half")
    if "mesh" in parts:
        rows = {"coarse": figures(run(args, text, base_dir, "fast_coarse", dict(fast, **mesh_overrides(entries, 2)))),
                "base": report["fast"],
                "fine": figures(run(args, text, base_dir, "fast_fine", dict(fast, **mesh_overrides(entries, 0.5))))}
        report["mesh"] = rows
        table("mesh, 30 years on the fast path", rows, "fine")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()

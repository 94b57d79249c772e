#!/usr/bin/env python3
"""Side-by-side check of the fast path (Time/Method = fast, issue #12).

Runs a parameter file twice, with Time/Method = full and = fast, over the
same steps (optionally a shorter horizon), and reports how far the fast run
is from the full one:
  - steps with flow (what the heat pump sees): max |dT| of the outlet and
    the inlet (K);
  - every year: the minimum and the mean outlet temperature while flowing
    (K), as the issue's criteria;
  - SPF, heat delivered, unmet load (relative);
  - steps without flow: max |dT| of the stagnant fluid's temperatures (K),
    reported separately (they do not enter the heat pump; see the README);
  - the wall time of both runs and the reduced model's size and build time.
Exit code 0 when the fast run applied and meets the tolerances given (by
default the issue's: 0.05 K on yearly min/mean outlet, 0.1 % on the SPF),
1 when it does not, 2 when fast fell back to the full model.

Usage: scripts/fast_check.py FILE.prm [--years Y] [--np N] [--work DIR]
                              [--set Section/Entry=value ...]
                              [--tolerance-K 0.05] [--tolerance-spf 1e-3] [--json OUT]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from study import write_sample_prm  # noqa: E402  (same prm rewriting as the studies)

SECONDS_PER_YEAR = 365 * 86400.0


def geoheat_command(geoheat, prm, out, np):
    """The command line of a geoheat run on np ranks."""
    cmd = [geoheat, "--output-dir", out, prm]
    return ["mpirun", "--oversubscribe", "-np", str(np)] + cmd if np > 1 else cmd


def run(args, prm_path, out, method):
    base_dir = os.path.dirname(os.path.abspath(prm_path))
    with open(prm_path) as f:
        text = f.read()
    overrides = {"Time/Method": method, "Output/Directory": out, "Checkpoint/Interval": "0",
                 "Output/Write VTK": "false", "Output/Write HDF5": "false"}
    if args.years:
        overrides["Time/End time"] = str(args.years)
    for item in args.set:
        path, _, value = item.partition("=")
        overrides[path.strip()] = value.strip()
    body, _ = write_sample_prm(text, base_dir, overrides, f"# fast_check.py: {method} run of {prm_path}")
    path = os.path.join(args.work, f"{method}.prm")
    with open(path, "w") as f:
        f.write(body)
    done = subprocess.run(geoheat_command(args.geoheat, path, out, args.np), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"fast_check.py: the {method} run failed ({done.returncode}): "
                 + (done.stderr.strip().splitlines() or ["no message"])[-1])
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f), pd.read_csv(os.path.join(out, "timeseries.csv"))


def yearly_outlet(ts):
    on = ts.flow_rate_m3_per_s > 0
    year = np.floor((ts.time_s - 1e-6) / SECONDS_PER_YEAR).astype(int)
    w = ts.time_step_s
    t = ts.outlet_temperature_C
    minimum = t[on].groupby(year[on]).min()
    mean = (t * w)[on].groupby(year[on]).sum() / w[on].groupby(year[on]).sum()
    return minimum, mean


def compare(full, fast):
    (sf, tf), (ss, ts) = full, fast
    if len(tf) != len(ts) or not np.allclose(tf.time_s, ts.time_s, rtol=0, atol=1e-6):
        sys.exit("fast_check.py: the two runs took different steps")
    on = tf.flow_rate_m3_per_s > 0
    d = {}
    for c in ("outlet_temperature_C", "inlet_temperature_C"):
        diff = (tf[c] - ts[c]).abs()
        d[f"flowing_max_abs_{c}"] = float(diff[on].max()) if on.any() else 0.0
        d[f"idle_max_abs_{c}"] = float(diff[~on].max()) if (~on).any() else 0.0
    min_f, mean_f = yearly_outlet(tf)
    min_s, mean_s = yearly_outlet(ts)
    d["yearly_min_outlet_max_abs_K"] = float((min_f - min_s).abs().max()) if len(min_f) else 0.0
    d["yearly_mean_outlet_max_abs_K"] = float((mean_f - mean_s).abs().max()) if len(mean_f) else 0.0
    for key in ("spf", "heat_delivered_MWh", "unmet_load_MWh", "total_ground_energy_MWh"):
        if key in sf and key in ss and sf[key] is not None:
            d[f"{key}_full"] = sf[key]
            d[f"{key}_fast"] = ss[key]
            d[f"{key}_rel_diff"] = abs(ss[key] - sf[key]) / max(abs(sf[key]), 1e-300)
    d["wall_time_full_s"] = sf["wall_time_s"]
    d["wall_time_fast_s"] = ss["wall_time_s"]
    d["reduced_states"] = ss.get("reduced_states", 0)
    d["reduced_model_s"] = ss.get("reduced_model_s", 0.0)
    d["method_note"] = ss.get("method_note", "")
    # the fast run's steps alone: without its set-up and its one-off model
    d["fast_stepping_s"] = ss["wall_time_s"] - ss["time_breakdown_s"]["setup"] - d["reduced_model_s"]
    d["peak_memory_MB_full"] = sf.get("peak_memory_MB", 0.0)
    d["peak_memory_MB_fast"] = ss.get("peak_memory_MB", 0.0)
    d["n_time_steps"] = sf["n_time_steps"]
    d["n_dofs"] = sf["n_dofs"]
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prm")
    ap.add_argument("--years", type=float, default=None, help="horizon (default: the file's)")
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="an entry for both runs, e.g. 'Fluid/Temperature dependent=false'")
    ap.add_argument("--geoheat", default=os.path.join(HERE, "..", "build", "geoheat"))
    ap.add_argument("--work", default="/tmp/geoheat_fast_check")
    ap.add_argument("--tolerance-K", type=float, default=0.05)
    ap.add_argument("--tolerance-spf", type=float, default=1e-3)
    ap.add_argument("--json", default=None, help="write the figures here")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    full = run(args, args.prm, os.path.join(args.work, "full"), "full")
    fast = run(args, args.prm, os.path.join(args.work, "fast"), "fast")
    if fast[0].get("method") != "fast":
        print(f"fast_check.py: {fast[0].get('method_note', 'the fast path did not apply')}")
        return 2
    d = compare(full, fast)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(d, f, indent=1)
    print(f"{args.prm}: {d['n_time_steps']} steps, {d['n_dofs']} unknowns, {args.np} rank(s)")
    print(f"  wall time: full {d['wall_time_full_s']:.2f} s, fast {d['wall_time_fast_s']:.2f} s "
          f"(reduced model: {d['reduced_states']} states, built in {d['reduced_model_s']:.2f} s; "
          f"the fast steps alone {d['fast_stepping_s']:.2f} s)")
    print(f"  fast: {d['method_note']}")
    print(f"  peak memory (all ranks): full {d['peak_memory_MB_full']:.0f} MB, fast {d['peak_memory_MB_fast']:.0f} MB")
    print(f"  steps with flow: max |dT_out| {d['flowing_max_abs_outlet_temperature_C']:.2e} K, "
          f"max |dT_in| {d['flowing_max_abs_inlet_temperature_C']:.2e} K")
    print(f"  every year: min outlet within {d['yearly_min_outlet_max_abs_K']:.2e} K, "
          f"mean outlet within {d['yearly_mean_outlet_max_abs_K']:.2e} K")
    if "spf_rel_diff" in d:
        print(f"  SPF {d['spf_full']:.5f} full, {d['spf_fast']:.5f} fast ({d['spf_rel_diff']:.1e} relative)")
    print(f"  steps without flow (stagnant fluid, not used by the heat pump): "
          f"max |dT_out| {d['idle_max_abs_outlet_temperature_C']:.2e} K")
    ok = (d["yearly_min_outlet_max_abs_K"] <= args.tolerance_K
          and d["yearly_mean_outlet_max_abs_K"] <= args.tolerance_K
          and d.get("spf_rel_diff", 0.0) <= args.tolerance_spf)
    print("  " + ("within" if ok else "NOT within") +
          f" {args.tolerance_K} K (yearly min/mean outlet) and {args.tolerance_spf:.0e} (SPF)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

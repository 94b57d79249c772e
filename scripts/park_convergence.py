#!/usr/bin/env python3
"""Mesh and time-step convergence of the park example (issue #7).

Runs params/examples/green_heart_park_field.prm for the first year(s), on the
example's 25-year mesh extent (its margin kept), with
  - the mesh coarsened and refined: every cell size of 'Field mesh' times
    f = 2, 1 (the example), 1/2, the horizontal growth ratio g -> g^f (so the
    graded spacing halves or doubles everywhere), except that the finest
    borehole cell is 0.7 x (r_eq must stay outside the borehole);
  - near_fine: only the cells next to the boreholes 0.7 x (the size that
    matters for hourly peaks: the line coupling's early-time error);
  - the time step halved: 'Maximum time step in operation' 1 h -> 0.5 h and
    'Maximum time step when idle' 24 h -> 6 h;
and prints, for each variant, the design figures the README reports (minimum
and maximum outlet, minimum inlet, yearly mean outlet, heating SPF, cooling
SPF, ground energy) and their differences from the finest run of each
family. Writes park_convergence.csv into the work folder.

Usage: scripts/park_convergence.py [--years 1] [--np 2] [--work DIR]
       [--geoheat build/geoheat] [--variants coarse,base,near_fine,fine,dt_half] [--reuse]
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "params/examples/green_heart_park_field.prm")
SIZES = ("Borehole cell size", "Horizontal max cell", "Vertical min cell",
         "Vertical cell along boreholes", "Vertical max cell")


def read_entries(text):
    return {m.group(1).strip(): m.group(2).strip()
            for m in re.finditer(r"^\s*set\s+([^=]+?)\s*=\s*(.*?)\s*$", text, re.M)}


def variant_prm(text, name, years, out):
    """The example with End time = years and the variant's changes."""
    entries = read_entries(text)
    # The example's mesh is sized for its 25 years (margin 3 sqrt(alpha_max t_end),
    # field_box_mesh.cc); keep that margin so the runs differ only in resolution.
    lam = [float(v) for v in entries["Thermal conductivities"].split(",")]
    rhoc = [float(v) for v in entries["Volumetric heat capacities"].split(",")]
    t_end = float(entries["End time"]) * 365 * 86400.0
    margin = max(20.0, 3 * (max(l / c for l, c in zip(lam, rhoc)) * t_end) ** 0.5)
    change = {"End time": str(years), "Directory": out, "Margin": f"{margin:.6g}",
              "Load file": os.path.join(ROOT, "params/loads/beijing_city_park.csv"),
              "Output interval": "365", "Interval": "0"}
    f = {"coarse": 2.0, "fine": 0.5}.get(name)
    if f is not None:
        for k in SIZES:
            change[k] = f"{float(entries[k]) * f:g}"
        # The line coupling needs r_eq > r_b: 0.5 m cells next to a 75 mm
        # borehole would put r_eq (~0.13-0.17 h) inside it; 0.7 m is the
        # finest safe step (tests/field/peaceman_mesh_independence.py covers
        # this size on its own).
        if f < 1:
            change["Borehole cell size"] = f"{float(entries['Borehole cell size']) * 0.7:g}"
        change["Horizontal growth"] = f"{float(entries['Horizontal growth']) ** f:.6g}"
    if name == "near_fine":  # only the cells next to the boreholes refined (as in 'fine')
        change["Borehole cell size"] = f"{float(entries['Borehole cell size']) * 0.7:g}"
    if "Margin" not in entries:
        text = re.sub(r"^(subsection Field mesh\n)", r"\1  set Margin = 0\n", text, flags=re.M)
    if name == "dt_half":
        change["Maximum time step in operation"] = "0.5"
        change["Maximum time step when idle"] = "6"
        change["Initial time step"] = "0.5"

    def replace(m):
        key = m.group(2).strip()
        return f"{m.group(1)}set {key} = {change[key]}" if key in change else m.group(0)
    return re.sub(r"^(\s*)set\s+([^=]+?)\s*=.*$", replace, text, flags=re.M)


def figures(summary, years):
    y = summary["per_year"][years - 1]
    return {"unknowns": summary["n_dofs"], "steps": summary["n_time_steps"],
            "wall_s": summary["wall_time_s"],
            "min_outlet_C": y["min_outlet_temperature_C"], "mean_outlet_C": y["mean_outlet_temperature_C"],
            "min_inlet_C": y["min_inlet_temperature_C"], "max_outlet_C": summary["max_outlet_temperature_C"],
            "spf_heating": y["spf"], "spf_cooling": y["spf_cooling"],
            "ground_energy_MWh": y["ground_energy_MWh"]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--years", type=int, default=1)
    p.add_argument("--np", type=int, default=2)
    p.add_argument("--work", default="/tmp/geoheat_park_convergence")
    p.add_argument("--geoheat", default=os.path.join(ROOT, "build/geoheat"))
    p.add_argument("--variants", default="coarse,base,near_fine,fine,dt_half")
    p.add_argument("--reuse", action="store_true",
                   help="keep the result of a variant whose run directory holds a completed run "
                        "of the same parameter file")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    text = open(EXAMPLE).read()
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    results = {}
    for name in a.variants.split(","):
        out = os.path.join(a.work, name)
        prm = os.path.join(a.work, name + ".prm")
        wanted = variant_prm(text, name, a.years, out)
        done = os.path.join(out, "summary.json")
        if a.reuse and os.path.isfile(prm) and open(prm).read() == wanted and os.path.isfile(done) \
                and json.load(open(done)).get("status") == "completed":
            results[name] = figures(json.load(open(done)), a.years)
            print(f"{name}: reused {out}", flush=True)
            continue
        with open(prm, "w") as f:
            f.write(wanted)
        cmd = ["mpirun", "-np", str(a.np), a.geoheat, prm]
        start = time.time()
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{name}: geoheat failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        results[name] = figures(json.load(open(os.path.join(out, "summary.json"))), a.years)
        print(f"{name}: {results[name]['unknowns']} unknowns, {results[name]['steps']} steps, "
              f"{time.time() - start:.0f} s", flush=True)

    keys = ("min_outlet_C", "mean_outlet_C", "min_inlet_C", "max_outlet_C", "spf_heating", "spf_cooling",
            "ground_energy_MWh")
    print(f"\nyear {a.years} figures (differences: mesh variants against 'fine', dt_half against 'base')")
    print("variant   unknowns  steps  wall_s  " + "  ".join(f"{k:>17}" for k in keys))
    for name, r in results.items():
        ref = results.get("fine") if name in ("coarse", "base", "near_fine") else \
            results.get("base") if name == "dt_half" else None
        cells = []
        for k in keys:
            d = f" ({r[k] - ref[k]:+.3f})" if ref and name != "fine" else ""
            cells.append(f"{r[k]:.3f}{d}".rjust(17))
        print(f"{name:8s} {r['unknowns']:9d} {r['steps']:6d} {r['wall_s']:7.0f}  " + "  ".join(cells))
    with open(os.path.join(a.work, "park_convergence.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["variant", "unknowns", "steps", "wall_s", *keys])
        for name, r in results.items():
            w.writerow([name, r["unknowns"], r["steps"], f"{r['wall_s']:.1f}", *(f"{r[k]:.6g}" for k in keys)])
    print(f"\ntable written to {a.work}/park_convergence.csv")


if __name__ == "__main__":
    main()

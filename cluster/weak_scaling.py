#!/usr/bin/env python3
"""Weak-scaling study of a borehole field on a SLURM cluster (issue #8): the
field, and with it the 3D mesh, grows with the number of ranks, so that every
rank keeps about the same number of boreholes and unknowns.

  weak_scaling.py generate OUT --ranks 16 32 64 128 256 512 1024
        [--boreholes-per-rank 16] [--steps 24] [--geoheat PATH]
        [--launcher srun] [--partition P] [--time HH:MM:SS]
        [--ntasks-per-node K] [--module NAME ...]
      writes OUT/prm/np_P.prm (a rectangle of about P x b single-U boreholes,
      B = 5 m, 100 m, two layers: scripts/benchmark_cases/field_scaling.prm
      with the field resized; 3 kW and 0.25 L/s per borehole (at most 0.9
      m^3/s for the field), hourly steps),
      OUT/slurm/np_P.sh (one job of P tasks each) and OUT/submit_all.sh
      (checks every parameter file with geoheat --validate, then sbatch).
  weak_scaling.py collect OUT
      reads OUT/runs/np_P/summary.json of every finished run and prints, and
      writes to OUT/weak_scaling.csv: ranks, boreholes, unknowns, unknowns
      per rank, set-up time, time per step after set-up, GMRES iterations per
      step, peak memory (sum over ranks and per rank) and the weak-scaling
      efficiency t_step(P_min) / t_step(P), also per unknown of a rank.
  weak_scaling.py local OUT --ranks 1 2 [--boreholes-per-rank 4] [--steps 24]
      the same study run here with mpirun (for the figures of a workstation
      and to check the scripts end to end), then collect.

What it measures and what to expect: cluster/README.md, "Weak scaling".
"""
import argparse
import csv
import json
import math
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "scripts", "benchmark_cases", "field_scaling.prm")
LOAD_PER_BOREHOLE_W = 3000.0   # 30 W/m on 100 m
FLOW_PER_BOREHOLE = 0.00025    # m^3/s: 0.25 kg/s per single U, turbulent ...
MAX_FIELD_FLOW = 0.9           # m^3/s: ... up to Operation/Flow rate's bound of 1 m^3/s
                               # (above ~3,600 boreholes the flow per U gets laminar:
                               # a solver benchmark, not a design)


def fail(what):
    raise SystemExit(f"weak_scaling.py: error: {what}")


def field_shape(ranks, per_rank):
    """nx x ny boreholes, nx >= ny, nx * ny as close as a rectangle gets to ranks * per_rank."""
    target = ranks * per_rank
    nx = math.ceil(math.sqrt(target))
    ny = max(1, round(target / nx))
    return nx, ny


def parameter_file(ranks, per_rank, steps):
    """field_scaling.prm with the field resized and the run @p steps hours long."""
    nx, ny = field_shape(ranks, per_rank)
    n = nx * ny
    values = {"Number in x": nx, "Number in y": ny, "Value": f"{LOAD_PER_BOREHOLE_W * n:.0f}",
              "Flow rate": f"{min(FLOW_PER_BOREHOLE * n, MAX_FIELD_FLOW):.6g}",
              "End time": f"{steps / 8760:.12g}"}
    out, seen = [], set()
    with open(BASE) as f:
        for line in f.read().splitlines():
            s = line.strip()
            key = s[4:].split("=")[0].strip() if s.startswith("set ") else None
            if key in values:
                out.append(line[: len(line) - len(line.lstrip())] + f"set {key} = {values[key]}")
                seen.add(key)
            else:
                out.append(line)
    if seen != set(values):
        fail(f"{BASE}: entries {sorted(set(values) - seen)} not found")
    head = (f"# Weak-scaling case for {ranks} ranks (cluster/weak_scaling.py): {nx} x {ny} = {n} "
            f"boreholes, {steps} hourly steps; generated from scripts/benchmark_cases/field_scaling.prm")
    return head + "\n" + "\n".join(out) + "\n", n


def slurm_script(a, ranks, prm, run_dir, log_dir):
    lines = ["#!/bin/bash",
             f"#SBATCH --job-name=geoheat-weak-{ranks}",
             f"#SBATCH --ntasks={ranks}",
             f"#SBATCH --time={a.time}",
             f"#SBATCH --output={log_dir}/np_{ranks}-%j.log"]
    if a.partition:
        lines.append(f"#SBATCH --partition={a.partition}")
    if a.ntasks_per_node:
        lines.append(f"#SBATCH --ntasks-per-node={a.ntasks_per_node}")
    lines += ["set -euo pipefail"]
    lines += [f"module load {shlex.quote(m)}" for m in a.module]
    launcher = a.launcher if a.launcher != "mpirun" else f"mpirun -np {ranks}"
    lines += [f"{launcher} {shlex.quote(a.geoheat)} --output-dir {shlex.quote(run_dir)} {shlex.quote(prm)}", ""]
    return "\n".join(lines)


def generate(a):
    out = os.path.abspath(a.out)
    for sub in ("prm", "slurm", "runs", "logs"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    submit = ["#!/bin/bash", "# Submits the weak-scaling jobs (cluster/weak_scaling.py generate).",
              "set -euo pipefail"]
    for p in a.ranks:
        text, n = parameter_file(p, a.boreholes_per_rank, a.steps)
        prm = os.path.join(out, "prm", f"np_{p}.prm")
        with open(prm, "w") as f:
            f.write(text)
        script = os.path.join(out, "slurm", f"np_{p}.sh")
        with open(script, "w") as f:
            f.write(slurm_script(a, p, prm, os.path.join(out, "runs", f"np_{p}"), os.path.join(out, "logs")))
        os.chmod(script, 0o755)
        submit.append(f"{shlex.quote(a.geoheat)} --validate {shlex.quote(prm)} > /dev/null")
        print(f"{p:5d} ranks: {n:6d} boreholes -> {prm}")
    submit += [f"sbatch {shlex.quote(os.path.join(out, 'slurm', f'np_{p}.sh'))}" for p in a.ranks]
    path = os.path.join(out, "submit_all.sh")
    with open(path, "w") as f:
        f.write("\n".join(submit) + "\n")
    os.chmod(path, 0o755)
    print(f"submit with: bash {path}; when the jobs have finished: {sys.argv[0]} collect {out}")


def collect(a):
    out = os.path.abspath(a.out)
    runs = os.path.join(out, "runs")
    rows = []
    for name in sorted(os.listdir(runs) if os.path.isdir(runs) else []):
        path = os.path.join(runs, name, "summary.json")
        if not name.startswith("np_") or not os.path.isfile(path):
            continue
        with open(path) as f:
            s = json.load(f)
        if s.get("status") != "completed":
            print(f"{name}: status {s.get('status')!r}, left out")
            continue
        steps, setup = s["n_time_steps"], s["time_breakdown_s"]["setup"]
        p = s["n_mpi_ranks"]
        rows.append({"ranks": p, "boreholes": s["n_wells"], "unknowns": s["n_dofs"],
                     "unknowns_per_rank": round(s["n_dofs"] / p), "setup_s": setup,
                     "time_per_step_s": (s["wall_time_s"] - setup) / steps,
                     "gmres_per_step": s["linear_iterations"] / steps,
                     "peak_memory_MB": s["peak_memory_MB"], "memory_per_rank_MB": s["peak_memory_MB"] / p})
    if not rows:
        fail(f"{runs}: no completed run (np_*/summary.json)")
    rows.sort(key=lambda r: r["ranks"])
    for r in rows:
        r["efficiency"] = rows[0]["time_per_step_s"] / r["time_per_step_s"]
        # the same per unknown of a rank (the field's rectangle and margins do not
        # give every rank count exactly the same unknowns per rank)
        r["efficiency_per_unknown"] = r["efficiency"] * r["unknowns_per_rank"] / rows[0]["unknowns_per_rank"]
    with open(os.path.join(out, "weak_scaling.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print("ranks  boreholes   unknowns  per rank  setup s  s/step  GMRES/step  MB/rank  efficiency "
          "(per unknown)")
    for r in rows:
        print(f"{r['ranks']:5d} {r['boreholes']:10d} {r['unknowns']:10d} {r['unknowns_per_rank']:9d} "
              f"{r['setup_s']:8.1f} {r['time_per_step_s']:7.3f} {r['gmres_per_step']:11.1f} "
              f"{r['memory_per_rank_MB']:8.0f} {r['efficiency']:10.2f} ({r['efficiency_per_unknown']:.2f})")
    print(f"-> {os.path.join(out, 'weak_scaling.csv')}")


def local(a):
    out = os.path.abspath(a.out)
    os.makedirs(os.path.join(out, "prm"), exist_ok=True)
    for p in a.ranks:
        text, n = parameter_file(p, a.boreholes_per_rank, a.steps)
        prm = os.path.join(out, "prm", f"np_{p}.prm")
        with open(prm, "w") as f:
            f.write(text)
        cmd = shlex.split(a.mpirun) + ["-np", str(p), a.geoheat, "--output-dir",
                                       os.path.join(out, "runs", f"np_{p}"), prm]
        print(f"{p} ranks, {n} boreholes: {' '.join(cmd)}", flush=True)
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"{prm}: geoheat exited {r.returncode}: {r.stderr.strip()[-300:]}")
    collect(a)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("generate", "local", "collect"):
        s = sub.add_parser(name)
        s.add_argument("out")
        if name == "collect":
            continue
        s.add_argument("--ranks", type=int, nargs="+", required=True)
        s.add_argument("--boreholes-per-rank", type=int, default=16 if name == "generate" else 4)
        s.add_argument("--steps", type=int, default=24)
        s.add_argument("--geoheat", default=os.path.join(ROOT, "build", "geoheat"))
        if name == "generate":
            s.add_argument("--launcher", default="srun", help="srun (default) or mpirun")
            s.add_argument("--partition")
            s.add_argument("--time", default="01:00:00")
            s.add_argument("--ntasks-per-node", type=int)
            s.add_argument("--module", action="append", default=[])
        else:
            s.add_argument("--mpirun", default="mpirun --oversubscribe")
    a = ap.parse_args()
    if a.command != "collect":
        if any(p < 1 for p in a.ranks) or a.boreholes_per_rank < 1 or a.steps < 1:
            fail("--ranks, --boreholes-per-rank and --steps must be positive")
        a.geoheat = os.path.abspath(a.geoheat)
    {"generate": generate, "collect": collect, "local": local}[a.command](a)


if __name__ == "__main__":
    main()

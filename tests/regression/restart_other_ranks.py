"""Resuming on another number of ranks (issue #11): a batch system may give a
requeued job another allocation. A checkpoint written on N ranks is keyed
(ground values by cell id, borehole unknowns by borehole, wall points by
borehole and depth), so any number of ranks can take its part.

Two models, each run as a chain of four legs that extend End time and change
the number of ranks at every --resume: 1 -> 2 -> 3 -> 1 ranks (so 1 -> 2,
2 -> 3 and 3 -> 1 are each exercised, and every leg reads checkpoints that
the previous leg wrote on its own rank count):
- the hub-type deep coaxial well (axisymmetric 2D, direct solver, hourly load
  through the heat pump, water with temperature-dependent properties whose
  evaluation state is checkpointed), 2 years, a checkpoint every 91 days;
- the small 3D field (3 x 2 U-tubes, line coupling with its transient
  kernel's history, iterative solver), 1 year, a checkpoint every 30 days.
The chain's time series must equal the uninterrupted run on 1 rank and on 3
ranks to 1e-10 (normwise relative), every leg exits 0 and says which rank
count wrote the checkpoint it read, and the summary is "completed" with the
same number of steps.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
W = args.work
CHAIN = (1, 2, 3, 1)
TOL = 1e-10

MODELS = {
    "hub_well": dict(
        base=os.path.join(args.source, "tests/regression/small_well_heat_pump.prm"),
        ends=("0.5", "1", "1.5", "2"),
        lines=["subsection Checkpoint", "  set Interval = 91", "end",
               "subsection Fluid", "  set Type = water", "  set Property temperature = 12", "end"],
        replace={"Load file": os.path.join(args.source, "params/loads/beijing_hub.csv")},
        columns=("inlet_temperature_C", "outlet_temperature_C", "ground_load_W", "electric_power_W")),
    "field_3d": dict(
        base=os.path.join(args.source, "tests/field/small_field.prm"),
        ends=("0.25", "0.5", "0.75", "1"),
        lines=["subsection Checkpoint", "  set Interval = 30", "end"],
        replace={},
        columns=("inlet_temperature_C", "outlet_temperature_C", "ground_load_W")),
}


def prm_for(name, model, end):
    return write_prm(os.path.join(W, f"{name}_{end}.prm"), model["base"],
                     {**model["replace"], "End time": end, None: model["lines"]})


for name, model in MODELS.items():
    final = prm_for(name, model, model["ends"][-1])
    refs = {}
    for np in (1, 3):
        out = os.path.join(W, f"{name}_uninterrupted_np{np}")
        run(args, final, out, np=np)
        refs[np] = out

    out = os.path.join(W, f"{name}_chain")
    previous = None
    for leg, (np, end) in enumerate(zip(CHAIN, model["ends"])):
        r = run(args, prm_for(name, model, end), out, np=np, extra=["--resume"] if leg else [], check=False)
        note = f"was written on {previous} ranks" in r.stdout
        check(r.returncode == 0 and (leg == 0 or note),
              f"{name}: leg {leg + 1} on {np} rank(s) to {end} y: exit {r.returncode}"
              + (f", read a checkpoint written on {previous} rank(s)" if leg else "")
              + ("" if r.returncode == 0 else f" ({r.stderr.strip()[-300:]})"))
        previous = np

    chain = read_timeseries(out)
    for np, ref_dir in refs.items():
        ref = read_timeseries(ref_dir)
        same_rows = len(ref["time_s"]) == len(chain["time_s"]) and ref["time_s"] == chain["time_s"]
        diff = normwise_difference(ref, chain, model["columns"]) if same_rows else float("inf")
        check(same_rows and diff <= TOL,
              f"{name}: chain 1->2->3->1 ranks vs uninterrupted on {np} rank(s): "
              f"{len(chain['time_s'])} rows (ref {len(ref['time_s'])}), max normwise rel diff {diff:.1e} (tol {TOL:g})")
    s, s_ref = read_summary(out), read_summary(refs[1])
    check(s["status"] == "completed" and s["n_time_steps"] == s_ref["n_time_steps"],
          f"{name}: summary '{s['status']}', {s['n_time_steps']} steps (uninterrupted {s_ref['n_time_steps']})")
check.finish()

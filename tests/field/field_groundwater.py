"""Groundwater through the small 3D field (tests/field/small_field.prm: 3 x 2
single-U boreholes, B = 6 m, two layers): a Darcy velocity of 1e-6 m/s along
+x in the lower layer only (20 m down; the boreholes reach 42 m), at 1, 2 and
3 MPI ranks.

Checked:
- ranks: the same time series to 1e-8 relative (the inflow faces' theta = 0
  constraints and the SUPG terms are assembled per cell, independent of the
  partition); step energy balance below 1e-6;
- the ground heat budget (timeseries.csv groundwater_heat_in_W,
  boundary_heat_in_W, ground_storage_W) closes to 1e-6 at every step, and
  over the year the water brings heat to the cooled field;
- the volume output carries the Darcy velocity per layer (HDF5 dataset
  darcy_velocity: (1e-6, 0, 0) m/s below 20 m, zero above);
- physics (would fail for a wrong sign or a missing term; not a
  validation, see validation.moving_line_source for that): with the water
  bringing undisturbed ground from -x, the upstream boreholes (0, 3) extract
  more than the downstream ones (2, 5), which without flow are symmetric
  images of each other, and the field's coldest outlet is warmer than
  without flow;
- Time/Method = fast applies with groundwater (the field's step response,
  which carries the advection; compared with the full model in
  regression.field_fast_path).
"""
import glob
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/field/small_field.prm")
U = 1e-6
prm = write_prm(os.path.join(args.work, "groundwater.prm"), base,
                {None: ["subsection Ground", "  subsection Groundwater",
                        f"    set Darcy velocity x = 0, {U}", "  end", "end",
                        "subsection Output", "  set Write HDF5 = true", "end"]})
check = Checks()
series = {}
for np_ in (1, 2, 3):
    out = os.path.join(args.work, f"np{np_}")
    run(args, prm, out, np=np_)
    series[np_] = read_timeseries(out)
    s = read_summary(out)
    check(s["status"] == "completed" and s["n_mpi_ranks"] == np_, f"np={np_}: completed")
    check(s["max_energy_balance_rel_error"] < 1e-6,
          f"np={np_}: max energy balance error {s['max_energy_balance_rel_error']:.2e} < 1e-6")
for np_ in (2, 3):
    worst = normwise_difference(series[1], series[np_], ("inlet_temperature_C", "outlet_temperature_C",
                                                         "ground_load_W", "wall_heat_W", "time_s"))
    check(len(series[np_]["time_s"]) == len(series[1]["time_s"]) and worst < 1e-8,
          f"np={np_}: time series match np=1 to {worst:.1e} relative (< 1e-8)")

# The ground heat budget (coupling/ground_heat_budget.h; a consistency check:
# boreholes + boundaries + groundwater = storage, step by step, with the
# advected heat from the face integral, so it fails if advection or SUPG
# lost heat)
ts = series[2]
worst = max(ts["ground_balance_rel_error"])
check(worst < 1e-6, f"ground heat budget closes at every step: {worst:.1e} relative (< 1e-6)")
dt = np.array(ts["time_step_s"])
brought = float(np.sum(np.array(ts["groundwater_heat_in_W"]) * dt)) / 3.6e9
taken = float(np.sum(np.array(ts["wall_heat_W"]) * dt)) / 3.6e9
check(0 < brought < taken, f"the water brought {brought:.3f} MWh of the {taken:.3f} MWh the boreholes took")

# Darcy velocity in the volume output (np=2: pieces from both ranks)
h5 = sorted(glob.glob(os.path.join(args.work, "np2", "solution", "*.h5")))[-1]
with h5py.File(h5, "r") as f:
    z = f["nodes"][:, 2]
    u = f["darcy_velocity"][...]
lower, upper = z < -20 - 1e-6, z > -20 + 1e-6
check(np.allclose(u[lower], [U, 0, 0], rtol=1e-6, atol=0)  # written as float32
       and np.all(u[upper] == 0),
      f"darcy_velocity: ({U}, 0, 0) m/s at {lower.sum()} nodes below 20 m, 0 at {upper.sum()} above")

# Physics against the same field without flow
still = os.path.join(args.work, "no_flow")
run(args, base, still)
check("groundwater_heat_in_W" not in read_timeseries(still),
      "without flow timeseries.csv has no ground budget columns")
e_flow = [w["ground_energy_MWh"] for w in read_summary(os.path.join(args.work, "np1"))["per_well"]]
e_still = [w["ground_energy_MWh"] for w in read_summary(still)["per_well"]]
check(abs(e_still[0] - e_still[2]) < 1e-6 * e_still[0],
      f"without flow the x-mirrored corners 0, 2 extract the same ({e_still[0]:.4f}, {e_still[2]:.4f} MWh)")
check(min(e_flow[0], e_flow[3]) > max(e_flow[2], e_flow[5]),
      f"with flow the upstream boreholes 0, 3 extract more than the downstream 2, 5: "
      f"{['%.4f' % e for e in e_flow]} MWh")
t_flow = read_summary(os.path.join(args.work, "np1"))["min_outlet_temperature_C"]
t_still = read_summary(still)["min_outlet_temperature_C"]
check(t_flow > t_still, f"coldest outlet warmer with flow: {t_flow:.3f} C vs {t_still:.3f} C")

# Time/Method = fast applies with groundwater: the step response carries the advection
fast = write_prm(os.path.join(args.work, "fast.prm"), prm,
                 {None: ["subsection Time", "  set Method = fast", "  set End time = 0.05", "end"]})
run(args, fast, os.path.join(args.work, "fast"))
s = read_summary(os.path.join(args.work, "fast"))
check(s["status"] == "completed" and s["method"] == "fast" and "step response" in s.get("method_note", ""),
      f"Time/Method = fast with groundwater runs on the step response: {s.get('method_note', '')[:70]!r}...")
check.finish()

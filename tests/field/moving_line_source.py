"""Validation: groundwater advection in the 3D ground against the moving
infinite line source (Diao, Li & Fang 2004; validation README section 1:
lambda 2.5 W/(m K), rho c 2.818e6 J/(m^3 K), q' ~ 20 W/m), at two Darcy
velocities along +x:
  1e-7 m/s for 2 years (tests/field/moving_line_source.prm: 0.2 m cells next
    to the line, growing by 1.15 to 1 m; 5-day steps), and
  1e-5 m/s for 30 days on a finer mesh (0.1 m cells, growth 1.05, 0.5 m
    cells; 6-hour steps): the plume is then a streak ~0.5 m wide at 2 m
    downstream and is steady within the compared region after about a day.
Runs on 2 MPI ranks.

Reference. The run's own line load at mid-depth q'(t) (well_profiles.h5,
after every step; it changes by <1 % over a run) drives the Duhamel sum
    dT_ref(x, y, t_N) = -sum_i (q'_i - q'_{i-1}) f(x, y, t_N - t_{i-1}),
f the moving infinite line source per W/m (tests/validation/line_sources.py,
effective velocity (rho c)_w u / (rho c)). Mid-depth is 45 m from either end
of the 100 m line, where the finite length is invisible (sqrt(4 alpha t) =
15 m at 2 years).

Also: the ground's heat budget with advection (boreholes + fixed boundaries
+ groundwater = storage, timeseries.csv) closes to 1e-6 at every step (a
consistency check, coupling/ground_heat_budget.h).

Metric: the ground temperature change of the last volume output at the mesh
nodes of mid-depth on the downstream, upstream and cross-stream rays through
the line, from three cells (0.6 m; 0.3 m) to 15 m (>= 5 m from the model's
sides; the outflow condition itself bends the last nodes, 1 % at the
outflow boundary). Where |dT_ref| >= 10 % of its largest value on the rays,
the relative error must be <= 1 % (issue #8 target); elsewhere (the
exponentially small tails upstream and across a fast plume, where a relative
error says nothing) the absolute error must be <= 0.5 % of that largest value.
Within the first cells the FE field carries the discrete line source's
lattice error (4-5 % at the first node, for any velocity); there the
borehole model's Peaceman correction, not the FE field, gives the wall
temperature.
Measured (this version, 2 ranks, 59 s for both): 1e-7 m/s: <= 0.65 %
(upstream at 0.77 m), tails 0.05 % of the peak; the conduction-only case on
0.75 m cells growing by 1.3 to 2 m was off by 1.3-1.9 %, with 1 m cells by
0.35-1.0 %, second order. 1e-5 m/s: <= 0.68 % (0.32 m downstream), tails
0.38 %; with growth 1.1 instead of 1.05 it was 1.14 % at 0.35 m. On 0.75 m
cells the 1e-5 m/s plume is not resolved: up to 8 % off downstream and a
+0.1 K cross-stream overshoot beside a -0.6 K plume (README, "Groundwater":
cell Peclet number).
"""
import glob
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "validation"))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm
from line_sources import moving_infinite_line_source

K, RHO_C, RHO_C_W = 2.5, 2.818e6, 4.18e6
ALPHA = K / RHO_C
MID = 49.0        # m: nearest mesh plane to mid-depth is taken
REL_TOL, ABS_TOL = 0.01, 0.005

args = parse_args()
base = os.path.join(args.source, "tests/field/moving_line_source.prm")
check = Checks()

CASES = {
    "u=1e-7 m/s, 2 years": dict(u=1e-7, cell=0.2, replace={"Volume output every": "146"}),
    "u=1e-5 m/s, 30 days": dict(u=1e-5, cell=0.1, replace={
        "Darcy velocity x": "1e-5", "End time": str(30 / 365), "Initial time step": "6",
        "Maximum time step in operation": "6", "Output interval": "0.25",
        "Borehole cell size": "0.1", "Horizontal growth": "1.05", "Horizontal max cell": "0.5",
        "Margin": "20", "Volume output every": "120"}),
}


def line_load_history(out, depth):
    """Output times (s) and the line load (W/m) at @p depth after each step."""
    ts, qs = [0.0], [0.0]
    with h5py.File(os.path.join(out, "well_profiles.h5"), "r") as g:
        for name in sorted(g.keys()):
            t = g[name].attrs["time_s"]
            if t > 0:
                ts.append(t)
                qs.append(np.interp(depth, g[name]["depth_m"][...], g[name]["line_load_W_per_m"][...]))
    return np.array(ts), np.array(qs)


for label, case in CASES.items():
    name = "u%.0e" % case["u"]
    replace = dict(case["replace"])
    replace[None] = ["subsection Output", "  set Volume output every = " + replace.pop("Volume output every"), "end"]
    prm = write_prm(os.path.join(args.work, name + ".prm"), base, replace)
    out = os.path.join(args.work, name)
    run(args, prm, out, np=2)
    s = read_summary(out)
    check(s["status"] == "completed" and s["max_energy_balance_rel_error"] < 1e-6,
          f"{label}: completed, step energy balance {s['max_energy_balance_rel_error']:.1e} < 1e-6")
    ground = max(read_timeseries(out)["ground_balance_rel_error"])
    check(ground < 1e-6, f"{label}: ground heat budget with advection closes to {ground:.1e} (< 1e-6)")
    files = sorted(glob.glob(os.path.join(out, "solution", "*.h5")))
    with h5py.File(files[-1], "r") as f:
        X, dT = f["nodes"][...], f["temperature_change"][:, 0]
    planes = np.unique(np.round(-X[:, 2], 6))
    z = planes[np.argmin(abs(planes - MID))]
    ts, qs = line_load_history(out, z)
    T = ts[-1]
    u_eff = RHO_C_W * case["u"] / RHO_C
    at_z = abs(-X[:, 2] - z) < 1e-6
    rays = at_z & ((abs(X[:, 1]) < 1e-9) | ((abs(X[:, 0]) < 1e-9) & (X[:, 1] > 0)))
    r = np.hypot(X[:, 0], X[:, 1])
    pick = rays & (r >= 3 * case["cell"] - 1e-9) & (r <= 15 + 1e-9)
    pts, fe = X[pick], dT[pick]
    ref = np.zeros(len(pts))
    for i in range(1, len(ts)):
        ref -= (qs[i] - qs[i - 1]) * moving_infinite_line_source(T - ts[i - 1], pts[:, 0], pts[:, 1], ALPHA, K, u_eff)
    peak = np.max(abs(ref))
    big = abs(ref) >= 0.1 * peak
    rel = abs(fe[big] - ref[big]) / abs(ref[big])
    worst = np.argmax(rel)
    absolute = np.max(abs(fe[~big] - ref[~big])) / peak if (~big).any() else 0.0
    print(f"{label}: mid-depth plane {z:.2f} m, {len(ts) - 1} line loads {qs[1]:.3f} .. {qs[-1]:.3f} W/m, "
          f"{len(pts)} nodes, peak dT_ref {peak:.3f} K")
    for p, a, b in sorted(zip(pts.tolist(), fe, ref), key=lambda v: (v[0][1] != 0, v[0][0], v[0][1]))[::3]:
        print(f"    x {p[0]:7.2f}  y {p[1]:6.2f}  FE {a:8.4f}  MILS {b:8.4f}  ({(a - b) / max(abs(b), 1e-300) * 100:+.2f} %)")
    check(rel[worst] <= REL_TOL,
          f"{label}: {big.sum()} nodes with |dT| >= 10 % of peak within {rel[worst] * 100:.2f} % "
          f"(<= 1 %; worst at x {pts[big][worst][0]:.2f}, y {pts[big][worst][1]:.2f} m)")
    check(absolute <= ABS_TOL,
          f"{label}: {(~big).sum()} tail nodes within {absolute * 100:.2f} % of the peak (<= 0.5 %)")
    # advection moves the plume downstream: +x side colder than -x at equal r
    down = [f for p, f in zip(pts, fe) if p[1] == 0 and p[0] > 0]
    up = [f for p, f in zip(pts, fe) if p[1] == 0 and p[0] < 0]
    check(len(down) > 3 and min(down) < 0 and np.mean(down) < np.mean(up),
          f"{label}: downstream colder than upstream (mean {np.mean(down):.3f} vs {np.mean(up):.3f} K)")
check.finish()

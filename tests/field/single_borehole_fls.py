"""Validation: one single-U borehole (150 m, buried 4 m, r_b 0.075 m) in
homogeneous ground with constant heat extraction (30 W/m) for 8 years. The
depth-mean borehole-wall temperature change from the 3D FE model is compared
with the finite line source with uniform heat rate (pygfunction's single
borehole case; tests/validation/line_sources.py, itself checked against
pygfunction's g-function values to 1e-9) for 0.01 t_s <= t <= 0.1 t_s.
Reference: Claesson & Javed (2011) FLS; metric: relative error of the wall
temperature change; tolerance below."""
import math
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "validation"))
from geoheat_test import Checks, parse_args, read_summary, run
from line_sources import single_borehole_wall_temperature

TOLERANCE = float(os.environ.get("GEOHEAT_FLS_TOLERANCE", "0.01"))
args = parse_args()
prm = os.path.join(args.source, "tests/field/single_borehole_fls.prm")
out = os.path.join(args.work, "run")
run(args, prm, out)
check = Checks()
s = read_summary(out)
check(s["max_energy_balance_rel_error"] < 1e-6, f"energy balance {s['max_energy_balance_rel_error']:.1e} < 1e-6")

H, D, r_b, k, alpha, q = 150.0, 4.0, 0.075, 2.0, 1e-6, 4500.0 / 150.0
t_s = H * H / (9 * alpha)
worst = 0.0
with h5py.File(os.path.join(out, "well_profiles.h5")) as f:
    for name in sorted(f):
        t = f[name].attrs["time_s"]
        if t < 0.01 * t_s * 0.999:
            continue
        z = f[name]["depth_m"][:]
        Tw = f[name]["T_wall_C"][:]
        mean = np.trapz(Tw, z) / (z[-1] - z[0])
        dT = mean - 10.0
        ref = single_borehole_wall_temperature(t, q, k, alpha, H, D, r_b)
        err = (dT - ref) / abs(ref)
        worst = max(worst, abs(err))
        print(f"t = {t / t_s:6.4f} t_s: FE {dT:8.4f} K, FLS {float(ref):8.4f} K, {100 * err:+.2f} %")
check(worst < TOLERANCE, f"mean wall temperature change within {100 * worst:.2f} % of the FLS (tolerance {100 * TOLERANCE:.0f} %)")
check.finish()

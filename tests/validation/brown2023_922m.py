"""Brown et al. (2023) 922 m coaxial well, 50 kW for 20 years, with exactly the
stated inputs (params/validation/brown2023_922m.prm). Metric: fluid
temperatures along depth after 20 years vs the OpenGeoSys curves
(../shared/validation/deep_coaxial_brown2023_922m). Tolerance: 1.5 K
everywhere (issue #2); the validation README expects ~1.1 K below the
published curves with the stated grout conductivity. Also reported (not
asserted): the sensitivity to the grout conductivity (1.05 -> 3 W/(m K))."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, run, write_prm

args = parse_args()
ref_dir = os.path.join(args.shared, "validation/deep_coaxial_brown2023_922m")
prm = os.path.join(args.source, "params/validation/brown2023_922m.prm")
check = Checks()


def compare(out, label):
    d = np.genfromtxt(os.path.join(out, "well_profiles/profile-00001.csv"), delimiter=",", skip_header=2)
    diffs = {}
    for name, col in (("single_brown_inlet.csv", 1), ("single_brown_outlet.csv", 2)):
        r = np.loadtxt(os.path.join(ref_dir, name), delimiter=",")
        diffs[name] = np.interp(r[:, 1], d[:, 0], d[:, col]) - r[:, 0]
        print(f"{label}: {name}: geoheat - OGS along depth: mean {diffs[name].mean():+.3f} K, "
              f"min {diffs[name].min():+.3f} K, max {diffs[name].max():+.3f} K")
    print(f"{label}: outlet at the top {d[0, 2]:.3f} C, inlet {d[0, 1]:.3f} C")
    return diffs, d


out = os.path.join(args.work, "stated_inputs")
run(args, prm, out, np=2)
diffs, d = compare(out, "stated inputs")
for name, v in diffs.items():
    check(np.abs(v).max() <= 1.5, f"{name}: max |geoheat - OGS| = {np.abs(v).max():.3f} K <= 1.5 K")
check(abs(d[0, 2] - 4.6) <= 1.5, f"outlet after 20 years {d[0, 2]:.2f} C within 1.5 K of ~4.6 C (OGS)")

grout = write_prm(os.path.join(args.work, "grout3.prm"), prm, {"Grout conductivities": "3.0"})
out3 = os.path.join(args.work, "grout_3")
run(args, grout, out3, np=2)
diffs3, d3 = compare(out3, "grout lambda 3.0 (sensitivity only)")
print(f"sensitivity: outlet changes by {d3[0, 2] - d[0, 2]:+.3f} K when grout lambda goes 1.05 -> 3.0 W/(m K)")
check(d3[0, 2] > d[0, 2], "a more conductive grout raises the outlet temperature")
check.finish()

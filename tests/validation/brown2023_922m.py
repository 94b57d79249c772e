"""Brown et al. (2023) 922 m coaxial well (CXA), 50 kW for 20 years, with exactly
the stated inputs (params/validation/brown2023_922m.prm; nothing tuned).
Reference: ../shared/validation/deep_coaxial_brown2023_922m (validation README
section 4), curves digitised from the paper's figure 4 (+-0.2-0.5 K): the
OpenGeoSys (OGS) and Beier analytical fluid profiles, and the OGS rock
temperature along r at 300, 600 and 920 m, all after 20 years.

Validation (external references):
1. Fluid along depth vs OGS, down-flowing (annulus, "inlet" file) and
   up-flowing (centre pipe, "outlet" file), and the up-flowing fluid at the
   shallowest reference point (the outlet): geoheat sits a nearly uniform
   0.72-0.75 K below (mean), as the validation README predicts for an
   independent model with the stated grout conductivity (~1.1 K there). Metric: mean of
   geoheat - reference along depth; spread (max - min) of that difference.
   Tolerance: mean within +-0.3 K of the documented offset below (a drift of
   the well or ground model by more than the digitising error fails); spread
   below the measured spread + 0.3 K (a shape error, e.g. a wrong depth
   distribution of the exchange; 45 kW instead of 50 already exceeds it).
2. The same against the Beier analytical curves (same bands).
3. Rock temperature vs OGS for 10 <= r <= 100 m (geoheat's far field is at
   100 m; beyond it the reference is the undisturbed geotherm to 0.03 K,
   printed). Metric per depth: mean and max |geoheat - OGS| over the digitised
   points. Tolerance: mean within +-0.3 K of the documented value, max below the
   measured max + 0.3 K. This pins the geotherm (a gradient 10 % off moves
   the means by 1-3 K), the heat drawn from the rock and its spread over 20
   years (45 kW or 15 years exceed the max band). With the heat rate
   prescribed it hardly sees the rock conductivity (+-14 % moves the means
   <= 0.1 K; only the max at 300 m trips): that is check 1's job (-2.8/+2.2 K).
   Not caught by any check: rock rho c -15 % (fluid -0.26 K, rock -0.1 K).
   Inside 1 <= r < 10 m the digitised OGS curves are straight lines in r from
   the borehole to a kink at r ~ 10 m at all three depths, i.e. not a resolved
   field: in cooling rock r dT/dr cannot grow outward ninefold as it does there
   (most likely OGS's element next to its line BHE, or the figure). geoheat is
   1-14 K warmer there; printed, not asserted.
Sensitivity (printed; one check): grout conductivity 1.05 -> 3 W/(m K) must
raise the outlet; with 3 the offset vs OGS is +0.37/+0.36 K down/up (it does
not close to zero as it does for the validation README's model; with 2.0, a
run not in the test, it is +0.06/+0.05 K).
Consistency (of the test's reading, not validation): the last field output is
at 20 years, the (r, y) mesh is a tensor grid for r >= 1 m, far field 100 m.
Runtime ~2.5 s (two ~1 s runs on 2 ranks)."""
import os
import re
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, run, write_prm

# Documented offsets geoheat - reference [K] with the stated inputs, measured
# with this test at commit 84b2e0b (meshed wellbore construction, the default;
# 'lumped' gives 0.012 K lower, 1 rank the same as 2). The validation README
# (section 4) predicts ~ -1.1 K for an independent model with these inputs;
# geoheat gives -0.72 K (down-flowing) and -0.75 K (up-flowing).
OFFSET = {  # (reference, profile): (mean along depth, spread max - min)
    ("OGS", "down"): (-0.723, 0.247),
    ("OGS", "up"): (-0.745, 0.195),
    ("Beier", "down"): (-0.747, 0.082),
    ("Beier", "up"): (-0.761, 0.053),
}
OUTLET_OFFSET = {"OGS": -0.627, "Beier": -0.735}  # up-flowing at the shallowest point (24 m, 4 m)
# Rock temperature geoheat - OGS for 10 <= r <= 100 m, same run: (mean, max |.|).
ROCK = {300: (+0.006, 0.192), 600: (+0.057, 0.549), 920: (+0.160, 0.780)}
BAND = 0.3  # K: the digitising error of the curves
R_INNER, R_FAR = 10.0, 100.0

args = parse_args()
ref_dir = os.path.join(args.shared, "validation/deep_coaxial_brown2023_922m")
prm = os.path.join(args.source, "params/validation/brown2023_922m.prm")
check = Checks()
END_DAYS = 20 * 365


def fluid(out, label):
    """Offsets of the final fluid profiles vs both published curves."""
    d = np.genfromtxt(os.path.join(out, "well_profiles/profile-00001.csv"), delimiter=",", skip_header=2)
    res = {}
    for src, key in (("brown", "OGS"), ("beier", "Beier")):
        for name, col, prof in (("inlet", 1, "down"), ("outlet", 2, "up")):
            r = np.loadtxt(os.path.join(ref_dir, f"single_{src}_{name}.csv"), delimiter=",")
            diff = np.interp(r[:, 1], d[:, 0], d[:, col]) - r[:, 0]
            res[key, prof] = diff
            print(f"{label}: {prof}-flowing vs {key} ({len(r)} points, {r[:, 1].min():.0f}-{r[:, 1].max():.0f} m): "
                  f"mean {diff.mean():+.3f} K, min {diff.min():+.3f}, max {diff.max():+.3f}, spread {np.ptp(diff):.3f} K")
            if prof == "up":
                top = np.argmin(r[:, 1])
                res[key, "outlet"] = diff[top]
                print(f"{label}: outlet vs {key} at {r[top, 1]:.1f} m: {r[top, 0]:.3f} C, geoheat "
                      f"{r[top, 0] + diff[top]:.3f} C ({diff[top]:+.3f} K)")
    print(f"{label}: at the top: outlet {d[0, 2]:.3f} C, inlet {d[0, 1]:.3f} C")
    return res, d


def final_field(out):
    """Nodes and temperature of the last field output (read via solution.xdmf)."""
    xdmf = open(os.path.join(out, "solution.xdmf")).read()
    t_last = float(re.findall(r'<Time Value="([^"]+)"', xdmf)[-1])
    h5 = re.findall(r"(solution/solution-\d+\.h5):/temperature\b", xdmf)[-1]
    with h5py.File(os.path.join(out, h5), "r") as f:
        nodes = np.array(f["nodes"])
        T = np.array(f["temperature"]).ravel()
    return t_last, nodes, T


def probe_factory(nodes, T):
    """Bilinear interpolation on the tensor-product (r, y) mesh: x = r, y = -depth."""
    xs = np.unique(np.round(nodes[:, 0], 9))
    ys = np.unique(np.round(nodes[:, 1], 9))
    grid = np.full((len(ys), len(xs)), np.nan)
    grid[np.searchsorted(ys, np.round(nodes[:, 1], 9)), np.searchsorted(xs, np.round(nodes[:, 0], 9))] = T
    check(not np.isnan(grid[:, xs >= 1]).any(), "ground mesh is a tensor grid in (r, y) for r >= 1 m")

    def probe(r, depth):
        j = int(np.clip(np.searchsorted(ys, -depth) - 1, 0, len(ys) - 2))
        w = (-depth - ys[j]) / (ys[j + 1] - ys[j])
        row = (1 - w) * grid[j] + w * grid[j + 1]
        ok = ~np.isnan(row)
        return np.interp(r, xs[ok], row[ok])

    return probe, xs.max()


# --- stated inputs ---------------------------------------------------------
out = os.path.join(args.work, "stated_inputs")
run(args, prm, out, np=2)
res, d = fluid(out, "stated inputs")
for (key, prof), (mean, spread) in OFFSET.items():
    v = res[key, prof]
    check(abs(v.mean() - mean) <= BAND,
          f"{prof}-flowing vs {key}: mean offset {v.mean():+.3f} K within {BAND} K of {mean:+.3f} K")
    check(np.ptp(v) <= spread + BAND,
          f"{prof}-flowing vs {key}: spread {np.ptp(v):.3f} K <= {spread:.3f} + {BAND} K")
for key, off in OUTLET_OFFSET.items():
    check(abs(res[key, "outlet"] - off) <= BAND,
          f"outlet vs {key}: {res[key, 'outlet']:+.3f} K within {BAND} K of {off:+.3f} K")

# Rock temperature profiles after 20 years
t_last, nodes, T = final_field(out)
check(abs(t_last - END_DAYS) < 1e-6, f"last field output at {t_last:g} d = the end of the run ({END_DAYS} d)")
probe, r_far = probe_factory(nodes, T)
check(abs(r_far - R_FAR) < 1e-9, f"far field at r = {r_far:g} m")
lam = 2.55  # rock conductivity of the prm, for the printed heat flows
for depth, (mean, worst) in ROCK.items():
    a = np.loadtxt(os.path.join(ref_dir, f"single_{depth}m.csv"), delimiter=",")
    r, t = np.abs(a[:, 0]), a[:, 1]  # negative x: the mirrored side
    T0 = 9 + 0.0334 * depth
    far = r > R_FAR
    print(f"{depth} m: reference beyond {R_FAR:g} m minus the undisturbed {T0:.2f} C: "
          f"mean {np.mean(t[far] - T0):+.3f} K ({far.sum()} points; digitising check)")
    inner = (r >= 1) & (r < R_INNER)
    di = probe(r[inner], depth) - t[inner]
    slope = np.polyfit(r[inner], t[inner], 1)[0]
    gi = probe(np.array([1.0, 9.0]), depth)
    print(f"{depth} m, 1 <= r < {R_INNER:g} m ({inner.sum()} points, not asserted): geoheat - OGS mean {di.mean():+.2f} K, "
          f"max {di.max():+.2f} K; OGS is linear in r there ({slope:.2f} K/m: 2 pi lambda r dT/dr = "
          f"{2 * np.pi * lam * slope:.0f} W/m at 1 m, {2 * np.pi * lam * 9 * slope:.0f} W/m at 9 m); "
          f"geoheat {gi[0]:.2f} C at 1 m, {gi[1]:.2f} C at 9 m")
    m = (r >= R_INNER) & (r <= R_FAR)
    dr = probe(r[m], depth) - t[m]
    print(f"{depth} m, {R_INNER:g} <= r <= {R_FAR:g} m ({m.sum()} points): geoheat - OGS mean {dr.mean():+.3f} K, "
          f"max |.| {np.abs(dr).max():.3f} K, rms {np.sqrt(np.mean(dr ** 2)):.3f} K")
    check(abs(dr.mean() - mean) <= BAND,
          f"rock at {depth} m: mean {dr.mean():+.3f} K within {BAND} K of {mean:+.3f} K")
    check(np.abs(dr).max() <= worst + BAND,
          f"rock at {depth} m: max |geoheat - OGS| {np.abs(dr).max():.3f} K <= {worst:.3f} + {BAND} K")

# --- sensitivity: grout conductivity ----------------------------------------
grout = write_prm(os.path.join(args.work, "grout3.prm"), prm, {"Grout conductivities": "3.0"})
out3 = os.path.join(args.work, "grout_3")
run(args, grout, out3, np=2)
res3, d3 = fluid(out3, "grout lambda 3.0 (sensitivity only)")
print(f"sensitivity: outlet changes by {d3[0, 2] - d[0, 2]:+.3f} K when grout lambda goes 1.05 -> 3.0 W/(m K)")
check(d3[0, 2] > d[0, 2], "a more conductive grout raises the outlet temperature")
check.finish()

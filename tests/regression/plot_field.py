"""postprocess/plot_field.py on a small 3D field (6 single-U boreholes, 2 ranks,
VTK and HDF5 on): it writes two non-trivial PNGs; its slice of the ground
temperature change agrees with the 3D field read independently (h5py nodes,
interpolated linearly between the two node planes around the depth) at the
default mid-depth and at a depth below the boreholes where a 1 m error would
show; the borehole positions it derives lie on mesh lines at the coldest
nodes; without solution.pvd it reads the HDF5 files to the same numbers; a run
without volume output (Write VTK = Write HDF5 = false), and one without
wells.csv, get a one-line error naming the file and a non-zero exit."""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np
from matplotlib.image import imread

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
from geoheat_test import Checks, parse_args, run, write_prm

args = parse_args()
script = os.path.join(args.source, "postprocess", "plot_field.py")
sys.path.insert(0, os.path.dirname(script))
import plot_field  # noqa: E402  (the script's own layout reader, checked against the mesh)

base = os.path.join(args.source, "tests/field/small_field.prm")
check = Checks()
TOL = 1e-3  # K: VTU values and points are float32; the field spans ~10 K


def plot(run_dir, *extra):
    cmd = [sys.executable, script, run_dir, "--out", os.path.join(args.work, "png"), *extra]
    return subprocess.run(cmd, capture_output=True, text=True)


def slices(stdout):
    """(time_days, depth, min, max) of each 't = ... y (D d), depth Z m: ... A .. B K' line."""
    pat = r"t = \S+ y \((\S+) d\), depth (\S+) m: temperature change (\S+) \.\. (\S+) K"
    return [tuple(map(float, m)) for m in re.findall(pat, stdout)]


def h5_of(run_dir, t_days):
    """The HDF5 file of the output at t_days (via solution.pvd)."""
    for d in ET.parse(os.path.join(run_dir, "solution.pvd")).getroot().iter("DataSet"):
        if abs(float(d.get("timestep")) - t_days) < 1e-6 * max(1, t_days):
            return os.path.join(run_dir, d.get("file").replace(".pvtu", ".h5"))
    return None


def nodes_at(h5):
    with h5py.File(h5, "r") as f:
        return np.array(f["nodes"]), np.array(f["temperature_change"]).ravel()


def reference_range(h5, depth):
    """Min/max over the nodes of the two node planes around z = -depth of the
    change interpolated linearly in z (exact for Q1 along vertical edges)."""
    xyz, v = nodes_at(h5)
    zs = np.unique(np.round(xyz[:, 2], 9))
    above, below = zs[zs >= -depth].min(), zs[zs <= -depth].max()
    w = 0.0 if above == below else (above + depth) / (above - below)
    plane = lambda z: {(round(p[0], 6), round(p[1], 6)): val
                       for p, val in zip(xyz, v) if abs(p[2] - z) < 1e-9}
    a, b = plane(above), plane(below)
    vals = np.array([(1 - w) * a[k] + w * b[k] for k in a.keys() & b.keys()])
    return vals.min(), vals.max(), len(vals)


# --- the field run: 55 days (40 of extraction), outputs at 0, 20, 40, 54.75 d, 2 ranks
prm = write_prm(os.path.join(args.work, "tiny.prm"), base,
                {"End time": "0.15", "Output interval": "20", None: [
                    "subsection Output", "  set Write VTK = true", "  set Write HDF5 = true", "end"]})
out = os.path.join(args.work, "run")
run(args, prm, out, np=2)
pieces = ET.parse(os.path.join(out, "solution", "solution-00003.pvtu")).getroot().iter("Piece")
check(len(list(pieces)) == 2, "the 2-rank run wrote .pvtu records with 2 pieces")

# --- default plot: mid-depth 2 + 40/2 = 22 m, the 3 outputs after t = 0
r = plot(out)
png = os.path.join(args.work, "png")
got = default = slices(r.stdout)
check(r.returncode == 0 and len(got) == 3, f"plot_field.py exit {r.returncode}, {len(got)} slices (3 expected)"
      + ("" if r.returncode == 0 else ": " + r.stderr.strip()))
for name in ("field_plan.png", "field_outlets.png"):
    path = os.path.join(png, name)
    ok = os.path.isfile(path) and os.path.getsize(path) > 20000 and path in r.stdout
    if ok:
        img = imread(path)[..., :3]
        colours = len(np.unique((img.reshape(-1, 3) * 255).astype(int), axis=0))
        ok = colours > 50 and img.std() > 0.05
    check(ok, f"{name} written, printed, non-trivial"
          + (f" ({os.path.getsize(path) // 1000} kB, {colours} colours)" if ok else ""))
check(all(abs(s[1] - 22) < 1e-9 for s in got), "default depth = mid-depth of the boreholes, 22 m")
check([round(s[0], 2) for s in got] == [20, 40, 54.75], f"default times {[s[0] for s in got]} d")
for t, depth, lo, hi in got:
    ref_lo, ref_hi, n = reference_range(h5_of(out, t), depth)
    check(abs(lo - ref_lo) < TOL and abs(hi - ref_hi) < TOL and lo < -1,
          f"t = {t:g} d, {depth:g} m: slice {lo:.4f} .. {hi:.4f} K, 3D nodes {ref_lo:.4f} .. {ref_hi:.4f} K "
          f"({n} node columns)")

# --- a chosen time and a depth below the boreholes (bottom at 42 m) between node planes
r = plot(out, "--times", "0.1", "--depth", "43")
got = slices(r.stdout)
check(r.returncode == 0 and len(got) == 1 and abs(got[0][0] - 40) < 1e-6,
      f"--times 0.1 picks the nearest output, 40 d ({got[0][0] if got else '-'} d)")
if got:
    t, depth, lo, hi = got[0]
    h5 = h5_of(out, t)
    ref_lo, ref_hi, _ = reference_range(h5, depth)
    off = abs(reference_range(h5, depth + 1)[0] - ref_lo)
    check(abs(lo - ref_lo) < TOL and abs(hi - ref_hi) < TOL,
          f"43 m: slice {lo:.4f} .. {hi:.4f} K, 3D nodes {ref_lo:.4f} .. {ref_hi:.4f} K")
    check(off > 20 * TOL, f"the check has teeth: 1 m deeper moves the minimum by {off:.3f} K")

# --- the borehole positions the script derives sit on mesh lines, at the coldest nodes
wells = plot_field.boreholes(out, plot_field.read_prm(os.path.join(out, "parameters_used.prm")),
                             {}, None)
xyz, v = nodes_at(h5_of(out, 40))
mid = np.abs(xyz[:, 2] - np.unique(xyz[:, 2])[np.abs(np.unique(xyz[:, 2]) + 22).argmin()]) < 1e-9
local_min = 0
for x, y, _, _ in wells:
    at = mid & (np.hypot(xyz[:, 0] - x, xyz[:, 1] - y) < 1e-9)
    near = mid & (np.hypot(xyz[:, 0] - x, xyz[:, 1] - y) < 2.5)
    local_min += at.sum() == 1 and v[at][0] == v[near].min()
check(len(wells) == 6 and local_min == 6,
      f"{len(wells)} borehole positions; {local_min} are mesh nodes colder than their neighbours")

# --- without solution.pvd the HDF5 files give the same slices
h5only = os.path.join(args.work, "run_h5only")
shutil.copytree(out, h5only)
os.remove(os.path.join(h5only, "solution.pvd"))
r5 = plot(h5only)
got = slices(r5.stdout)
check(r5.returncode == 0 and len(got) == 3 and
      all(abs(a[2] - b[2]) < TOL and abs(a[3] - b[3]) < TOL for a, b in zip(got, default)),
      "HDF5 (solution.xdmf) read without solution.pvd: same slices as VTK")


def expect_error(name, run_dir, expected):
    for f in ("field_plan.png", "field_outlets.png"):
        if os.path.exists(os.path.join(png, f)):
            os.remove(os.path.join(png, f))
    r = plot(run_dir)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    ok = (r.returncode != 0 and len(lines) == 1 and lines[0].startswith("plot_field.py: error: ")
          and all(e in lines[0] for e in expected) and "Traceback" not in r.stderr
          and not os.path.exists(os.path.join(png, "field_plan.png")))
    check(ok, f"{name}: exit {r.returncode}, message: {lines[0] if lines else '(none)'}")


# --- no volume output (18 days, the pump on from day 14: otherwise a valid field run)
novol = os.path.join(args.work, "run_novolume")
prm = write_prm(os.path.join(args.work, "novolume.prm"), base, {"End time": "0.05", None: [
    "subsection Output", "  set Write VTK = false", "  set Write HDF5 = false", "end"]})
run(args, prm, novol)
expect_error("no volume output", novol, [novol, "solution.pvd", "solution.xdmf"])
os.remove(os.path.join(h5only, "wells.csv"))
expect_error("no wells.csv", h5only, [os.path.join(h5only, "wells.csv"), "missing"])
check.finish()

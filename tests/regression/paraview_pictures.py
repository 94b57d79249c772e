"""ParaView pictures (issue #10): postprocess/paraview/render.sh with Debian's
real pvbatch under its own Xvfb, on small runs.

- tests/regression/small_well.prm (1 year, 5 output times): render.sh exits
  0; revolved_3d.png (1000 x 800) and cold_zone.png (800 x 1000) exist and
  are not blank: pixel standard deviation and number of distinct colours
  above a floor, and the data area (left of the colour bar) holds clearly
  cold-coloured pixels of the Cool-to-Warm map, which a black, white, grey
  or single-colour rendering (wrong or missing colour array, failed GL
  context) does not have; the colour bar holds both ends of the map.
- frames/cold_zone_NNNN.png: one per output time of solution.pvd, 640 x 800;
  the t = 0 frame (no temperature change yet) has no cold pixels in the data
  area, the coldest one has; cold_zone.avi is non-empty.
- geoheat_view.pvsm parses as XML, references the run's solution.pvd by its
  absolute path; loaded again in a fresh session (--check-state) its views
  render the same pictures as the stills.
- tests/field/small_field.prm (3D, 6 boreholes, 2 ranks): field_3d.png,
  field_horizontal.png and field_vertical.png, not blank, with cold pixels;
  the state references boreholes.pvd; one frame per output time.
- A directory that is not a run directory: exit 1, one line on stderr.
"""
import glob
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import numpy as np
import matplotlib.image as mpimg

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, run  # noqa: E402

args = parse_args()
check = Checks()
RENDER = os.path.join(args.source, "postprocess/paraview/render.sh")
BAR_X = 0.84  # the colour bar starts at 0.86 of the width (render_run.py)


def render(run_dir, *extra):
    t0 = time.time()
    r = subprocess.run(["bash", RENDER, run_dir, *extra], capture_output=True, text=True)
    print(f"render.sh {os.path.basename(run_dir)}: exit {r.returncode}, {time.time() - t0:.1f} s")
    if r.returncode != 0:
        print(r.stdout, r.stderr)
    return r


def image(path):
    a = mpimg.imread(path)
    return a[..., :3] if a.ndim == 3 else np.stack([a] * 3, axis=-1)


def cold_mask(a):
    """Pixels of the cold half of Cool to Warm: clearly bluer than red."""
    return (a[..., 2] - a[..., 0]) > 0.2


def warm_mask(a):
    return (a[..., 0] - a[..., 2]) > 0.2


def check_picture(path, size, cold=True):
    """Exists, has size (w, h), is not blank, and (cold) shows cold colours
    in the data area and both colour bar ends."""
    name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
    if not os.path.isfile(path):
        check(False, f"{name} exists")
        return None
    a = image(path)
    h, w = a.shape[:2]
    check((w, h) == tuple(size), f"{name}: {w} x {h} pixels (expected {size[0]} x {size[1]})")
    std = float(a.std())
    ncol = len(np.unique((a * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    check(std > 0.05 and ncol > 200, f"{name}: not blank (pixel std {std:.3f} > 0.05, "
                                     f"{ncol} distinct colours > 200)")
    data = a[:, : int(BAR_X * w)]
    bar = a[:, int(BAR_X * w):]
    if cold:
        frac = float(cold_mask(data).mean())
        check(frac > 0.002, f"{name}: cold-coloured pixels in the data area "
                            f"({100 * frac:.2f} % > 0.2 %)")
    check(cold_mask(bar).sum() > 50 and warm_mask(bar).sum() > 50,
          f"{name}: colour bar with its cold and warm ends")
    return a


def pvd_files(path):
    root = ET.parse(path).getroot()
    return [d.get("file") for d in root.iter("DataSet")]


def check_state(out, run_dir, stills, must_reference):
    pvsm = os.path.join(out, "geoheat_view.pvsm")
    try:
        root = ET.parse(pvsm).getroot()
        ok = root.find("ServerManagerState") is not None
    except (ET.ParseError, OSError) as e:
        print(e)
        check(False, "geoheat_view.pvsm parses as XML")
        return
    check(ok, "geoheat_view.pvsm parses as XML with a <ServerManagerState>")
    values = {e.get("value") for e in root.iter("Element") if e.get("value")}
    for f in must_reference:
        p = os.path.join(run_dir, f)
        check(p in values, f"state references {p}")
    checks = sorted(glob.glob(os.path.join(out, "state_check_*.png")))
    check(len(checks) == len(stills), f"state reopened: {len(checks)} views rendered "
                                      f"(expected {len(stills)})")
    for c in checks:
        a = image(c)
        best = min((float(np.abs(a - s).mean()) if s is not None and s.shape == a.shape
                    else 1.0) for s in stills)
        check(best < 0.01, f"{os.path.basename(c)} (from the state file) matches a still "
                           f"(mean |difference| {best:.4f} < 0.01)")


# ------------------------------------------------------ axisymmetric run
t_start = time.time()
well = os.path.join(args.work, "small_well")
run(args, os.path.join(args.source, "tests/regression/small_well.prm"), out=well)
r = render(well, "--check-state")
check(r.returncode == 0, "render.sh on the small well run exits 0")
out = os.path.join(well, "paraview")
rev = check_picture(os.path.join(out, "revolved_3d.png"), (1000, 800))
cz = check_picture(os.path.join(out, "cold_zone.png"), (800, 1000))

n_out = len(pvd_files(os.path.join(well, "solution.pvd")))
frames = sorted(glob.glob(os.path.join(out, "frames", "cold_zone_*.png")))
check(len(frames) == n_out and n_out >= 3,
      f"{len(frames)} animation frames for {n_out} output times")
if frames:
    sizes = {image(f).shape[:2] for f in frames}
    check(sizes == {(800, 640)}, f"frames are 640 x 800 pixels ({sizes})")
    cold = [float(cold_mask(a[:, : int(BAR_X * a.shape[1])]).mean())
            for a in map(image, frames)]
    check(cold[0] < 1e-4 and max(cold) > 0.002,
          f"frames follow time: no cold pixels at t = 0 ({100 * cold[0]:.3f} %), "
          f"up to {100 * max(cold):.2f} % later")
    check(all(float(image(f).std()) > 0.05 for f in frames), "no blank frame")
avi = os.path.join(out, "cold_zone.avi")
check(os.path.isfile(avi) and os.path.getsize(avi) > 10000, "cold_zone.avi written")
check_state(out, well, [rev, cz], ["solution.pvd"])

# ------------------------------------------------------------- field run
field = os.path.join(args.work, "small_field")
run(args, os.path.join(args.source, "tests/field/small_field.prm"), out=field, np=2)
r = render(field, "--check-state", "--no-video")
check(r.returncode == 0, "render.sh on the small field run exits 0")
fout = os.path.join(field, "paraview")
f3 = check_picture(os.path.join(fout, "field_3d.png"), (1000, 800))
fh = check_picture(os.path.join(fout, "field_horizontal.png"), (900, 800))
fv = check_picture(os.path.join(fout, "field_vertical.png"), (1000, 700))
n_out = len(pvd_files(os.path.join(field, "solution.pvd")))
frames = glob.glob(os.path.join(fout, "frames", "field_horizontal_*.png"))
check(len(frames) == n_out, f"{len(frames)} field frames for {n_out} output times")
check_state(fout, field, [f3, fh, fv], ["solution.pvd", "boreholes.pvd"])

# ------------------------------------------------------------ bad input
r = subprocess.run(["bash", RENDER, args.work], capture_output=True, text=True)
lines = r.stderr.strip().splitlines()
check(r.returncode == 1 and len(lines) == 1 and "not a geoheat run directory" in r.stderr,
      f"not a run directory: exit {r.returncode}, stderr {lines}")
r = subprocess.run(["bash", RENDER, os.path.join(args.work, "missing")],
                   capture_output=True, text=True)
check(r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1,
      f"missing directory: exit {r.returncode}, one stderr line")

print(f"total {time.time() - t_start:.1f} s")
check.finish()

"""Standard ParaView pictures of one geoheat run directory (issue #10).

Run it through postprocess/paraview/render.sh, which provides the offscreen
X server this needs (see there); directly: `pvbatch render_run.py RUN_DIR`
with a working DISPLAY.

    render_run.py RUN_DIR [--out DIR] [--time coldest|last|DAYS]
                  [--array temperature_change] [--no-frames] [--no-video]

Reads RUN_DIR/solution.pvd (and boreholes.pvd when present) and writes into
--out (default RUN_DIR/paraview):

Axisymmetric (r, z) well runs
  revolved_3d.png   the (r, z) model revolved 270 degrees about the well axis
                    (Rotational Extrusion), the missing quarter shows the
                    section; vertical scale compressed (stated in the picture)
  cold_zone.png     depth-radius section near the well, radius stretched to
                    fit the cold zone, labelled axes in metres, colour bar in K
  frames/cold_zone_NNNN.png  the section at every output time (same colour
                    range for all), cold_zone.avi when ParaView's FFMPEG
                    writer is available (it is in Debian's paraview 5.11)
  geoheat_view.pvsm ParaView state with both views side by side, reading the
                    run's solution.pvd by absolute path: `paraview --state=...`
3D borehole-field runs (Model = borehole field)
  field_3d.png          3D view: horizontal slice at mid borehole depth,
                        vertical slice through a row of boreholes, the
                        borehole lines (boreholes.pvd) as tubes
  field_horizontal.png  the mid-depth slice from above, axes in metres
  field_vertical.png    the vertical slice, axes in metres
  frames/field_horizontal_NNNN.png, field_horizontal.avi, geoheat_view.pvsm

Still pictures show the output time given by --time: "coldest" (default) is
the output time with the lowest value of the array, "last" the last output,
a number the output time nearest to it in days. Colours: diverging "Cool to
Warm", symmetric about 0 K and fixed over all output times, so a frame's
colours compare with every other frame's. For wells the range is the largest
|change| at r >= 1 m (the rock at the wall changes several times more and
would leave the cold zone pale); values beyond it saturate in navy / dark
red and the picture says so. --range K or --range LO,HI overrides.

Coordinates as written by geoheat: axisymmetric runs have x = radius r (m)
and y = z (m, 0 at the surface, negative below); field runs x, y, z (m),
z negative below the surface. Output times in the .pvd are days.
"""
import argparse
import math
import os
import sys

PROG = "render_run"


def fail(msg):
    print(f"{PROG}: error: {msg}", file=sys.stderr)
    sys.exit(1)


def parse_args():
    p = argparse.ArgumentParser(prog=PROG, description="ParaView pictures of a geoheat run")
    p.add_argument("run_dir")
    p.add_argument("--out", help="output directory (default RUN_DIR/paraview)")
    p.add_argument("--time", default="coldest", help="coldest | last | DAYS (default coldest)")
    p.add_argument("--array", default="temperature_change",
                   help="point array to colour by (default temperature_change)")
    p.add_argument("--range", help="colour range: K for -K..K, or LO,HI "
                   "(default: symmetric, from the largest change at r >= 1 m "
                   "for axisymmetric runs, the largest change for fields)")
    p.add_argument("--no-frames", action="store_true", help="no animation frames")
    p.add_argument("--no-video", action="store_true", help="frames but no .avi")
    p.add_argument("--check-state", action="store_true",
                   help="then load the saved .pvsm in a fresh session and save "
                        "state_check_N.png of each of its views (used by the test)")
    a = p.parse_args()
    pvd = os.path.join(a.run_dir, "solution.pvd")
    if not os.path.isdir(a.run_dir):
        fail(f"{a.run_dir}: no such directory")
    if not os.path.isfile(pvd):
        fail(f"{a.run_dir}: not a geoheat run directory (no solution.pvd)")
    a.run_dir = os.path.abspath(a.run_dir)
    a.out = os.path.abspath(a.out or os.path.join(a.run_dir, "paraview"))
    return a


ARGS = parse_args()  # before the slow paraview import, so bad input fails fast

from paraview import servermanager as sm  # noqa: E402
from paraview.simple import (  # noqa: E402
    AnnotateTimeFilter, AssignViewToLayout, GetAnimationScene, Clip, ColorBy, CreateLayout,
    CreateRenderView, ExtractSurface, GetColorTransferFunction,
    GetOpacityTransferFunction, GetScalarBar, GetTimeKeeper, Line, PVDReader,
    PolyPointSource,
    Outline, RotationalExtrusion, SaveScreenshot, SaveState, Show, Slice, Text,
    Transform, Tube)
from vtkmodules.numpy_interface import dataset_adapter as dsa  # noqa: E402
import numpy as np  # noqa: E402

BLACK = [0.0, 0.0, 0.0]
LUT_RANGE = [0.0, 1.0]  # the colour range, fixed over all output times
WELL_GREY = [0.25, 0.25, 0.25]


# ---------------------------------------------------------------- helpers
def prm_value(run_dir, subsection, key):
    """Value of `set KEY = ...` inside `subsection SUBSECTION` of the run's
    parameters_used.prm (top level when subsection is None), or None."""
    path = os.path.join(run_dir, "parameters_used.prm")
    if not os.path.isfile(path):
        return None
    stack = []
    for line in open(path):
        s = line.split("#")[0].strip()
        if s.startswith("subsection "):
            stack.append(s[len("subsection "):].strip())
        elif s == "end":
            if stack:
                stack.pop()
        elif s.startswith("set "):
            k, _, v = s[4:].partition("=")
            here = stack[-1] if stack else None
            if k.strip() == key and here == subsection and len(stack) <= 1:
                return v.strip()
    return None


def nice_ceil(x):
    """Smallest of 1, 2, 2.5, 5 x 10^k that is >= x."""
    if x <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * e >= x * (1 - 1e-9):
            return m * e
    return 10 * e


def fetch_points(proxy, array, t):
    """Points (n x 3) and point array values of proxy's output at time t."""
    proxy.UpdatePipeline(t)
    d = dsa.WrapDataObject(sm.Fetch(proxy))
    return np.asarray(d.Points), np.asarray(d.PointData[array])


def times_of(reader):
    t = reader.TimestepValues
    if t is None:
        return [0.0]
    if isinstance(t, (int, float)):
        return [float(t)]
    return [float(x) for x in t] or [0.0]


def white_view(size, two_d):
    v = CreateRenderView()
    v.ViewSize = list(size)
    v.OrientationAxesVisibility = 0
    if hasattr(v, "UseColorPaletteForBackground"):
        v.UseColorPaletteForBackground = 0
    v.Background = [1.0, 1.0, 1.0]
    if two_d:
        v.InteractionMode = "2D"
        v.CameraParallelProjection = 1
    return v


def add_text(view, text, where="Upper Left Corner", size=16):
    src = Text(Text=text)
    d = Show(src, view)
    d.WindowLocation = where
    d.Color = BLACK
    d.FontSize = size
    d.Justification = "Left"
    return src


def add_time(view, reader, where="Upper Right Corner", size=16):
    a = AnnotateTimeFilter(Input=reader)
    a.Format = "t = {time:.2f} years"
    a.Scale = 1.0 / 365.0
    d = Show(a, view)
    d.WindowLocation = where
    d.Color = BLACK
    d.FontSize = size
    return a


def colour(display, view, array, lut, bar_title, flat=True):
    ColorBy(display, ("POINTS", array))
    display.LookupTable = lut
    # ColorBy rescales the map to the data shown now: put the fixed range back
    lut.RescaleTransferFunction(*LUT_RANGE)
    display.Specular = 0.0
    # flat: the map's own colours, whatever way a slice faces the light;
    # shaded (the revolved solid) shows its shape
    display.Ambient, display.Diffuse = (1.0, 0.0) if flat else (0.3, 0.75)
    bar = GetScalarBar(lut, view)
    bar.Title = bar_title
    bar.ComponentTitle = ""
    bar.TitleColor = BLACK
    bar.LabelColor = BLACK
    bar.TitleFontSize = 16
    bar.LabelFontSize = 14
    bar.AutomaticLabelFormat = 0
    bar.LabelFormat = "%-#.1f"
    bar.RangeLabelFormat = "%-#.1f"
    bar.ScalarBarLength = 0.4
    bar.WindowLocation = "Any Location"
    bar.Position = [0.86, 0.08]
    bar.Visibility = 1
    display.SetScalarBarVisibility(view, True)
    return bar


def axes_grid(view, scale, xtitle, ytitle, ztitle=""):
    """The view's axes grid around everything shown; DataScale makes the
    labels show the data's own coordinates when a display is stretched."""
    g = view.AxesGrid
    g.Visibility = 1
    g.DataScale = list(scale)
    g.XTitle, g.YTitle, g.ZTitle = xtitle, ytitle, ztitle
    for ax in "XYZ":
        setattr(g, ax + "TitleColor", BLACK)
        setattr(g, ax + "LabelColor", BLACK)
        setattr(g, ax + "TitleFontSize", 15)
        setattr(g, ax + "LabelFontSize", 13)
    g.GridColor = [0.5, 0.5, 0.5]
    g.AxesToLabel = 1 | 2  # labels on the min-x and min-y edges only
    return g


def fit_2d(view, bounds, margin=(0.16, 0.08, 0.10, 0.10)):
    """Parallel camera looking down -z at the box bounds (x0,x1,y0,y1) with
    margins (left, right, bottom, top) as fractions of the view for labels."""
    x0, x1, y0, y1 = bounds
    w, h = view.ViewSize
    left, right, bottom, top = margin
    # the box has to fit into the view minus the margins
    fx = (x1 - x0) / max(1e-12, 1 - left - right)
    fy = (y1 - y0) / max(1e-12, 1 - bottom - top)
    scale = max(fy, fx * h / w) / 2.0  # parallel scale = half the view height
    cx = (x0 + x1) / 2 - (left - right) * (2 * scale * w / h) / 2
    cy = (y0 + y1) / 2 - (bottom - top) * scale
    view.CameraPosition = [cx, cy, 1e4]
    view.CameraFocalPoint = [cx, cy, 0.0]
    view.CameraViewUp = [0.0, 1.0, 0.0]
    view.CameraParallelScale = scale


def lut_for(array, times, reader, r_min=None):
    """Colour map fixed over all output times, symmetric about 0 for
    temperature_change. With r_min (axisymmetric runs) the range is the
    largest |value| at r >= r_min: the ground right at the borehole wall
    changes several times more than a metre out, and a range set by the wall
    would leave the cold zone pale; values beyond saturate in their own
    colours (navy, dark red). --range overrides. Returns the map, the
    per-time minima, the colour range and the data's own extremes."""
    lo, hi = math.inf, -math.inf  # data extremes
    clo, chi = math.inf, -math.inf  # at r >= r_min
    per_time = []
    for t in times:
        reader.UpdatePipeline(t)
        r = reader.PointData[array].GetRange()
        per_time.append(r[0])
        lo, hi = min(lo, r[0]), max(hi, r[1])
        if r_min is not None:
            pts, val = fetch_points(reader, array, t)
            far = pts[:, 0] >= r_min
            if far.any():
                clo, chi = min(clo, val[far].min()), max(chi, val[far].max())
    if not math.isfinite(clo):
        clo, chi = lo, hi
    if ARGS.range:
        v = [float(x) for x in ARGS.range.split(",")]
        clo, chi = (-abs(v[0]), abs(v[0])) if len(v) == 1 else (v[0], v[1])
    elif array == "temperature_change":
        m = max(abs(clo), abs(chi)) or 1.0
        clo, chi = -m, m
    if chi <= clo:
        chi = clo + 1.0
    lut = GetColorTransferFunction(array)
    lut.ApplyPreset("Cool to Warm", True)
    lut.AutomaticRescaleRangeMode = "Never"
    lut.UseBelowRangeColor = 1
    lut.BelowRangeColor = [0.05, 0.05, 0.35]
    lut.UseAboveRangeColor = 1
    lut.AboveRangeColor = [0.45, 0.0, 0.05]
    lut.RescaleTransferFunction(clo, chi)
    GetOpacityTransferFunction(array).RescaleTransferFunction(clo, chi)
    LUT_RANGE[:] = [clo, chi]
    return lut, per_time, (clo, chi), (lo, hi)


def range_note(crange, drange):
    """Text for the pictures when the data go beyond the colour range."""
    tol = 0.02 * (crange[1] - crange[0])
    if drange[0] < crange[0] - tol or drange[1] > crange[1] + tol:
        return (f"colours saturate outside {crange[0]:.3g} .. {crange[1]:.3g} K "
                f"(data {drange[0]:.3g} .. {drange[1]:.3g} K)")
    return ""


def pick_time(times, per_time_min):
    if ARGS.time == "coldest":
        return times[int(np.argmin(per_time_min))]
    if ARGS.time == "last":
        return times[-1]
    try:
        want = float(ARGS.time)
    except ValueError:
        fail(f"--time {ARGS.time}: expected coldest, last or a time in days")
    return min(times, key=lambda t: abs(t - want))


def write_frames(view, times, name, size):
    """One PNG per output time; returns the list of files."""
    fdir = os.path.join(ARGS.out, "frames")
    os.makedirs(fdir, exist_ok=True)
    for old in os.listdir(fdir):
        if old.startswith(name + "_") and old.endswith(".png"):
            os.remove(os.path.join(fdir, old))
    files = []
    for i, t in enumerate(times):
        # only this view's time: moving the animation scene or time keeper
        # would update every view's pipeline (the revolved one is the costly)
        view.ViewTime = t
        f = os.path.join(fdir, f"{name}_{i:04d}.png")
        SaveScreenshot(f, view, ImageResolution=list(size))
        files.append(f)
    return files


def write_video(files, path, fps=4):
    """AVI (MJPEG) of the frames with VTK's FFMPEG writer, if it is there."""
    try:
        from vtkmodules.vtkIOFFMPEG import vtkFFMPEGWriter
        from vtkmodules.vtkIOImage import vtkPNGReader
    except ImportError:
        return None
    w = vtkFFMPEGWriter()
    w.SetFileName(path)
    w.SetRate(fps)
    w.SetQuality(2)
    rd = vtkPNGReader()
    for i, f in enumerate(files):
        rd.SetFileName(f)
        rd.Update()
        if i == 0:
            w.SetInputConnection(rd.GetOutputPort())
            w.Start()
        w.Write()
    w.End()
    return path if os.path.isfile(path) else None


def show_at(views, t):
    """All views at time t; through the animation scene, so that the state
    file opens at the same time."""
    scene = GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    scene.AnimationTime = t
    tk = GetTimeKeeper()
    tk.Time = t
    for v in views:
        v.ViewTime = t


# ---------------------------------------------------- axisymmetric runs
def save_views(named_views, t_show, times, animated, stem, frame_size):
    """Stills of every (view, file name) at t_show, then (unless switched
    off) PNG frames of one view over all output times and a video of them;
    returns the views and the list of what was written."""
    views = [v for v, _ in named_views]
    show_at(views, t_show)
    os.makedirs(ARGS.out, exist_ok=True)
    written = []
    for v, f in named_views:
        SaveScreenshot(os.path.join(ARGS.out, f), v, ImageResolution=list(v.ViewSize))
        written.append(f)
    if not ARGS.no_frames:
        files = write_frames(animated, times, stem, frame_size)
        written.append(f"frames/{stem}_*.png ({len(files)})")
        if not ARGS.no_video:
            if write_video(files, os.path.join(ARGS.out, f"{stem}.avi")):
                written.append(f"{stem}.avi")
        show_at(views, t_show)
    return views, written


def clip_radius(source, r):
    """The part of an (r, z) model with r <= r (m): a plane clip at x = r."""
    clip = Clip(Input=source, registrationName=f"r <= {r:g} m")
    clip.ClipType = "Plane"
    clip.ClipType.Origin = [r, 0.0, 0.0]
    clip.ClipType.Normal = [1.0, 0.0, 0.0]
    clip.Invert = 1
    clip.Crinkleclip = 0
    return clip


def render_axisymmetric(reader, times, name):
    array = ARGS.array
    lut, per_time_min, (lo, hi), drange = lut_for(array, times, reader, r_min=1.0)
    note = range_note((lo, hi), drange)
    t_show = pick_time(times, per_time_min)
    b = reader.GetDataInformation().GetBounds()
    r_far, z_bot, z_top = b[1], b[2], b[3]
    height = z_top - z_bot
    well_depth = prm_value(ARGS.run_dir, "Well", "Depth")
    well_depth = float(well_depth) if well_depth else None
    bar_title = "\u0394T (K)" if array == "temperature_change" else array

    # extent of the cold zone: where |change| >= 10 % of the largest change
    pts, val = fetch_points(reader, array, t_show)
    big = np.abs(val) >= 0.1 * max(abs(lo), abs(hi))
    r_zone = float(pts[big, 0].max()) if big.any() else r_far
    r_c = min(r_far, max(min(2.0, r_far), nice_ceil(1.25 * r_zone)))  # close-up
    r_rev = min(r_far, nice_ceil(2.0 * r_c))  # revolved picture

    # (a) revolved 3D: keep r <= r_rev, (r, z, 0) -> (r, 0, z / n), swept
    # 270 degrees about the z axis with the cut faces capped
    n = nice_ceil(height / (4 * r_rev)) if height > 4 * r_rev else 1.0
    zs = 1.0 / n
    src = clip_radius(reader, r_rev) if r_rev < r_far else reader
    tr = Transform(Input=src, registrationName="r-z plane upright")
    tr.Transform.Scale = [1.0, zs, 1.0]
    tr.Transform.Rotate = [90.0, 0.0, 0.0]
    surf = ExtractSurface(Input=tr)
    rev = RotationalExtrusion(Input=surf, registrationName="revolved 270 deg")
    rev.Resolution = 54
    rev.Angle = 270.0
    rev.Capping = 1
    v3 = white_view((1000, 800), two_d=False)
    d = Show(rev, v3)
    colour(d, v3, array, lut, bar_title, flat=False)
    if well_depth:
        well = Line(Point1=[0, 0, 0.01 * r_rev], Point2=[0, 0, -well_depth * zs],
                    registrationName="well axis")
        tube = Tube(Input=well, Radius=r_rev / 80.0, NumberofSides=16)
        dw = Show(tube, v3)
        dw.AmbientColor = dw.DiffuseColor = WELL_GREY
        dw.ColorArrayName = ['POINTS', '']
    scale_note = "" if n == 1 else f", vertical scale 1:{n:g}"
    add_text(v3, f"{name}: temperature change around the well\n"
             f"(r, z) model revolved, radius 0-{r_rev:g} m{scale_note}"
             + (f"\n{note}" if note else ""), size=15)
    add_time(v3, reader)
    c = [0.0, 0.0, (z_top + z_bot) / 2 * zs]
    direction = np.array([1.0, -1.15, 0.55])
    direction /= np.linalg.norm(direction)
    v3.CameraFocalPoint = c
    v3.CameraPosition = list(np.array(c) + 10 * max(r_rev, height * zs) * direction)
    v3.CameraViewUp = [0.0, 0.0, 1.0]
    v3.ResetCamera(False)
    v3.CameraParallelProjection = 0
    v3.GetActiveCamera().Zoom(1.05)

    # (b) depth-radius close-up of the cold zone, radius stretched
    clip = clip_radius(reader, r_c)
    v2 = white_view((800, 1000), two_d=True)
    sx = 0.5 * height / r_c  # section drawn about half as wide as high
    d2 = Show(clip, v2)
    d2.Scale = [sx, 1.0, 1.0]
    colour(d2, v2, array, lut, bar_title)
    axes_grid(v2, (sx, 1.0, 1.0), "radius r (m)", "z (m)")
    if well_depth:
        wl = Line(Point1=[0, 0, 1.0], Point2=[0, -well_depth, 1.0],
                  registrationName="well")
        dl = Show(wl, v2)
        dl.ColorArrayName = ['POINTS', '']
        dl.AmbientColor = dl.DiffuseColor = WELL_GREY
        dl.LineWidth = 5.0
    add_text(v2, f"{name}: cold zone near the well\n"
             f"radius 0-{r_c:g} m drawn {sx:.3g}x wider than depth"
             + (f"\nwell (grey) to {well_depth:g} m" if well_depth else "")
             + (f"\n{note}" if note else ""), size=15)
    add_time(v2, reader, where="Lower Left Corner", size=15)
    fit_2d(v2, (0.0, r_c * sx, z_bot, z_top), margin=(0.17, 0.2, 0.08, 0.12))
    print(f"{PROG}: stills at t = {t_show:g} d; |{array}| >= 10 % of the colour range "
          f"out to r = {r_zone:.3g} m; close-up r <= {r_c:g} m, "
          f"revolved r <= {r_rev:g} m")

    return save_views([(v3, "revolved_3d.png"), (v2, "cold_zone.png")], t_show, times,
                      v2, "cold_zone", (640, 800))


# ------------------------------------------------------------ field runs
def render_field(reader, times, name):
    array = ARGS.array
    lut, per_time_min, (lo, hi), drange = lut_for(array, times, reader)
    note = range_note((lo, hi), drange)
    t_show = pick_time(times, per_time_min)
    b = reader.GetDataInformation().GetBounds()
    bar_title = "\u0394T (K)" if array == "temperature_change" else array
    bh_pvd = os.path.join(ARGS.run_dir, "boreholes.pvd")
    bh = PVDReader(FileName=bh_pvd, registrationName="boreholes.pvd") \
        if os.path.isfile(bh_pvd) else None
    if bh is not None:
        bh.UpdatePipeline(times[0])
        bb = bh.GetDataInformation().GetBounds()
        bpts = np.asarray(dsa.WrapDataObject(sm.Fetch(bh)).Points)
        z_mid = (bb[4] + bb[5]) / 2
        ys = np.unique(np.round(bpts[:, 1], 6))
        y_cut = ys[np.argmin(np.abs(ys - (bb[2] + bb[3]) / 2))]
        box = (bb[0], bb[1], bb[2], bb[3])
    else:
        z_mid = (b[4] + b[5]) / 2
        y_cut = (b[2] + b[3]) / 2
        box = (b[0], b[1], b[2], b[3])
    # horizontal and vertical slices
    hs = Slice(Input=reader, registrationName=f"horizontal z = {z_mid:g} m")
    hs.SliceType = "Plane"
    hs.SliceType.Origin = [0.0, 0.0, z_mid]
    hs.SliceType.Normal = [0.0, 0.0, 1.0]
    vs = Slice(Input=reader, registrationName=f"vertical y = {y_cut:g} m")
    vs.SliceType = "Plane"
    vs.SliceType.Origin = [0.0, y_cut, 0.0]
    vs.SliceType.Normal = [0.0, 1.0, 0.0]
    tubes = None
    if bh is not None:
        tubes = Tube(Input=bh, registrationName="borehole tubes", NumberofSides=12)
        tubes.Radius = max(0.15, 0.006 * max(b[1] - b[0], b[3] - b[2]))

    def add_boreholes(view):
        if tubes is not None:
            d = Show(tubes, view)
            d.ColorArrayName = ['POINTS', '']
            d.AmbientColor = d.DiffuseColor = WELL_GREY

    # 3D view with both slices and the boreholes
    v3 = white_view((1000, 800), two_d=False)
    for s in (hs, vs):
        colour(Show(s, v3), v3, array, lut, bar_title)
        # the slices' edges and the model's outline: flat colours need them
        # to read as two planes in a box
        edges = Outline(Input=s, registrationName="slice outline")  # a rectangle
        de = Show(edges, v3)
        de.ColorArrayName = ['POINTS', '']
        de.AmbientColor = de.DiffuseColor = WELL_GREY
        de.LineWidth = 2.0
    outline = Outline(Input=reader, registrationName="model outline")
    dbox = Show(outline, v3)
    dbox.ColorArrayName = ['POINTS', '']
    dbox.AmbientColor = dbox.DiffuseColor = [0.6, 0.6, 0.6]
    add_boreholes(v3)
    add_text(v3, f"{name}: temperature change, slices at z = {z_mid:.1f} m "
             f"and y = {y_cut:g} m" + (f"\n{note}" if note else ""), size=15)
    add_time(v3, reader)
    c = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, z_mid]
    direction = np.array([0.9, -1.4, 0.9])
    direction /= np.linalg.norm(direction)
    v3.CameraFocalPoint = c
    v3.CameraPosition = list(np.array(c) + 5 * (b[5] - b[4] + b[1] - b[0]) * direction)
    v3.CameraViewUp = [0.0, 0.0, 1.0]
    v3.ResetCamera(False)

    # horizontal slice from above, zoomed to the field plus a margin
    pad = max(5.0, 0.35 * max(box[1] - box[0], box[3] - box[2]))
    xy = (max(b[0], box[0] - pad), min(b[1], box[1] + pad),
          max(b[2], box[2] - pad), min(b[3], box[3] + pad))
    hclip = Clip(Input=hs, registrationName="horizontal, field area")
    hclip.ClipType = "Box"
    hclip.ClipType.Position = [xy[0], xy[2], z_mid - 1.0]
    hclip.ClipType.Length = [xy[1] - xy[0], xy[3] - xy[2], 2.0]
    hclip.Invert = 1
    hclip.Exact = 1  # box edges exactly, not interpolated through coarse cells
    hclip.Crinkleclip = 0
    vh = white_view((900, 800), two_d=True)
    dh = Show(hclip, vh)
    colour(dh, vh, array, lut, bar_title)
    axes_grid(vh, (1, 1, 1), "x (m)", "y (m)")
    if bh is not None:
        xy_bh = np.unique(np.round(bpts[:, :2], 6), axis=0)
        tops = PolyPointSource(registrationName="boreholes at the slice")
        tops.Points = [float(v) for x, y in xy_bh for v in (x, y, z_mid + 1.0)]
        dt = Show(tops, vh)
        dt.ColorArrayName = ['POINTS', '']
        dt.SetRepresentationType("Points")
        dt.PointSize = 8.0
        dt.RenderPointsAsSpheres = 0
        dt.AmbientColor = dt.DiffuseColor = WELL_GREY
    add_text(vh, f"{name}: horizontal slice at z = {z_mid:.1f} m (boreholes: dots)", size=15)
    add_time(vh, reader, where="Lower Left Corner", size=15)
    vh.CameraParallelProjection = 1
    fit_2d(vh, xy, margin=(0.13, 0.2, 0.1, 0.1))

    # vertical slice seen from -y: rotating -90 deg about x maps (x, y, z)
    # to (x, z, -y), so the slice lies in the view plane with z up
    vflip = Transform(Input=vs, registrationName="vertical slice in view plane")
    vflip.Transform.Rotate = [-90.0, 0.0, 0.0]
    vv = white_view((1000, 700), two_d=True)
    dv = Show(vflip, vv)
    colour(dv, vv, array, lut, bar_title)
    axes_grid(vv, (1, 1, 1), "x (m)", "z (m)")
    if bh is not None:
        row = Clip(Input=bh, registrationName="boreholes of the sliced row")
        row.ClipType = "Box"
        row.ClipType.Position = [b[0] - 1, y_cut - 0.01, b[4] - 1]
        row.ClipType.Length = [b[1] - b[0] + 2, 0.02, b[5] - b[4] + 2]
        row.Invert = 1
        row.Exact = 1
        bflip = Transform(Input=row, registrationName="boreholes in view plane")
        bflip.Transform.Rotate = [-90.0, 0.0, 0.0]
        db = Show(bflip, vv)
        db.ColorArrayName = ['POINTS', '']
        db.AmbientColor = db.DiffuseColor = WELL_GREY
        db.LineWidth = 3.0
        db.Position = [0.0, 0.0, 1.0]
    add_text(vv, f"{name}: vertical slice at y = {y_cut:g} m (boreholes: lines)", size=15)
    add_time(vv, reader, where="Lower Left Corner", size=15)
    fit_2d(vv, (b[0], b[1], b[4], b[5]), margin=(0.12, 0.18, 0.12, 0.1))

    return save_views([(v3, "field_3d.png"), (vh, "field_horizontal.png"), (vv, "field_vertical.png")],
                      t_show, times, vh, "field_horizontal", (720, 640))


def save_state(views):
    """Layout with the views side by side, so `paraview --state` opens them."""
    layout = CreateLayout("geoheat")
    layout.SplitHorizontal(0, 0.5)
    AssignViewToLayout(view=views[0], layout=layout, hint=1)
    AssignViewToLayout(view=views[1], layout=layout, hint=2)
    for v in views[2:]:
        AssignViewToLayout(view=v, layout=CreateLayout("geoheat more"), hint=0)
    path = os.path.join(ARGS.out, "geoheat_view.pvsm")
    SaveState(path)
    return path


def check_state(path):
    """Open the state file as `paraview --state` would and render its views."""
    from paraview.simple import GetRenderViews, LoadState, ResetSession
    ResetSession()
    LoadState(path)
    files = []
    views = sorted(GetRenderViews(), key=lambda v: tuple(v.ViewSize))
    for i, v in enumerate(views):
        f = os.path.join(ARGS.out, f"state_check_{i}.png")
        SaveScreenshot(f, v, ImageResolution=list(v.ViewSize))
        files.append(os.path.basename(f))
    return files


def main():
    pvd = os.path.join(ARGS.run_dir, "solution.pvd")
    reader = PVDReader(FileName=pvd, registrationName="solution.pvd")
    times = times_of(reader)
    reader.UpdatePipeline(times[0])
    if ARGS.array not in reader.PointData.keys():
        fail(f"{pvd}: no point array '{ARGS.array}' "
             f"(has {', '.join(reader.PointData.keys())})")
    b = reader.GetDataInformation().GetBounds()
    name = os.path.basename(os.path.normpath(ARGS.run_dir))
    if b[5] - b[4] > 0:
        views, written = render_field(reader, times, name)
    else:
        views, written = render_axisymmetric(reader, times, name)
    state = save_state(views)
    written.append(os.path.basename(state))
    if ARGS.check_state:
        written += check_state(state)
    print(f"{PROG}: {len(times)} output times; wrote in {ARGS.out}: " + ", ".join(written))


main()

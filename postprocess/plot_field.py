#!/usr/bin/env python3
"""Plots of a borehole field run (Model = borehole field; results_contract.md files):
  field_plan.png     plan view (x, y) of the ground temperature change (K) on a
                     horizontal slice at DEPTH (default: mid-depth of the boreholes)
                     at chosen output times, with contours and the borehole positions
  field_outlets.png  outlet temperature of every borehole and the mixed field
                     outlet/inlet over time; below, each borehole's outlet minus the
                     mixed outlet (many boreholes: grey, coldest/warmest highlighted)
Reads solution.pvd + solution/*.pvtu (or, without them, solution.xdmf + solution/*.h5),
wells.csv (or wells.h5), timeseries.csv, parameters_used.prm (layout, lengths) and summary.json if present.
Prints one line per slice (time, depth, range of the change) and the PNG paths.
The mesh is z up with the surface at z = 0: depth = -z.
Usage: plot_field.py RUN_DIR [--times YEARS ...] [--depth M] [--out DIR]
                     [--reader auto|vtk|hdf5] [--margin M] [--coordinates CSV]"""
import argparse
import csv
import json
import os
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.tri as mtri
import numpy as np
from matplotlib.ticker import MaxNLocator

FIELD = "temperature_change"
MANY = 8  # more boreholes than this: thin grey lines, coldest/warmest highlighted


def fail(path, what):
    """One-line error naming the file, exit status 1."""
    raise SystemExit(f"plot_field.py: error: {path}: {what}")


def need(run_dir, name, what):
    path = os.path.join(run_dir, name)
    if not os.path.isfile(path):
        fail(path, f"missing ({what})")
    return path


# ---------------------------------------------------------------- parameters

def read_prm(path):
    """parameters_used.prm as {"Subsection/Entry": "value"} (top level: "Entry")."""
    entries, section = {}, []
    with open(path) as f:
        for line in f:
            s = line.split("#")[0].strip()
            if s.startswith("subsection "):
                section.append(s[len("subsection "):].strip())
            elif s == "end":
                section.pop()
            elif s.startswith("set ") and "=" in s:
                key, value = s[4:].split("=", 1)
                entries["/".join(section + [key.strip()])] = value.strip()
    return entries


def generate_layout(shape, nx, ny, bx, by):
    """Borehole (x, y) of a generated layout, numbered row by row
    (solver/include/geoheat/network/field_layout.h)."""
    stagger = shape == "staggered" and nx > 1 and ny > 1
    xy = []
    for j in range(ny):
        for i in range(nx):
            row0, row1, col0, col1 = j == 0, j == ny - 1, i == 0, i == nx - 1
            keep = {"L": row0 or col0, "U": row0 or col0 or col1,
                    "box": row0 or row1 or col0 or col1}.get(shape, True)
            if keep:
                xy.append(((i + (0.5 if stagger and j % 2 else 0.0)) * bx, j * by))
    return xy


def read_coordinates(path, length, buried):
    """A coordinates file x,y[,length][,buried_depth] -> [(x, y, H, D)]."""
    rows = [r for r in csv.reader(open(path, encoding="utf-8-sig"))
            if r and r[0].strip() and not r[0].startswith("#")]
    cols = [c.strip() for c in rows[0]]
    out = []
    for r in rows[1:]:
        v = dict(zip(cols, (float(x) for x in r)))
        out.append((v["x"], v["y"], v.get("length", length), v.get("buried_depth", buried)))
    return out


def find_coordinates_file(run_dir, name, override):
    """The layout's coordinates file: --coordinates, or the echoed path if it is
    absolute or found relative to the run directory or the working directory."""
    for p in ([override] if override else []) + [name, os.path.join(run_dir, name)]:
        if p and os.path.isfile(p):
            return p
    fail(os.path.join(run_dir, "parameters_used.prm"),
         f"Borehole field/Coordinates file '{name}' not found (moved since the run?); "
         "give it with --coordinates")


def boreholes(run_dir, prm, summary, coordinates=None):
    """[(x, y, length, buried_depth)] of every borehole, in the solver's numbering."""
    per_well = summary.get("per_well", [])
    if per_well and all("x" in w and "y" in w for w in per_well):
        H, D = float(prm["Borehole field/Borehole length"]), float(prm["Borehole field/Buried depth"])
        return [(w["x"], w["y"], w.get("length", H), w.get("buried_depth", D)) for w in per_well]
    g = lambda k: prm["Borehole field/" + k]
    H, D = float(g("Borehole length")), float(g("Buried depth"))
    if g("Layout") == "file":
        return read_coordinates(find_coordinates_file(run_dir, g("Coordinates file"), coordinates), H, D)
    xy = generate_layout(g("Layout"), int(g("Number in x")), int(g("Number in y")),
                         float(g("Spacing x")), float(g("Spacing y")))
    return [(x, y, H, D) for x, y in xy]


# ---------------------------------------------------------------- volume output

def vtk_outputs(run_dir):
    """[(time_days, loader)] from solution.pvd; loader() -> vtkUnstructuredGrid."""
    from vtk import vtkXMLPUnstructuredGridReader

    pvd = os.path.join(run_dir, "solution.pvd")
    out = []
    for d in ET.parse(pvd).getroot().iter("DataSet"):
        path = os.path.join(run_dir, d.get("file"))
        if not os.path.isfile(path):
            fail(path, f"missing (listed in {pvd})")

        def load(path=path):
            r = vtkXMLPUnstructuredGridReader()
            r.SetFileName(path)
            r.Update()
            grid = r.GetOutput()
            if grid.GetPointData().GetArray(FIELD) is None:
                fail(path, f"no point field '{FIELD}' (pieces missing?)")
            return grid
        out.append((float(d.get("timestep")), load))
    return out


def hdf5_outputs(run_dir):
    """[(time_days, loader)] from solution.xdmf and the .h5 files it names. The
    cell type is taken from the shape of 'cells' (8 nodes: hexahedron)."""
    xdmf = os.path.join(run_dir, "solution.xdmf")
    out = []
    for grid in ET.parse(xdmf).getroot().iter("Grid"):
        if grid.get("GridType") != "Uniform":
            continue
        items = {a.get("Name"): a.find("DataItem").text.strip() for a in grid.iter("Attribute")}
        if FIELD not in items:
            fail(xdmf, f"no attribute '{FIELD}'")
        h5, dataset = items[FIELD].split(":")
        out.append((float(grid.find("Time").get("Value")),
                    lambda p=os.path.join(run_dir, h5), d=dataset: hdf5_grid(p, d)))
    return out


def hdf5_grid(path, dataset):
    import h5py
    from vtk import VTK_HEXAHEDRON, vtkCellArray, vtkPoints, vtkUnstructuredGrid
    from vtk.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray

    if not os.path.isfile(path):
        fail(path, "missing (listed in solution.xdmf)")
    with h5py.File(path, "r") as f:
        nodes, cells = np.array(f["nodes"], dtype=float), np.array(f["cells"], dtype=np.int64)
        values = np.array(f[dataset.lstrip("/")], dtype=float).ravel()
    if nodes.shape[1] != 3 or cells.shape[1] != 8:
        fail(path, f"expected 3D hexahedra, found nodes {nodes.shape}, cells {cells.shape}")
    grid = vtkUnstructuredGrid()
    points = vtkPoints()
    points.SetData(numpy_to_vtk(nodes, deep=True))
    grid.SetPoints(points)
    conn = np.hstack([np.full((len(cells), 1), 8), cells]).ravel()
    ca = vtkCellArray()
    ca.SetCells(len(cells), numpy_to_vtkIdTypeArray(conn, deep=True))
    grid.SetCells(VTK_HEXAHEDRON, ca)
    arr = numpy_to_vtk(values, deep=True)
    arr.SetName(FIELD)
    grid.GetPointData().AddArray(arr)
    return grid


def volume_outputs(run_dir, reader):
    pvd, xdmf = (os.path.join(run_dir, n) for n in ("solution.pvd", "solution.xdmf"))
    if reader in ("auto", "vtk") and os.path.isfile(pvd):
        return vtk_outputs(run_dir)
    if reader in ("auto", "hdf5") and os.path.isfile(xdmf):
        return hdf5_outputs(run_dir)
    wanted = {"auto": ("solution.pvd or solution.xdmf", "Write VTK = false and Write HDF5 = false"),
              "vtk": ("solution.pvd", "Write VTK = false"), "hdf5": ("solution.xdmf", "Write HDF5 = false")}
    files, why = wanted[reader]
    fail(run_dir, f"no volume output ({files} missing; was the run made with Output/{why}?)")


def choose(outputs, years):
    """The outputs nearest to the requested times (years); default: the last
    output and up to two evenly spaced earlier ones (t = 0 left out)."""
    later = [o for o in outputs if o[0] > 0] or outputs
    if not years:
        k = len(later)
        picks = sorted({round((k - 1) / 3), round(2 * (k - 1) / 3), k - 1}) if k > 3 else range(k)
        return [later[i] for i in picks]
    chosen = []
    for y in years:
        o = min(outputs, key=lambda o: abs(o[0] - 365 * y))
        if abs(o[0] - 365 * y) > 1:
            print(f"note: no output at {y:g} y; using the nearest, {o[0] / 365:.3f} y")
        if o not in chosen:
            chosen.append(o)
    return sorted(chosen, key=lambda o: o[0])


def horizontal_slice(grid, depth):
    """The grid cut by the plane z = -depth (vtkCutter: exact on the vertical
    cell edges), as triangles for matplotlib: (x, y, triangles, values). Each
    cut polygon is split into a fan around its centre, with the mean of its
    corners there (the bilinear value at the centre of a quadrilateral), so no
    diagonal is preferred."""
    from vtk import vtkCleanPolyData, vtkCutter, vtkPlane
    from vtk.util.numpy_support import vtk_to_numpy

    plane = vtkPlane()
    plane.SetOrigin(0, 0, -depth)
    plane.SetNormal(0, 0, 1)
    cut = vtkCutter()
    cut.SetCutFunction(plane)
    cut.SetInputData(grid)
    clean = vtkCleanPolyData()  # VTU pieces repeat every node per cell: merge them
    clean.SetInputConnection(cut.GetOutputPort())
    clean.Update()
    poly = clean.GetOutput()
    if poly.GetPolys().GetNumberOfCells() == 0:
        return None
    pts = vtk_to_numpy(poly.GetPoints().GetData()).astype(float)
    values = vtk_to_numpy(poly.GetPointData().GetArray(FIELD)).astype(float)
    conn = vtk_to_numpy(poly.GetPolys().GetConnectivityArray())
    offsets = vtk_to_numpy(poly.GetPolys().GetOffsetsArray())
    x, y, v, triangles = list(pts[:, 0]), list(pts[:, 1]), list(values), []
    for a, b in zip(offsets[:-1], offsets[1:]):
        ids = conn[a:b]
        c = len(x)
        x.append(pts[ids, 0].mean())
        y.append(pts[ids, 1].mean())
        v.append(values[ids].mean())
        triangles += [(ids[i], ids[(i + 1) % len(ids)], c) for i in range(len(ids))]
    return np.array(x), np.array(y), np.array(triangles), np.array(v)


# ---------------------------------------------------------------- plots

def plan_extent(slices, bx, by, margin):
    """((x0, x1), (y0, y1)) of the plan view: the boreholes +- margin; by
    default (margin None) the boreholes and where |change| >= 2 % of its
    largest value, padded by 15 %, within the mesh; margin < 0: whole mesh."""
    x = np.concatenate([s[1] for s in slices])
    y = np.concatenate([s[2] for s in slices])
    mesh = ((x.min(), x.max()), (y.min(), y.max()))
    if margin is not None:
        if margin < 0:
            return mesh
        return (bx.min() - margin, bx.max() + margin), (by.min() - margin, by.max() + margin)
    vmax = max(np.abs(s[4]).max() for s in slices)
    px = np.concatenate([bx] + [s[1][np.abs(s[4]) >= 0.02 * vmax] for s in slices])
    py = np.concatenate([by] + [s[2][np.abs(s[4]) >= 0.02 * vmax] for s in slices])
    pad = max(2.0, 0.15 * max(np.ptp(px), np.ptp(py)))
    return ((max(px.min() - pad, mesh[0][0]), min(px.max() + pad, mesh[0][1])),
            (max(py.min() - pad, mesh[1][0]), min(py.max() + pad, mesh[1][1])))


def plot_plan(slices, wells, depth, depth_note, margin, path):
    """One panel per slice, one colour scale of equal bands, each centred on a
    contour value: the white band is 0 +- half a step, blue = cooled."""
    lo = min(s[4].min() for s in slices)
    hi = max(s[4].max() for s in slices)
    step = np.diff(MaxNLocator(12).tick_values(min(lo, 0), max(hi, 0))[:2])[0] or 1e-3
    k = np.arange(np.floor(lo / step + 0.5), np.ceil(hi / step - 0.5) + 1)
    levels = step * np.append(k - 0.5, k[-1] + 0.5)
    extreme = np.abs(levels).max()
    norm = matplotlib.colors.Normalize(-extreme, extreme)
    lines = step * k[(k != 0) & (step * k > lo) & (step * k < hi)]
    if len(lines) > 6:  # every other band edge's centre: the colours carry the rest
        lines = lines[np.round(lines / step).astype(int) % 2 == 0]
    n = len(slices)
    ncols = min(n, 3)
    nrows = (n + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols + 1.2, 4.4 * nrows),
                             squeeze=False, constrained_layout=True)
    bx = np.array([w[0] for w in wells])
    by = np.array([w[1] for w in wells])
    view = plan_extent(slices, bx, by, margin)
    for ax, (t_days, x, y, conn, v) in zip(axes.flat, slices):
        tri = mtri.Triangulation(x, y, conn)
        filled = ax.tricontourf(tri, v, levels=levels, cmap="RdBu_r", norm=norm)
        if len(lines):
            c = ax.tricontour(tri, v, levels=lines, colors="k", linewidths=0.5, linestyles="solid")
            # label the plume-scale contours, not the small loops around each borehole
            big = [lv for lv in c.levels if abs(lv) <= 0.5 * np.abs(v).max()]
            ax.clabel(c, levels=big, fontsize=6, fmt="%.3g")
        ax.plot(bx, by, "o", ms=4, mfc="w", mec="k", mew=0.8, label="boreholes")
        if len(wells) <= 40:
            for i, (xx, yy) in enumerate(zip(bx, by)):
                ax.annotate(str(i), (xx, yy), xytext=(3, 3), textcoords="offset points", fontsize=6,
                            bbox=dict(boxstyle="round,pad=0.1", fc="w", ec="none", alpha=0.7))
        ax.set_xlim(*view[0])
        ax.set_ylim(*view[1])
        ax.set_aspect("equal")
        ax.set_title(f"{t_days / 365:.3g} years ({t_days:.0f} d): {v.min():.2f} .. {v.max():.2f} K",
                     fontsize=9)
        ax.set_xlabel("x (m)")
        ax.set_ylabel("y (m)")
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    fig.colorbar(filled, ax=axes, ticks=step * k, label="ground temperature change (K)", shrink=0.9)
    fig.suptitle(f"ground temperature change at {depth:.1f} m depth{depth_note}", fontsize=10)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def read_columns(path, names):
    """Named columns of a CSV file as float arrays."""
    with open(path) as f:
        header = f.readline().strip().split(",")
    missing = [n for n in names if n not in header]
    if missing:
        fail(path, f"missing column(s) {', '.join(missing)}")
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=[header.index(n) for n in names], ndmin=2)
    return {n: data[:, i] for i, n in enumerate(names)}


def read_wells(path):
    """wells.csv as arrays (steps x boreholes): time_s, outlet, flow; a step
    still being written (live run) is left out."""
    c = read_columns(path, ["time_s", "well", "outlet_temperature_C", "flow_rate_m3_per_s"])
    n = int(c["well"].max()) + 1 if len(c["well"]) else 0
    rows = len(c["well"]) - len(c["well"]) % n if n else 0
    if n == 0 or np.any(c["well"][:rows].reshape(-1, n) != np.arange(n)):
        fail(path, "expected one row per step and borehole, boreholes 0..N-1 in order")
    shape = lambda a: a[:rows].reshape(-1, n)
    return shape(c["time_s"])[:, 0], shape(c["outlet_temperature_C"]), shape(c["flow_rate_m3_per_s"])


def read_wells_h5(path):
    """wells.h5 as arrays (steps x boreholes): time_s, outlet, flow."""
    import h5py
    try:
        with h5py.File(path, "r") as f:
            t = f["time_s"][...]
            out = f["outlet_temperature_C"][: len(t)]
            flow = f["flow_rate_m3_per_s"][: len(t)]
    except (OSError, KeyError) as e:
        fail(path, f"not a readable wells.h5 ({e})")
    return t, out, flow


def wells_h5_boreholes(path):
    """[(x, y, length, buried_depth)] from wells.h5."""
    import h5py
    with h5py.File(path, "r") as f:
        return list(zip(*(f[k][...].tolist() for k in ("x_m", "y_m", "length_m", "buried_depth_m"))))


def read_series(wells_file, series_csv):
    """Per-borehole and field series on the common steps (checked to match)."""
    t, out, flow = read_wells_h5(wells_file) if wells_file.endswith(".h5") else read_wells(wells_file)
    ts = read_columns(series_csv, ["time_s", "inlet_temperature_C", "outlet_temperature_C",
                                   "flow_rate_m3_per_s"])
    k = min(len(t), len(ts["time_s"]))
    ts = {key: v[:k] for key, v in ts.items()}
    t, out, flow = t[:k], out[:k], flow[:k]
    if k == 0 or np.abs(ts["time_s"] - t).max() > 1e-6 * max(1.0, t.max()):
        fail(wells_file, f"its steps do not match {series_csv}")
    if not np.any(flow > 0):
        fail(wells_file, "no step with flow: no outlet temperatures to plot")
    return t, out, flow, ts


def plot_outlets(series, path):
    t, out, flow, ts = series
    years = t / (365 * 86400.0)
    out = np.where(flow > 0, out, np.nan)  # pump off: stagnant fluid, not an outlet
    on = ts["flow_rate_m3_per_s"] > 0
    mixed = np.where(on, ts["outlet_temperature_C"], np.nan)
    inlet = np.where(on, ts["inlet_temperature_C"], np.nan)
    n = out.shape[1]
    fig, (a, b) = plt.subplots(2, 1, sharex=True, figsize=(10, 7), gridspec_kw={"height_ratios": [3, 2]})
    coldest, warmest = np.nanargmin(np.nanmin(out, axis=0)), np.nanargmax(np.nanmax(out, axis=0))
    grey = "boreholes"  # legend entry of the first grey line only
    for i in range(n):
        if n > MANY and i not in (coldest, warmest):
            style = dict(color="0.6", lw=0.4, label=grey)
            grey = None
        elif n > MANY:
            style = dict(color="tab:blue" if i == coldest else "tab:red", lw=1.2, zorder=3,
                         label=f"borehole {i}: " + ("lowest" if i == coldest else "highest") + " outlet")
        else:
            style = dict(lw=0.9, label=f"borehole {i}")
        a.plot(years, out[:, i], **style)
        b.plot(years, out[:, i] - mixed, **style)
    a.plot(years, mixed, "k", lw=1.5, label="field outlet (mixed)")
    a.plot(years, inlet, "k--", lw=1, label="field inlet")
    a.set_ylabel("fluid temperature (°C)")
    a.set_title(f"{n} boreholes (pump-off steps left out)", fontsize=9)
    a.legend(fontsize=7, ncol=2)
    b.axhline(0, color="k", lw=0.8)
    b.set_ylabel("borehole outlet − field outlet (K)")
    b.set_xlabel("time (years)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--times", type=float, nargs="+", metavar="YEARS",
                    help="output times for the plan view (nearest output each); default: last + 2 earlier")
    ap.add_argument("--depth", type=float, help="slice depth (m); default: mid-depth of the boreholes")
    ap.add_argument("--out", help="folder for the PNGs (default: RUN_DIR)")
    ap.add_argument("--reader", choices=("auto", "vtk", "hdf5"), default="auto",
                    help="volume files to read (auto: solution.pvd if present, else solution.xdmf)")
    ap.add_argument("--margin", type=float, help="plan view: m around the boreholes, < 0: whole mesh "
                    "(default: the boreholes and where the change is >= 2 %% of its largest value)")
    ap.add_argument("--coordinates", help="the coordinates CSV of a Layout = file run, if not found")
    a = ap.parse_args()
    d = a.run_dir
    if not os.path.isdir(d):
        fail(d, "not a directory")
    prm = read_prm(need(d, "parameters_used.prm", "parameter echo of the run"))
    if prm.get("Model") != "borehole field":
        fail(os.path.join(d, "parameters_used.prm"), f"Model = {prm.get('Model')}, not a borehole field run")
    summary = {}
    if os.path.isfile(os.path.join(d, "summary.json")):  # optional: a killed run may lack it
        with open(os.path.join(d, "summary.json")) as f:
            summary = json.load(f)
    name = summary.get("per_well_series") or (
        "wells.h5" if os.path.isfile(os.path.join(d, "wells.h5")) else "wells.csv")
    wells_file = need(d, name, "per-borehole series (wells.csv, or wells.h5 for large fields)")
    outputs = volume_outputs(d, a.reader)
    series = read_series(wells_file, need(d, "timeseries.csv", "field inlet/outlet"))
    wells = wells_h5_boreholes(wells_file) if name == "wells.h5" else boreholes(d, prm, summary, a.coordinates)
    if a.depth is None:
        mids = [D + H / 2 for _, _, H, D in wells]
        depth = float(np.mean(mids))
        note = " (mid-depth of the boreholes)" if np.ptp(mids) < 1e-9 else " (mean mid-depth of the boreholes)"
    else:
        depth, note = a.depth, ""
    out = a.out or d
    os.makedirs(out, exist_ok=True)

    slices = []
    for t_days, load in choose(outputs, a.times):
        grid = load()
        z0, z1 = grid.GetBounds()[4:6]
        if not -z1 <= depth <= -z0:
            fail(d, f"depth {depth:g} m is outside the mesh (0 .. {-z0:g} m)")
        s = horizontal_slice(grid, min(depth, -z0 - 1e-6))  # the cut misses the bottom face itself
        if s is None:
            fail(d, f"empty slice at depth {depth:g} m, t = {t_days:g} d")
        slices.append((t_days, *s))
        print(f"t = {t_days / 365:.6g} y ({t_days:.6g} d), depth {depth:.6g} m: "
              f"temperature change {s[3].min():.6g} .. {s[3].max():.6g} K")
    plan = os.path.join(out, "field_plan.png")
    plot_plan(slices, wells, depth, note, a.margin, plan)
    outlets = os.path.join(out, "field_outlets.png")
    plot_outlets(series, outlets)
    print(plan)
    print(outlets)


if __name__ == "__main__":
    main()

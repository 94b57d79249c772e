"""The field files of the results contract beyond wells.csv (issue #7, at 2 ranks):
- wells.h5 (Output/Per-borehole series = wells.h5, automatic above 64
  boreholes): datasets steps x boreholes with the borehole ids and
  coordinates; every value equals wells.csv of the same run to its printed
  digits, and summary.json names it;
- boreholes.pvd + boreholes/*.vtp: read with VTK, one polyline per borehole
  at the layout's (x, y) and z = -depth, the fluid and wall temperatures of
  well_profiles.h5 at the same output, the same output times as solution.pvd;
- a run stopped at a checkpoint and resumed (--resume, End time extended)
  gives the uninterrupted run's wells.h5 (1e-10 relative, no missing or
  repeated steps) and boreholes.pvd entries;
- the 3D solution.xdmf declares hexahedra and its data items match the
  HDF5 datasets (regression.output_files covers 2D);
- postprocess/plot_field.py plots a wells.h5 run.
These are consistency checks of the writers, not validation of the physics."""
import csv
import os
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/field/small_field.prm")
check = Checks()
QUANTITIES = ("inlet_temperature_C", "outlet_temperature_C", "flow_rate_m3_per_s", "ground_load_W")


def prm(name, series, end_time="1"):
    return write_prm(os.path.join(args.work, name + ".prm"), base, {
        "End time": end_time, "Directory": os.path.join(args.work, name),
        None: ["subsection Output", f"  set Per-borehole series = {series}", "end",
               "subsection Checkpoint", "  set Interval = 60", "end"]})


def pvd_entries(path):
    return [(float(d.get("timestep")), d.get("file")) for d in ET.parse(path).getroot().iter("DataSet")]


h5_run, csv_run, part = (os.path.join(args.work, n) for n in ("h5", "csv", "part"))
run(args, prm("h5", "wells.h5"), h5_run, np=2)
run(args, prm("csv", "wells.csv"), csv_run, np=2)

# --- wells.h5 against wells.csv -------------------------------------------
s = read_summary(h5_run)
check(s["per_well_series"] == "wells.h5" and not os.path.exists(os.path.join(h5_run, "wells.csv")),
      "summary.json names wells.h5 and no wells.csv is written")
with h5py.File(os.path.join(h5_run, "wells.h5"), "r") as f:
    h5 = {k: f[k][...] for k in f}
with open(os.path.join(csv_run, "wells.csv")) as f:
    rows = list(csv.DictReader(f))
n_steps = s["n_time_steps"]
check(h5["time_s"].shape == (n_steps,) and all(h5[q].shape == (n_steps, 6) for q in QUANTITIES),
      f"wells.h5 datasets: time_s [{n_steps}], quantities [{n_steps} x 6]")
check(len(rows) == 6 * n_steps, "wells.csv: one row per step and borehole")
worst = 0.0
for q in QUANTITIES:
    ref = np.array([float(r[q]) for r in rows]).reshape(n_steps, 6)
    worst = max(worst, np.max(np.abs(h5[q] - ref)) / max(1e-300, np.max(np.abs(ref))))
t_csv = np.array([float(r["time_s"]) for r in rows[::6]])
worst = max(worst, np.max(np.abs(h5["time_s"] - t_csv)) / t_csv[-1])
check(worst < 1e-9, f"wells.h5 = wells.csv to printed digits ({worst:.1e} relative)")
x_expected, y_expected = [0, 6, 12, 0, 6, 12], [0, 0, 0, 6, 6, 6]
check(list(h5["well"]) == list(range(6)) and list(h5["x_m"]) == x_expected and list(h5["y_m"]) == y_expected
      and np.all(h5["buried_depth_m"] == 2) and np.all(h5["length_m"] == 40),
      "wells.h5 borehole ids, coordinates, buried depth and length")

# --- boreholes.pvd / .vtp against well_profiles.h5 --------------------------
lines = pvd_entries(os.path.join(h5_run, "boreholes.pvd"))
solution = pvd_entries(os.path.join(h5_run, "solution.pvd"))
check(len(lines) == len(solution) and all(abs(a[0] - b[0]) < 1e-9 for a, b in zip(lines, solution)),
      f"boreholes.pvd has the output times of solution.pvd ({len(lines)})")
worst_T = worst_xy = 0.0
with h5py.File(os.path.join(h5_run, "well_profiles.h5"), "r") as prof:
    for index, (_, name) in enumerate(lines):
        reader = vtkXMLPolyDataReader()
        reader.SetFileName(os.path.join(h5_run, name))
        reader.Update()
        poly = reader.GetOutput()
        pts = vtk_to_numpy(poly.GetPoints().GetData())
        data = {k: vtk_to_numpy(poly.GetPointData().GetArray(k))
                for k in ("T_down_C", "T_up_C", "T_wall_C", "line_load_W_per_m")}
        if index == len(lines) - 1:
            check(poly.GetNumberOfLines() == 6 and
                  list(vtk_to_numpy(poly.GetCellData().GetArray("well"))) == list(range(6)),
                  "last .vtp: 6 polylines with their well numbers")
        group = prof[f"profile-{index:05d}"]
        start = 0
        for b in range(6):
            w = group[f"well-{b:04d}"]
            depth = w["depth_m"][...]
            end = start + len(depth)
            seg = pts[start:end]
            worst_xy = max(worst_xy, np.max(np.abs(seg[:, 0] - x_expected[b])),
                           np.max(np.abs(seg[:, 1] - y_expected[b])), np.max(np.abs(seg[:, 2] + depth)))
            for k in data:
                worst_T = max(worst_T, np.max(np.abs(data[k][start:end] - w[k][...]) /
                                              (1 + np.abs(w[k][...]))))
            start = end
        check(start == len(pts), f"output {index}: the .vtp holds exactly the profile nodes") if index == 0 else None
check(worst_xy < 1e-7, f"borehole lines at (x, y, -depth) of the layout ({worst_xy:.1e} m; 10 digits printed)")
check(worst_T < 1e-8, f".vtp fluid, wall temperatures and line loads = well_profiles.h5 ({worst_T:.1e})")

# --- 3D solution.xdmf: hexahedra whose data items match the HDF5 datasets ---
root = ET.parse(os.path.join(h5_run, "solution.xdmf")).getroot()
grids = [g for g in root.iter("Grid") if g.get("GridType") == "Uniform"]
bad = []
for g in grids:
    topo = g.find("Topology")
    if topo.get("TopologyType") != "Hexahedron":
        bad.append(f"topology {topo.get('TopologyType')}")
    for item in g.iter("DataItem"):
        path, dataset = item.text.strip().split(":")
        with h5py.File(os.path.join(h5_run, path), "r") as f:
            if list(f[dataset].shape) != [int(v) for v in item.get("Dimensions").split()]:
                bad.append(f"{item.text.strip()} {f[dataset].shape} vs {item.get('Dimensions')}")
    if int(topo.get("NumberOfElements")) != int(topo.find("DataItem").get("Dimensions").split()[0]):
        bad.append("NumberOfElements")
check(len(grids) == len(solution) and not bad,
      f"3D solution.xdmf: {len(grids)} hexahedral grids, every data item matches its HDF5 dataset"
      + (f" ({bad[:3]})" if bad else ""))

# --- stop at a checkpoint, resume with a later end time ----------------------
run(args, prm("part", "wells.h5", end_time="0.5"), part, np=2)
run(args, prm("part", "wells.h5", end_time="1"), part, np=2, extra=["--resume"])
with h5py.File(os.path.join(part, "wells.h5"), "r") as f:
    resumed = {k: f[k][...] for k in f}
same_shape = all(resumed[k].shape == h5[k].shape for k in h5)
check(same_shape, f"resumed wells.h5 has the uninterrupted run's shape ({resumed['time_s'].shape[0]} steps)")
if same_shape:
    worst = max(np.max(np.abs(resumed[q] - h5[q])) / np.max(np.abs(h5[q])) for q in QUANTITIES + ("time_s",))
    check(worst < 1e-10, f"resumed wells.h5 = uninterrupted run ({worst:.1e} relative)")
check(pvd_entries(os.path.join(part, "boreholes.pvd")) == lines,
      "resumed boreholes.pvd lists the uninterrupted run's outputs")
check(read_summary(part)["status"] == "completed", "resumed run completed")

# --- the field plot reads wells.h5 (series and borehole coordinates) --------
import subprocess
r = subprocess.run([sys.executable, os.path.join(args.source, "postprocess/plot_field.py"), h5_run,
                    "--out", os.path.join(args.work, "plots")], capture_output=True, text=True)
check(r.returncode == 0 and os.path.isfile(os.path.join(args.work, "plots", "field_outlets.png")),
      "postprocess/plot_field.py plots a wells.h5 run" + ("" if r.returncode == 0 else ": " + r.stderr[-300:]))
check.finish()

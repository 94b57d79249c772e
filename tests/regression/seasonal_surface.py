"""Seasonal surface temperature (issue #9), whole program.

Case: tests/regression/small_well.prm (start 1 November) with the well idle
for a year, Surface temperature amplitude = 14 K, coldest day 20 January
(Beijing ground surface, about 14 C mean, +-14 K), 2 ranks.

Checks (consistency of the outputs with the stated surface condition; the
layered periodic solution itself is verified in unit.seasonal_ground):
 - every rock surface node in every output equals 12 - 14 cos(2 pi (day -
   20)/365) at that output's date, to 1e-4 K (float32 VTK);
 - far below the damping depth (> 30 m) the temperature stays at T0 (the
   wave has died out), to 1e-4 K;
 - the idle fluid column lags the seasonal ground near the top, so the
   well's disturbance is no longer exactly zero, but it stays small (< 0.5 K)
   and within the top 30 m.
"""
import math
import os
import sys
import xml.etree.ElementTree as ET

import numpy as np
from vtk import vtkXMLPUnstructuredGridReader
from vtk.util.numpy_support import vtk_to_numpy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, run, write_prm

args = parse_args()
check = Checks()
base = os.path.join(args.source, "tests/regression/small_well.prm")
prm = write_prm(os.path.join(args.work, "seasons.prm"), base, {
    "Schedule": "constant", "Value": "0", "Flow rate": "0",
    None: ["subsection Ground", "  set Surface temperature amplitude = 14", "  set Coldest day = 01-20", "end"]})
out = os.path.join(args.work, "run")
run(args, prm, out, np=2)
check(read_summary(out)["status"] == "completed", "idle year with seasons completed")

# undisturbed T0 of small_well.prm: 12 C + 0.07 W/m2 through lambda 1.8 (to 150 m), 2.8
def T0(depth):
    return 12 + 0.07 * np.where(depth < 150, depth / 1.8, 150 / 1.8 + (depth - 150) / 2.8)


pvd = ET.parse(os.path.join(out, "solution.pvd")).getroot()
worst_surface = worst_deep = worst_theta = 0.0
deepest_theta = 0.0
for ds in pvd.iter("DataSet"):
    t_days = float(ds.get("timestep"))
    reader = vtkXMLPUnstructuredGridReader()
    reader.SetFileName(os.path.join(out, ds.get("file")))
    reader.Update()
    grid = reader.GetOutput()
    pts = vtk_to_numpy(grid.GetPoints().GetData())
    T = vtk_to_numpy(grid.GetPointData().GetArray("temperature"))
    dT = vtk_to_numpy(grid.GetPointData().GetArray("temperature_change"))
    depth = -pts[:, 1]
    surface = (np.abs(pts[:, 1]) < 1e-9) & (pts[:, 0] >= 0.1555 - 1e-9)  # rock surface
    # days counted from 1 January = 0: 1 November = 304, 20 January = 19
    expected = 12 - 14 * math.cos(2 * math.pi * (304 + t_days - 19) / 365)
    worst_surface = max(worst_surface, float(np.max(np.abs(T[surface] - expected))))
    deep = depth > 30
    worst_deep = max(worst_deep, float(np.max(np.abs(T[deep] - dT[deep] - T0(depth[deep])))))
    worst_theta = max(worst_theta, float(np.max(np.abs(dT))))
    big = np.abs(dT) > 1e-3
    if np.any(big):
        deepest_theta = max(deepest_theta, float(np.max(depth[big])))
check(worst_surface < 1e-4, f"rock surface follows 12 - 14 cos(2 pi (day - 20)/365) at every output (worst {worst_surface:.1e} K)")
check(worst_deep < 1e-4, f"below 30 m the undisturbed state is T0 (worst {worst_deep:.1e} K)")
check(worst_theta < 0.5 and deepest_theta < 30,
      f"idle well's disturbance from the lagging fluid column: max {worst_theta:.3f} K, above {deepest_theta:.1f} m")
check.finish()

"""The written files are readable by real clients: the .pvtu through the VTK
library, the HDF5 fields and well profiles through h5py, and they hold the
right temperature field (surface at T_s, far field at the undisturbed T0)."""
import os
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np
from vtk import vtkXMLPUnstructuredGridReader
from vtk.util.numpy_support import vtk_to_numpy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, run

args = parse_args()
prm = os.path.join(args.source, "tests/regression/small_well.prm")
out = os.path.join(args.work, "run")
run(args, prm, out, np=2)
check = Checks()

# .pvd lists every output; the last .pvtu is read with VTK
pvd = ET.parse(os.path.join(out, "solution.pvd")).getroot()
files = [d.get("file") for d in pvd.iter("DataSet")]
check(len(files) == 5, f"solution.pvd lists {len(files)} outputs (t = 0, 120, 240, 360, 365 d)")
reader = vtkXMLPUnstructuredGridReader()
reader.SetFileName(os.path.join(out, files[-1]))
reader.Update()
grid = reader.GetOutput()
pts = vtk_to_numpy(grid.GetPoints().GetData())
T = vtk_to_numpy(grid.GetPointData().GetArray("temperature"))
dT = vtk_to_numpy(grid.GetPointData().GetArray("temperature_change"))
check(grid.GetNumberOfPoints() > 100 and T.shape[0] == pts.shape[0], f"VTK read {pts.shape[0]} points with temperature")
# undisturbed geotherm of small_well.prm: T_s 12 C, q 0.07 W/m2, lambda 1.8 to 150 m then 2.8
depth = -pts[:, 1]
T0 = 12 + 0.07 * np.where(depth < 150, depth / 1.8, 150 / 1.8 + (depth - 150) / 2.8)
# the rock's surface is fixed; the top of the meshed casing and cement (r <
# 0.1555 m, the largest borehole radius of small_well.prm) is the adiabatic wellhead
surface = (np.abs(pts[:, 1]) < 1e-9) & (pts[:, 0] >= 0.1555 - 1e-9)
far = np.abs(pts[:, 0] - pts[:, 0].max()) < 1e-9
check(np.allclose(T[surface], 12, atol=1e-9), "surface temperature = T_s")
check(np.abs(T[far] - T0[far]).max() < 0.01, f"far field at T0 (max dev {np.abs(T[far]-T0[far]).max():.2e} K)")
check(np.allclose(T - dT, T0, atol=1e-8), "temperature - temperature_change = T0 everywhere")
check(dT.min() < -0.5, f"the well cooled the rock (min change {dT.min():.2f} K)")

# XDMF + HDF5 fields
xdmf = open(os.path.join(out, "solution.xdmf")).read()
h5_last = os.path.join(out, "solution", os.path.basename(files[-1]).replace(".pvtu", ".h5"))
check("solution-00004.h5" in xdmf and os.path.exists(h5_last), "solution.xdmf references the HDF5 files")
with h5py.File(h5_last, "r") as f:
    T_h5 = np.array(f["temperature"]).ravel()
    nodes = np.array(f["nodes"])
check(abs(T_h5.min() - T.min()) < 1e-6 and abs(T_h5.max() - T.max()) < 1e-6,
      f"HDF5 temperature range {T_h5.min():.4f}..{T_h5.max():.4f} C matches VTK")
check(nodes.shape[1] == 2, "HDF5 nodes are (r, z) pairs")

# well profiles: HDF5 equals CSV
with h5py.File(os.path.join(out, "well_profiles.h5"), "r") as f:
    g = f["profile-00004"]
    h5 = {k: np.array(g[k]) for k in ("depth_m", "T_down_C", "T_up_C", "T_wall_C", "line_load_W_per_m")}
csv = np.genfromtxt(os.path.join(out, "well_profiles/profile-00004.csv"), delimiter=",", skip_header=2)
check(np.allclose(csv[:, 0], h5["depth_m"]) and np.allclose(csv[:, 3], h5["T_wall_C"], atol=1e-8),
      "well_profiles.h5 matches the CSV profile")
check(abs(h5["depth_m"][-1] - 600) < 1e-9, "profile reaches the well bottom")
check.finish()

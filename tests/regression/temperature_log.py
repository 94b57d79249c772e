"""Geotherm = temperature log (issue #9): the undisturbed state follows a
measured log and an idle well keeps it.

Case: tests/regression/small_well.prm (layers lambda 1.8 to 150 m, then 2.8;
basal flux 0.07 W/m2; model bottom 660 m) with a log from 10 m to 500 m whose
flux lambda dT/dz is deliberately not constant (a sine on a gradient: a log
shaped by groundwater or palaeoclimate, not by steady conduction). Above
10 m the log is joined linearly to the 12 C surface; below 500 m it is
extended by the basal heat flux through the layers.

Checks (consistency of the implementation with its documented rule, not
validation against data): after a year with the pump off (2 ranks), every
mesh node's temperature equals the rule evaluated here independently, to
1e-5 K (float32 output), and the temperature change is zero (< 1e-9 K): the log
does not drift. A second run with the seasonal extraction completes and
starts its fluid at the logged temperatures.
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

log_z = np.arange(10.0, 500.0 + 1e-9, 10.0)
log_T = 13.0 + 0.035 * log_z + 1.5 * np.sin(log_z / 60.0)
log_file = os.path.join(args.work, "log.csv")
with open(log_file, "w") as f:
    f.write("depth_m,temperature_C\n")
    for z, T in zip(log_z, log_T):
        f.write(f"{z!r},{T!r}\n")


def expected_T0(depth):
    """The documented rule, evaluated independently of geoheat."""
    if depth <= log_z[0]:
        return 12.0 + (log_T[0] - 12.0) * depth / log_z[0]
    if depth <= log_z[-1]:
        return float(np.interp(depth, log_z, log_T))
    # basal flux 0.07 W/m2 through lambda 2.8 (the layer below 150 m)
    return log_T[-1] + 0.07 * (depth - log_z[-1]) / 2.8


def variant(name, replacements):
    r = {"Geotherm": "temperature log",
         None: ["subsection Ground", f"  set Temperature log file = {log_file}", "end"]}
    r.update(replacements)
    return write_prm(os.path.join(args.work, name + ".prm"), base, r)


# 1. Idle for a year: the state must not drift from the log
out = os.path.join(args.work, "idle")
run(args, variant("idle", {"Schedule": "constant", "Value": "0", "Flow rate": "0"}), out, np=2)
pvd = ET.parse(os.path.join(out, "solution.pvd")).getroot()
last = [d.get("file") for d in pvd.iter("DataSet")][-1]
reader = vtkXMLPUnstructuredGridReader()
reader.SetFileName(os.path.join(out, last))
reader.Update()
grid = reader.GetOutput()
pts = vtk_to_numpy(grid.GetPoints().GetData())
T = vtk_to_numpy(grid.GetPointData().GetArray("temperature"))
dT = vtk_to_numpy(grid.GetPointData().GetArray("temperature_change"))
worst = max(abs(T[i] - expected_T0(-pts[i, 1])) for i in range(len(T)))
check(worst < 1e-5, f"idle year: every node at the log rule ({len(T)} nodes, worst {worst:.1e} K; VTK stores float32)")
check(np.max(np.abs(dT)) < 1e-9, f"idle year: temperature change {np.max(np.abs(dT)):.1e} K (no drift)")
at = {z: expected_T0(z) for z in (0.0, 5.0, 255.0, 500.0, 620.0)}
check(abs(at[5.0] - (12 + (log_T[0] - 12) / 2)) < 1e-12 and abs(at[620.0] - (log_T[-1] + 0.07 * 120 / 2.8)) < 1e-12,
      "reference rule: linear to the surface above the log, basal flux below it")

# 2. The seasonal extraction on the logged ground runs and starts at the log
out = os.path.join(args.work, "seasonal")
run(args, variant("seasonal", {}), out)
s = read_summary(out)
check(s["status"] == "completed", "seasonal extraction on the logged ground completed")
prof = np.genfromtxt(os.path.join(out, "well_profiles/profile-00000.csv"), delimiter=",", skip_header=2)
worst = max(abs(prof[k, 1] - expected_T0(prof[k, 0])) for k in range(len(prof)))
check(worst < 1e-6, f"initial fluid profile at the logged temperatures (worst {worst:.1e} K)")
check.finish()

"""A coaxial well as a line in the 3D field model (Borehole heat exchanger/
Type = coaxial; issue #8, first slice) against the axisymmetric model of the
same well: tests/regression/small_well.prm (600 m CXC, two casing sections,
insulated centre pipe, 40 kW seasonal extraction, one year) with
Wellbore construction = lumped in both (a line cannot mesh casings).

Reference: the axisymmetric model on a refined mesh (radial first cell
5 mm, growth 1.1, vertical cells 1-10 m: it moves the outlet by up to
0.07 K against 1 cm / 1.2, itself 0.33 K from the small_well mesh of
3 cm / 1.5 - the shipped regression mesh is not converged at hours).
3D: 1.5 m cells next to the line (r_eq/r_b = 1.43), 5 m along it, the
default transient line coupling, automatic margin.

Measured (this version), flowing-step outlet difference, 3D minus 2D:
season mean +0.021 K, end of season +0.030 K, largest after the first day
of the season 0.134 K, in the first hours 0.251 K, at this file's steps
(up to 48 h while flowing); with 6 h steps and the 2D mesh refined to 0.2 m
vertical cells the mean is +0.037 K and after the first day 0.055 K (the
first-day and 48 h-step peaks are time-step effects:
validation.coaxial_line_hub shows them vanish with small steps on the hub
well). The tolerances below pin today's agreement so that a change shows
(regression, not validation). The stagnant wellhead after the stop agrees
with the 2D model since the line's top edge has no transient kernel (it was
+4 K); the bottom node stays ~0.8 K warm for days (3D tip, README).
Also: bad input (meshed construction, length or diameter not those of
subsection Well, buried well) gets its one-line error.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
well = os.path.join(args.source, "tests/regression/small_well.prm")
lumped = {None: ["subsection Well", "  set Wellbore construction = lumped", "end"]}
axi = write_prm(os.path.join(args.work, "axi.prm"), well, {
    "Vertical min cell": "1", "Vertical max cell": "10", "Radial first cell": "0.005",
    "Radial growth factor": "1.1", **lumped})
field_lines = ["set Model = borehole field",
               "subsection Borehole field", "  set Layout = rectangle", "  set Number in x = 1",
               "  set Number in y = 1", "  set Borehole length = 600", "  set Buried depth = 0",
               "  set Borehole diameter = 0.311", "end",
               "subsection Borehole heat exchanger", "  set Type = coaxial", "end",
               "subsection Field mesh", "  set Borehole cell size = 1.5", "  set Horizontal max cell = 20",
               "  set Vertical min cell = 5", "  set Vertical cell along boreholes = 5",
               "  set Vertical max cell = 60", "end"]
line = write_prm(os.path.join(args.work, "line.prm"), well, {None: lumped[None] + field_lines})
run(args, axi, os.path.join(args.work, "axi"))
run(args, line, os.path.join(args.work, "line"), np=2)
a, b = read_timeseries(os.path.join(args.work, "axi")), read_timeseries(os.path.join(args.work, "line"))
s = read_summary(os.path.join(args.work, "line"))
check(s["status"] == "completed" and s["n_wells"] == 1 and s["max_energy_balance_rel_error"] < 1e-6,
      f"3D line: completed on 2 ranks, energy balance {s['max_energy_balance_rel_error']:.1e}")
check(np.allclose(a["time_s"], b["time_s"]), "same steps in both models")
t = np.array(a["time_s"]) / 86400
on = np.array(a["flow_rate_m3_per_s"]) > 0
d = np.array(b["outlet_temperature_C"]) - np.array(a["outlet_temperature_C"])
w = np.array(a["time_step_s"])
mean = float(np.sum(d[on] * w[on]) / np.sum(w[on]))
late = on & (t > t[on].min() + 1)
check(abs(mean) <= 0.05, f"season-mean outlet 3D - 2D {mean:+.3f} K (|.| <= 0.05)")
check(abs(d[on][-1]) <= 0.1, f"end of season {d[on][-1]:+.3f} K (|.| <= 0.1)")
check(np.max(np.abs(d[late])) <= 0.2, f"after the first day at most {np.max(np.abs(d[late])):.3f} K (<= 0.2; "
      f"issue target 0.1 K not yet met)")
check(np.max(np.abs(d[on])) <= 0.3, f"whole season at most {np.max(np.abs(d[on])):.3f} K (<= 0.3, first hours)")
e2, e3 = read_summary(os.path.join(args.work, "axi"))["total_ground_energy_MWh"], s["total_ground_energy_MWh"]
check(abs(e3 - e2) <= 1e-6 * e2, f"same prescribed ground energy {e2:.4f} / {e3:.4f} MWh")


def expect_error(name, replacements, expected):
    prm = write_prm(os.path.join(args.work, name + ".prm"), line, replacements)
    r = run(args, prm, os.path.join(args.work, name + "_out"), check=False)
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    check(r.returncode == 1 and len(lines) == 1 and all(e in lines[0] for e in expected),
          f"{name}: {lines[0] if lines else '(no message)'}")


expect_error("meshed", {"Wellbore construction": "meshed"}, ["Well/Wellbore construction", "lumped"])
expect_error("length", {"Borehole length": "500"}, ["Borehole field/Borehole length", "Well/Depth"])
expect_error("diameter", {"Borehole diameter": "0.216"}, ["Borehole field/Borehole diameter", "0.311"])
expect_error("buried", {"Buried depth": "2"}, ["Borehole field/Buried depth", "surface"])
check.finish()

"""The hub's 2,745 m coaxial well as a line in the 3D field model against the
axisymmetric model of the same well over 10 heating seasons (issue #8:
outlet within 0.1 K over one heating season and 0.2 K over 10 years).

Both: params/examples/beijing_hub_2745m.prm (CXA, two casing sections,
insulated centre pipe to 1,500 m, three layers, 300 kW from 15 Nov to
15 Mar at 30 m3/h, idle in between) with Wellbore construction = lumped (a
line cannot mesh casings; the narrower lower section's rock ring is a steady
resistance in both). The reference is the axisymmetric model, validated
against measured and published data (README "Validation"), on a refined
mesh: radial first cell 5 mm, growth 1.1, vertical cells 2-20 m (within
0.009 K of 1-10 m cells over the 10 seasons). 3D: 1.5 m cells next to the
line, 20 m along it (5 m and 10 m give the same outlet within 0.002 K),
default transient line coupling, automatic margin, 2 ranks. This compares
two geoheat models (the 3D line against the validated 2D one), not geoheat
against the outside world.

Measured (this version), outlet 3D - 2D while flowing, per season: mean
-0.008 .. -0.002 K, largest after the first day 0.063 K (season 1) to
0.047 K (season 10), end of the season -0.010 .. -0.004 K; decline of the
season-mean outlet season 1 -> 10: 2D -2.777 K, 3D -2.771 K. The first hours
of each season at the run's 1 h, 2 h, 3 h steps differ by up to 0.29 K - a
time-step effect of both models, not of the coupling: with 0.1 h steps the
two agree within 0.08 K in the first hour, 0.11 K while the first fluid
front leaves the well (2.5-4 h; 20 m cells along the line against 2 m) and
0.02 K from 4 h to 2 days (checked below).
The stagnant wellhead in the idle months (what timeseries.csv reports as the
outlet without flow) within 0.001 K of the 2D model once the line's top edge
has no transient kernel (it drifted to 1.8 C against 12.9 C before).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
hub = os.path.join(args.source, "params/examples/beijing_hub_2745m.prm")
lumped = ["subsection Well", "  set Wellbore construction = lumped", "end"]
axi_mesh = ["subsection Mesh", "  set Radial first cell = 0.005", "  set Radial growth factor = 1.1",
            "  set Vertical min cell = 2", "  set Vertical max cell = 20", "end"]
line_lines = ["set Model = borehole field",
              "subsection Borehole field", "  set Layout = rectangle", "  set Number in x = 1",
              "  set Number in y = 1", "  set Borehole length = 2745", "  set Buried depth = 0",
              "  set Borehole diameter = 0.311", "end",
              "subsection Borehole heat exchanger", "  set Type = coaxial", "end",
              "subsection Field mesh", "  set Borehole cell size = 1.5", "  set Horizontal max cell = 40",
              "  set Vertical min cell = 5", "  set Vertical cell along boreholes = 20",
              "  set Vertical max cell = 100", "end"]


def pair(name, settings):
    """The 2D and the 3D-line model of the hub well with @p settings."""
    axi = write_prm(os.path.join(args.work, name + "_axi.prm"), hub, {**settings, None: lumped + axi_mesh})
    line = write_prm(os.path.join(args.work, name + "_line.prm"), hub, {**settings, None: lumped + line_lines})
    run(args, axi, os.path.join(args.work, name + "_axi"))
    run(args, line, os.path.join(args.work, name + "_line"), np=2)
    a = read_timeseries(os.path.join(args.work, name + "_axi"))
    b = read_timeseries(os.path.join(args.work, name + "_line"))
    check(np.allclose(a["time_s"], b["time_s"]), f"{name}: same steps in both models")
    s = read_summary(os.path.join(args.work, name + "_line"))
    check(s["status"] == "completed" and s["max_energy_balance_rel_error"] < 1e-6,
          f"{name}: 3D line completed on 2 ranks, energy balance {s['max_energy_balance_rel_error']:.1e}")
    return a, np.array(b["outlet_temperature_C"]) - np.array(a["outlet_temperature_C"])


# 10 heating seasons at the example's steps (1 h growing to 6 h while flowing).
a, d = pair("ten_years", {"End time": "10"})
on = np.array(a["flow_rate_m3_per_s"]) > 0
t, w = np.array(a["time_days"]), np.array(a["time_step_s"])
starts = np.flatnonzero(on & ~np.r_[False, on[:-1]])
ends = np.flatnonzero(on & ~np.r_[on[1:], False])
check(len(starts) == 10, f"10 heating seasons ({len(starts)})")
means, lates, firsts, finals = [], [], [], []
for i, j in zip(starts, ends):
    s = slice(i, j + 1)
    late = t[s] > t[i] + 1
    means.append(np.average(d[s], weights=w[s]))
    lates.append(np.max(np.abs(d[s][late])))
    firsts.append(np.max(np.abs(d[s][~late])))
    finals.append(d[j])
print("season  mean     end      max after day 1  max in day 1")
for k in range(len(means)):
    print(f"{k + 1:6d}  {means[k]:+.4f}  {finals[k]:+.4f}  {lates[k]:.4f}           {firsts[k]:.4f}")
check(abs(means[0]) <= 0.03 and lates[0] <= 0.1,
      f"season 1: mean {means[0]:+.4f} K (|.| <= 0.03), after the first day at most {lates[0]:.3f} K "
      "(<= 0.1, issue target)")
check(max(np.abs(means)) <= 0.03 and max(lates) <= 0.1,
      f"10 seasons: means within {max(np.abs(means)):.4f} K (<= 0.03), after the first day at most "
      f"{max(lates):.3f} K (<= 0.1; issue target 0.2 over 10 years)")
check(max(firsts) <= 0.4, f"first day of the seasons at 1-6 h steps at most {max(firsts):.3f} K (<= 0.4; "
      "time-step effect, see the small-step check)")
out = np.array(a["outlet_temperature_C"])
drift_axi = np.average(out[starts[-1]:ends[-1] + 1], weights=w[starts[-1]:ends[-1] + 1]) - \
    np.average(out[starts[0]:ends[0] + 1], weights=w[starts[0]:ends[0] + 1])
drift_line = drift_axi + means[-1] - means[0]
check(abs(drift_line - drift_axi) <= 0.02,
      f"season-mean outlet decline season 1 -> 10: 2D {drift_axi:+.3f} K, 3D {drift_line:+.3f} K (within 0.02)")
idle_end = np.flatnonzero(~on & np.r_[on[1:], False])  # last idle step before a season
check(len(idle_end) >= 8 and np.max(np.abs(d[idle_end])) <= 0.2,
      f"stagnant wellhead before each restart within {np.max(np.abs(d[idle_end])):.3f} K of 2D (<= 0.2)")

# The first two days with 0.1 h steps: the first hours' difference above is
# the step size's, not the coupling's.
a, d = pair("small_steps", {"End time": str(2 / 365.25), "Initial time step": "0.05",
                            "Maximum time step in operation": "0.1"})
h = np.array(a["time_s"]) / 3600
check(np.max(np.abs(d[h <= 1.0])) <= 0.15 and np.max(np.abs(d[h >= 4.0])) <= 0.03,
      f"0.1 h steps: first hour at most {np.max(np.abs(d[h <= 1.0])):.3f} K (<= 0.15), "
      f"from 4 h to 2 days at most {np.max(np.abs(d[h >= 4.0])):.3f} K (<= 0.03; at 3-4 h the "
      f"first fluid front leaves the well: {np.max(np.abs(d[(h > 2.5) & (h < 4.0)])):.3f} K, 20 m cells along "
      "the line against 2 m)")
check.finish()

"""Validation against a MEASURED thermal response test: Beier, Smith & Spitler
(2011), Geothermics 40:79-85, sandbox TRT (18.3 m single-U borehole in wet
sand, about 1 kW for 52 h; ../shared/validation/README.md, section 2).
The borehole is driven by the measured inlet temperature (linear between the
60 s rows) and the simulated outlet temperature is compared with the measured
outlet at every measured time after 1 h.
Metric: RMSE of the outlet temperature for t > 1 h; tolerance 0.2 K (issue,
validation README). Also printed: bias, largest error and when, and the
heat injected (simulated vs the measured (rho c V)(T_in - T_out)).

Inputs: exactly those of the validation README with the documented sand
conductivity 2.88 W/(m K) (not the OGS-calibrated 2.78) and the middle of the
documented rho c range (2.875e6); every input and its source is stated in
beier_sandbox.prm. Nothing was tuned to the measured outlet.

How the sandbox is approximated: the 1.8 m x 1.8 m box of sand is modelled as
homogeneous, effectively infinite ground around a vertical borehole (5 m of
sand beside and below it; orientation is irrelevant for pure conduction): the
thermal penetration depth sqrt(alpha t) after 52 h is 0.43 m, less than the
0.9 m half-width of the box. The top of the borehole is 2 m below a surface
held at the undisturbed 22.05 C with zero gradient, so the whole sand starts
uniform and the surface is never felt. The aluminium casing is not modelled.

Result when written (8,619 ground DoFs, 3,106 steps of 60 s, ~20 s on one
core): RMSE 0.115 K, bias +0.110 K (simulated outlet warmer), largest error
0.40 K at 1.1 h. Converged to ~0.01 K in RMSE over the meshes geoheat
accepts (see the prm) and to 1e-4 K in the time step. Sensitivities (RMSE):
sand rho c 2.55e6 / 3.2e6: 0.128 / 0.104; lambda 2.78: 0.123; T0 22.0 /
22.1 C: 0.112 / 0.119; flow 2.0e-4 m^3/s: 0.127.
The remaining positive bias (the model injects about 8 % less heat than
measured) comes from the borehole resistance: the multipole resistance from
the stated geometry and grout conductivity gives R_b = 0.20 m K/W (fluid to
wall, at 52 h) against the 0.165 m K/W reported by Beier et al. (the Modelica
Buildings validation imposes 0.165 instead of its multipole value; OGS
calibrated the grout conductivity to 0.806, with which geoheat gives RMSE
0.064 K, reported only). The early-time error (0.25-0.4 K in the 2nd hour)
adds the capacity of the casing, which is not modelled, and the near field
that a line coupling with a steady Peaceman correction cannot resolve before
t ~ h^2/alpha (h = 0.6 m cells next to the axis)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm

TOLERANCE = 0.2  # K, RMSE of the outlet temperature for t > 1 h
T_FROM = 3600.0  # s

args = parse_args()
data_file = os.path.join(args.shared, "validation/beier2011_sandbox_trt/Beier_Smith_Spitler_2011_SandBox.txt")
# Two header lines, then: time (s), inlet (C), outlet (C), heat rate / 1056 W.
data = np.loadtxt(data_file, skiprows=2)
t_meas, Tin_meas, Tout_meas = data[:, 0], data[:, 1], data[:, 2]

# The measured inlet as geoheat's operation series (not kept in the repository).
inlet_csv = os.path.join(args.work, "beier_sandbox_inlet.csv")
with open(inlet_csv, "w") as f:
    f.write("time_s, inlet_temperature_C\n")
    for t, T in zip(t_meas, Tin_meas):
        f.write(f"{t:.0f}, {T:.8f}\n")
prm = write_prm(os.path.join(args.work, "beier_sandbox.prm"),
                os.path.join(args.source, "tests/validation/beier_sandbox.prm"),
                {"Load file": inlet_csv})
out = os.path.join(args.work, "run")
run(args, prm, out)

check = Checks()
s = read_summary(out)
check(s["status"] == "completed", f"run completed ({s['n_time_steps']} steps, {s['wall_time_s']:.1f} s)")
check(s["max_energy_balance_rel_error"] < 1e-6, f"energy balance {s['max_energy_balance_rel_error']:.1e} < 1e-6")

ts = read_timeseries(out)
sim = {round(t): (Ti, To) for t, Ti, To in zip(ts["time_s"], ts["inlet_temperature_C"], ts["outlet_temperature_C"])}
later = t_meas > T_FROM
missing = [t for t in t_meas[later] if round(t) not in sim]
check(not missing, f"a simulated step ends at every measured time after 1 h ({len(missing)} missing)")
if missing:
    check.finish()
Tin_sim = np.array([sim[round(t)][0] for t in t_meas[later]])
Tout_sim = np.array([sim[round(t)][1] for t in t_meas[later]])
inlet_dev = np.abs(Tin_sim - Tin_meas[later]).max()
check(inlet_dev < 1e-6, f"simulated inlet = measured inlet at every measured time (max |dT| {inlet_dev:.1e} K)")

err = Tout_sim - Tout_meas[later]
rmse = float(np.sqrt(np.mean(err**2)))
worst = int(np.argmax(np.abs(err)))
print(f"outlet, {later.sum()} measured times after 1 h: RMSE {rmse:.4f} K, bias {err.mean():+.4f} K, "
      f"max |error| {abs(err[worst]):.4f} K at t = {t_meas[later][worst] / 3600:.2f} h")
for a, b in ((1, 3), (3, 6), (6, 12), (12, 24), (24, 40), (40, 52)):
    w = (t_meas[later] >= a * 3600) & (t_meas[later] < b * 3600)
    print(f"  {a:2d}-{b:2d} h: mean error {err[w].mean():+.3f} K, rms {np.sqrt(np.mean(err[w] ** 2)):.3f} K")
print(f"  at 52 h: simulated outlet {Tout_sim[-1]:.3f} C, measured {Tout_meas[-1]:.3f} C")

# Heat injected: simulated ground load vs the measured fluid-side heat rate.
rho, c, V = 995.6, 4178.0, 1.9787e-4  # as in beier_sandbox.prm
dt = np.diff(t_meas)
q_meas = rho * c * V * (Tin_meas - Tout_meas)
E_meas = float(np.sum(0.5 * (q_meas[1:] + q_meas[:-1]) * dt))
E_sim = -float(np.sum(np.array(ts["ground_load_W"]) * np.array(ts["time_step_s"])))
print(f"heat injected over 52 h: simulated {E_sim / 1e6:.1f} MJ, measured (rho c V)(T_in - T_out) "
      f"{E_meas / 1e6:.1f} MJ ({100 * (E_sim / E_meas - 1):+.1f} %)")

check(rmse <= TOLERANCE, f"outlet RMSE for t > 1 h {rmse:.3f} K <= {TOLERANCE} K")
check.finish()

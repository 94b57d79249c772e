"""Order of accuracy in time of the coupled run (issue #9).

Case: the 600 m coaxial well of tests/regression/small_well.prm with the
inlet temperature prescribed as a smooth signal, T_in(t) = 12 - 4 sin(2 pi t / 4 d)
(linear between knots every 8 h; the knots are events every step lands on),
constant flow, 8 days. Steps of 1, 0.5, 0.25 h and a reference at 1/32 h (all
constant: Initial time step = Maximum time step in operation).

Metric: e(dt) = max over the knots after day 2 of |T_out(dt) - T_out(ref)|.
Criterion: BDF2 converges at second order, e(1h)/e(0.5h) and e(0.5h)/e(0.25h) in 2^(2 +- 0.2)
(2 h steps are not yet asymptotic with the casing meshed: ratio 6.8); implicit Euler, run the same way, at first order (ratios within 2^(1 +- 0.25)),
so the test would notice a scheme that silently fell back to first order.
This is a verification of the time discretisation against the method's own
theory (no external data): the reference is the same model at an 8x finer step
than the finest tested.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
base = os.path.join(args.source, "tests/regression/small_well.prm")
days, knot_h, period_d = 8, 8, 4

signal = os.path.join(args.work, "inlet.csv")
with open(signal, "w") as f:
    f.write("time,value\n")
    for k in range(days * 24 // knot_h + 1):
        t_h = k * knot_h
        f.write(f"{t_h},{12 - 4 * math.sin(2 * math.pi * t_h / (24 * period_d))!r}\n")


def outlet(dt_h, scheme):
    name = f"{scheme.replace(' ', '_')}_{dt_h}"
    prm = write_prm(os.path.join(args.work, name + ".prm"), base, {
        "End time": repr(days / 365.0), "Initial time step": str(dt_h),
        "Maximum time step in operation": str(dt_h), "Output interval": "0",
        None: ["subsection Operation", "  set Inlet control = inlet temperature",
               "  set Schedule = file", f"  set Load file = {signal}", "  set Load file time unit = hours",
               "  set Interpolation = linear", "  set Flow rate = 0.004", "end",
               "subsection Time", f"  set Scheme = {scheme}", "end"]})
    out = os.path.join(args.work, name)
    run(args, prm, out)
    ts = read_timeseries(out)
    t = np.array(ts["time_s"]) / 3600.0
    T = np.array(ts["outlet_temperature_C"])
    knots = np.arange(48, days * 24 + 1e-9, knot_h)
    idx = [int(np.argmin(np.abs(t - k))) for k in knots]
    assert np.max(np.abs(t[idx] - knots)) < 1e-6, "steps must land on the knots"
    return T[idx]


for scheme, low, high in (("BDF2", 2 ** 1.8, 2 ** 2.2), ("implicit Euler", 2 ** 0.75, 2 ** 1.25)):
    ref = outlet(0.03125, scheme)
    errors = {dt: np.max(np.abs(outlet(dt, scheme) - ref)) for dt in (1, 0.5, 0.25)}
    print(f"{scheme}: max |T_out - T_out(1/32 h)| after day 2: " +
          ", ".join(f"{dt} h: {e:.3e} K" for dt, e in errors.items()))
    for a, b in ((1, 0.5), (0.5, 0.25)):
        ratio = errors[a] / errors[b]
        check(low <= ratio <= high, f"{scheme}: error ratio {a} h / {b} h = {ratio:.2f} "
                                    f"(observed order {math.log2(ratio):.2f}; band {low:.2f}..{high:.2f})")
check.finish()

"""Bad field input gets the one-line error naming the file, the entry and the
problem, a non-zero exit, no stack trace and no summary.json: boreholes
closer than their diameter, pipes that do not fit, a malformed coordinate
file, a mesh too fine for the line coupling, groundwater with the wrong
number of layers or faster than Darcy flow; `geoheat gfunction` with a step
growth factor BDF2 cannot take, a condition listed twice, MIFT on series
strings, a deep-well file; own plants with a heat pump."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "regression"))
from geoheat_test import Checks, parse_args, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/field/small_field.prm")
check = Checks()


def expect_error(name, prm, expected, extra=()):
    out = os.path.join(args.work, name + "_out")
    r = run(args, prm, out, check=False, extra=extra)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    ok = (r.returncode == 1 and len(lines) == 1 and lines[0].startswith("geoheat: error: ")
          and all(e in lines[0] for e in expected) and "Stacktrace" not in r.stderr
          and not os.path.exists(os.path.join(out, "summary.json")))
    check(ok, f"{name}: exit {r.returncode}, message: {lines[0] if lines else '(none)'}")


def variant(name, replacements):
    return write_prm(os.path.join(args.work, name + ".prm"), base, replacements)


expect_error("boreholes too close", variant("too_close", {"Spacing x": "0.1"}),
             ["too_close.prm", "Borehole field/Spacing x"])
expect_error("pipes do not fit", variant("pipes", {"Shank spacing": "0.13"}),
             ["pipes.prm", "Borehole heat exchanger/Shank spacing", "do not fit"])
coords = os.path.join(args.work, "coords.csv")
with open(coords, "w") as f:
    f.write("x,y\n0,0\n6,abc\n")
expect_error("malformed coordinates", variant("coords", {"Layout": "file", None: [
    "subsection Borehole field", "  set Coordinates file = " + coords, "end"]}),
    ["coords.csv", "line 3"])
expect_error("mesh too fine", variant("fine", {"Borehole cell size": "0.2"}),
             ["fine.prm", "Field mesh/Borehole cell size", "equivalent radius"])
# Groundwater: one Darcy velocity per layer, and no faster than Darcy flow goes
groundwater = lambda ux: {None: ["subsection Ground", "  subsection Groundwater",
                                 "    set Darcy velocity x = " + ux, "  end", "end"]}
expect_error("groundwater per layer", variant("gw_layers", groundwater("1e-7, 0, 0, 0")),
             ["gw_layers.prm", "Ground/Groundwater/Darcy velocity x", "one value per layer"])
expect_error("groundwater too fast", variant("gw_fast", groundwater("0, 0.01")),
             ["gw_fast.prm", "Ground/Groundwater/Darcy velocity", "faster than 1e-3 m/s"])
# geoheat gfunction
gfunction = lambda entries: {None: ["subsection G-function"] + ["  set " + e for e in entries] + ["end"]}
expect_error("gfunction growth", variant("gf_growth", gfunction(["Step growth factor = 3"])),
             ["gf_growth.prm", "G-function/Step growth factor", "at most 2"], ["gfunction"])
expect_error("gfunction twice", variant("gf_twice", gfunction(["Boundary conditions = UHTR, UHTR"])),
             ["gf_twice.prm", "G-function/Boundary conditions", "listed twice"], ["gfunction"])
series = variant("gf_series", {"Connection": "series", **gfunction(["Boundary conditions = MIFT"])})
expect_error("gfunction MIFT in series", series,
             ["gf_series.prm", "Borehole field/Connection", "parallel"], ["gfunction"])
expect_error("gfunction of a deep well", os.path.join(args.source, "params/examples/beijing_hub_2745m.prm"),
             ["beijing_hub_2745m.prm", "Model", "borehole field"], ["gfunction"])
# Own plants with the building load through one heat pump: refused (its fluid limits)
park = os.path.join(args.source, "params/examples/green_heart_park_field.prm")
expect_error("own plants with a heat pump",
             write_prm(os.path.join(args.work, "own_hp.prm"), park, {
                 "Load file": os.path.join(args.source, "params/loads/beijing_city_park.csv"),
                 None: ["subsection Borehole field", "  set Plant = per string", "end"]}),
             ["own_hp.prm", "Borehole field/Plant", "Plant = shared"])
check.finish()

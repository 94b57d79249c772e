"""Bad input gets one clear line naming the file, the entry and the problem,
a non-zero exit code, no stack trace, and no result that looks complete."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/regression/small_well.prm")
check = Checks()


def expect_error(name, prm, expected, out=None, np=1):
    out = out or os.path.join(args.work, name + "_out")
    r = run(args, prm, out, np=np, check=False)
    # under mpirun, mpirun adds its own report after ours: keep geoheat's lines
    lines = [l for l in r.stderr.splitlines() if l.strip() and (np == 1 or l.startswith("geoheat"))]
    ok = (r.returncode != 0 and len(lines) == 1 and lines[0].startswith("geoheat: error: ")
          and all(e in lines[0] for e in expected) and "Stacktrace" not in r.stderr
          and not os.path.exists(os.path.join(out, "summary.json")))
    check(ok, f"{name}: exit {r.returncode}, message: {lines[0] if lines else '(none)'}")


def variant(name, replacements):
    return write_prm(os.path.join(args.work, name + ".prm"), base, replacements)


# unknown (misspelled) entry
p = variant("unknown_entry", {None: ["subsection Well", "  set Depht = 100", "end"]})
expect_error("unknown entry", p, ["unknown_entry.prm", "Depht"])
# wrong type
p = variant("wrong_type", {"Depth": "deep"})
expect_error("wrong type", p, ["wrong_type.prm", "deep", "Depth"])
# impossible geometry: centre pipe wider than the casing
p = variant("centre_pipe_too_wide", {"Centre pipe outer diameter": "0.2"})
expect_error("impossible geometry", p, ["centre_pipe_too_wide.prm", "Well/Centre pipe outer diameter",
                                        "must fit inside the casing"])
# inconsistent lists
p = variant("layer_count", {"Thermal conductivities": "1.8"})
expect_error("layer count", p, ["layer_count.prm", "Ground/Thermal conductivities", "one value per layer"])
# malformed and non-monotonic load files
csv_bad = os.path.join(args.work, "non_monotonic.csv")
with open(csv_bad, "w") as f:
    f.write("time_h,load_W\n0,1000\n10,2000\n5,3000\n")
p = variant("load_non_monotonic", {"Schedule": "file", None: ["subsection Operation", "  set Load file = " + csv_bad, "end"]})
expect_error("non-monotonic load CSV", p, ["non_monotonic.csv", "line 4", "increase"])
csv_nan = os.path.join(args.work, "malformed.csv")
with open(csv_nan, "w") as f:
    f.write("time_h,load_W\n0,1000\n10,abc\n")
p = variant("load_malformed", {"Schedule": "file", None: ["subsection Operation", "  set Load file = " + csv_nan, "end"]})
expect_error("malformed load CSV", p, ["malformed.csv", "line 3", "'abc'"])
p = variant("load_missing", {"Schedule": "file", None: ["subsection Operation", "  set Load file = " + os.path.join(args.work, "nope.csv"), "end"]})
expect_error("missing load file", p, ["nope.csv", "cannot open"])
# missing parameter file
expect_error("missing parameter file", os.path.join(args.work, "does_not_exist.prm"),
             ["does_not_exist.prm", "cannot open"])
# unwritable output directory (also under MPI)
for np in (1, 2):
    expect_error(f"unwritable output np={np}", base, ["/proc/geoheat_out", "Output/Directory"],
                 out="/proc/geoheat_out", np=np)
# physically impossible values: refused with the admissible range and why
p = variant("end_time_huge", {"End time": "1e9"})
expect_error("End time 1e9 years", p, ["end_time_huge.prm", "Time/End time", "1000 years"])
p = variant("conductivity_huge", {"Thermal conductivities": "1.8, 1e300"})
expect_error("conductivity 1e300", p, ["conductivity_huge.prm", "Ground/Thermal conductivities",
                                       "between 0.05 and 20"])
p = variant("heat_capacity_tiny", {"Volumetric heat capacities": "2.6e6, 10"})
expect_error("heat capacity 10", p, ["heat_capacity_tiny.prm", "Ground/Volumetric heat capacities",
                                     "between 2e5 and 1e7"])
# a bad date
p = variant("bad_date", {"Season start": "11-31"})
expect_error("bad date", p, ["bad_date.prm", "Operation/Season start", "MM-DD"])
# building loads (heat pump runs): the file's problems name the file and line
hp_base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")


def hp_variant(name, csv_text=None, replacements=None, extra=()):
    r = dict(replacements or {})
    if csv_text is not None:
        path = os.path.join(args.work, name + ".csv")
        with open(path, "w") as f:
            f.write(csv_text)
        r["Load file"] = path
    else:
        r.setdefault("Load file", os.path.join(args.source, "params/loads/beijing_hub.csv"))
    r[None] = list(extra)
    return write_prm(os.path.join(args.work, name + ".prm"), hp_base, r)


no_repeat = {"End time": "0.001"}
hp_cases = [
    ("load_gap", "time_h,heating_load_kW\n0,10\n1,10\n3,10\n", ["load_gap.csv", "line 4", "gap"]),
    ("load_nan", "time_h,heating_load_kW\n0,10\n1,nan\n", ["load_nan.csv", "line 3", "'nan'"]),
    ("load_negative", "time_h,heating_load_kW\n0,10\n1,-5\n", ["load_negative.csv", "line 3", "must not be negative"]),
    ("load_short_year", "time_h,heating_load_kW\n0,10\n1,5\n", ["load_short_year.csv", "cover the whole year"]),
]
for name, text, expected in hp_cases:
    expect_error(name.replace("_", " "), hp_variant(name, text), expected)
p = hp_variant("load_unknown_column", "time_h,heat_kW\n0,10\n1,5\n", no_repeat,
               ["subsection Building load", "  set Repeat yearly = false", "end"])
expect_error("load unknown column", p, ["load_unknown_column.csv", "column 'heat_kW'"])
p = hp_variant("load_too_short", "time_h,heating_load_kW\n0,10\n1,5\n", {},
               ["subsection Building load", "  set Repeat yearly = false", "end"])
expect_error("multi-year load shorter than the run", p, ["load_too_short.csv", "covers", "End time"])
p = hp_variant("curve_without_outdoor", "time_h,heating_load_kW\n" + "".join(f"{h},10\n" for h in range(8760)), {},
               ["subsection Heat pump", "  set Supply temperature control = heating curve", "end"])
expect_error("heating curve without outdoor temperature", p,
             ["curve_without_outdoor.prm", "Heat pump/Supply temperature control", "outdoor_temperature_C"])
p = hp_variant("cop_table_size", None, {"COP model": "table"},
               ["subsection Heat pump", "  set COP table source temperatures = 0, 10",
                "  set COP table supply temperatures = 35, 45", "  set COP table values = 3, 4, 5", "end"])
expect_error("COP table size", p, ["cop_table_size.prm", "Heat pump/COP table values", "needs 4 values"])
p = variant("design_without_building", {})
r = run(args, p, os.path.join(args.work, "design_out"), extra=["design"], check=False)
check(r.returncode == 1 and "design_without_building.prm: Operation/Inlet control" in r.stderr,
      f"design without a building load: exit {r.returncode}, {r.stderr.strip()}")
# --validate also reads the Design subsection (a bad entry once showed up only in design studies)
p = variant("design_depth_range", {None: ["subsection Design", "  set Depth range = 3000, 2000", "end"]})
r = run(args, p, os.path.join(args.work, "design_range_out"), extra=["--validate"], check=False)
check(r.returncode == 1 and "design_depth_range.prm: Design/Depth range" in r.stderr,
      f"--validate with a bad Design entry: exit {r.returncode}, {r.stderr.strip()}")
# --validate accepts the good file and writes nothing
r = run(args, base, os.path.join(args.work, "validate_out"), extra=["--validate"], check=False)
check(r.returncode == 0 and "parameters are valid" in r.stdout
      and not os.path.exists(os.path.join(args.work, "validate_out")), "--validate on a good file")
# measured temperature logs (Geotherm = temperature log): bad depth order, NaN,
# a gap, a log that does not reach the model bottom without an extension rule
def log_case(name, rows, expected, extra=()):
    path = os.path.join(args.work, name + ".csv")
    with open(path, "w") as f:
        f.write("depth_m,temperature_C\n" + "".join(f"{z},{T}\n" for z, T in rows))
    p = variant(name, {"Geotherm": "temperature log",
                       None: ["subsection Ground", "  set Temperature log file = " + path, *extra, "end"]})
    expect_error(name, p, [name, *expected])


log_case("log_not_monotonic", [(0, 12), (50, 14), (40, 15)], ["line 4", "depth must increase"])
log_case("log_nan", [(0, 12), (50, "nan"), (100, 15)], ["line 3", "'nan'"])
log_case("log_gap", [(0, 12), (50, 14), (400, 25)], ["gap of 350", "maximum gap"])
log_case("log_too_short", [(0, 12), (50, 14), (100, 15)], ["Temperature log file", "ends at 100",
                                                          "Temperature log extension"],
         ["  set Temperature log extension = none"])

# antifreeze: a minimum fluid temperature below the mixture's freezing point,
# and a property temperature outside the correlation's range
hp_base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
p = write_prm(os.path.join(args.work, "below_freezing.prm"), hp_base,
              {"Minimum fluid temperature": "-5", "Load file": os.path.join(args.source, "params/loads/beijing_hub.csv"),
               None: ["subsection Fluid", "  set Type = propylene glycol", "  set Glycol mass fraction = 0.1", "end"]})
expect_error("below freezing", p, ["below_freezing.prm", "Heat pump/Minimum fluid temperature",
                                   "freezing point of 10 % propylene glycol"])
p = write_prm(os.path.join(args.work, "property_T.prm"), base,
              {None: ["subsection Fluid", "  set Type = ethylene glycol", "  set Property temperature = -30", "end"]})
expect_error("property temperature", p, ["property_T.prm", "Fluid/Property temperature", "outside"])

# a binary file given as the parameter file: one line, no raw bytes echoed
binary = os.path.join(args.work, "binary.prm")
with open(binary, "wb") as f:
    f.write(bytes((i * 73 + 41) % 256 for i in range(600)))
expect_error("binary file (NUL bytes)", binary, ["binary.prm", "not a text parameter file", "NUL byte"])
# text-like garbage without NUL bytes: escape sequences and invalid UTF-8 become
# '?' and the quoted line is cut short; valid UTF-8 (a Chinese comment) stays
garbage = os.path.join(args.work, "garbage.prm")
with open(garbage, "wb") as f:
    f.write(b"\x1b[2J\x07\xc0\x9a\xed\xa0\x80" + bytes(range(1, 10)) + bytes(range(0x80, 0xff)) + b"\n")
r = run(args, garbage, os.path.join(args.work, "garbage_out"), check=False)
lines = [l for l in r.stderr.splitlines() if l.strip()]
printable = all(c.isprintable() for c in r.stderr.rstrip("\n"))
check(r.returncode == 1 and len(lines) == 1 and lines[0].startswith("geoheat: error: ") and printable and
      len(lines[0]) < 400 and "...>" in lines[0] and "could not be parsed" in lines[0],
      f"garbage parameter file: exit {r.returncode}, one printable line of {len(lines[0]) if lines else 0} "
      f"characters, quote cut: {lines[0][:200] if lines else '(none)'}")
p = variant("chinese_value", {"Thermal conductivities": "1.8, 地热"})
expect_error("UTF-8 in a value", p, ["chinese_value.prm", "1.8, 地热", "Thermal conductivities"])

check.finish()

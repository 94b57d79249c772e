"""Bad input gets one clear line naming the file, the entry and the problem,
a non-zero exit code, no stack trace, and no result that looks complete."""
import os
import re
import sys
import zlib

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
# groundwater needs the 3D ground: the axisymmetric deep well refuses it
p = variant("deep_groundwater", {None: ["subsection Ground", "  subsection Groundwater",
                                        "    set Darcy velocity x = 1e-7, 0", "  end", "end"]})
expect_error("groundwater in the deep well", p, ["deep_groundwater.prm",
             "Ground/Groundwater/Darcy velocity x", "Model = borehole field"])
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
# a depth of 2.5e120 m: the message printed its 121 digits twice (fuzzing)
log_case("log_huge_gap", [(0, 12), (50, 14), ("2.5e120", 15)], ["gap of 2.5e+120 m", "maximum gap"])
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

# Found by fuzzing (tests/fuzz, scripts/fuzz.sh): inputs that crashed or hung.
# A parameter file that includes itself recursed until the stack overflowed
# (segmentation fault); an include of /dev/zero never ended.
self_include = os.path.join(args.work, "self_include.prm")
with open(self_include, "w") as f:
    f.write("# comment\ninclude " + self_include + "\n")
expect_error("self include", self_include, ["self_include.prm", "line 2", "include cycle"])
cycle_a, cycle_b = (os.path.join(args.work, n) for n in ("cycle_a.prm", "cycle_b.prm"))
with open(cycle_a, "w") as f:
    f.write("include " + cycle_b + "\n")
with open(cycle_b, "w") as f:
    f.write("include " + cycle_a + "\n")
expect_error("include cycle", cycle_a, ["cycle_b.prm", "cycle_a.prm", "include cycle"])
dev_zero = os.path.join(args.work, "dev_zero.prm")
with open(dev_zero, "w") as f:
    f.write("include /dev/zero\n")
expect_error("include /dev/zero", dev_zero, ["dev_zero.prm", "/dev/zero", "not a readable file"])
# "include" followed by blanks and a comment only: an std::out_of_range
# escaped the include check (found by fuzz.parsers in CI)
empty_include = os.path.join(args.work, "empty_include.prm")
with open(empty_include, "w") as f:
    f.write("# comment\ninclude   # nothing named\n")
expect_error("include without a file", empty_include, ["empty_include.prm", "line 2", "no file named"])

# Found by fuzzing (tests/fuzz, scripts/fuzz.sh): each was a crash, an exit 3
# with a message naming no file, or raw bytes / kilobytes on the terminal.
def one_printable_line(name, prm, expected):
    r = run(args, prm, os.path.join(args.work, name + "_out"), check=False)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    ok = (r.returncode == 1 and len(lines) == 1 and lines[0].startswith("geoheat: error: ")
          and all(c.isprintable() for c in lines[0]) and len(lines[0]) < 400
          and all(e in lines[0] for e in expected))
    check(ok, f"{name}: exit {r.returncode}, {len(lines)} line(s), "
              f"{len(lines[0]) if lines else 0} chars: {lines[0][:200] if lines else '(none)'}")


# bytes >= 0x80 in a list of numbers passed deal.II's pattern: exit 3, no file or entry
p = variant("list_high_bytes", {"Thermal conductivities": "HIGH_BYTES"})
with open(p, "rb") as f:
    raw = f.read().replace(b"HIGH_BYTES", b"\x9d\x9d\xf1\xea\x9d\x99.4\xe1a\xe1{\xe1")
with open(p, "wb") as f:
    f.write(raw)
one_printable_line("list_high_bytes", p, ["list_high_bytes.prm", "Ground/Thermal conductivities",
                                          "not a finite number"])
# a value deal.II's Bool pattern let through but get_bool refused: exit 3, no file
p = variant("bool_braces", {None: ["subsection Output", "  set Write HDF5 = fal{e", "end"]})
one_printable_line("bool_braces", p, ["bool_braces.prm", "Write HDF5", "fal{e"])
# a 3 kB value that fails its pattern: the whole value was echoed
p = variant("long_bad_value", {"Depth": "2" + "x" * 3000})
one_printable_line("long_bad_value", p, ["long_bad_value.prm", "Depth", "..."])
# XML: a value or an element name holding '>' ended deal.II's <...> quote
# early and the rest was echoed whole (404 characters; found by fuzz.parsers in CI)
def xml_file(name, body):
    path = os.path.join(args.work, name + ".xml")
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<ParameterHandler>' + body + "</ParameterHandler>\n")
    return path


p = xml_file("xml_value_gt", "<Ground><Geotherm><value>heat&gt;" + "x" * 300 + "</value></Geotherm></Ground>")
one_printable_line("xml_value_gt", p, ["xml_value_gt.xml", "x...> does not match the given pattern"])
name = "Z_3e" + "Q" * 400
p = xml_file("xml_name_gt", f"<Ground><{name}><value>3</value></{name}></Ground>")
one_printable_line("xml_name_gt", p, ["xml_name_gt.xml", "Q...> you have not yet declared"])
# control characters and a 2 kB field in a load file: echoed raw, unbounded
p = hp_variant("load_raw_bytes", "time_h,heating_load_kW\n0,10\n1,\x1b[2J\x07" + "9" * 2000 + "z\n")
one_printable_line("load_raw_bytes", p, ["load_raw_bytes.csv", "line 3", "...' is not a finite number"])
# a header with a trailing comma names an empty column: its name was read
# past the end of a vector (undefined behaviour) for a negative value
p = hp_variant("load_trailing_comma", "time_h,\n0,10\n1,-5\n")
one_printable_line("load_trailing_comma", p, ["load_trailing_comma.csv", "line 3", "must not be negative"])

# an include path holding '<' (an unclosed quote to the message cleaner) and
# multi-byte characters: the 240-byte cut of the whole message split a UTF-8
# sequence, leaving a lone lead byte on the terminal (found by a long fuzz
# campaign). Two file names one character apart: the cut lands after a lead
# byte for one of them, whatever the length of the work folder's path.
for name in ("include_utf8_cut", "include_utf8_cut_"):
    p = os.path.join(args.work, name + ".prm")
    with open(p, "w", encoding="utf-8") as f:
        f.write("include <" + "é" * 150 + "\n")
    one_printable_line(name, p, [name + ".prm", "include: '<éé", "é..."])

# a checkpoint's meta.txt edited by hand with its checksum recomputed, listing
# 2.5e9 ranks: the reader allocated 2.5e9 rank entries (out of memory); now the
# checkpoint is damaged: one line, exit 1 (Keep = 1: no older one to fall back to)
p = variant("ckpt_counts", {"End time": "0.02", None: ["subsection Checkpoint", "  set Steps = 2",
                                                       "  set Keep = 1", "end"]})
out = os.path.join(args.work, "ckpt_counts_out")
run(args, p, out)
ckpt_dir = os.path.join(out, "checkpoint")
newest = sorted(n for n in os.listdir(ckpt_dir) if n.startswith("ckpt-"))[-1]
meta_path = os.path.join(ckpt_dir, newest, "meta.txt")
with open(meta_path, "rb") as f:
    meta = f.read()
body = re.sub(rb"(?m)^n_ranks \d+", b"n_ranks 2506050600", meta[:meta.rfind(b"meta_crc32 ")])
with open(meta_path, "wb") as f:
    f.write(body + b"meta_crc32 %08x\n" % zlib.crc32(body))
r = run(args, p, out, extra=["--resume"], check=False)
lines = [l for l in r.stderr.splitlines() if l.strip()]
check(r.returncode == 1 and len(lines) == 1 and "lists no checksums" in lines[0] and "--resume" in lines[0],
      f"checkpoint listing 2.5e9 ranks: exit {r.returncode}, {lines[0][:200] if lines else '(none)'}")

check.finish()

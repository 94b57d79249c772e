#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ from the shipped
examples (params/, params/loads/, tests/): parameter files in .prm, .json and
.xml syntax (file entries renamed to the small files the harness keeps in
its scratch directory), heads of the load files, coordinates, temperature
logs, COP tables and checkpoint meta.txt files. Re-run after changing the
examples; the result is committed (a few hundred KB)."""
import json
import os
import re
import struct
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "../.."))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus")


def put(target, name, text):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)


def read(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


# ---- parameter files: the shipped ones, file entries pointing at the harness's files
PRM = ["params/examples/beijing_hub_2745m.prm", "params/examples/beijing_hub_heat_pump.prm",
       "params/examples/green_heart_park_field.prm", "params/validation/brown2023_922m.prm",
       "params/validation/tsinghua_trend_2500m.prm", "tests/regression/small_well.prm",
       "tests/regression/small_well_heat_pump.prm", "tests/field/field_5x2_gfunction.prm",
       "tests/field/single_borehole_fls.prm", "tests/field/small_field.prm"]


def set_entry(text, section, entry, value):
    """text with `set entry = value` in subsection section (added if absent)."""
    pattern = re.compile(r"^(\s*set\s+" + re.escape(entry) + r"\s*=).*$", re.M)
    if pattern.search(text):
        return pattern.sub(lambda m: m.group(1) + " " + value, text)
    return text + f"\nsubsection {section}\n  set {entry} = {value}\nend\n"


prm_files = {}
for path in PRM:
    text = re.sub(r"(set Load file\s*=).*", r"\1 load.csv", read(path))
    prm_files[os.path.basename(path)] = text
well = read("tests/regression/small_well.prm")
prm_files["small_well_operation_file.prm"] = set_entry(
    set_entry(set_entry(well, "Operation", "Schedule", "file"), "Operation", "Load file",
              "operation.csv"), "Operation", "Load file time unit", "days")
prm_files["small_well_temperature_log.prm"] = set_entry(
    set_entry(well, "Ground", "Geotherm", "temperature log"), "Ground", "Temperature log file",
    "log.csv")
prm_files["small_field_coordinates.prm"] = set_entry(
    set_entry(read("tests/field/small_field.prm"), "Borehole field", "Layout", "file"),
    "Borehole field", "Coordinates file", "coordinates.csv")
prm_files["cop_table.prm"] = set_entry(set_entry(set_entry(set_entry(
    read("tests/regression/small_well_heat_pump.prm"), "Heat pump", "COP model", "table"),
    "Heat pump", "COP table source temperatures", "0, 10"),
    "Heat pump", "COP table supply temperatures", "35, 55"),
    "Heat pump", "COP table values", "4.1, 5.3, 2.9, 3.6")
prm_files["design.prm"] = (read("tests/regression/small_well_heat_pump.prm") +
                           "\nsubsection Design\n  set Find = depth\n  set Depth range = 800, 3000\nend\n")
prm_files = {k: re.sub(r"(set Load file\s*=).*", r"\1 load.csv", v) if not re.search(r"Schedule\s*=\s*file", v)
             else v for k, v in prm_files.items()}


def prm_tree(text):
    """The subsections and entries of a .prm file as nested dicts."""
    root, stack = {}, []
    node = root
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("subsection "):
            stack.append(node)
            node = node.setdefault(line[len("subsection "):].strip(), {})
        elif line == "end":
            node = stack.pop()
        elif line.startswith("set "):
            key, _, value = line[4:].partition("=")
            node[key.strip()] = value.strip()
    return root


def mangle(name):
    """deal.II's XML element names: characters other than [a-zA-Z0-9] as _XX."""
    return "".join(c if c.isalnum() else "_%02x" % ord(c) for c in name)


def xml(node):
    out = []
    for k, v in node.items():
        inner = xml(v) if isinstance(v, dict) else f"<value>{v}</value>"
        out.append(f"<{mangle(k)}>{inner}</{mangle(k)}>")
    return "".join(out)


for name, text in prm_files.items():
    stem = name[:-4]
    put("parameter_prm", name, text)
    tree = prm_tree(text)
    put("parameter_json", stem + ".json", json.dumps(tree, indent=1) + "\n")
    put("parameter_xml", stem + ".xml",
        '<?xml version="1.0" encoding="utf-8"?>\n<ParameterHandler>' + xml(tree) +
        "</ParameterHandler>\n")

# ---- building loads: heads of the shipped hourly years, and a whole year
for name in ("beijing_hub.csv", "beijing_city_park.csv"):
    lines = read("params/loads/" + name).splitlines(True)
    put("building_load", name, "".join(lines[:60]))
year = ["time_h,heating_load_kW,cooling_load_W\n"] + [
    f"{h},{max(0, 300 - h // 30)},{max(0, h // 30 - 200) * 1000}\n" for h in range(0, 8760, 24)]
put("building_load", "daily_year.csv", "".join(year))
put("building_load", "outdoor.csv",
    "# comment\ntime_h,heating_load_MW,outdoor_temperature_C\n0,0.2,-3\n1,0.1,2\n2,0,14\n")

# ---- operation series
put("operation_series", "inlet_flow.csv", "time_d,inlet_C,flow_m3_per_s\n0,10,0.01\n30,5,0.02\n60,8,0\n")
put("operation_series", "extraction.csv", "time_h,heat_W\n0,100000\n12.5,50000\n24,0\n")
put("operation_series", "yearly.csv", "# yearly\ntime_s,value\n0,1e5\n15552000,-5e4\n")

# ---- temperature logs
put("temperature_log", "log.csv", "depth_m,temperature_C\n0,12\n100,15\n500,25\n3000,95\n")
put("temperature_log", "dense.csv", "depth_m,temperature_C\n" +
    "".join(f"{z},{12 + 0.03 * z:.2f}\n" for z in range(0, 3200, 50)))

# ---- borehole coordinates
put("field_layout", "xy.csv", "x,y\n0,0\n6,0\n0,6.5\n6,6\n")
put("field_layout", "xyld.csv", "x,y,length,buried_depth\n0,0,90,4\n5,5,80,0\n")
put("field_layout", "bom.csv", "\ufeffx,y,buried_depth\n# row 1\n0,0,3\n10,0,2\n")
put("field_layout", "grid.csv", "x,y\n" + "".join(f"{6 * i},{6 * j}\n" for i in range(5) for j in range(4)))

# ---- COP tables: three lines (source temperatures, supply temperatures, values)
put("cop_table", "2x2", "0, 10\n35, 55\n4.1, 5.3, 2.9, 3.6\n")
put("cop_table", "3x1", "-5, 0, 7\n45\n3.1, 3.5, 4.4\n")
put("cop_table", "1x1", "5\n40\n4\n")

# ---- checkpoints: meta.txt as geoheat writes it (format 2), without the
# checksum trailer (the harness appends it) and with one that is wrong
state = struct.pack("<2d", 1.5, -2.25)
rank = f"rank_files {len(state)} {zlib.crc32(state):08x}\n"


def block(key, s):
    return f"{key} {len(s.encode())}\n{s}\n"


params = "Ground/Thermal conductivities = 2.5\nWell/Depth = 2000\n"
fields = "3 2\n0 solution-00000.pvtu\n864000 solution-00001.pvtu\n1\n12\n<Grid>x</Grid>"
stats = "statistics 12 1 40 1 4 12 3 5 9 1.2e12 0.001 2 0 0\n"
meta = ("geoheat-checkpoint 2\nn_ranks 1\ntime 864000 86400 86400 10 0 1\n"
        "timeseries_bytes 1234\nwells_bytes 0\nn_profiles 2\nwall_time_s 3.5\n"
        "n_factorizations 4\n" + stats + block("field_writer", fields) +
        block("borehole_lines", "1\n0 boreholes-00000.vtp\n") + block("parameters", params) + rank)
put("checkpoint", "meta.txt", meta)
put("checkpoint", "meta_changed_parameters.txt", meta.replace("Depth = 2000", "Depth = 2500"))
put("checkpoint", "meta_bad_crc.txt", meta + "meta_crc32 00000000\n")
put("checkpoint", "meta_version1.txt", meta.replace("checkpoint 2", "checkpoint 1"))
print("seeds written to", CORPUS)

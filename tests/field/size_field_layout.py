"""scripts/size_field.py --area: the smallest number of boreholes of a given
length on a given area (issue #12, "the smallest number of boreholes on a given
rectangle ... layouts rectangle/L/U/box"). Ahmadfard & Bernier's test-1a
borehole and ground (params/validation/ahmadfard2019_test1.prm) with the hourly
ground load x 6, 50 m boreholes on 12 x 12 m, spacing 4-8 m, one year on the
fast path. Consistency checks of the search (not validation):
- the answer keeps the fluid within 0 .. 35 C and the candidate just before it
  in the search order (fewer boreholes) does not: the bisection ended on
  adjacent candidates;
- geoheat's count of every layout tried equals the script's (the script exits
  otherwise);
- the answer needs more boreholes than one and fewer than the largest layout.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args

args = parse_args()
check = Checks()
scripts = os.path.join(args.source, "scripts")
load = os.path.join(args.work, "load.csv")
subprocess.run([sys.executable, os.path.join(scripts, "ghetool_load.py"),
                os.path.join(args.shared, "validation", "sizing_ahmadfard_bernier2019", "test1", "test1a.csv"),
                load, "--scale", "6"], check=True)
result = os.path.join(args.work, "layout.json")
r = subprocess.run([sys.executable, os.path.join(scripts, "size_field.py"),
                    os.path.join(args.source, "params", "validation", "ahmadfard2019_test1.prm"),
                    "--min-fluid", "0", "--max-fluid", "35", "--area", "12", "12", "--spacing", "4", "8",
                    "--length", "50", "--geoheat", args.geoheat, "--work", os.path.join(args.work, "runs"),
                    "--json", result, "--set", f"Operation/Load file={load}", "--set", "Time/End time=1",
                    "--set", "Operation/Flow rate=0.0025"], capture_output=True, text=True)
print(r.stdout, r.stderr)
check(r.returncode == 0, f"size_field.py --area exited with {r.returncode}")
if r.returncode == 0:
    with open(result) as f:
        d = json.load(f)
    tried = {t["index"]: t for t in d["tried"]}
    k = d["answer_index"]
    lo, hi = d["outlet_range_C"]
    check(tried[k]["feasible"] and 0 <= lo and hi <= 35,
          f"answer {d['layout']} {d['n_x']} x {d['n_y']}, {d['n_boreholes']} boreholes: outlet "
          f"{lo:.2f} .. {hi:.2f} C within 0 .. 35 C")
    check(k > 0 and k - 1 in tried and not tried[k - 1]["feasible"],
          f"the candidate before it ({tried.get(k - 1, {}).get('layout')} with "
          f"{tried.get(k - 1, {}).get('n')} boreholes) is outside the limits: adjacent candidates")
    check(1 < d["n_boreholes"] < max(t["n"] for t in d["tried"]),
          f"{d['n_boreholes']} boreholes, of {d['candidates']} candidates in {d['runs']} runs")
check.finish()

"""Design studies and the study plots (scripts/study.py command = "design",
postprocess/plot_study.py; issue #10), whole program.

- One at a time: tests/regression/small_well_heat_pump.prm (1 year), rock
  conductivity factor 0.8/1.2, basal heat flux 0.06/0.08 W/m^2, flow rate
  0.003/0.005 m^3/s around the file's values (7 runs, 2 jobs).
  plot_study.py writes tornado.png, response.png and per_year.png (PNG files
  that are not blank) and tornado.csv, whose parameter order per output is
  the order of the swings recomputed here from results.csv (max - min over
  the parameter's rows and the base row), with the same swings.
  Physics (can fail): the minimum outlet temperature rises with the heat
  flux (hotter ground); at the same building load, more flow means a smaller
  temperature drop in the heat pump, so the coldest inlet is warmer.
- Design study: a 6-sample Latin hypercube of the same well (1 year) with
  `geoheat design` per sample (Find = load scale): design.load_scale and the
  other design columns in results.csv equal each sample's design.json; the
  same command again runs nothing (design.json unchanged); a sample whose
  design.json was cut short (as by a kill while writing) is rerun from
  scratch, alone. plot_study.py writes scatter_matrix.png and percentiles.png
  (not blank) and percentiles.csv/json; consistency check: the P90/P50/P10
  values equal numpy's 10th/50th/90th percentile of the collected column and
  P90 <= P50 <= P10 (exceedance convention: P90 is exceeded with 90 %
  probability). Physics check (can fail): a least-squares plane
  load_scale ~ a + b k + c q through the samples has c > 0 (more heat flux,
  hotter ground, more load) and b > 0 (this short well over one year is
  limited by conduction to the wall; see the README for the hub's inverse
  conductivity trend over 30 years with a fixed heat flux).
- A plain-run Monte Carlo (5 runs of 2 years): percentiles of the minimum
  fluid temperature and the SPF equal numpy's; per_year.png with the
  P90/P50/P10 of each year is not blank.
- A design spec whose base does not drive a heat pump is refused with one line
  naming the 'command' entry, exit 1.
"""
import csv
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args

args = parse_args()
check = Checks()
STUDY = os.path.join(args.source, "scripts/study.py")
PLOT = os.path.join(args.source, "postprocess/plot_study.py")
BASE = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
t_start = time.time()

OAT = f"""
base = "{BASE}"
output = "oat"
[design]
type = "oat"
[fixed]
"Time/End time" = 1
[[parameter]]
path = "Ground/Thermal conductivities"
scale = true
values = [0.8, 1.2]
name = "k factor"
[[parameter]]
path = "Ground/Basal heat flux"
base = 0.07
values = [0.06, 0.08]
[[parameter]]
path = "Operation/Flow rate"
base = 0.004
values = [0.003, 0.005]
"""

DESIGN = """
base = "{base}"
output = "{output}"
command = "design"
seed = 3
[design]
type = "lhs"
samples = 6
[fixed]
"Time/End time" = 1
[[parameter]]
path = "Ground/Thermal conductivities"
scale = true
name = "k factor"
distribution = "uniform"
low = 0.8
high = 1.2
[[parameter]]
path = "Ground/Basal heat flux"
distribution = "uniform"
low = 0.055
high = 0.085
"""


def write(name, text):
    path = os.path.join(args.work, name + ".toml")
    with open(path, "w") as f:
        f.write(text)
    return path


def study(*a):
    cmd = [sys.executable, STUDY, *a]
    if a[0] != "collect":
        cmd += ["--geoheat", args.geoheat]
    return subprocess.run(cmd, capture_output=True, text=True)


def plot(study_dir):
    return subprocess.run([sys.executable, PLOT, study_dir], capture_output=True, text=True)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def not_blank(path):
    """A PNG that exists and has drawn content: some pixels differ from the
    most common (background) colour, and not just a handful."""
    import matplotlib.image as mpimg
    if not os.path.exists(path) or os.path.getsize(path) < 2000:
        return False
    img = mpimg.imread(path)[..., :3]
    flat = img.reshape(-1, 3)
    colours, counts = np.unique(np.round(flat, 2), axis=0, return_counts=True)
    background = colours[np.argmax(counts)]
    drawn = np.mean(np.any(np.abs(flat - background) > 0.05, axis=1))
    return drawn > 0.01


# ---------------------------------------------------------------- one at a time
out = os.path.join(args.work, "oat")
r = study("run", write("oat", OAT), "--jobs", "2")
check(r.returncode == 0, f"oat study: exit {r.returncode} {r.stderr.strip()[-300:]}")
p = plot(out)
pl = os.path.join(out, "plots")
print(p.stdout.strip())
check(p.returncode == 0, f"plot_study.py on the oat study: exit {p.returncode} {p.stderr.strip()[-300:]}")
pics = {f: not_blank(os.path.join(pl, f)) for f in ("tornado.png", "response.png", "per_year.png")}
check(all(pics.values()), f"oat pictures written and not blank: {pics}")

results = read_csv(os.path.join(out, "results.csv"))
tornado = read_csv(os.path.join(pl, "tornado.csv"))
base_row = next(row for row in results if row["varied"] == "base")
params = ["k factor", "Ground/Basal heat flux", "Operation/Flow rate"]
outputs = list(dict.fromkeys(t["output"] for t in tornado))
order_ok, swings_ok = True, True
for o in outputs:
    swings = {}
    for prm in params:
        v = [float(row[o]) for row in results if row["varied"] == prm] + [float(base_row[o])]
        swings[prm] = max(v) - min(v)
    rows = sorted((t for t in tornado if t["output"] == o), key=lambda t: int(t["rank"]))
    expected = sorted(params, key=lambda q: -swings[q])
    order_ok &= [t["parameter"] for t in rows] == expected
    swings_ok &= all(abs(float(t["swing"]) - swings[t["parameter"]]) <= 1e-12 * max(1, abs(swings[t["parameter"]]))
                     for t in rows)
    print(f"  {o}: " + ", ".join(f"{q} {swings[q]:.4g}" for q in expected))
check(len(outputs) >= 3 and "min_inlet_temperature_C" in outputs and "spf" in outputs and order_ok and swings_ok,
      f"tornado.csv: {len(outputs)} outputs, parameters in the order of the swings recomputed from results.csv")


def at(prm, level):
    return next(row for row in results if row["varied"] == prm and abs(float(row[prm]) - level) < 1e-12)


q_lo, q_hi = at("Ground/Basal heat flux", 0.06), at("Ground/Basal heat flux", 0.08)
f_lo, f_hi = at("Operation/Flow rate", 0.003), at("Operation/Flow rate", 0.005)
check(float(q_hi["min_outlet_temperature_C"]) > float(base_row["min_outlet_temperature_C"]) >
      float(q_lo["min_outlet_temperature_C"]),
      "physics: the minimum outlet temperature rises with the basal heat flux "
      f"({q_lo['min_outlet_temperature_C'][:6]} < {base_row['min_outlet_temperature_C'][:6]} "
      f"< {q_hi['min_outlet_temperature_C'][:6]} C)")
check(float(f_hi["min_inlet_temperature_C"]) > float(f_lo["min_inlet_temperature_C"]),
      "physics: at the same building load more flow keeps the coldest inlet warmer "
      f"({f_lo['min_inlet_temperature_C'][:6]} -> {f_hi['min_inlet_temperature_C'][:6]} C)")

# ---------------------------------------------------------------- design study
dout = os.path.join(args.work, "design")
dspec = write("design", DESIGN.format(base=BASE, output="design"))
r = study("run", dspec, "--jobs", "2")
check(r.returncode == 0, f"design study: exit {r.returncode} {r.stderr.strip()[-300:]}")
results = read_csv(os.path.join(dout, "results.csv"))
same = len(results) == 6
for row in results:
    d = json.load(open(os.path.join(dout, row["sample"], "run", "design.json")))
    c = d["cases"][0]
    logs = open(os.path.join(dout, row["sample"], "geoheat.log")).read()
    same &= (row["status"] == "completed" and float(row["design.load_scale"]) == c["answer"] and
             float(row["design.spf"]) == c["spf"] and float(row["design.margin_K"]) == c["margin_K"] and
             row["design.limited_by"] == c["limited_by"] and row["design.find"] == "load scale" and
             int(row["design.total_simulations"]) == d["total_simulations"] and " design " in logs)
check(same, "design study: 6 samples ran `geoheat design`; results.csv's design.* columns equal design.json")

mtimes = {row["sample"]: os.path.getmtime(os.path.join(dout, row["sample"], "run", "design.json"))
          for row in results}
r = study("run", dspec, "--jobs", "2")
again = {s: os.path.getmtime(os.path.join(dout, s, "run", "design.json")) for s in mtimes}
check(r.returncode == 0 and again == mtimes and "6 already completed" in r.stderr,
      f"the same command again runs no design: {r.stderr.strip()}")
cut = os.path.join(dout, "sample-0004", "run", "design.json")
text = open(cut).read()
with open(cut, "w") as f:
    f.write(text[: len(text) // 2])
r = study("run", dspec, "--jobs", "2")
after = {s: os.path.getmtime(os.path.join(dout, s, "run", "design.json")) for s in mtimes}
rerun = json.load(open(cut))["cases"][0]["answer"]
check(r.returncode == 0 and "1 run now, 5 already completed" in r.stderr and
      [s for s in mtimes if after[s] != mtimes[s]] == ["sample-0004"] and
      abs(rerun - float(results[3]["design.load_scale"])) < 1e-12,
      f"a cut-short design.json: that sample alone is rerun from scratch, same answer ({r.stderr.strip()})")

p = plot(dout)
print(p.stdout.strip())
check(p.returncode == 0, f"plot_study.py on the design study: exit {p.returncode} {p.stderr.strip()[-300:]}")
pl = os.path.join(dout, "plots")
pics = {f: not_blank(os.path.join(pl, f)) for f in ("scatter_matrix.png", "percentiles.png")}
check(all(pics.values()), f"design pictures written and not blank: {pics}")
pct = read_csv(os.path.join(pl, "percentiles.csv"))
js = json.load(open(os.path.join(pl, "percentiles.json")))
cons, order = True, True
for o in ("design.load_scale", "design.spf"):
    col = np.array([float(row[o]) for row in results])
    rows = {t["name"]: t for t in pct if t["output"] == o}
    ref = np.percentile(col, [10, 50, 90])
    got = [float(rows[n]["value"]) for n in ("P90", "P50", "P10")]
    cons &= len(rows) == 3 and all(abs(a - b) <= 1e-12 * abs(b) for a, b in zip(got, ref)) and \
        abs(js["outputs"][o]["P90"]["value"] - ref[0]) <= 1e-12 * abs(ref[0])
    order &= got[0] <= got[1] <= got[2]
    print(f"  {o}: P90 {got[0]:.5f}  P50 {got[1]:.5f}  P10 {got[2]:.5f}")
check(cons, "consistency: percentiles.csv/json P90/P50/P10 = numpy's 10th/50th/90th percentile of results.csv")
check(order, "P90 <= P50 <= P10 (P90 = value exceeded with 90 % probability)")

k = np.array([float(row["k factor"]) for row in results])
q = np.array([float(row["Ground/Basal heat flux"]) for row in results])
s = np.array([float(row["design.load_scale"]) for row in results])
A = np.column_stack([np.ones_like(k), k, q])
(a0, b, c), *_ = np.linalg.lstsq(A, s, rcond=None)
check(c > 0 and b > 0,
      f"physics: load scale ~ a + b k + c q: c = {c:.3f} per W/m^2 > 0 (heat flux), b = {b:.4f} > 0 "
      "(conductivity, short well)")
imax = int(np.argmax(s))
print(f"  largest answer {s[imax]:.5f} at k {k[imax]:.3f}, q {q[imax]:.4f}; "
      f"highest q {q.max():.4f} at sample {int(np.argmax(q)) + 1}")

# ---------------------------------------------------------------- plain runs, Monte Carlo
mc_text = DESIGN.format(base=BASE, output="mc").replace('command = "design"\n', "").replace(
    'type = "lhs"\nsamples = 6', 'type = "montecarlo"\nsamples = 5').replace('"Time/End time" = 1', '"Time/End time" = 2')
mout = os.path.join(args.work, "mc")
r = study("run", write("mc", mc_text), "--jobs", "2")
p = plot(mout)
print(p.stdout.strip())
pl = os.path.join(mout, "plots")
pics = {f: not_blank(os.path.join(pl, f)) for f in ("scatter_matrix.png", "percentiles.png", "per_year.png")}
mres = read_csv(os.path.join(mout, "results.csv"))
pct = read_csv(os.path.join(pl, "percentiles.csv"))
col = np.array([float(row["min_inlet_temperature_C"]) for row in mres])
got = {t["name"]: float(t["value"]) for t in pct if t["output"] == "min_inlet_temperature_C"}
check(r.returncode == 0 and p.returncode == 0 and all(pics.values()) and len(mres) == 5 and
      "design.load_scale" not in mres[0] and
      all(abs(got[n] - v) <= 1e-12 * abs(v) for n, v in zip(("P90", "P50", "P10"), np.percentile(col, [10, 50, 90])))
      and {t["output"] for t in pct} >= {"min_inlet_temperature_C", "spf"},
      f"plain-run Monte Carlo (5 runs of 2 years): percentiles of the minimum fluid temperature and the SPF "
      f"(numpy's), per-year P90/P50/P10 plot: {pics}")

# ---------------------------------------------------------------- refusals
nohp = write("nohp", DESIGN.format(base=os.path.join(args.source, "tests/regression/small_well.prm"),
                                    output="nohp"))
r = study("run", nohp)
lines = r.stderr.strip().splitlines()
check(r.returncode == 1 and len(lines) == 1 and "'command'" in lines[0] and "heat pump" in lines[0]
      and not os.path.exists(os.path.join(args.work, "nohp")),
      f"design without a heat pump: exit {r.returncode}, {lines}")
print(f"test time {time.time() - t_start:.1f} s")
check.finish()

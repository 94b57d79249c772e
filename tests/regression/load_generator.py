"""scripts/generate_load.py: the shipped load years are reproducible from their
descriptions, and the generated loads follow the stated model:
- heating only inside the heating season, cooling only inside the cooling season;
- heating = design load x (T_balance - T)/(T_balance - T_design) x occupancy + base,
  recomputed here from the written outdoor temperature for every hour;
- a description with a missing entry stops with one line naming the file."""
import csv
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args

args = parse_args()
check = Checks()
gen = os.path.join(args.source, "scripts/generate_load.py")
DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def doy(mmdd):
    m, d = (int(x) for x in mmdd.split("-"))
    return DAYS[m - 1] + d - 1


def inside(day, start, end):
    return start <= day < end if start < end else (day >= start or day < end)


for name in ("beijing_hub", "beijing_city_park"):
    desc_path = os.path.join(args.source, "params/loads", name + ".json")
    out = os.path.join(args.work, name + ".csv")
    r = subprocess.run([sys.executable, gen, desc_path, "-o", out], capture_output=True, text=True)
    shipped = open(os.path.join(args.source, "params/loads", name + ".csv")).read()
    check(r.returncode == 0 and open(out).read() == shipped, f"{name}: regenerated file equals the shipped one")
    desc = json.load(open(desc_path))
    rows = list(csv.DictReader(l for l in open(out) if not l.startswith("#")))
    check(len(rows) == 8760, f"{name}: 8760 hourly rows")
    worst = 0.0
    outside = 0
    for k, row in enumerate(rows):
        day, hour = k // 24, k % 24
        T, qh, qc = float(row["outdoor_temperature_C"]), float(row["heating_load_kW"]), float(row["cooling_load_kW"])
        for kind, q in (("heating", qh), ("cooling", qc)):
            spec = desc.get(kind)
            if not spec or not inside(day, doy(spec["season_start"]), doy(spec["season_end"])):
                outside += q != 0
                continue
            occ = next((f for a, b, f in spec["schedule"]["hours"] if a <= hour < b), spec["schedule"]["otherwise"])
            if kind == "heating":
                frac = (spec["balance_temperature_C"] - T) / (spec["balance_temperature_C"] - spec["design_outdoor_C"])
                expect = spec["design_load_kW"] * max(frac, 0) * occ + spec["base_load_kW"]
            else:
                frac = (T - spec["balance_temperature_C"]) / (spec["design_outdoor_C"] - spec["balance_temperature_C"])
                expect = spec["design_load_kW"] * max(frac, 0) * occ
            worst = max(worst, abs(q - expect))
    # the CSV rounds T to 0.01 K and loads to 1 W: allow that rounding
    check(outside == 0, f"{name}: no load outside its seasons")
    check(worst < 0.5, f"{name}: loads follow the degree-hour model of the description (worst {worst:.3f} kW)")

bad = os.path.join(args.work, "bad.json")
json.dump({"climate": {"monthly_mean_C": [0] * 12, "daily_swing_K": 10}, "heating": {"season_start": "11-15"}},
          open(bad, "w"))
r = subprocess.run([sys.executable, gen, bad, "-o", os.path.join(args.work, "bad.csv")], capture_output=True, text=True)
lines = r.stderr.strip().splitlines()
check(r.returncode != 0 and len(lines) == 1 and "bad.json" in lines[0] and "missing entry" in lines[0],
      f"bad description: exit {r.returncode}, {lines[-1] if lines else ''}")
check.finish()

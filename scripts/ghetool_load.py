#!/usr/bin/env python3
"""Convert an hourly ground-load file of GHEtool and the Ahmadfard & Bernier
(2019) sizing tests (header `Cooling,Heating` or `Cooling;Heating` with decimal
commas, UTF-8 BOM, 8,760 rows in kW; Cooling = heat injected into the ground,
Heating = heat extracted) into a geoheat operation time series: `time_h,
heat_extraction_W` with the hour's start time and Q = (Heating - Cooling) x 1000
(W, + = extraction), for `Operation/Schedule = file`, `Load file time unit = hours`,
`Repeat yearly = true`.

Usage: scripts/ghetool_load.py IN.csv OUT.csv [--scale F]
"""
import argparse
import sys


def read_ground_load(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = [line.strip() for line in f if line.strip()]
    sep = ";" if ";" in lines[0] else ","
    header = [h.strip().lower() for h in lines[0].split(sep)]
    if header[:2] != ["cooling", "heating"]:
        sys.exit(f"{path}: header {lines[0]!r}: expected Cooling{sep}Heating")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split(sep)
        try:
            cooling, heating = (float(x.replace(",", ".")) if sep == ";" else float(x) for x in fields[:2])
        except ValueError:
            sys.exit(f"{path}: line {n}: {line!r} is not two numbers")
        rows.append((cooling, heating))
    if len(rows) != 8760:
        sys.exit(f"{path}: {len(rows)} rows, expected 8760 hours")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the load")
    args = ap.parse_args()
    rows = read_ground_load(args.input)
    with open(args.output, "w") as f:
        f.write(f"# ground load from {args.input} (kW Cooling/Heating -> W extraction) x {args.scale}\n")
        f.write("time_h,heat_extraction_W\n")
        for h, (cooling, heating) in enumerate(rows):
            f.write(f"{h},{1000.0 * args.scale * (heating - cooling):.6g}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Plot a geoheat design study (design.json written by `geoheat design`):
  design.png  left: the fluid-temperature margin of every simulation the search
              ran, against the searched quantity, with the answer marked;
              right: the answer for each sensitivity case.
Usage: plot_design.py DESIGN_DIR"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main(d):
    with open(os.path.join(d, "design.json")) as f:
        s = json.load(f)
    unit = "m" if s["find"] == "depth" else "load scale (-)"
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.5))
    for c in s["cases"]:
        label = c["parameter"] if c["parameter"] == "base" else f"{c['parameter']} {c['parameter_value']}"
        x = [p[0] for p in c["probes"]]
        m = [p[1] for p in c["probes"]]
        line, = a.plot(x, m, "o", label=f"{label} ({c['simulations']} runs)")
        if c["answer"] is not None:
            a.axvline(c["answer"], color=line.get_color(), lw=0.8, ls="--")
    a.axhline(0, color="k", lw=0.8)
    a.set_xlabel(unit)
    a.set_ylabel(f"min inlet - limit ({s['min_fluid_temperature_C']} °C), K")
    a.set_title(f"{s['find']}: every simulation of the search ({s['total_simulations']} in all)", fontsize=9)
    a.legend(fontsize=7)
    names = [c["parameter"] if c["parameter"] == "base" else f"{c['parameter']}\n{c['parameter_value']}"
             for c in s["cases"]]
    vals = [c["answer"] or 0 for c in s["cases"]]
    errs = [c["tolerance"] for c in s["cases"]]
    b.bar(range(len(vals)), vals, yerr=errs, capsize=3)
    b.set_xticks(range(len(vals)))
    b.set_xticklabels(names, fontsize=7)
    b.set_ylabel(f"answer ({unit})")
    b.set_title(f"{s['years']:g} years, SPF >= {s['min_spf']:g}" if s["min_spf"] else f"{s['years']:g} years",
                fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(d, "design.png"), dpi=120)
    print(f"wrote {os.path.join(d, 'design.png')}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

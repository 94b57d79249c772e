#!/usr/bin/env python3
"""Plots of one geoheat run directory (results_contract.md files):
  plots/temperatures.png  inlet/outlet temperature and ground load over time
  plots/profiles.png      fluid and wall temperature along depth at each output time
Usage: plot_run.py RUN_DIR"""
import csv
import glob
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def main(run_dir):
    with open(os.path.join(run_dir, "timeseries.csv")) as f:
        rows = list(csv.DictReader(f))
    col = lambda k: np.array([float(r[k]) for r in rows])
    years = col("time_days") / 365.0
    flowing = col("flow_rate_m3_per_s") > 0
    out = os.path.join(run_dir, "plots")
    os.makedirs(out, exist_ok=True)

    fig, (a, b) = plt.subplots(2, 1, sharex=True, figsize=(9, 6))
    a.plot(years[flowing], col("outlet_temperature_C")[flowing], ".", ms=1.5, label="outlet")
    a.plot(years[flowing], col("inlet_temperature_C")[flowing], ".", ms=1.5, label="inlet")
    a.set_ylabel("fluid temperature (°C)")
    a.legend(markerscale=6)
    b.plot(years, col("ground_load_W") / 1e3, lw=0.8)
    b.set_ylabel("ground load (kW)")
    b.set_xlabel("time (years)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "temperatures.png"), dpi=120)

    fig, ax = plt.subplots(figsize=(6, 7))
    for path in sorted(glob.glob(os.path.join(run_dir, "well_profiles", "profile-*.csv")))[1:]:
        t = float(open(path).readline().split("=")[1]) / 86400 / 365
        d = np.genfromtxt(path, delimiter=",", skip_header=2)
        line, = ax.plot(d[:, 1], d[:, 0], lw=1, label=f"down, {t:.1f} y")
        ax.plot(d[:, 2], d[:, 0], "--", lw=1, color=line.get_color())
        ax.plot(d[:, 3], d[:, 0], ":", lw=1, color=line.get_color())
    ax.invert_yaxis()
    ax.set_xlabel("temperature (°C): down —, up --, wall ··")
    ax.set_ylabel("depth (m)")
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "profiles.png"), dpi=120)
    print(f"plots written to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

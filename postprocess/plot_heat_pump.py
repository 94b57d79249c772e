#!/usr/bin/env python3
"""Plots of a building-load run (Operation/Inlet control = heat pump):
  plots/heat_pump_year.png     one year: building and ground load, COP, fluid temperatures
  plots/heat_pump_all_years.png all years: daily means of the same quantities
  plots/yearly.png             per year: SPF, minimum and mean outlet temperature, unmet load
  plots/summary.png            one page: key figures and the plots above, for a report
Usage: plot_heat_pump.py RUN_DIR [--year N]   (N = 1 by default)"""
import argparse
import csv
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def load(run_dir):
    with open(os.path.join(run_dir, "timeseries.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows or "cop" not in rows[0]:
        raise SystemExit(f"plot_heat_pump.py: {run_dir}: not a building-load run (no 'cop' column)")
    ts = {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}
    with open(os.path.join(run_dir, "summary.json")) as f:
        return ts, json.load(f)


def panel_loads(ax, days, ts, sel):
    ax.plot(days[sel], ts["building_load_W"][sel] / 1e3, lw=0.6, label="building load")
    ax.plot(days[sel], ts["ground_load_W"][sel] / 1e3, lw=0.6, label="ground load")
    if ts["unmet_load_W"][sel].max() > 0:
        ax.plot(days[sel], ts["unmet_load_W"][sel] / 1e3, lw=0.6, label="unmet")
    ax.set_ylabel("kW (+ heating)")
    ax.legend(fontsize=7, loc="upper right")


def panel_cop(ax, days, ts, sel):
    ax.plot(days[sel], ts["cop"][sel], ".", ms=1)
    ax.set_ylabel("COP (EER in cooling)")


def panel_temperatures(ax, days, ts, sel, limit=None):
    on = sel & (ts["flow_rate_m3_per_s"] > 0)
    ax.plot(days[on], ts["outlet_temperature_C"][on], ".", ms=1, label="outlet (to heat pump)")
    ax.plot(days[on], ts["inlet_temperature_C"][on], ".", ms=1, label="inlet (from heat pump)")
    ax.set_ylabel("fluid (°C)")
    ax.legend(fontsize=7, markerscale=6, loc="upper right")


def daily_means(ts, keys):
    """Time-weighted daily means of the given columns (all steps)."""
    t1 = ts["time_s"]
    dt = ts["time_step_s"]
    day = np.floor((t1 - 0.5 * dt) / 86400).astype(int)
    n = day.max() + 1
    w = np.bincount(day, weights=dt, minlength=n)
    out = {"day": np.arange(n) + 0.5}
    for k in keys:
        v = np.nan_to_num(ts[k])
        out[k] = np.bincount(day, weights=v * dt, minlength=n) / np.maximum(w, 1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--year", type=int, default=1)
    a = ap.parse_args()
    ts, s = load(a.run_dir)
    out = os.path.join(a.run_dir, "plots")
    os.makedirs(out, exist_ok=True)
    days = ts["time_days"]

    # one year
    sel = (days > 365 * (a.year - 1)) & (days <= 365 * a.year)
    fig, axes = plt.subplots(3, 1, sharex=True, figsize=(10, 7))
    panel_loads(axes[0], days, ts, sel)
    panel_cop(axes[1], days, ts, sel)
    panel_temperatures(axes[2], days, ts, sel)
    axes[2].set_xlabel("time (days from the start)")
    axes[0].set_title(f"year {a.year}")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "heat_pump_year.png"), dpi=120)
    plt.close(fig)

    # all years, daily means
    d = daily_means(ts, ["building_load_W", "ground_load_W", "outlet_temperature_C", "inlet_temperature_C",
                         "electric_power_W"])
    yrs = d["day"] / 365
    fig, axes = plt.subplots(2, 1, sharex=True, figsize=(10, 6))
    axes[0].plot(yrs, d["building_load_W"] / 1e3, lw=0.6, label="building load")
    axes[0].plot(yrs, d["ground_load_W"] / 1e3, lw=0.6, label="ground load")
    axes[0].plot(yrs, d["electric_power_W"] / 1e3, lw=0.6, label="electric power")
    axes[0].set_ylabel("daily mean (kW)")
    axes[0].legend(fontsize=7)
    on = ts["flow_rate_m3_per_s"] > 0
    axes[1].plot(days[on] / 365, ts["outlet_temperature_C"][on], ".", ms=0.5, label="outlet")
    axes[1].plot(days[on] / 365, ts["inlet_temperature_C"][on], ".", ms=0.5, label="inlet")
    axes[1].set_ylabel("fluid (°C), pump on")
    axes[1].set_xlabel("time (years)")
    axes[1].legend(fontsize=7, markerscale=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "heat_pump_all_years.png"), dpi=120)
    plt.close(fig)

    # yearly indicators
    py = s["per_year"]
    y = [p["year"] for p in py]
    fig, axes = plt.subplots(3, 1, sharex=True, figsize=(8, 7))
    axes[0].bar(y, [p.get("spf") or 0 for p in py])
    axes[0].set_ylabel("heating SPF")
    axes[1].plot(y, [p["min_outlet_temperature_C"] for p in py], "o-", label="minimum outlet")
    axes[1].plot(y, [p["mean_outlet_temperature_C"] for p in py], "s-", label="mean outlet (pump on)")
    axes[1].plot(y, [p["min_inlet_temperature_C"] for p in py], "^-", label="minimum inlet")
    axes[1].set_ylabel("°C")
    axes[1].legend(fontsize=7)
    axes[2].bar(y, [p["unmet_load_MWh"] for p in py])
    axes[2].set_ylabel("unmet load (MWh)")
    axes[2].set_xlabel("year")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "yearly.png"), dpi=120)
    plt.close(fig)

    # one-page summary
    fig = plt.figure(figsize=(11.7, 8.3))  # A4 landscape
    g = fig.add_gridspec(3, 2, width_ratios=[1, 2])
    text = fig.add_subplot(g[:, 0])
    text.axis("off")
    lines = [
        f"status: {s['status']}",
        f"simulated: {s['simulated_years']:.1f} years, {s['n_time_steps']} steps",
        f"unknowns: {s['n_dofs']} on {s['n_mpi_ranks']} rank(s), {s['wall_time_s']:.0f} s",
        "",
        f"heat demand:    {s['heat_demand_MWh']:.0f} MWh",
        f"heat delivered: {s['heat_delivered_MWh']:.0f} MWh",
        f"cooling:        {s['cooling_delivered_MWh']:.0f} MWh",
        f"electricity:    {s['electricity_MWh']:.0f} MWh",
        f"ground energy:  {s['total_ground_energy_MWh']:.0f} MWh",
        f"unmet load:     {s['unmet_load_MWh']:.2f} MWh",
        f"heating SPF:    {s['spf']:.2f}" if s.get("spf") else "heating SPF: -",
        f"SPF with pump:  {s['spf_with_pump']:.2f}" if s.get("spf_with_pump") else "",
        f"pump energy:    {s['pump_electricity_MWh']:.0f} MWh",
        f"minimum COP:    {s['min_cop']:.2f}" if s.get("min_cop") else "",
        "",
        f"outlet: {s['min_outlet_temperature_C']:.2f} .. {s['max_outlet_temperature_C']:.2f} °C",
        f"minimum inlet: {s['min_inlet_temperature_C']:.2f} °C",
        f"first / last year SPF: {py[0].get('spf') or 0:.2f} / {py[-1].get('spf') or 0:.2f}",
        f"first / last year min outlet: {py[0]['min_outlet_temperature_C']:.2f} / "
        f"{py[-1]['min_outlet_temperature_C']:.2f} °C",
        f"energy balance error: {s['max_energy_balance_rel_error']:.1e}",
    ]
    text.text(0, 1, "geoheat run summary\n" + os.path.abspath(a.run_dir) + "\n\n" + "\n".join(lines),
              va="top", family="monospace", fontsize=8.5)
    ax = fig.add_subplot(g[0, 1])
    panel_loads(ax, days, ts, sel)
    ax.set_title(f"year {a.year}", fontsize=9)
    ax = fig.add_subplot(g[1, 1], sharex=ax)
    panel_temperatures(ax, days, ts, sel)
    ax = fig.add_subplot(g[2, 1])
    ax.plot(y, [p.get("spf") or 0 for p in py], "o-", label="heating SPF")
    ax2 = ax.twinx()
    ax2.plot(y, [p["min_outlet_temperature_C"] for p in py], "s-", color="C3", label="min outlet °C")
    ax.set_xlabel("year")
    ax.set_ylabel("SPF")
    ax2.set_ylabel("min outlet (°C)")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "summary.png"), dpi=110)
    plt.close(fig)
    print(f"plots written to {out}: heat_pump_year.png, heat_pump_all_years.png, yearly.png, summary.png")


if __name__ == "__main__":
    main()

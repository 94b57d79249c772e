#!/usr/bin/env python3
"""Plots and percentile tables of a parameter study (scripts/study.py, issue #10).

    plot_study.py STUDY_DIR [--out DIR] [--bootstrap N] [--seed S]

STUDY_DIR is a study directory after `study.py run` (or `collect`): it holds
spec.toml, samples.csv and results.csv (and per_year.csv). Only samples whose
status is "completed" are used. Written to DIR (default STUDY_DIR/plots):

one-at-a-time designs (type = "oat")
  tornado.png   one panel per output figure: for each parameter a bar from the
                figure at its lowest level to the figure at its highest level,
                around the base sample's value (vertical line); the bar ends
                are labelled with the levels; parameters sorted by swing,
                largest on top. swing = max - min of the figure over the
                parameter's samples and the base sample.
  tornado.csv   the same numbers (output, rank, parameter, levels, values, swing)
  response.png  every output figure against every parameter's levels (base marked)

random designs (type = "lhs" or "montecarlo")
  scatter_matrix.png  pairs of the sampled inputs and the outputs: scatter below
                      the diagonal, histograms on it, Spearman rank correlation above
  percentiles.csv/.json, percentiles.png  P90, P50, P10 of the outputs below, with
                      the empirical CDF and the percentiles marked

every design with per-year figures (per_year.csv not empty)
  per_year.png  the minimum fluid temperature and the SPF of each year: every
                sample (oat: the base in black), and for random designs the
                P90/P50/P10 of each year across the samples

Output figures, taken from results.csv when present and not constant:
design.load_scale / design.depth_m and design.spf (design studies),
min_inlet_temperature_C (the coldest fluid: the well inlet, where the heat
pump returns it), min_outlet_temperature_C, spf, spf_with_pump,
unmet_load_MWh, total_ground_energy_MWh.

Percentile convention (the engineering, "exceedance" one): Pxx is the value
that the quantity exceeds with xx % probability. P90 = the 10th percentile of
the sample distribution, P50 = the median, P10 = the 90th percentile; so
P90 <= P50 <= P10. For a capacity ("largest load scale the well carries"), the
P90 is the answer that holds with 90 % confidence under the sampled
uncertainty; the same holds for the minimum fluid temperature and the SPF
(more is better for all of them). Estimator: numpy.percentile with its
default linear interpolation between order statistics.

Sampling error (in percentiles.csv/json and on the plot): a bootstrap 95 %
interval of each percentile (the samples resampled with replacement, N times,
seeded), and a distribution-free interval between two order statistics
[x_(r), x_(s)] with its exact binomial coverage (the shortest one reaching
95 %; when the sample is too small for that, [min, max] and the coverage it
has, e.g. 92 % for the 10th percentile of 24 samples). Both assume
independent samples (montecarlo); for a Latin hypercube they are
conservative. With a few dozen samples the P90 and P10 are uncertain by a
good part of the spread of the answer: read the intervals, not only the
point values.

Importable: load(study_dir), pick_outputs, oat_effects, tornado, response_curves,
scatter_matrix, percentiles, percentile_table, ecdf_plot, per_year_plot, main.
Needs numpy and matplotlib (pandas not needed).
"""
import argparse
import csv
import json
import math
import os
import sys
import tomllib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from geoheat_results import load_study  # noqa: E402

# column -> (label, unit); order = order of the panels
OUTPUTS = {
    "design.load_scale": ("largest load scale (design answer)", "x load"),
    "design.depth_m": ("shortest depth (design answer)", "m"),
    "design.spf": ("SPF at the design answer", "-"),
    "min_inlet_temperature_C": ("min. fluid temperature (well inlet)", "°C"),
    "min_outlet_temperature_C": ("min. outlet temperature", "°C"),
    "spf": ("SPF (compressor)", "-"),
    "spf_with_pump": ("SPF with circulation pump", "-"),
    "unmet_load_MWh": ("unmet load", "MWh"),
    "total_ground_energy_MWh": ("heat from the ground", "MWh"),
}
# the figures the P90/P50/P10 table is about: the design answer, the minimum
# fluid temperature and the SPF
PERCENTILE_OUTPUTS = ["design.load_scale", "design.depth_m", "design.spf", "min_inlet_temperature_C",
                      "min_outlet_temperature_C", "spf", "spf_with_pump"]
# (name, exceedance probability in %, percentile of the sample distribution)
PCTS = [("P90", 90, 10.0), ("P50", 50, 50.0), ("P10", 10, 90.0)]


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def label(col):
    name, unit = OUTPUTS.get(col, (col, ""))
    return f"{name} ({unit})" if unit and unit != "-" else name


def _columns(table):
    """Dict of numpy arrays from a load_study table (DataFrame or dict)."""
    return {c: np.asarray(table[c]) for c in table}


def _numeric(a):
    try:
        return np.array([float(x) if str(x).strip() != "" else np.nan for x in a], dtype=float)
    except ValueError:
        return None


# ---------------------------------------------------------------- loading
def load(study_dir):
    """The study: {'dir', 'spec' (dict), 'design' (type), 'command', 'inputs' (input
    column names, as in samples.csv), 'table' (completed samples only: dict of
    numpy arrays, numeric where possible), 'n_all', 'per_year' (dict or None)}."""
    with open(os.path.join(study_dir, "spec.toml"), "rb") as f:
        spec = tomllib.load(f)
    with open(os.path.join(study_dir, "samples.csv"), newline="") as f:
        header = next(csv.reader(f))
    inputs = [c for c in header if c not in ("sample", "varied")]
    table, per_year = load_study(study_dir, per_year=True)
    cols = _columns(table)
    n_all = len(cols["sample"])
    keep = np.array([str(s) == "completed" for s in cols["status"]], dtype=bool)
    cols = {c: v[keep] for c, v in cols.items()}
    for c in list(cols):
        if cols[c].dtype.kind not in "fi":
            num = _numeric(cols[c])
            if num is not None and c not in ("sample", "varied", "status"):
                cols[c] = num
    py = _columns(per_year) if per_year is not None and len(per_year) and "sample" in per_year else None
    if py is not None:
        ok = set(cols["sample"])
        m = np.array([s in ok for s in py["sample"]], dtype=bool)
        py = {c: v[m] for c, v in py.items()}
        if not len(py["sample"]):
            py = None
    return {"dir": study_dir, "spec": spec, "design": spec.get("design", {}).get("type"),
            "command": spec.get("command", "run"), "inputs": inputs, "table": cols, "n_all": n_all,
            "per_year": py}


def pick_outputs(study, candidates=None, allow_constant=False):
    """Output columns present in the table, numeric, finite for every completed
    sample and (unless allow_constant) not the same in all of them."""
    t = study["table"]
    out = []
    for c in candidates or OUTPUTS:
        v = t.get(c)
        if v is None or v.dtype.kind not in "fi" or not len(v) or not np.all(np.isfinite(v)):
            continue
        if not allow_constant and np.ptp(v) <= 1e-12 * max(1.0, np.abs(v).max()):
            continue
        out.append(c)
    return out


def _fmt(v):
    if isinstance(v, (float, np.floating)):
        return f"{v:.6g}"
    return str(v)


# ---------------------------------------------------------------- one at a time
def oat_effects(study, output):
    """Per parameter of an oat study, sorted by swing (largest first): {'parameter',
    'base_level', 'base_value', 'levels' [(level, value)] sorted by level (base
    included), 'low_level', 'low_value', 'high_level', 'high_value', 'swing'}.
    swing = max - min of the output over the parameter's samples and the base."""
    t = study["table"]
    varied = t["varied"]
    b = np.flatnonzero(varied == "base")
    if len(b) != 1:
        raise ValueError(f"{study['dir']}: no completed base sample (varied = base)")
    b = b[0]
    y = t[output]
    effects = []
    for p in study["inputs"]:
        rows = np.flatnonzero(varied == p)
        if not len(rows):
            continue
        lv = t[p]
        pts = [(lv[i], float(y[i])) for i in rows] + [(lv[b], float(y[b]))]
        try:
            pts.sort(key=lambda q: float(q[0]))
        except (TypeError, ValueError):
            pass
        vals = [q[1] for q in pts]
        effects.append({"parameter": p, "base_level": lv[b], "base_value": float(y[b]), "levels": pts,
                        "low_level": pts[0][0], "low_value": pts[0][1],
                        "high_level": pts[-1][0], "high_value": pts[-1][1],
                        "swing": max(vals) - min(vals)})
    effects.sort(key=lambda e: -e["swing"])
    return effects


def tornado(study, outputs, path, csv_path=None):
    """tornado.png (one panel per output) and tornado.csv; returns {output: effects}."""
    plt = _plt()
    all_eff = {o: oat_effects(study, o) for o in outputs}
    n = len(outputs)
    ncol = 2 if n > 1 else 1
    nrow = math.ceil(n / ncol)
    n_par = max(len(e) for e in all_eff.values())
    fig, axes = plt.subplots(nrow, ncol, figsize=(6.2 * ncol, (0.55 * n_par + 1.3) * nrow), squeeze=False)
    for ax, o in zip(axes.flat, outputs):
        eff = all_eff[o]
        base = eff[0]["base_value"]
        for k, e in enumerate(eff):
            ypos = len(eff) - 1 - k
            lo, hi = e["low_value"], e["high_value"]
            ax.barh(ypos, lo - base, left=base, color="tab:blue", height=0.6)
            ax.barh(ypos, hi - base, left=base, color="tab:orange", height=0.6)
            for v, lev in ((lo, e["low_level"]), (hi, e["high_level"])):
                right = v >= base
                ax.annotate(_fmt(lev), (v, ypos), xytext=(3 if right else -3, 0), textcoords="offset points",
                            ha="left" if right else "right", va="center", fontsize=7)
        ax.axvline(base, color="k", lw=0.8)
        ax.set_yticks(range(len(eff)))
        ax.set_yticklabels([f"{e['parameter']}\n(base {_fmt(e['base_level'])}, swing {e['swing']:.3g})"
                            for e in reversed(eff)], fontsize=7)
        ax.set_xlabel(label(o), fontsize=8)
        ax.set_title(f"{OUTPUTS.get(o, (o,))[0]}: base {base:.4g}", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        lo_x = min(min(e["low_value"], e["high_value"]) for e in eff)
        hi_x = max(max(e["low_value"], e["high_value"]) for e in eff)
        pad = 0.18 * (hi_x - lo_x or abs(base) * 0.01 or 1)
        ax.set_xlim(lo_x - pad, hi_x + pad)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.suptitle(f"{study['spec'].get('title', os.path.basename(os.path.abspath(study['dir'])))}: "
                 "one at a time (blue: lowest level, orange: highest)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    if csv_path:
        with open(csv_path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["output", "rank", "parameter", "base_level", "base_value", "low_level", "low_value",
                        "high_level", "high_value", "swing"])
            for o, eff in all_eff.items():
                for k, e in enumerate(eff, 1):
                    w.writerow([o, k, e["parameter"], _fmt(e["base_level"]), repr(e["base_value"]),
                                _fmt(e["low_level"]), repr(e["low_value"]), _fmt(e["high_level"]),
                                repr(e["high_value"]), repr(e["swing"])])
    return all_eff


def response_curves(study, outputs, path):
    """response.png: each output (rows) against each parameter's levels (columns)."""
    plt = _plt()
    pars = [p for p in study["inputs"] if np.any(study["table"]["varied"] == p)]
    fig, axes = plt.subplots(len(outputs), len(pars), figsize=(2.6 * len(pars), 2.1 * len(outputs)),
                             squeeze=False)
    effects = {o: {e["parameter"]: e for e in oat_effects(study, o)} for o in outputs}
    for i, o in enumerate(outputs):
        for j, p in enumerate(pars):
            ax = axes[i, j]
            e = effects[o][p]
            x = [q[0] for q in e["levels"]]
            y = [q[1] for q in e["levels"]]
            try:
                xs = [float(v) for v in x]
            except (TypeError, ValueError):
                xs = list(range(len(x)))
                ax.set_xticks(xs)
                ax.set_xticklabels([str(v) for v in x], fontsize=6)
            ax.plot(xs, y, "o-", color="tab:blue", ms=4)
            bx = xs[[str(v) for v in x].index(str(e["base_level"]))]
            ax.plot([bx], [e["base_value"]], "s", color="k", ms=5)
            ax.tick_params(labelsize=7)
            if i == len(outputs) - 1:
                ax.set_xlabel(p, fontsize=8)
            if j == 0:
                ax.set_ylabel(label(o), fontsize=7)
    fig.suptitle("response to each parameter (black square: base sample)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


# ---------------------------------------------------------------- random designs
def _ranks(v):
    r = np.empty(len(v))
    r[np.argsort(v, kind="stable")] = np.arange(len(v))
    return r


def spearman(a, b):
    ra, rb = _ranks(np.asarray(a, float)), _ranks(np.asarray(b, float))
    if np.std(ra) == 0 or np.std(rb) == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def scatter_matrix(study, outputs, path):
    """scatter_matrix.png of the numeric inputs and the given outputs."""
    plt = _plt()
    t = study["table"]
    ins = [p for p in study["inputs"] if t[p].dtype.kind in "fi" and np.ptp(t[p]) > 0]
    cols = ins + list(outputs)
    k = len(cols)
    fig, axes = plt.subplots(k, k, figsize=(1.75 * k + 0.6, 1.75 * k + 0.6), squeeze=False)
    for i, ci in enumerate(cols):
        for j, cj in enumerate(cols):
            ax = axes[i, j]
            ax.tick_params(labelsize=6)
            if i == j:
                ax.hist(t[ci], bins=min(12, max(4, len(t[ci]) // 3)), color="tab:gray")
            elif i > j:
                ax.plot(t[cj], t[ci], ".", ms=4, color="tab:blue" if cj in ins else "tab:green")
            else:
                rho = spearman(t[cj], t[ci])
                ax.text(0.5, 0.5, f"ρ = {rho:.2f}", ha="center", va="center", fontsize=9,
                        color="tab:red" if abs(rho) >= 0.5 else "k", transform=ax.transAxes)
                ax.set_xticks([])
                ax.set_yticks([])
            if i == k - 1:
                ax.set_xlabel(OUTPUTS.get(cj, (cj,))[0], fontsize=6)
            if j == 0:
                ax.set_ylabel(OUTPUTS.get(ci, (ci,))[0], fontsize=6)
    fig.suptitle(f"{len(t['sample'])} samples: scatter (below), Spearman rank correlation (above)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _binom_cum(n, p):
    """C[k] = P(B < k), k = 0..n+1, for B ~ Binomial(n, p)."""
    k = np.arange(n + 1)
    logpmf = np.array([math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) for i in k]) + \
        k * math.log(p) + (n - k) * math.log1p(-p)
    return np.concatenate([[0.0], np.cumsum(np.exp(logpmf))])


def order_statistic_interval(x, q, level=0.95):
    """Distribution-free interval [x_(r), x_(s)] (1-based order statistics) for the
    q-quantile (0 < q < 1): P(x_(r) <= quantile <= x_(s)) = P(r <= B < s), B ~
    Bin(n, q). The shortest one with coverage >= level, or [min, max] with the
    coverage it has. Returns (low, high, coverage)."""
    x = np.sort(np.asarray(x, float))
    n = len(x)
    C = _binom_cum(n, q)
    best = None
    for r in range(1, n):
        # smallest s > r with C[s] - C[r] >= level
        s = int(np.searchsorted(C, C[r] + level - 1e-12, side="left"))
        s = max(s, r + 1)
        if s <= n and C[s] - C[r] >= level - 1e-12:
            if best is None or s - r < best[1] - best[0] or \
                    (s - r == best[1] - best[0] and C[s] - C[r] > best[2]):
                best = (r, s, float(C[s] - C[r]))
    if best is None:
        best = (1, n, float(C[n] - C[1]))
    r, s, cov = best
    return float(x[r - 1]), float(x[s - 1]), min(1.0, cov)


def percentiles(values, n_boot=4000, seed=0):
    """P90/P50/P10 of the values (exceedance convention, see the module
    docstring) with a bootstrap 95 % interval and a distribution-free order
    statistic interval each. Returns a list of dicts."""
    v = np.asarray(values, float)
    rng = np.random.default_rng(seed)
    boot = v[rng.integers(0, len(v), size=(n_boot, len(v)))]
    rows = []
    for name, exceed, pct in PCTS:
        b = np.percentile(boot, pct, axis=1)
        lo, hi, cov = order_statistic_interval(v, pct / 100)
        rows.append({"name": name, "exceedance_probability": exceed / 100, "percentile": pct,
                     "value": float(np.percentile(v, pct)),
                     "bootstrap_95_low": float(np.percentile(b, 2.5)),
                     "bootstrap_95_high": float(np.percentile(b, 97.5)),
                     "order_statistic_low": lo, "order_statistic_high": hi,
                     "order_statistic_coverage": cov})
    return rows


def percentile_table(study, outputs, out_dir, n_boot=4000, seed=0):
    """percentiles.csv and percentiles.json; returns {output: rows}."""
    t = study["table"]
    res = {o: percentiles(t[o], n_boot, seed) for o in outputs}
    n = len(t["sample"])
    with open(os.path.join(out_dir, "percentiles.csv"), "w", newline="") as f:
        w = csv.writer(f)
        keys = ["name", "exceedance_probability", "percentile", "value", "bootstrap_95_low", "bootstrap_95_high",
                "order_statistic_low", "order_statistic_high", "order_statistic_coverage"]
        w.writerow(["output", "n_samples"] + keys)
        for o, rows in res.items():
            for r in rows:
                w.writerow([o, n] + [repr(r[k]) if isinstance(r[k], float) else r[k] for k in keys])
    doc = {"convention": "Pxx = value exceeded with xx % probability: P90 = 10th percentile, "
                         "P50 = median, P10 = 90th percentile of the samples (numpy.percentile, linear)",
           "sampling_error": f"bootstrap 95 % interval ({n_boot} resamples, seed {seed}); distribution-free "
                             "order-statistic interval with its exact binomial coverage; both assume "
                             "independent samples",
           "design": study["design"], "n_samples": n, "n_samples_in_study": study["n_all"],
           "outputs": {o: {r["name"]: r for r in rows} for o, rows in res.items()}}
    with open(os.path.join(out_dir, "percentiles.json"), "w") as f:
        json.dump(doc, f, indent=1)
    return res


def ecdf_plot(study, res, path):
    """percentiles.png: empirical CDF of each output with P90/P50/P10 and their
    bootstrap intervals marked."""
    plt = _plt()
    t = study["table"]
    outs = list(res)
    ncol = min(3, len(outs))
    nrow = math.ceil(len(outs) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.3 * ncol, 3.4 * nrow), squeeze=False)
    colors = {"P90": "tab:red", "P50": "k", "P10": "tab:green"}
    for ax, o in zip(axes.flat, outs):
        v = np.sort(t[o])
        n = len(v)
        ax.step(np.concatenate([[v[0]], v]), np.arange(n + 1) / n, where="post", color="tab:blue")
        ax.plot(v, (np.arange(n) + 1) / n, ".", color="tab:blue", ms=3)
        for r in res[o]:
            c = colors[r["name"]]
            ax.axvspan(r["bootstrap_95_low"], r["bootstrap_95_high"], color=c, alpha=0.12, lw=0)
            ax.axvline(r["value"], color=c, lw=1)
            ax.axhline(r["percentile"] / 100, color=c, lw=0.5, ls=":")
            ax.text(r["value"], 1.02, r["name"], color=c, ha="center", va="bottom", fontsize=7,
                    transform=ax.get_xaxis_transform())
        txt = "\n".join(f"{r['name']} {r['value']:.4g} [{r['bootstrap_95_low']:.4g}, {r['bootstrap_95_high']:.4g}]"
                        for r in res[o])
        ax.text(0.98, 0.03, txt, ha="right", va="bottom", fontsize=6.5, transform=ax.transAxes,
                bbox=dict(fc="white", ec="0.8", lw=0.5))
        ax.set_ylim(0, 1)
        ax.set_xlabel(label(o), fontsize=8)
        ax.set_ylabel("fraction of samples ≤ x", fontsize=8)
        sec = ax.secondary_yaxis("right", functions=(lambda p: 1 - p, lambda p: 1 - p))
        sec.set_ylabel("probability of exceeding", fontsize=7)
        sec.tick_params(labelsize=6)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(outs):]:
        ax.axis("off")
    fig.suptitle(f"{len(t['sample'])} samples ({study['design']}): Pxx = value exceeded with xx % probability; "
                 "shaded: bootstrap 95 % interval", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------- per year
def per_year_plot(study, path):
    """per_year.png: min fluid temperature and SPF of each year, every sample; for
    random designs also the P90/P50/P10 across the samples. Returns False when
    there are no per-year figures."""
    py = study["per_year"]
    if py is None:
        return False
    cols = [c for c in ("min_inlet_temperature_C", "min_outlet_temperature_C", "spf") if c in py]
    cols = [c for c in cols if np.any(np.isfinite(np.asarray(py[c], float)))]
    if not cols or "year" not in py:
        return False
    plt = _plt()
    t = study["table"]
    varied = dict(zip(t["sample"], t["varied"])) if "varied" in t else {}
    names = {}
    for i, sid in enumerate(t["sample"]):
        v = varied.get(sid)
        names[sid] = "base" if v == "base" else (f"{v} = {_fmt(t[v][i])}" if v in t else sid)
    samples = list(dict.fromkeys(py["sample"]))
    random = study["design"] in ("lhs", "montecarlo")
    n_leg = 3 if random else len(samples)
    leg_rows = math.ceil(n_leg / 5)
    height = 3.4 + 0.2 * leg_rows
    fig, axes = plt.subplots(1, len(cols), figsize=(4.4 * len(cols), height), squeeze=False)
    years = np.asarray(py["year"], float)
    for ax, c in zip(axes[0], cols):
        y = np.asarray(py[c], float)
        for s in samples:
            m = py["sample"] == s
            base = varied.get(s) == "base"
            ax.plot(years[m], y[m], "-" if random else ".-", color="k" if base else ("0.7" if random else None),
                    lw=1.6 if base else 0.8, zorder=3 if base else 2, label=None if random else names.get(s, s))
        if random:
            yrs = np.unique(years)
            for name, _, pct in PCTS:
                q = [np.percentile(y[(years == yr) & np.isfinite(y)], pct) for yr in yrs]
                ax.plot(yrs, q, lw=1.4, label=name,
                        color={"P90": "tab:red", "P50": "k", "P10": "tab:green"}[name])
        ax.set_xlabel("year", fontsize=8)
        ax.set_ylabel(label(c), fontsize=8)
        ax.tick_params(labelsize=7)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(5, len(labels)), fontsize=7, frameon=False)
    fig.suptitle("per year, every sample" + (" (grey) and the P90/P50/P10 across them" if random else ""), fontsize=9)
    fig.tight_layout(rect=(0, (0.2 * leg_rows + 0.1) / height, 1, 1))
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


# ---------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(prog="plot_study.py", description="plots of a geoheat parameter study "
                                 "(see the module docstring)")
    ap.add_argument("study_dir")
    ap.add_argument("--out", help="output directory (default STUDY_DIR/plots)")
    ap.add_argument("--bootstrap", type=int, default=4000, help="bootstrap resamples (default 4000)")
    ap.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    a = ap.parse_args(argv)
    try:
        study = load(a.study_dir)
    except (OSError, StopIteration, KeyError) as e:
        print(f"plot_study.py: {a.study_dir}: not a collected study ({e})", file=sys.stderr)
        return 1
    out = a.out or os.path.join(a.study_dir, "plots")
    os.makedirs(out, exist_ok=True)
    n = len(study["table"]["sample"])
    print(f"plot_study.py: {a.study_dir}: design {study['design']}, {n} of {study['n_all']} samples completed")
    if n == 0:
        print("plot_study.py: no completed sample", file=sys.stderr)
        return 1
    written = []
    if study["design"] == "oat":
        outputs = pick_outputs(study)
        if not outputs:
            print("plot_study.py: no output figure varies between the samples", file=sys.stderr)
            return 1
        eff = tornado(study, outputs, os.path.join(out, "tornado.png"), os.path.join(out, "tornado.csv"))
        response_curves(study, outputs, os.path.join(out, "response.png"))
        written += ["tornado.png", "tornado.csv", "response.png"]
        for o, es in eff.items():
            print(f"  {o} (base {es[0]['base_value']:.5g}): " + ", ".join(
                f"{e['parameter']} {_fmt(e['low_level'])}->{_fmt(e['high_level'])}: "
                f"{e['low_value']:.4g}..{e['high_value']:.4g} (swing {e['swing']:.3g})" for e in es))
    elif study["design"] in ("lhs", "montecarlo"):
        outputs = pick_outputs(study, PERCENTILE_OUTPUTS)
        if n < 2 or not outputs:
            print("plot_study.py: need at least 2 completed samples and one output that varies", file=sys.stderr)
            return 1
        scatter_matrix(study, outputs, os.path.join(out, "scatter_matrix.png"))
        res = percentile_table(study, outputs, out, a.bootstrap, a.seed)
        ecdf_plot(study, res, os.path.join(out, "percentiles.png"))
        written += ["scatter_matrix.png", "percentiles.csv", "percentiles.json", "percentiles.png"]
        print(f"  {n} samples; Pxx = value exceeded with xx % probability (P90 = 10th percentile); "
              "[bootstrap 95 %], {order statistics: coverage}")
        for o, rows in res.items():
            print(f"  {o}: " + "; ".join(
                f"{r['name']} {r['value']:.4g} [{r['bootstrap_95_low']:.4g}, {r['bootstrap_95_high']:.4g}] "
                f"{{{r['order_statistic_low']:.4g}, {r['order_statistic_high']:.4g}: "
                f"{100 * r['order_statistic_coverage']:.0f} %}}" for r in rows))
    else:
        print(f"plot_study.py: design '{study['design']}': only the per-year plot "
              "(tornado and response curves need oat; percentiles need lhs or montecarlo)")
    if per_year_plot(study, os.path.join(out, "per_year.png")):
        written.append("per_year.png")
    print(f"plot_study.py: wrote {', '.join(written)} in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Read geoheat results (docs: shared/spec/results_contract.md) into Python.

    import sys; sys.path.insert(0, "postprocess")
    from geoheat_results import load_run, load_study
    r = load_run("output/small_well")          # a run's output directory
    r["summary"]["spf"], r["timeseries"]["outlet_temperature_C"], r["per_year"]
    t = load_study("output/studies/hub")       # after `scripts/study.py collect`

Tables (timeseries, per_year, wells, the study table) are pandas DataFrames
when pandas can be imported, otherwise dicts of numpy arrays (numeric
columns float64 with NaN for empty cells, other columns arrays of str).
Needs numpy only.
"""
import csv
import json
import os

import numpy as np

try:
    import pandas as pd
except ImportError:
    pd = None


def _table(columns, rows):
    """Dict of numpy arrays (or a DataFrame) from column names and rows of strings/values."""
    out = {}
    for j, c in enumerate(columns):
        vals = [r[j] if j < len(r) else "" for r in rows]
        try:
            out[c] = np.array([np.nan if v in ("", None) else float(v) for v in vals], dtype=float)
        except (TypeError, ValueError):
            out[c] = np.array(["" if v is None else str(v) for v in vals], dtype=str)
    return pd.DataFrame(out, columns=list(columns)) if pd is not None else out


def _read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return _table([c.strip() for c in rows[0]], rows[1:]) if rows else _table([], [])


def load_run(path):
    """A run's results: {'summary': dict, 'timeseries': table, 'per_year': table,
    and 'wells': table when wells.csv exists}. path is the run's output
    directory (or a study sample directory holding run/)."""
    if not os.path.exists(os.path.join(path, "summary.json")) and os.path.isdir(os.path.join(path, "run")):
        path = os.path.join(path, "run")
    with open(os.path.join(path, "summary.json")) as f:
        summary = json.load(f)
    years = summary.get("per_year") or []
    keys = list(dict.fromkeys(k for y in years for k in y))
    result = {"summary": summary,
              "timeseries": _read_csv(os.path.join(path, "timeseries.csv")),
              "per_year": _table(keys, [[y.get(k) for k in keys] for y in years])}
    if os.path.exists(os.path.join(path, "wells.csv")):
        result["wells"] = _read_csv(os.path.join(path, "wells.csv"))
    return result


def load_study(path, per_year=False):
    """The collected study table (OUTPUT/results.csv, one row per sample:
    inputs, status and summary figures); with per_year=True the pair
    (table, per-year table from OUTPUT/per_year.csv)."""
    results = os.path.join(path, "results.csv")
    if not os.path.exists(results):
        raise FileNotFoundError(f"{results} not found: run `scripts/study.py collect {path}` first")
    table = _read_csv(results)
    return (table, _read_csv(os.path.join(path, "per_year.csv"))) if per_year else table

"""Time/Method = fast on a borehole field (issue #12): the field's step
response computed on its own FE model, superposed (response/field_response.h),
against the full FE model with the same steps. The small 6-borehole field
(tests/field/small_field.prm: two layers, heat-flux geotherm, transient line
coupling, friction heat on):
- the park's heating and cooling load through the heat pump, half a year from
  1 January, pump off without load: minimum and mean outlet while flowing
  within 0.02 K, SPF within 1e-3, ground energy within 0.3 %, every flowing
  step within 0.2 K (the largest differences are the first hours after a pump
  start: the full model's stagnant fluid and implicit Euler restart, which the
  step response at constant flow does not have);
- the same with the pump always on (the model is then linear and time
  invariant, and the superposition is exact but for the fit and the run's own
  first implicit Euler step): every step after the first day within 0.02 K;
- the prescribed seasonal extraction of small_field.prm (1 year, flow off
  outside the season), and the heat-pump case with groundwater 1e-6 m/s in
  the lower layer: minimum and mean outlet within 0.02 K;
- the fitted step response within 1e-3 of its samples and of their range
  between them (step_response.csv);
- 2 and 3 ranks equal 1 rank, and --resume on 2 ranks from the first
  checkpoint of a 1-rank run equals the uninterrupted run (1e-6 K);
- Time/Response cache directory: a second run of the same model reads the
  response (a load of another scale too) and equals the uncached run
  exactly; another flow computes its own;
- where it does not apply (a seasonal surface temperature, a prescribed
  inlet temperature) the full model runs and summary.json says why.
This checks the fast path against geoheat's own full model (the reference the
issue sets), not against the outside world.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, check_ranks_and_resume, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/field/small_field.prm")
park_csv = os.path.join(args.source, "params/loads/beijing_city_park.csv")
check = Checks()


def heat_pump_prm(name, method, pump="off without load", extra=(), scale=0.05, flow=0.0015):
    return write_prm(os.path.join(args.work, name + ".prm"), base, {
        "Inlet control": "heat pump", "Flow rate": str(flow), "Start date": "01-01", "End time": "0.5",
        "Maximum time step in operation": "1", "Maximum time step when idle": "24",
        None: ["subsection Building load", f"  set Load file = {park_csv}", "  set Repeat yearly = true",
               f"  set Scale factor = {scale}", f"  set Pump = {pump}", "end",
               "subsection Heat pump", "  set COP model = Carnot", "  set Carnot efficiency heating = 0.5",
               "  set Carnot efficiency cooling = 0.45", "  set Supply temperature control = constant",
               "  set Supply temperature = 45", "  set Chilled water temperature = 7",
               "  set Minimum fluid temperature = 2", "  set Maximum fluid temperature = 35", "end",
               "subsection Time", f"  set Method = {method}", "end", *extra]})


def both(name, make):
    """Full and fast runs of the same case: (full series, fast series, fast dir)."""
    out = {}
    for method in ("full", "fast"):
        d = os.path.join(args.work, f"{name}_{method}")
        run(args, make(f"{name}_{method}", method), d)
        out[method] = d
    s = read_summary(out["fast"])
    check(s["status"] == "completed" and s["method"] == "fast" and "step response" in s["method_note"],
          f"{name}: the fast run used the step response ({s['method_note'][:60]}...)")
    return read_timeseries(out["full"]), read_timeseries(out["fast"]), out


def flowing_stats(ts):
    T = [t for t, v in zip(ts["outlet_temperature_C"], ts["flow_rate_m3_per_s"]) if v > 0]
    w = [dt for dt, v in zip(ts["time_step_s"], ts["flow_rate_m3_per_s"]) if v > 0]
    return min(T), sum(t * x for t, x in zip(T, w)) / sum(w)


def compare_outlets(name, full, fast, bound):
    (lo_a, mean_a), (lo_b, mean_b) = flowing_stats(full), flowing_stats(fast)
    check(abs(lo_b - lo_a) <= bound and abs(mean_b - mean_a) <= bound,
          f"{name}: minimum / mean outlet while flowing {lo_b:.3f} / {mean_b:.3f} C vs full "
          f"{lo_a:.3f} / {mean_a:.3f} C (differences {lo_b - lo_a:+.4f} / {mean_b - mean_a:+.4f} K, "
          f"bound {bound})")


# 1. Heat pump, pump off without load.
full, fast, dirs = both("hp", lambda n, m: heat_pump_prm(n, m))
check(len(full["time_s"]) == len(fast["time_s"]), "the same steps in both runs")
compare_outlets("heat pump", full, fast, 0.02)
flowing = [i for i, v in enumerate(full["flow_rate_m3_per_s"]) if v > 0]
worst = max(abs(fast["outlet_temperature_C"][i] - full["outlet_temperature_C"][i]) for i in flowing)
check(worst <= 0.2, f"heat pump: every flowing step's outlet within {worst:.3f} K (<= 0.2)")
sa, sb = read_summary(dirs["full"]), read_summary(dirs["fast"])
rel = abs(sb["spf"] - sa["spf"]) / sa["spf"]
check(rel <= 1e-3, f"heat pump: SPF {sb['spf']:.5f} vs {sa['spf']:.5f} ({rel:.1e}, <= 1e-3)")
e_rel = abs(sb["total_ground_energy_MWh"] / sa["total_ground_energy_MWh"] - 1)
check(e_rel <= 3e-3, f"heat pump: ground energy within {e_rel:.1e} (<= 3e-3)")

# The fit of the step response against its samples.
with open(os.path.join(dirs["fast"], "step_response.csv")) as f:
    lines = f.readlines()
    words = lines[0].split()
    swing = float(words[words.index("swing") + 1])
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
check(swing <= 1e-3, f"the fitted responses stay between neighbouring samples within {swing:.1e} of "
      "the response (<= 1e-3; a fit with too few samples per time constant swings by 1e-2 .. 1)")
h = [float(r["outlet_step_K_per_kW"]) for r in rows]
fit = [float(r["outlet_step_fit_K_per_kW"]) for r in rows]
err = max(abs(a - b) for a, b in zip(h, fit)) / max(abs(a) for a in h)
check(len(rows) > 30 and err <= 1e-3 and h[-1] < h[0] < 0,
      f"step_response.csv: {len(rows)} samples, the outlet falls under extraction, fit within "
      f"{err:.1e} of the response (<= 1e-3)")

# 2. Pump always on: linear and time invariant.
full, fast, _ = both("on", lambda n, m: heat_pump_prm(n, m, pump="constant"))
late = [i for i, t in enumerate(full["time_s"]) if t > 86400]
worst = max(abs(fast["outlet_temperature_C"][i] - full["outlet_temperature_C"][i]) for i in late)
check(worst <= 0.02, f"pump always on: every step after the first day within {worst:.4f} K (<= 0.02)")

# 3. Prescribed seasonal extraction (flow off outside the season).
full, fast, _ = both("seasonal", lambda n, m: write_prm(
    os.path.join(args.work, n + ".prm"), base, {None: ["subsection Time", f"  set Method = {m}", "end"]}))
compare_outlets("prescribed seasonal extraction", full, fast, 0.02)

# 4. Groundwater in the lower layer.
water = ["subsection Ground", "  subsection Groundwater", "    set Darcy velocity x = 0, 1e-6", "  end", "end"]
full, fast, _ = both("groundwater", lambda n, m: heat_pump_prm(n, m, extra=water))
compare_outlets("groundwater 1e-6 m/s", full, fast, 0.02)

# 5. Ranks and resume.
ck = heat_pump_prm("ck", "fast", extra=["subsection Checkpoint", "  set Interval = 30", "  set Keep = 20", "end"])
COLUMNS = ("inlet_temperature_C", "outlet_temperature_C", "ground_load_W")


def max_abs(a, b):
    return max(abs(x - y) / (1 if c != "ground_load_W" else 1e3) for c in COLUMNS for x, y in zip(a[c], b[c]))


check_ranks_and_resume(args, check, ck, max_abs, unit="K, kW")

# 6. The response cache: a later run of the same model and flow reads the response (loads may differ).
cache = os.path.join(args.work, "cache")
keep = ["subsection Time", f"  set Response cache directory = {cache}", "end"]


def text(d):
    with open(os.path.join(d, "timeseries.csv")) as f:
        return f.read()


def cached_run(name, **kw):
    d = os.path.join(args.work, name)
    run(args, heat_pump_prm(name, "fast", extra=keep, **kw), d)
    return d, read_summary(d)


c1, s1 = cached_run("cache1")
c2, s2 = cached_run("cache2")
check(not s1["reduced_model_reused"] and s2["reduced_model_reused"] and "cache" in s2["method_note"]
      and text(c1) == text(dirs["fast"]) and text(c2) == text(c1),
      f"response cache: the second run reads it ({s2['reduced_model_s']:.2f} s against "
      f"{s1['reduced_model_s']:.2f} s) and both equal the uncached run exactly")
c3, s3 = cached_run("cache_load", scale=0.06)
plain = os.path.join(args.work, "plain_load")
run(args, heat_pump_prm("plain_load", "fast", scale=0.06), plain)
check(s3["reduced_model_reused"] and text(c3) == text(plain),
      "response cache: another load (scale 0.06) reuses it and equals its uncached run exactly")
c4, s4 = cached_run("cache_flow", flow=0.0018)
files = sorted(f for f in os.listdir(cache) if f.startswith("step_response_"))
check(not s4["reduced_model_reused"] and len(files) == 2,
      f"response cache: another flow computes and keeps its own response ({len(files)} files)")

# 7. Where it does not apply, the full model runs and says why.
for name, extra, word in (
        ("seasons", ["subsection Ground", "  set Surface temperature amplitude = 14", "end"], "season"),
        ("inlet", ["subsection Operation", "  set Inlet control = inlet temperature", "  set Value = 4", "end"],
         "inlet temperature")):
    prm = write_prm(os.path.join(args.work, name + ".prm"), base,
                    {"End time": "0.1", None: ["subsection Time", "  set Method = fast", "end", *extra]})
    out = os.path.join(args.work, name)
    r = run(args, prm, out)
    s = read_summary(out)
    check(s["method"] == "full" and word in s.get("method_note", "") and word in r.stdout,
          f"{name}: full model with the note '{s.get('method_note', '')[:90]}...'")

check.finish()

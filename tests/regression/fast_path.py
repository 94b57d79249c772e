"""Time/Method = fast (issue #12): the reduced model against the full FE model.

Validation here is against geoheat's own full model (the reference the issue
sets: "within ... of the full FE run with the same steps"), on the small
coaxial well:
- heat pump with the hub's hourly load, 3 years (seasons with idle summers
  between them): yearly min and mean outlet while flowing within 2e-3 K
  (measured 1.5e-4 / 1.0e-4), every flowing step within 1e-2 K (measured
  2.3e-3), SPF within 1e-5 relative (measured 1.7e-6). The stagnant fluid
  while the pump is off is pinned at its measured error (0.72 K, bound 1 K):
  a known limit of the basis (README), a change either way shows here;
- a prescribed seasonal heat extraction (operation events, 48 h steps):
  flowing outlet within 1e-2 K;
- 2 and 3 ranks equal 1 rank to 1e-6 K (the basis differs by round-off);
- --resume on 2 ranks from an early checkpoint of a 1-rank fast run equals
  the uninterrupted run to 1e-6 K (the state is saved in full and projected);
- water with temperature-dependent properties: as many property updates as
  the full run; yearly min/mean outlet within 1e-2 K, flowing steps within
  1.5e-2 K, SPF within 2e-4 (measured 5.0e-3 / 3.3e-3, 6.8e-3, 7.6e-5; without
  the re-projection 4.2e-2 / 2.7e-2, 4.3e-2, 6.4e-4);
- where it does not apply (a seasonal surface temperature) the run says
  why, uses the full model, and summary.json records it.
The comparisons run scripts/fast_check.py, the documented side-by-side tool."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, check_ranks_and_resume, parse_args, read_summary, run, write_prm

args = parse_args()
check = Checks()
hub_csv = os.path.join(args.source, "params/loads/beijing_hub.csv")
heat_pump = write_prm(os.path.join(args.work, "heat_pump.prm"),
                      os.path.join(args.source, "tests/regression/small_well_heat_pump.prm"),
                      {"Load file": hub_csv, "End time": "3", "Output interval": "200"})
seasonal = write_prm(os.path.join(args.work, "seasonal.prm"),
                     os.path.join(args.source, "tests/regression/small_well.prm"), {"End time": "2"})


def fast_check(prm, name):
    out = os.path.join(args.work, name + ".json")
    cmd = [sys.executable, os.path.join(args.source, "scripts/fast_check.py"), prm,
           "--geoheat", args.geoheat, "--work", os.path.join(args.work, name), "--json", out]
    r = subprocess.run(cmd, capture_output=True, text=True)
    print(r.stdout.rstrip())
    if r.returncode not in (0, 1) or not os.path.exists(out):
        print(r.stderr)
        sys.exit(f"FAIL: fast_check.py exited with {r.returncode}")
    with open(out) as f:
        return json.load(f)


d = fast_check(heat_pump, "heat_pump")
check(d["yearly_min_outlet_max_abs_K"] <= 2e-3 and d["yearly_mean_outlet_max_abs_K"] <= 2e-3,
      f"heat pump, 3 years: yearly min/mean outlet within {d['yearly_min_outlet_max_abs_K']:.1e} / "
      f"{d['yearly_mean_outlet_max_abs_K']:.1e} K of the full model (<= 2e-3)")
check(d["flowing_max_abs_outlet_temperature_C"] <= 1e-2,
      f"every flowing step's outlet within {d['flowing_max_abs_outlet_temperature_C']:.1e} K (<= 1e-2)")
check(d["spf_rel_diff"] <= 1e-5, f"SPF within {d['spf_rel_diff']:.1e} relative (<= 1e-5)")
check(0.3 <= d["idle_max_abs_outlet_temperature_C"] <= 1.0,
      f"stagnant fluid while idle: {d['idle_max_abs_outlet_temperature_C']:.2f} K off "
      "(known limit, pinned to 0.3..1 K)")
check(80 <= d["reduced_states"] <= 150, f"{d['reduced_states']} reduced states for "
      f"{d['n_dofs']} unknowns (80..150)")

d = fast_check(seasonal, "seasonal")
check(d["flowing_max_abs_outlet_temperature_C"] <= 1e-2,
      f"prescribed seasonal extraction, 2 years: flowing outlet within "
      f"{d['flowing_max_abs_outlet_temperature_C']:.1e} K (<= 1e-2)")

# Ranks and resume, on the heat-pump case with checkpoints.
ck = write_prm(os.path.join(args.work, "ck.prm"), heat_pump,
               {None: ["subsection Time", "  set Method = fast", "end",
                       "subsection Checkpoint", "  set Interval = 150", "  set Keep = 20", "end"]})
COLUMNS = ("inlet_temperature_C", "outlet_temperature_C")


def max_abs(a, b):
    return max(abs(x - y) for c in COLUMNS for x, y in zip(a[c], b[c]))


_, resumed = check_ranks_and_resume(args, check, ck, max_abs)
check(read_summary(resumed)["method"] == "fast",
      "summary.json of the resumed run: method fast")

# Temperature-dependent water (properties per cell, re-evaluated as the
# fluid moves): the borehole part of the reduced operators is re-projected
# at every property update (coupled_problem_reduced_fluid.cc).
water = write_prm(os.path.join(args.work, "water.prm"), heat_pump,
                  {None: ["subsection Fluid", "  set Type = water", "end"]})
d = fast_check(water, "water")
updates = read_summary(os.path.join(args.work, "water", "fast"))["fluid_property_updates"]
full_updates = read_summary(os.path.join(args.work, "water", "full"))["fluid_property_updates"]
check(updates > 10 and updates == full_updates,
      f"temperature-dependent water: {updates} property updates in the fast run, "
      f"{full_updates} in the full one (the same checks on the reduced state)")
# Measured 5.0e-3 / 3.3e-3 K yearly, 6.8e-3 K per step, SPF 7.6e-5: ten
# times the constant-property case (the basis holds the responses at the
# properties of the start). Without the re-projection the same case reads
# 4.2e-2 / 2.7e-2 K, 4.3e-2 K and 6.4e-4: the bounds below catch that.
check(d["yearly_min_outlet_max_abs_K"] <= 1e-2 and d["yearly_mean_outlet_max_abs_K"] <= 1e-2,
      f"water, 3 years: yearly min/mean outlet within {d['yearly_min_outlet_max_abs_K']:.1e} / "
      f"{d['yearly_mean_outlet_max_abs_K']:.1e} K of the full model (<= 1e-2)")
check(d["flowing_max_abs_outlet_temperature_C"] <= 1.5e-2,
      f"water: every flowing step's outlet within {d['flowing_max_abs_outlet_temperature_C']:.1e} K "
      "(<= 1.5e-2)")
check(d["spf_rel_diff"] <= 2e-4, f"water: SPF within {d['spf_rel_diff']:.1e} relative (<= 2e-4)")

# Not applicable: a seasonal surface temperature (a time-dependent load).
seasons = write_prm(os.path.join(args.work, "seasons.prm"), heat_pump,
                    {"End time": "0.05", None: ["subsection Time", "  set Method = fast", "end",
                                                "subsection Ground",
                                                "  set Surface temperature amplitude = 14", "end"]})
out = os.path.join(args.work, "seasons")
r = run(args, seasons, out)
s = read_summary(out)
check(s["method"] == "full" and "season" in s.get("method_note", "")
      and "does not apply" in r.stdout,
      "seasonal surface temperature: the run says the fast path does not apply and uses the "
      f"full model ({s.get('method_note', '')!r})")
check.finish()

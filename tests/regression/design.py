"""geoheat design (issue #3): the answers hold when simulated forward, and
just beyond them they break; the searches use few simulations.
- load scale (Carnot COP): answer s*; a normal run at s* keeps the inlet above
  the limit with no unmet load; at 1.01 s* load is unmet; <= 5 simulations;
- load scale with a constant COP: the inlet history is exactly affine in the
  scale, so the search needs exactly 3 simulations;
- an SPF requirement above the free answer's SPF binds and holds;
- depth: the answer D* carries the load; D* minus its tolerance does not;
- the load-scale search gives the same answer at 2 ranks;
- Time/Method = fast: the search builds one reduced model and reuses it in
  every other run (only the load changes), lands within the full search's
  tolerance, and a fresh fast run at its answer (a reduced model of its own)
  gives the design's margin to round-off (the reused model is the same)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, run, write_prm

args = parse_args()
base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
hub_csv = os.path.join(args.source, "params/loads/beijing_hub.csv")
check = Checks()
T_MIN = 6.0


def prm(name, replacements, design=()):
    r = {"Load file": hub_csv, "End time": "2"}
    r.update(replacements)
    r[None] = r.get(None, []) + ["subsection Heat pump", f"  set Minimum fluid temperature = {T_MIN}", "end",
                                 "subsection Design", *design, "end"]
    return write_prm(os.path.join(args.work, name + ".prm"), base, r)


def design(name, replacements, lines, np=1):
    out = os.path.join(args.work, name)
    r = run(args, prm(name, replacements, lines), out, extra=["design"], np=np)
    print(r.stdout)
    with open(os.path.join(out, "design.json")) as f:
        return json.load(f)


def forward(name, replacements):
    out = os.path.join(args.work, name)
    run(args, prm(name, replacements), out)
    return read_summary(out)


# 1. largest load scale, Carnot COP
d = design("scale", {}, [])
case = d["cases"][0]
s_star = case["answer"]
check(case["limited_by"] == "fluid temperature" and 0 <= case["margin_K"] <= 0.01,
      f"load scale answer {s_star:.6f} +- {case['tolerance']:.1e}, margin {case['margin_K']:.4f} K (0..0.01 K)")
check(d["total_simulations"] <= 5, f"{d['total_simulations']} simulations (at most 5)")
ok = forward("scale_holds", {"Scale factor": repr(s_star)})
check(ok["unmet_load_MWh"] == 0 and ok["min_inlet_temperature_C"] >= T_MIN,
      f"at the answer: unmet {ok['unmet_load_MWh']} MWh, min inlet {ok['min_inlet_temperature_C']:.4f} C >= {T_MIN}")
more = forward("scale_breaks", {"Scale factor": repr(1.01 * s_star)})
check(more["unmet_load_MWh"] > 0, f"at 1.01 x the answer: unmet {more['unmet_load_MWh']:.4f} MWh > 0")

import subprocess
r = subprocess.run([sys.executable, os.path.join(args.source, "postprocess/plot_design.py"),
                    os.path.join(args.work, "scale")], capture_output=True, text=True)
check(r.returncode == 0 and os.path.exists(os.path.join(args.work, "scale", "design.png")),
      f"postprocess/plot_design.py writes design.png {r.stderr[-300:]}")

# the same search at 2 ranks
d2 = design("scale_np2", {}, [], np=2)
c2 = d2["cases"][0]
check(abs(c2["answer"] - s_star) <= 1e-6 * s_star and c2["simulations"] == case["simulations"],
      f"2 ranks: answer {c2['answer']:.6f} in {c2['simulations']} simulations (1 rank: {s_star:.6f})")

# 2. constant COP: exactly linear, 3 simulations
d = design("scale_constant_cop", {"COP model": "constant"}, [])
check(d["total_simulations"] == 3,
      f"constant COP: {d['total_simulations']} simulations (linearity: 2 to fit, 1 to confirm)")

# 3. SPF requirement binds
spf_target = round(case["spf"] + 0.02, 3)
d = design("scale_spf", {}, [f"  set Minimum SPF = {spf_target}"])
c = d["cases"][0]
check(c["limited_by"] == "SPF" and spf_target <= c["spf"] <= spf_target + 0.002 and c["answer"] < s_star,
      f"SPF >= {spf_target}: answer {c['answer']:.5f} (< {s_star:.5f}), SPF {c['spf']:.4f}, {c['simulations']} runs")

# 4. shortest depth for the load at scale 0.12
d = design("depth", {"Scale factor": "0.12"}, ["  set Find = depth", "  set Depth range = 300, 1500",
                                               "  set Depth tolerance = 10"])
c = d["cases"][0]
D, tol = c["answer"], c["tolerance"]
check(0 < tol <= 10 and c["margin_K"] >= 0, f"depth answer {D:.1f} m +- {tol:.1f} m in {c['simulations']} runs")
holds = forward("depth_holds", {"Scale factor": "0.12", "Depth": repr(D), "Section bottom depths": f"200, {D!r}"})
check(holds["unmet_load_MWh"] == 0, f"{D:.1f} m carries the load (min inlet {holds['min_inlet_temperature_C']:.3f} C)")
short = D - tol
fails = forward("depth_fails", {"Scale factor": "0.12", "Depth": repr(short), "Section bottom depths": f"200, {short!r}"})
check(fails["unmet_load_MWh"] > 0, f"{short:.1f} m does not (unmet {fails['unmet_load_MWh']:.4f} MWh)")

# 5. the load-scale search on the fast path (reduction_cache.h)
def fast(replacements):
    return {**replacements, None: ["subsection Time", "  set Method = fast", "end"]}


d = design("scale_fast", fast({}), [])
cf = d["cases"][0]
built, reused = d["reduced_models"]["built"], d["reduced_models"]["reused"]
check(built == 1 and reused == d["total_simulations"] - 1,
      f"fast search: {built} reduced model built, reused in {reused} of {d['total_simulations']} runs")
check(abs(cf["answer"] - s_star) <= case["tolerance"] + cf["tolerance"],
      f"fast answer {cf['answer']:.6f} vs full {s_star:.6f} (within the tolerances "
      f"{case['tolerance']:.1e} + {cf['tolerance']:.1e})")
fresh = forward("scale_fast_fresh", fast({"Scale factor": repr(cf["answer"])}))
check(abs(fresh["min_inlet_temperature_C"] - T_MIN - cf["margin_K"]) <= 1e-9
      and fresh["method"] == "fast" and fresh["reduced_model_reused"] is False,
      f"fresh fast run at the answer: margin {fresh['min_inlet_temperature_C'] - T_MIN:.12f} K, "
      f"design (reused model) {cf['margin_K']:.12f} K")
check.finish()

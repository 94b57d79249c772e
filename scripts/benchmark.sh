#!/usr/bin/env bash
# Speed benchmarks. Prints wall time, steps, DOFs, time per step and peak memory.
#  1. prescribed: the Beijing hub well (300 kW seasonal extraction) with hourly
#     steps through every heating season for 30 years (issue #2), at 1 and 2 ranks;
#  2. heat pump: the hub's hourly building load through the heat pump for
#     30 years, params/examples/beijing_hub_heat_pump.prm (issue #3, < 60 s on one core);
#  3. design: the largest load scale for 30 years (no sensitivity sweep), and its
#     cost in units of one simulation (issue #3: at most 5).
#  4. field_scaling: a 16 x 16 borehole field on a 3D mesh of 1.2 M unknowns,
#     24 hourly steps at 1 and 2 ranks (issue #7): setup time, time per step
#     after setup, strong-scaling speed-up, memory per unknown, where the time
#     goes (GMRES + BoomerAMG; about 6 GB of memory).
#  5. park: params/examples/green_heart_park_field.prm, the park's 30-borehole
#     field through its heat pump, hourly, 25 years, on 2 ranks (issue #7:
#     goal <= 30 minutes on 2 cores); prints the run's figures. The mesh and
#     time-step convergence that justify its settings: scripts/park_convergence.py.
#  6. fast: the hub example's hourly load through the heat pump for 30 years
#     with Time/Method = fast against full (issue #12: <= 5 s on one core,
#     yearly min/mean outlet within 0.05 K, SPF within 0.1 %), water with
#     properties per cell as shipped; scripts/fast_check.py prints both
#     runs' figures.
#  7. design_fast: the design answers of today on the fast path (issue #12:
#     <= 10 s each): the hub's largest load scale (base case) and its
#     shortest depth, 30 years, with Time/Method = fast; wall time,
#     simulations, reduced models built and reused, peak memory.
#  8. gfunction: `geoheat gfunction params/examples/gfunction_10x10.prm` on 2 ranks,
#     the 10 x 10 field (150 m, B = 7.5 m) to 10 t_s with UHTR, UBWT and MIFT
#     (issue #8): wall time, steps, unknowns, time per step, GMRES iterations,
#     peak memory per condition; g at 0.1 / 1 / 10 t_s and UHTR >= MIFT >= UBWT.
#  9. gfunction_hourly: the same field with a park-type hourly load through the
#     heat pump (the park's load x 4.5 for 100 x 150 m of borehole, flow x 100/30),
#     full FE model, GEOHEAT_HOURLY_YEARS years (default 20) on 2 ranks, on the
#     20-year mesh whatever the years (Margin 69 m = 3 sqrt(alpha 20 y)): the cost
#     the fast path (issue #12) has to beat.
# 10. field_fast: the gfunction_hourly field on the fast path (Time/Method = fast, the
#     field's step response superposed; issue #12): fast against full over
#     GEOHEAT_FAST_CHECK_YEARS (default 1, what the full run affords) with
#     scripts/fast_check.py, then the fast run over 20 years; both again with
#     groundwater (1e-6 m/s in the middle layer, as green_heart_park_groundwater.prm).
# 11. sizing: Ahmadfard & Bernier (2019) test 3 (7 x 7 field, B = 5 m, first-year limit) sized
#     with scripts/size_field.py on 2 ranks: geoheat's own borehole resistance (0.1225 m K/W),
#     and the imposed 0.1 m K/W (grout conductivity 2.62 W/(m K) gives R_b* = 0.10001).
# 12. deep_array: a 5 x 5 array of 2 km coaxial wells (four layers, 50 m apart; issue #8:
#     goal <= 1 hour per simulated year on 2 cores) with scripts/deep_array_benchmark.py:
#     the full model's wall time per simulated year, the fast path over 30 years, and
#     the step (full model, 1 year) and mesh (fast path, 30 years) convergence (~1.5 h).
# Usage: scripts/benchmark.sh [prescribed] [heat_pump] [design] [field_scaling] [park] [fast] [design_fast]
#                             [gfunction] [gfunction_hourly] [field_fast] [sizing] [deep_array]
#        (default: the first three; field_scaling and park only when named)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_geoheat >/dev/null
WORK="${GEOHEAT_BENCH_DIR:-/tmp/geoheat_benchmark}"
mkdir -p "$WORK"

report() { # run_dir label ranks peak_kB
  "$GEOHEAT_PYTHON" - "$@" <<'PY'
import json, sys
d, label, n, mem = sys.argv[1:5]
s = json.load(open(d + "/summary.json"))
extra = f", SPF {s['spf']:.3f}, unmet {s['unmet_load_MWh']:.2f} MWh" if "spf" in s else ""
print(f"{label} ranks {n}: wall {s['wall_time_s']:.1f} s, steps {s['n_time_steps']}, DOFs {s['n_dofs']}, "
      f"{1e3*s['wall_time_s']/s['n_time_steps']:.3f} ms/step, factorisations {s['n_factorizations']}, "
      f"peak RSS {int(mem)/1024:.0f} MiB, min outlet {s['min_outlet_temperature_C']:.3f} C{extra}")
PY
}

run_case() { # label prm ranks
  local out="$WORK/$1_np$3"
  /usr/bin/time -f "%M" -o "$out.mem" mpirun -np "$3" "$BUILD/geoheat" --output-dir "$out" "$2" > "$out.log"
  report "$out" "$1" "$3" "$(cat "$out.mem")"
}

cases="${*:-prescribed heat_pump design}"
if [[ " $cases " == *" fast "* ]]; then
  "$GEOHEAT_PYTHON" "$ROOT/scripts/fast_check.py" "$ROOT/params/examples/beijing_hub_heat_pump.prm" \
    --geoheat "$BUILD/geoheat" --work "$WORK/fast" \
    --json "$WORK/fast.json" || true
fi
if [[ " $cases " == *" design_fast "* ]]; then
  PRM="$ROOT/params/examples/beijing_hub_heat_pump.prm"
  for find in "load scale" depth; do
    name="design_fast_${find// /_}"
    DPRM="$WORK/$name.prm"
    sed -e 's/^\( *set Sensitivity .*=\).*/\1/' -e "s#../loads/#$ROOT/params/loads/#" \
      -e 's/^\( *set Find *=\).*/\1 '"$find"'/' \
      -e 's/^\( *set End time *=.*\)$/\1\n  set Method = fast/' "$PRM" > "$DPRM"
    /usr/bin/time -f "%M" -o "$WORK/$name.mem" "$BUILD/geoheat" design --output-dir "$WORK/$name" "$DPRM" \
      > "$WORK/$name.log"
    "$GEOHEAT_PYTHON" - "$WORK/$name/design.json" "$(cat "$WORK/$name.mem")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); c = d["cases"][0]; r = d["reduced_models"]
print(f"design_fast ({d['find']}, {d['years']:g} years): answer {c['answer']:.6g} +- {c['tolerance']:.2g}, "
      f"wall {d['wall_time_s']:.1f} s, {d['total_simulations']} simulations "
      f"({d['wall_time_s'] / d['total_simulations']:.2f} s each), reduced models built {r['built']}, "
      f"reused {r['reused']}, peak RSS {int(sys.argv[2]) / 1024:.0f} MiB")
PY
  done
fi
if [[ " $cases " == *" field_scaling "* ]]; then
  for n in 1 2; do
    out="$WORK/field_scaling_np$n"
    /usr/bin/time -f "%M" -o "$out.mem" mpirun -np "$n" "$BUILD/geoheat" --output-dir "$out" \
      "$ROOT/scripts/benchmark_cases/field_scaling.prm" > "$out.log"
  done
  "$GEOHEAT_PYTHON" - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
per_step = {}
for n in (1, 2):
    s = json.load(open(f"{w}/field_scaling_np{n}/summary.json"))
    b = s["time_breakdown_s"]
    steps = s["n_time_steps"]
    after = s["wall_time_s"] - b["setup"]
    per_step[n] = after / steps
    print(f"field_scaling ranks {n}: {s['n_dofs']} unknowns ({s['n_ground_dofs']} ground), "
          f"{s['n_wells']} boreholes, wall {s['wall_time_s']:.1f} s, setup {b['setup']:.1f} s, "
          f"{steps} steps, {1e3 * per_step[n]:.0f} ms/step after setup "
          f"(assembly {b['assembly']:.1f} s, preconditioner {b['solver_setup']:.1f} s, "
          f"solves {b['solve']:.1f} s, {s['linear_iterations']} GMRES iterations), "
          f"peak memory {s['peak_memory_MB']:.0f} MB = {1024 * s['peak_memory_MB'] / s['n_dofs']:.2f} KB/unknown, "
          f"borehole unknowns per rank {s['borehole_unknowns_per_rank']}")
print(f"field_scaling strong scaling 1 -> 2 ranks (time per step after setup): {per_step[1] / per_step[2]:.2f} x")
PY
fi
if [[ " $cases " == *" gfunction "* ]]; then
  out="$WORK/gfunction_10x10"
  /usr/bin/time -f "%M" -o "$out.mem" mpirun -np 2 "$BUILD/geoheat" gfunction --output-dir "$out" \
    "$ROOT/params/examples/gfunction_10x10.prm" > "$out.log"
  "$GEOHEAT_PYTHON" - "$out" <<'PY'
import json, sys
import numpy as np
j = json.load(open(sys.argv[1] + "/gfunction.json"))
t = np.array(j["time_s"]); ts = j["t_s_s"]
g10 = {}
for bc, c in j["conditions"].items():
    at = [c["g"][int(np.argmin(abs(t - f * ts)))] for f in (0.1, 1, 10)]
    g10[bc] = at[-1]
    print(f"gfunction 10x10 {bc}: {c['unknowns']} unknowns, {c['steps']} steps, wall {c['wall_time_s']:.1f} s "
          f"({c['wall_time_s'] / c['steps']:.2f} s/step; set-up {c['setup_s']:.1f} s, step matrices "
          f"{c['assembly_s']:.1f} s, preconditioners {c['solver_setup_s']:.1f} s, solves {c['solve_s']:.1f} s, "
          f"{c['linear_iterations']} GMRES iterations), g(0.1, 1, 10 t_s) = "
          + ", ".join(f"{v:.3f}" for v in at))
print(f"gfunction 10x10: peak memory {j['peak_memory_MB']:.0f} MB (both ranks); "
      f"UHTR >= MIFT >= UBWT at 10 t_s: {g10['UHTR'] >= g10['MIFT'] >= g10['UBWT']}")
PY
fi
if [[ " $cases " == *" gfunction_hourly "* ]]; then
  PRM="$WORK/gfunction_hourly.prm"
  years="${GEOHEAT_HOURLY_YEARS:-20}"
  sed -e "s#../loads/#$ROOT/params/loads/#" \
      -e 's/^\( *set Number in [xy] *=\).*/\1 10/' -e 's/^\( *set Spacing [xy] *=\).*/\1 7.5/' \
      -e 's/^\( *set Borehole length *=\).*/\1 150/' -e 's/^\( *set Buried depth *=\).*/\1 4/' \
      -e 's/^\( *set Flow rate *=\).*/\1 0.028/' -e 's/^\( *set End time *=\).*/\1 '"$years"'/' \
      -e 's/^\( *set Repeat yearly *=.*\)$/\1\n  set Scale factor = 4.5/' \
      -e 's/^\( *set Interval *=\).*/\1 0/' \
      -e 's/^\( *set Vertical max cell *=.*\)$/\1\n  set Margin = 69/' \
      "$ROOT/params/examples/green_heart_park_field.prm" > "$PRM"
  run_case gfunction_hourly "$PRM" 2
fi
if [[ " $cases " == *" field_fast "* ]]; then
  for variant in layered groundwater; do
    PRM="$WORK/field_fast_$variant.prm"
    water='s/^\( *set Volumetric heat capacities *=.*\)$/\1/'
    [[ $variant == groundwater ]] && water='s/^\( *set Volumetric heat capacities *=.*\)$/\1\n  subsection Groundwater\n    set Darcy velocity x = 0, 1e-6, 0\n  end/'
    sed -e "s#../loads/#$ROOT/params/loads/#" \
        -e 's/^\( *set Number in [xy] *=\).*/\1 10/' -e 's/^\( *set Spacing [xy] *=\).*/\1 7.5/' \
        -e 's/^\( *set Borehole length *=\).*/\1 150/' -e 's/^\( *set Buried depth *=\).*/\1 4/' \
        -e 's/^\( *set Flow rate *=\).*/\1 0.028/' -e 's/^\( *set End time *=\).*/\1 20\n  set Method = fast/' \
        -e 's/^\( *set Repeat yearly *=.*\)$/\1\n  set Scale factor = 4.5/' \
        -e 's/^\( *set Interval *=\).*/\1 0/' \
        -e 's/^\( *set Vertical max cell *=.*\)$/\1\n  set Margin = 69/' -e "$water" \
        "$ROOT/params/examples/green_heart_park_field.prm" > "$PRM"
    "$GEOHEAT_PYTHON" "$ROOT/scripts/fast_check.py" "$PRM" --np 2 --years "${GEOHEAT_FAST_CHECK_YEARS:-1}" \
      --geoheat "$BUILD/geoheat" --work "$WORK/field_fast_check_$variant" \
      --tolerance-K 0.1 --json "$WORK/field_fast_check_$variant.json" || true
    run_case "field_fast_${variant}_20y" "$PRM" 2
    grep "fast path:" "$WORK/field_fast_${variant}_20y_np2.log" || true
  done
fi
if [[ " $cases " == *" sizing "* ]]; then
  SHARED_TEST3="$ROOT/../shared/validation/sizing_ahmadfard_bernier2019/test3/test3.csv"
  "$GEOHEAT_PYTHON" "$ROOT/scripts/ghetool_load.py" "$SHARED_TEST3" "$WORK/test3_load.csv"
  for variant in own_Rb:1.73:100:140 Rb_0.1:2.62:95:125; do
    IFS=: read -r name grout lo hi <<< "$variant"
    "$GEOHEAT_PYTHON" "$ROOT/scripts/size_field.py" "$ROOT/params/validation/ahmadfard2019_test3.prm" \
      --min-fluid 0 --max-fluid 35 --lengths "$lo" "$hi" --tolerance 0.5 --np 2 --geoheat "$BUILD/geoheat" \
      --set "Operation/Load file=$WORK/test3_load.csv" --set "Borehole heat exchanger/Grout conductivity=$grout" \
      --work "$WORK/sizing_$name" --json "$WORK/sizing_$name.json" | tail -1 || true
  done
fi
if [[ " $cases " == *" deep_array "* ]]; then
  "$GEOHEAT_PYTHON" "$ROOT/scripts/deep_array_benchmark.py" --np 2 --geoheat "$BUILD/geoheat" \
    --work "$WORK/deep_array" --json "$WORK/deep_array.json" || true
fi
if [[ " $cases " == *" park "* ]]; then
  PRM="$WORK/park.prm"
  sed -e "s#../loads/#$ROOT/params/loads/#" "$ROOT/params/examples/green_heart_park_field.prm" > "$PRM"
  run_case park "$PRM" 2
fi
if [[ " $cases " == *" prescribed "* ]]; then
  PRM="$WORK/hub_hourly.prm"
  sed -e 's/^\( *set Maximum time step in operation *=\).*/\1 1/' \
      -e 's/^\( *set Output interval *=\).*/\1 0/' \
      "$ROOT/params/examples/beijing_hub_2745m.prm" > "$PRM"
  for n in 1 2; do run_case prescribed "$PRM" "$n"; done
fi
if [[ " $cases " == *" heat_pump "* ]]; then
  run_case heat_pump "$ROOT/params/examples/beijing_hub_heat_pump.prm" 1
fi
if [[ " $cases " == *" design "* ]]; then
  PRM="$ROOT/params/examples/beijing_hub_heat_pump.prm"
  DPRM="$WORK/hub_design.prm"
  sed -e 's/^\( *set Sensitivity .*=\).*/\1/' -e "s#../loads/#$ROOT/params/loads/#" "$PRM" > "$DPRM"
  start=$(date +%s.%N)
  "$BUILD/geoheat" design --output-dir "$WORK/design" "$DPRM" | tee "$WORK/design.log"
  end=$(date +%s.%N)
  one=$("$GEOHEAT_PYTHON" -c "import json; print(json.load(open('$WORK/heat_pump_np1/summary.json'))['wall_time_s'])" 2>/dev/null || echo 0)
  "$GEOHEAT_PYTHON" - "$start" "$end" "$one" "$WORK/design/design.json" <<'PY'
import json, sys
t = float(sys.argv[2]) - float(sys.argv[1]); one = float(sys.argv[3])
d = json.load(open(sys.argv[4]))
ratio = f", {t/one:.2f} x one simulation ({one:.1f} s)" if one > 0 else ""
print(f"design (load scale, 30 years): {d['total_simulations']} simulations, wall {t:.1f} s{ratio}")
PY
fi

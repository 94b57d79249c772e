#!/usr/bin/env bash
# Speed benchmarks. Prints wall time, steps, DOFs, time per step and peak memory.
#  1. prescribed: the Beijing hub well (300 kW seasonal extraction) with hourly
#     steps through every heating season for 30 years (issue #2), at 1 and 2 ranks;
#  2. heat pump: the hub's hourly building load through the heat pump for
#     30 years, params/examples/beijing_hub_heat_pump.prm (issue #3, < 60 s on one core);
#  3. design: the largest load scale for 30 years (no sensitivity sweep), and its
#     cost in units of one simulation (issue #3: at most 5).
# Usage: scripts/benchmark.sh [prescribed] [heat_pump] [design]   (default: all)
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

#!/usr/bin/env bash
# Speed benchmark (issue #2): the Beijing hub well with hourly steps throughout
# every heating season for 30 years, at 1 and 2 ranks. Prints wall time, steps,
# DOFs, time per step and peak memory. Usage: scripts/benchmark.sh [ranks...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_geoheat >/dev/null
WORK="${GEOHEAT_BENCH_DIR:-/tmp/geoheat_benchmark}"
mkdir -p "$WORK"
PRM="$WORK/hub_hourly.prm"
sed -e 's/^\( *set Maximum time step in operation *=\).*/\1 1/' \
    -e 's/^\( *set Output interval *=\).*/\1 0/' \
    "$ROOT/params/examples/beijing_hub_2745m.prm" > "$PRM"
for np in "${@:-1 2}"; do
  for n in $np; do
    out="$WORK/np$n"
    /usr/bin/time -f "%M" -o "$WORK/mem_np$n" mpirun -np "$n" "$BUILD/geoheat" --output-dir "$out" "$PRM" > "$WORK/log_np$n"
    "$GEOHEAT_PYTHON" - "$out" "$n" "$(cat "$WORK/mem_np$n")" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
print(f"ranks {sys.argv[2]}: wall {s['wall_time_s']:.1f} s, steps {s['n_time_steps']}, "
      f"DOFs {s['n_dofs']}, {1e3*s['wall_time_s']/s['n_time_steps']:.3f} ms/step, "
      f"factorisations {s['n_factorizations']}, peak RSS of mpirun's largest child {int(sys.argv[3])/1024:.0f} MiB, "
      f"min outlet {s['min_outlet_temperature_C']:.3f} C")
PY
  done
done

#!/usr/bin/env bash
# One command from a fresh Debian 12 clone to a finished example run:
# installs what is missing, builds, runs the Beijing hub (2,745 m well, hourly
# building load through a heat pump, 30 years), and makes the plots and the
# ParaView pictures (postprocess/paraview/render.sh).
# Usage: scripts/run_example.sh [FILE.prm [OUTPUT_DIR]]; GEOHEAT_NP=N for N ranks
# (default 1: at ~4,500 unknowns one rank is fastest; MPI pays off for larger meshes).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build_geoheat
PRM="${1:-$ROOT/params/examples/beijing_hub_heat_pump.prm}"
OUT="${2:-$ROOT/output/$(basename "$PRM" .prm)}"
NP="${GEOHEAT_NP:-1}"
echo "== running $PRM on $NP rank(s)"
mpirun -np "$NP" "$BUILD/geoheat" --output-dir "$OUT" "$PRM"
"$GEOHEAT_PYTHON" "$ROOT/postprocess/plot_run.py" "$OUT"
if head -1 "$OUT/timeseries.csv" | grep -q ",cop,"; then
  "$GEOHEAT_PYTHON" "$ROOT/postprocess/plot_heat_pump.py" "$OUT"
fi
echo "== ParaView pictures (offscreen)"
bash "$ROOT/postprocess/paraview/render.sh" "$OUT"
echo "== done: results in $OUT (plots in $OUT/plots, one-page summary plots/summary.png;"
echo "   ParaView pictures in $OUT/paraview, interactive: paraview --state=$OUT/paraview/geoheat_view.pvsm)"

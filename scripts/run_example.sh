#!/usr/bin/env bash
# One command from a fresh Debian 12 clone to a finished example run:
# installs what is missing, builds, runs the Beijing hub well (2,745 m, 30 years)
# on all cores, and makes the plots.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build_geoheat
PRM="${1:-$ROOT/params/examples/beijing_hub_2745m.prm}"
OUT="${2:-$ROOT/output/$(basename "$PRM" .prm)}"
NP="${GEOHEAT_NP:-$(nproc)}"
echo "== running $PRM on $NP rank(s)"
mpirun -np "$NP" "$BUILD/geoheat" --output-dir "$OUT" "$PRM"
"$GEOHEAT_PYTHON" "$ROOT/postprocess/plot_run.py" "$OUT"
echo "== done: results in $OUT (open solution.pvd or solution.xdmf in ParaView; plots in $OUT/plots)"

#!/bin/bash
# SLURM batch template: one geoheat run via mpirun.
# Usage: sbatch --ntasks=4 cluster/slurm_geoheat.sh params/examples/beijing_hub_2745m.prm [OUTPUT_DIR]
#SBATCH --job-name=geoheat
#SBATCH --ntasks=4
#SBATCH --time=02:00:00
#SBATCH --output=geoheat-%j.log
set -euo pipefail
PRM="$1"
OUT="${2:-output/$(basename "$PRM" .prm)-$SLURM_JOB_ID}"
GEOHEAT="${GEOHEAT:-$(dirname "$0")/../build/geoheat}"
"$GEOHEAT" --validate "$PRM"          # fail fast on bad input, before the allocation is used
mpirun -np "${SLURM_NTASKS}" "$GEOHEAT" --output-dir "$OUT" "$PRM"

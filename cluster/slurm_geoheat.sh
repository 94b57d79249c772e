#!/bin/bash
# SLURM batch template: one geoheat run via mpirun that survives the time limit.
# Usage: sbatch --ntasks=4 cluster/slurm_geoheat.sh params/examples/beijing_hub_heat_pump.prm OUTPUT_DIR
# SLURM sends SIGUSR1 ten minutes before the limit (--signal); geoheat then writes a
# checkpoint, marks summary.json "stopped" and exits; this script requeues the job,
# and the requeued job continues with --resume in the same OUTPUT_DIR.
#SBATCH --job-name=geoheat
#SBATCH --ntasks=4
#SBATCH --time=02:00:00
#SBATCH --signal=B:USR1@600
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=geoheat-%j.log
set -uo pipefail
PRM="$1"
OUT="${2:?give an output directory so that a requeued job finds its checkpoint}"
GEOHEAT="${GEOHEAT:-$(dirname "$0")/../build/geoheat}"
"$GEOHEAT" --validate "$PRM" || exit 1   # fail fast on bad input, before the allocation is used

RESUME=()
[ -f "$OUT/checkpoint/latest" ] && [ "${SLURM_RESTART_COUNT:-0}" -gt 0 ] && RESUME=(--resume)
mpirun -np "${SLURM_NTASKS}" "$GEOHEAT" "${RESUME[@]}" --output-dir "$OUT" "$PRM" &
pid=$!
trap 'kill -USR1 $pid' USR1          # pass the batch system's warning on to geoheat
wait $pid; status=$?
# wait returns early when the trap fires: wait again for geoheat to finish its checkpoint
while kill -0 $pid 2>/dev/null; do wait $pid; status=$?; done
if grep -q '"status": "stopped"' "$OUT/summary.json" 2>/dev/null; then
  scontrol requeue "$SLURM_JOB_ID"
fi
exit $status

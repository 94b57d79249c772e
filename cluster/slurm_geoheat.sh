#!/bin/bash
# SLURM batch script: one geoheat run via mpirun that survives the time limit.
#   sbatch --ntasks=4 cluster/slurm_geoheat.sh FILE.prm OUTPUT_DIR
# SLURM sends SIGUSR1 ten minutes before the limit (--signal); geoheat then
# writes a checkpoint, marks summary.json "stopped" and exits 4. Two ways on:
#   requeue (default): this script requeues the job, which continues with
#     --resume in the same OUTPUT_DIR (needs a site that allows --requeue);
#   chain: cluster/slurm_chain.sh submits N copies of this script, each
#     depending on the one before (GEOHEAT_REQUEUE=0); each continues the run.
# A job whose run already completed ends at once; a bad parameter file ends
# the job before mpirun starts (geoheat --validate).
#SBATCH --job-name=geoheat
#SBATCH --ntasks=4
#SBATCH --time=02:00:00
#SBATCH --signal=B:USR1@600
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=geoheat-%j.log
set -uo pipefail
PRM="${1:?usage: sbatch cluster/slurm_geoheat.sh FILE.prm OUTPUT_DIR}"
OUT="${2:?give an output directory so that a later job finds the checkpoint}"
# SLURM runs a copy of this script from its spool directory: find geoheat on
# PATH, in $GEOHEAT, or in build/ of the directory the job was submitted from
GEOHEAT="${GEOHEAT:-$(command -v geoheat || echo "${SLURM_SUBMIT_DIR:-.}/build/geoheat")}"
MPIRUN="${MPIRUN:-mpirun}"
status_of() { sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p' "$OUT/summary.json" 2>/dev/null | head -1; }

case "$(status_of)" in
  completed) echo "geoheat: $OUT already completed"; exit 0 ;;
  # stopped, killed (running), failed (e.g. a full disk) or no summary (no
  # room for it): continue from the last complete checkpoint if there is one
  *) [ -f "$OUT/checkpoint/latest" ] && RESUME=(--resume) ;;
esac
"$GEOHEAT" --validate "$PRM" || exit 1   # fail fast on bad input, before the allocation is used
mpirun_cmd=("$MPIRUN" -np "${SLURM_NTASKS:-1}")
[ "$(basename "$MPIRUN")" = srun ] && mpirun_cmd=(srun -n "${SLURM_NTASKS:-1}")
"${mpirun_cmd[@]}" "$GEOHEAT" ${RESUME[@]+"${RESUME[@]}"} --output-dir "$OUT" "$PRM" &
pid=$!
trap 'kill -USR1 $pid 2>/dev/null' USR1 TERM   # pass the batch system's warning on to geoheat
wait $pid; status=$?
# wait returns early when the trap fires: wait again for geoheat to finish its checkpoint
while kill -0 $pid 2>/dev/null; do wait $pid; status=$?; done
if [ "$(status_of)" = stopped ] && [ "${GEOHEAT_REQUEUE:-1}" = 1 ]; then
  scontrol requeue "$SLURM_JOB_ID"
fi
exit $status

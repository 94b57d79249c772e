#!/bin/bash
# PBS (PBS Pro / OpenPBS) batch script: one geoheat run that survives the walltime.
#   qsub -v PRM=/abs/FILE.prm,OUT=/abs/OUTPUT_DIR cluster/pbs_geoheat.sh
# PBS gives no warning before the walltime, so `timeout` sends SIGUSR1
# WARN_S seconds before WALLTIME_S (keep WALLTIME_S equal to the walltime
# below, or pass both with -v); geoheat writes a checkpoint, marks
# summary.json "stopped" and exits 4. cluster/pbs_chain.sh submits N copies,
# each continuing the run; a job whose run already completed ends at once.
#PBS -N geoheat
#PBS -l select=1:ncpus=4:mpiprocs=4
#PBS -l walltime=02:00:00
#PBS -j oe
set -uo pipefail
: "${PRM:?pass PRM=/abs/FILE.prm with qsub -v}" "${OUT:?pass OUT=/abs/OUTPUT_DIR with qsub -v}"
WALLTIME_S="${WALLTIME_S:-7200}" WARN_S="${WARN_S:-600}" NP="${NP:-4}"
[ -n "${PBS_O_WORKDIR:-}" ] && cd "$PBS_O_WORKDIR"
# PBS runs a copy of this script: find geoheat on PATH, in $GEOHEAT, or in
# build/ of the directory the job was submitted from
GEOHEAT="${GEOHEAT:-$(command -v geoheat || echo "$PWD/build/geoheat")}"
status_of() { sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p' "$OUT/summary.json" 2>/dev/null | head -1; }

case "$(status_of)" in
  completed) echo "geoheat: $OUT already completed"; exit 0 ;;
  # stopped, killed (running), failed (e.g. a full disk) or no summary (no
  # room for it): continue from the last complete checkpoint if there is one
  *) [ -f "$OUT/checkpoint/latest" ] && RESUME=(--resume) ;;
esac
"$GEOHEAT" --validate "$PRM" || exit 1
cmd=("$GEOHEAT" ${RESUME[@]+"${RESUME[@]}"} --output-dir "$OUT" "$PRM")
[ "$NP" -gt 1 ] && cmd=("${MPIRUN:-mpirun}" -np "$NP" "${cmd[@]}")
timeout --preserve-status --signal=USR1 $((WALLTIME_S - WARN_S)) "${cmd[@]}"

#!/bin/bash
# Submits one geoheat run as a restart chain of LINKS SLURM jobs: job k+1
# starts when job k has ended (afterany) and continues the run from its
# checkpoint; jobs after the run has completed end at once.
#   cluster/slurm_chain.sh LINKS FILE.prm OUTPUT_DIR [sbatch options, e.g. --ntasks=8 --time=4:00:00]
# A run needing T hours of compute needs about T / (time limit - 10 min) links.
set -euo pipefail
LINKS="${1:?usage: cluster/slurm_chain.sh LINKS FILE.prm OUTPUT_DIR [sbatch options]}"
PRM="$(realpath "${2:?give the parameter file}")"
OUT="$(realpath -m "${3:?give the output directory}")"
shift 3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export GEOHEAT="${GEOHEAT:-$HERE/../build/geoheat}"
"$GEOHEAT" --validate "$PRM"
dep=()
for link in $(seq 1 "$LINKS"); do
  id=$(sbatch --parsable --export=ALL,GEOHEAT_REQUEUE=0 "${dep[@]}" "$@" "$HERE/slurm_geoheat.sh" "$PRM" "$OUT")
  id=${id%%;*}
  echo "link $link of $LINKS: job $id"
  dep=(--dependency=afterany:$id)
done

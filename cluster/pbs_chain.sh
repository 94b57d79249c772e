#!/bin/bash
# Submits one geoheat run as a restart chain of LINKS PBS jobs: job k+1
# starts when job k has ended (afterany) and continues the run from its
# checkpoint; jobs after the run has completed end at once.
#   cluster/pbs_chain.sh LINKS FILE.prm OUTPUT_DIR [qsub options, e.g. -l walltime=4:00:00]
# With another walltime or rank count, also pass -v WALLTIME_S=...,NP=... (see pbs_geoheat.sh).
set -euo pipefail
LINKS="${1:?usage: cluster/pbs_chain.sh LINKS FILE.prm OUTPUT_DIR [qsub options]}"
PRM="$(realpath "${2:?give the parameter file}")"
OUT="$(realpath -m "${3:?give the output directory}")"
shift 3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GEOHEAT="${GEOHEAT:-$HERE/../build/geoheat}"
"$GEOHEAT" --validate "$PRM"
vars="PRM=$PRM,OUT=$OUT,GEOHEAT=$GEOHEAT${PBS_VARS:+,$PBS_VARS}"
dep=()
for link in $(seq 1 "$LINKS"); do
  id=$(qsub -v "$vars" "${dep[@]}" "$@" "$HERE/pbs_geoheat.sh")
  echo "link $link of $LINKS: job $id"
  dep=(-W "depend=afterany:$id")
done

#!/usr/bin/env bash
# Leak and memory-error check of geoheat under valgrind memcheck (README
# "Reliability"): installs what is missing (valgrind is in common.sh), builds the Release geoheat
# (build/, as scripts/run_tests.sh), then runs the short cases of
# tests/sanitize/leak_cases.py (bad input; a hub well with its heat pump,
# checkpoints and --resume at 1 and 2 ranks; a small 3D field) with a full
# leak check. Errors and definitely lost blocks whose stack passes through
# OpenMPI's libraries are counted and listed as OpenMPI's; any other fails
# the script. Work files and valgrind's XML go to build/leakcheck/.
#   scripts/leakcheck.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build_geoheat
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
start=$(date +%s)
status=0
python3 "$ROOT/tests/sanitize/leak_cases.py" --geoheat "$BUILD/geoheat" --mpirun mpirun \
  --source "$ROOT" --shared "$ROOT/../shared" --work "$BUILD/leakcheck" || status=$?
echo "leakcheck.sh: $(( $(date +%s) - start )) s"
exit $status

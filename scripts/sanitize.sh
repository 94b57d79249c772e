#!/usr/bin/env bash
# Checker builds of geoheat and a run of the quick tests under them:
#   scripts/sanitize.sh asan       [ctest args]   ASan + UBSan          -> build-asan/
#   scripts/sanitize.sh assertions [ctest args]   -D_GLIBCXX_ASSERTIONS -> build-assertions/
#   scripts/sanitize.sh debug      [ctest args]   deal.II Debug (libdeal.ii.g.so, Assert on)
#                                                 -O0                   -> build-debug/
#   scripts/sanitize.sh ci                        ASan + UBSan geoheat only, then the short
#                                                 cases of tests/sanitize/asan_cases.py (the
#                                                 ctest test sanitize.asan_cases runs this)
# Default ctest arguments: -L quick without the tests listed in SLOW_UNDER_*;
# for debug the unit tests only (deal.II's Assert()s are checked in library
# calls; -O0 makes the whole-program tests slow: pass -L quick for them).
# Builds use ccache (incremental); GEOHEAT_SANITIZE_BUILD_DIR overrides the
# build folder, GEOHEAT_JOBS the parallel jobs (default: all cores).
# Sanitizer reports go to files in <build>/sanitizer-reports-<mode>/ (a report also
# makes geoheat exit 86); the summary counts them and the script fails on any.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mode="${1:-}"
shift || true
case "$mode" in
  asan | ci) cmake_args=(-DCMAKE_BUILD_TYPE=Release "-DGEOHEAT_SANITIZE=address;undefined") ;;
  assertions) cmake_args=(-DCMAKE_BUILD_TYPE=Release -DGEOHEAT_GLIBCXX_ASSERTIONS=ON) ;;
  debug) cmake_args=(-DCMAKE_BUILD_TYPE=Debug) ;;
  *)
    echo "usage: scripts/sanitize.sh asan|assertions|debug [ctest args] | ci" >&2
    exit 2
    ;;
esac
dir_mode="$mode"
[ "$mode" = ci ] && dir_mode=asan
BUILD="${GEOHEAT_SANITIZE_BUILD_DIR:-$ROOT/build-$dir_mode}"
JOBS="${GEOHEAT_JOBS:-$(nproc)}"

# Quick tests left out, by name, with the reason.
# Under ASan (~2-3x slower; timings and wall-clock-driven kills):
SLOW_UNDER_ASAN=()
# Under deal.II Debug at -O0:
SLOW_UNDER_DEBUG=()

start=$(date +%s)
[ "$mode" = ci ] || install_missing_packages
cmake -S "$ROOT" -B "$BUILD" "${cmake_args[@]}" > "$BUILD.configure.log" 2>&1 ||
  { cat "$BUILD.configure.log"; exit 1; }
rm -f "$BUILD.configure.log"
if [ "$mode" = ci ]; then
  cmake --build "$BUILD" -j "$JOBS" --target geoheat
else
  cmake --build "$BUILD" -j "$JOBS"
fi
built=$(date +%s)

REPORTS="$BUILD/sanitizer-reports-$mode" # ci and asan share build-asan
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
SUPP="$ROOT/tests/sanitize"
# Read by every ASan/UBSan-built process, also those that mpirun starts
# (OpenMPI passes the environment on to the ranks it starts on this machine).
# exitcode=86: a report is told apart from geoheat's own exit codes 0-4.
common="halt_on_error=1:exitcode=86:log_path=$REPORTS/report"
# detect_leaks=0: LeakSanitizer finds ~50 leaks in every process that starts
# OpenMPI (MPI_Init's op tables, hwloc bitmaps, the progress thread, plug-ins
# it dlopens), and with the default fast unwinder their stacks stop after one
# or two frames, mostly in "<unknown module>": they can be neither suppressed
# by library nor told apart from ours (the slow unwinder makes runs ~6x slower
# and still leaves plug-in frames unnamed). README "Reliability" says so.
export ASAN_OPTIONS="$common:detect_leaks=0:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="$common:print_stacktrace=1:suppressions=$SUPP/ubsan.supp"
export GEOHEAT_SANITIZER_REPORTS="$REPORTS" # tests/geoheat_test.py: fail on a new report

status=0
if [ "$mode" = ci ]; then
  work="$BUILD/asan-cases"
  "$GEOHEAT_PYTHON" "$ROOT/tests/sanitize/asan_cases.py" --geoheat "$BUILD/geoheat" \
    --mpirun "$(command -v mpirun)" --source "$ROOT" --shared "$(dirname "$ROOT")/shared" \
    --work "$work" || status=$?
  summary="asan cases: exit $status"
else
  exclude=()
  [ "$mode" = asan ] && exclude=("${SLOW_UNDER_ASAN[@]}")
  [ "$mode" = debug ] && exclude=("${SLOW_UNDER_DEBUG[@]}")
  args=("$@")
  if [ ${#args[@]} -eq 0 ]; then
    args=(-L quick)
    [ "$mode" = debug ] && args=(-R "^(unit\\.|validation\\.cylinder_source)")
    if [ ${#exclude[@]} -gt 0 ]; then
      args+=(-E "^($(
        IFS='|'
        echo "${exclude[*]}"
      ))\$")
    fi
  fi
  cd "$BUILD"
  set +e
  ctest --output-on-failure --timeout 1800 -j 2 "${args[@]}" 2>&1 | tee "$BUILD/ctest.log"
  status=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E "tests passed|tests failed" "$BUILD/ctest.log" | tail -1)
fi

# Reports: ASan/UBSan/LSan files, plus libstdc++ and deal.II assertion
# messages that the tests printed (ctest.log only holds failing tests' output).
mapfile -t files < <(find "$REPORTS" -type f | sort)
n_sanitizer=0
for f in "${files[@]}"; do
  n_sanitizer=$((n_sanitizer + $(grep -cE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$f" || true)))
done
n_assert=0
[ -f "$BUILD/ctest.log" ] &&
  n_assert=$(grep -cE "Assertion '.*' failed|An error occurred in line" "$BUILD/ctest.log" || true)
end=$(date +%s)
echo
echo "== sanitize.sh $mode: build $((built - start)) s, tests $((end - built)) s"
echo "== $summary"
echo "== sanitizer reports: $n_sanitizer (in ${#files[@]} files under $REPORTS)"
echo "== assertion failures in the test output: $n_assert"
for f in "${files[@]}"; do
  echo "--- $f"
  grep -E -m 3 -A 12 "ERROR: |runtime error:" "$f" || head -20 "$f"
done
[ "$status" -eq 0 ] && [ ${#files[@]} -eq 0 ] && [ "$n_assert" -eq 0 ]

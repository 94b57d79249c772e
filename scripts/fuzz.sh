#!/usr/bin/env bash
# Fuzzes geoheat's input parsers with libFuzzer (README.md "Reliability",
# "Fuzzing"): builds the fuzz targets with clang and
# AddressSanitizer + UndefinedBehaviorSanitizer into build-fuzz/, replays the
# committed seed corpus tests/fuzz/corpus/<target>/, then fuzzes each target
# for --seconds (default 30) or --runs executions, one target at a time.
# Prints per target: executions, exec/s, coverage (libFuzzer's cov: and
# ft:), findings. Exit 1 if any target had a finding (a crash, an exception
# other than InputError, a bad message, a hang beyond --timeout s, more
# than --rss-mb MB in one allocation or in the process, a sanitizer report); its input is saved in
# build-fuzz/findings/ for tests/fuzz/corpus and a regression test.
# --seed S makes a run repeatable (libFuzzer's -seed; with --runs, the same
# inputs every time): CI's fuzz.parsers uses a fixed seed and run count, so
# a finding there is reproducible and not a matter of luck; long campaigns
# with random seeds find new ones (README "Fuzzing"). A seed alone was not
# enough (CI found what the same command missed here): libFuzzer's
# comparison tracing feeds compared bytes (addresses, file paths) back into
# the mutations. So a seeded run also turns address randomisation off
# (setarch -R), does not reload the corpus (-reload=0), starts from the
# committed seeds only, and runs from fixed paths (/dev/shm/geoheat-fuzz-
# seeded: seeds, corpus, scratch files, findings, then copied to
# build-fuzz/findings) with a fixed environment (env -i), so that the
# stack, the messages and the inputs are the same in every clone.
# --process-rss-mb MB (default: --rss-mb) bounds the whole process apart:
# in campaigns of ~10^6 inputs the sanitizer runtime's resident memory
# grows by ~2 kB per input while the live heap stays ~30 MB (README
# "Fuzzing"), so long runs raise it and keep the per-allocation bound.
# --sanitizers LIST (default address,undefined) builds into its own
# directory, build-fuzz-<LIST with - for ,>: `--sanitizers undefined`
# drops ASan, 3-8x faster on the parameter targets (ASan's allocator is half
# of their time); without ASan, -malloc_limit_mb is not enforced (only the
# process bound) and leaks are not checked. --corpus-from DIR adds
# DIR/corpus/<target> (another build's campaign corpus) to the inputs
# replayed: `--runs 0 --corpus-from build-fuzz-undefined` runs a UBSan
# campaign's whole corpus once through the ASan build (README "Fuzzing").
#   scripts/fuzz.sh [--seconds N] [--runs N] [--seed S] [--timeout S] [--rss-mb MB]
#                   [--process-rss-mb MB] [--sanitizers LIST] [--corpus-from DIR]
#                   [TARGET...]
# Environment: GEOHEAT_FUZZ_BUILD_DIR (default build-fuzz or
# build-fuzz-<LIST>), GEOHEAT_FUZZ_JOBS (build jobs, default 2),
# GEOHEAT_FUZZ_NICE (default 10).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ALL_TARGETS=(parameter_prm parameter_json parameter_xml building_load operation_series
             temperature_log cop_table field_layout checkpoint)
seconds=30 runs="" seed="" timeout=10 rss_mb=2048 process_rss_mb="" targets=()
sanitizers=address,undefined corpus_from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --rss-mb) rss_mb="$2"; shift 2 ;;
    --process-rss-mb) process_rss_mb="$2"; shift 2 ;;
    --sanitizers) sanitizers="$2"; shift 2 ;;
    --corpus-from) corpus_from="$2"; shift 2 ;;
    -h|--help) sed -n '2,41p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
if [ -n "$seed" ] && [ -n "$corpus_from" ]; then
  echo "fuzz.sh: --corpus-from with --seed: a seeded run starts from the committed seeds only" >&2
  exit 2
fi
if [ -n "$corpus_from" ] && [ ! -d "$corpus_from/corpus" ]; then
  echo "fuzz.sh: --corpus-from $corpus_from: no campaign corpus there ($corpus_from/corpus)" >&2
  exit 2
fi
[ -z "$corpus_from" ] || corpus_from="$(cd "$corpus_from" && pwd)" # runs cd elsewhere

# clang++ and its libFuzzer/sanitizer runtimes, besides geoheat's own packages
PACKAGES+=(clang libclang-rt-14-dev)
install_missing_packages
default_build="$ROOT/build-fuzz"
[ "$sanitizers" = address,undefined ] || default_build="$ROOT/build-fuzz-${sanitizers//,/-}"
FUZZ_BUILD="${GEOHEAT_FUZZ_BUILD_DIR:-$default_build}"
NICE="nice -n ${GEOHEAT_FUZZ_NICE:-10}"
if [ ! -f "$FUZZ_BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT/tests/fuzz" -B "$FUZZ_BUILD" -DCMAKE_CXX_COMPILER=clang++ \
    -DGEOHEAT_FUZZ_SANITIZERS="$sanitizers" > /dev/null
fi
built_with=$(sed -n 's/^GEOHEAT_FUZZ_SANITIZERS:STRING=//p' "$FUZZ_BUILD/CMakeCache.txt")
if [ "${built_with:-address,undefined}" != "$sanitizers" ]; then
  echo "fuzz.sh: $FUZZ_BUILD is built with -fsanitize=${built_with:-address,undefined}, not $sanitizers" >&2
  exit 2
fi
mkdir -p "$FUZZ_BUILD/logs"
if ! $NICE cmake --build "$FUZZ_BUILD" -j "${GEOHEAT_FUZZ_JOBS:-2}" > "$FUZZ_BUILD/logs/build.log" 2>&1; then
  grep -B2 -A6 -m5 "error" "$FUZZ_BUILD/logs/build.log" >&2 || tail -30 "$FUZZ_BUILD/logs/build.log" >&2
  echo "fuzz.sh: build failed (log: $FUZZ_BUILD/logs/build.log)" >&2
  exit 1
fi

# UBSan reports abort (-fno-sanitize-recover at build). Leak checking stays
# on: libFuzzer checks every input that allocates more than it frees.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# OpenMPI (the checkpoint target) would catch SIGSEGV/SIGABRT before libFuzzer
export OMPI_MCA_opal_signal=""
mkdir -p "$FUZZ_BUILD/findings" "$FUZZ_BUILD/logs"
printf '%-17s %10s %7s %7s %6s %6s %7s  %s\n' target executions exec/s seconds cov ft rss_MB findings
failed=0
for t in "${targets[@]}"; do
  exe="$FUZZ_BUILD/fuzz_$t"
  [ -x "$exe" ] || { echo "fuzz.sh: no target $t (${ALL_TARGETS[*]})" >&2; exit 2; }
  seeds="$ROOT/tests/fuzz/corpus/$t"
  work="$FUZZ_BUILD/corpus/$t" # what this machine's runs found, not committed
  log="$FUZZ_BUILD/logs/$t.log"
  limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  # checkpoint: MPI_Init's own allocations (OpenMPI, PMIx, hwloc; kept until
  # exit, never finalised) are not checked at exit; per-input checks stay on
  asan="$ASAN_OPTIONS"
  if [ "$t" = checkpoint ]; then asan="$asan:leak_check_at_exit=0"; fi
  fixed=() findings="$FUZZ_BUILD/findings" run_dir="$FUZZ_BUILD"
  if [ -n "$seed" ]; then # the same run in every clone (see the header)
    limit+=(-seed="$seed" -reload=0)
    fixed_root=/dev/shm/geoheat-fuzz-seeded
    [ -d /dev/shm ] || fixed_root=/tmp/geoheat-fuzz-seeded
    rm -rf "$fixed_root"
    mkdir -p "$fixed_root/seeds" "$fixed_root/scratch" "$fixed_root/findings"
    # one by one in name order: libFuzzer sorts seeds by size only, so
    # equal sizes keep the directory's order, which in a worked-in checkout
    # is not a fresh clone's (tmpfs lists in creation order)
    find "$seeds" -maxdepth 1 -type f -print0 | LC_ALL=C sort -z |
      xargs -0 -I{} cp {} "$fixed_root/seeds/"
    cp "$exe" "$fixed_root/fuzz_$t" # its path is in argv, on the stack
    exe="$fixed_root/fuzz_$t" seeds="$fixed_root/seeds" work="$fixed_root/corpus"
    findings="$fixed_root/findings" run_dir="$fixed_root"
    fixed=(env -i PATH=/usr/bin:/bin HOME=/ ASAN_OPTIONS="$asan"
           UBSAN_OPTIONS="$UBSAN_OPTIONS" OMPI_MCA_opal_signal=
           OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
           GEOHEAT_FUZZ_SCRATCH="$fixed_root/scratch")
    if setarch "$(uname -m)" -R true 2> /dev/null; then
      fixed+=(setarch "$(uname -m)" -R)
    else
      echo "fuzz.sh: setarch -R unavailable: the seeded run may not repeat exactly" >&2
    fi
  fi
  mkdir -p "$work"
  extra=() # read only: libFuzzer adds what it finds to the first directory only
  if [ -n "$corpus_from" ]; then
    [ -d "$corpus_from/corpus/$t" ] || { echo "fuzz.sh: no $corpus_from/corpus/$t" >&2; exit 2; }
    extra=("$corpus_from/corpus/$t")
  fi
  start=$(date +%s)
  set +e
  # the seeds are replayed first (libFuzzer runs every corpus file before fuzzing)
  # (the trailing `exit` keeps the subshell's own "Aborted" report in the log)
  (cd "$run_dir" && ASAN_OPTIONS="$asan" $NICE "${fixed[@]}" "$exe" "${limit[@]}" -timeout="$timeout" -rss_limit_mb="${process_rss_mb:-$rss_mb}" -malloc_limit_mb="$rss_mb" \
     -print_final_stats=1 -artifact_prefix="$findings/$t-" "$work" "$seeds" "${extra[@]}"; exit $?) \
    > "$log" 2>&1
  rc=$?
  set -e
  if [ "$findings" != "$FUZZ_BUILD/findings" ]; then # a seeded run's: where the others are
    cp "$findings/." "$FUZZ_BUILD/findings/" -r
    sed -i "s|Test unit written to $findings/|Test unit written to $FUZZ_BUILD/findings/|" "$log"
    rm -rf "$fixed_root"
  fi
  elapsed=$(( $(date +%s) - start ))
  stat() { awk -v k="stat::$1:" '$1 == k { print $2 }' "$log" | tail -1; }
  execs=$(stat number_of_executed_units) rate=$(stat average_exec_per_sec)
  rss=$(stat peak_rss_mb)
  # coverage of the last status line: "#N DONE cov: C ft: F ..."
  cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -a -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  result="none"
  if [ $rc -ne 0 ]; then
    failed=1
    kind=$(grep -a -m1 -oE 'geoheat fuzz finding: .*|ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|runtime error: .*|deadly signal' "$log" || echo "exit $rc")
    artifact=$(grep -a -m1 -o "Test unit written to .*" "$log" | sed 's/Test unit written to //' || true)
    result="FINDING: $kind ${artifact:+($artifact)}; log $log"
  fi
  printf '%-17s %10s %7s %7s %6s %6s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$elapsed" \
    "${cov:-?}" "${ft:-?}" "${rss:-?}" "$result"
done
exit $failed

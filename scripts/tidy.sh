#!/usr/bin/env bash
# clang-tidy (the checks of the checked-in .clang-tidy) over geoheat's own C++:
#   scripts/tidy.sh                 every .cc of solver/ and tests/unit/
#   scripts/tidy.sh --changed [REF] the .cc files changed since the merge base
#                                   with REF (default origin/main, else main),
#                                   and the .cc files of changed headers' folders
#   scripts/tidy.sh FILE.cc ...     the given files
# Uses the compile_commands.json of build/ (GEOHEAT_BUILD_DIR), configuring it
# if needed (no build needed). GEOHEAT_JOBS: parallel files (default: all
# cores). deal.II translation units take ~10-40 s each. Exit 1 on any finding.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${GEOHEAT_BUILD_DIR:-$ROOT/build}"
JOBS="${GEOHEAT_JOBS:-$(nproc)}"
TIDY="${CLANG_TIDY:-clang-tidy}"
if ! command -v "$TIDY" > /dev/null; then
  echo "== installing clang-tidy"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends clang-tidy
fi
cd "$ROOT"
[ -f "$BUILD/compile_commands.json" ] ||
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null

if [ "${1:-}" = "--changed" ]; then
  ref="${2:-}"
  if [ -z "$ref" ]; then
    ref=origin/main
    git rev-parse -q --verify "$ref" > /dev/null || ref=main
  fi
  base=$(git merge-base HEAD "$ref")
  mapfile -t changed < <(git diff --name-only "$base" -- solver tests/unit)
  files=()
  for f in "${changed[@]}"; do
    case "$f" in
      *.cc) [ -f "$f" ] && files+=("$f") ;;
      # a header: the .cc files that share its topic folder
      solver/include/geoheat/*.h)
        topic=$(basename "$(dirname "$f")")
        mapfile -t -O ${#files[@]} files < <(find solver/source -path "*/$topic/*" -name '*.cc')
        ;;
      tests/unit/*.h) mapfile -t -O ${#files[@]} files < <(find tests/unit -name '*.cc') ;;
    esac
  done
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u | sed '/^$/d')
elif [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find solver tests/unit -name '*.cc' | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "tidy.sh: no C++ files to check"
  exit 0
fi

LOGS="$BUILD/tidy"
rm -rf "$LOGS"
mkdir -p "$LOGS"
start=$(date +%s)
# One log per file (parallel runs would interleave their lines). The gcc-only
# warning flags of compile_commands.json are not clang-tidy's business.
printf '%s\n' "${files[@]}" | xargs -P "$JOBS" -I{} bash -c \
  '"$0" -p "$1" --quiet --extra-arg=-Wno-unknown-warning-option "$2" > "$3/$(echo "$2" | tr / _).log" 2>&1' \
  "$TIDY" "$BUILD" {} "$LOGS" || true
end=$(date +%s)
# A header's finding shows once per file that includes it: count it once.
mapfile -t findings < <(cat "$LOGS"/*.log | grep -E "^/.*: (warning|error): " | sed "s|^$ROOT/||" |
  sort -u)
printf '%s\n' "${findings[@]}" | sed '/^$/d'
echo "tidy.sh: ${#files[@]} files, ${#findings[@]} findings, $((end - start)) s" \
  "($JOBS jobs; full output in $LOGS/)"
[ ${#findings[@]} -eq 0 ]

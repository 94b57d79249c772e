#!/usr/bin/env bash
# Formats every C++ file of the tree with the checked-in .clang-format
# (deal.II's style, 100 columns), or with --check lists the files that
# differ and exits 1 (the test style.clang_format runs that).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
command -v "$CLANG_FORMAT" > /dev/null ||
  { echo "format.sh: $CLANG_FORMAT not found (apt-get install clang-format)" >&2; exit 2; }
cd "$ROOT"
mapfile -t files < <(find solver tests -name '*.cc' -o -name '*.h' | sort)
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    "$CLANG_FORMAT" --style=file "$f" | cmp -s - "$f" || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format.sh: ${#bad[@]} of ${#files[@]} files differ from .clang-format (run scripts/format.sh): ${bad[*]}" >&2
    exit 1
  fi
  echo "format.sh: ${#files[@]} files match .clang-format"
else
  "$CLANG_FORMAT" --style=file -i "${files[@]}"
  echo "format.sh: formatted ${#files[@]} files"
fi

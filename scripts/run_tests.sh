#!/usr/bin/env bash
# One command from a fresh Debian 12 clone to the whole test suite:
# installs what is missing, builds, runs ctest. Pass ctest arguments through,
# e.g. `scripts/run_tests.sh -L quick` for the quick subset.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build_geoheat
cd "$BUILD"
ctest --output-on-failure --timeout 900 -j 2 "$@"

# Shared set-up for scripts/run_example.sh and scripts/run_tests.sh (sourced).
# Installs missing Debian packages, configures and builds geoheat (Release,
# all cores, incremental). Re-running does no finished work again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${GEOHEAT_BUILD_DIR:-$ROOT/build}"
# python3-paraview, not python3-vtk9: the two conflict (installing one removes
# the other), and python3-paraview brings the same `vtk`/`vtkmodules` Python
# modules (ParaView's VTK 9.2) that the scripts and tests import, plus
# paraview.simple for pvbatch. paraview + xvfb: the offscreen pictures of
# postprocess/paraview/render.sh (software OpenGL: Mesa llvmpipe under Xvfb).
# They add ~130 MB of downloads, ~700 MB on disk, ~1 min of apt-get.
# libopenblas0-serial: Debian's alternatives then give deal.II, UMFPACK and
# LAPACK OpenBLAS instead of the reference BLAS (single-threaded: one rank,
# one core). The fast path's dense k x k steps and factorisations run ~2x
# faster (hub design answer 17.9 s -> 9.4 s, README "Speed").
# valgrind: the leak check (ctest sanitize.leak_cases, scripts/leakcheck.sh).
PACKAGES=(build-essential cmake ccache libdeal.ii-dev openmpi-bin libboost-test-dev nlohmann-json3-dev
          clang-format python3-numpy python3-matplotlib python3-h5py python3-pandas
          paraview python3-paraview xvfb libopenblas0-serial valgrind)

install_missing_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

build_geoheat() {
  mkdir -p "$BUILD"
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build "$BUILD" -j "$(nproc)"
}

# OpenMPI refuses to run as root without these (CI and containers run as root).
# ccache: hash paths relative to the project, so fresh clones elsewhere reuse the cache.
# CCACHE_NOHASHDIR: builds with -g (the ASan and fuzz builds) hash the working directory
# by default, so a clone elsewhere (CI) would never hit; its debug info names the first clone.
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Debian's Python with numpy/h5py/vtk, not a pyenv or venv interpreter.
export GEOHEAT_PYTHON=/usr/bin/python3

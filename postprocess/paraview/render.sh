#!/usr/bin/env bash
# ParaView pictures of a geoheat run, offscreen, in one command:
#
#   postprocess/paraview/render.sh RUN_DIR [render_run.py options]
#
# writes RUN_DIR/paraview/*.png, frames/, .avi and geoheat_view.pvsm
# (see render_run.py; `render.sh --help` lists the options).
#
# How the offscreen rendering works here, and why
# ------------------------------------------------
# Debian 12's ParaView 5.11 (packages paraview, python3-paraview) is built
# for X only: its VTK has vtkXOpenGLRenderWindow and no EGL or OSMesa window
# (nm -D libvtkRenderingOpenGL2-pv5.11.so lists neither vtkEGLRenderWindow
# nor vtkOSOpenGLRenderWindow; python3-vtk9 is the same). So
# `pvbatch --force-offscreen-rendering` without an X server aborts: there is
# no headless window class to fall back to. It needs an X server with GLX;
# without a GPU that is Xvfb with Mesa's llvmpipe (libgl1-mesa-dri, pulled
# in by libglx-mesa0), which renders OpenGL 4.5 core here. What matters:
#  - Xvfb must not reset. By default an X server resets when its last client
#    disconnects; pvbatch first tests the display on one connection, closes
#    it, then opens the connection it renders on. If that falls into the
#    reset, it fails: "bad X server connection" (XOpenDisplay) or GLX errors
#    such as GLXBadContext on a context the reset destroyed. Intermittent,
#    more likely under load. Measured here with two renders at once on the
#    2 cores: Xvfb without -noreset failed 5 of 36; with -noreset 0 of 36;
#    without -noreset but with pvbatch --disable-xdisplay-test (no first
#    connection) 0 of 20. So this script passes -noreset. `xvfb-run` does
#    not; the GLXBadContext first seen under xvfb-run is most likely this.
#  - Each render gets its own server: Xvfb -displayfd takes the first free
#    display itself (no guessing race as with two `xvfb-run -a`), reports it
#    once it listens, and is stopped on exit.
#  - A 24-bit TrueColor screen: at 8 bit (old xvfb-run default 640x480x8)
#    VTK finds no GLX visual ("Could not find a decent visual").
#  - Direct GLX: with LIBGL_ALWAYS_INDIRECT=1 Xvfb refuses the context
#    (indirect GLX is off in Xorg >= 21: "Cannot create GLX context"), so
#    this script unsets it. MESA_GL_VERSION_OVERRIDE is not needed;
#    LIBGL_ALWAYS_SOFTWARE=1 keeps the software renderer even where a GPU
#    driver exists, so pictures do not depend on the machine.
#  - Spheres for points (RenderPointsAsSpheres) lose points under the
#    parallel projection of the 2D views here; render_run.py draws squares.
# GEOHEAT_PV_DISPLAY=:N uses an existing X display instead of a new Xvfb.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
me="render.sh"

if [ $# -lt 1 ]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
if [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  if command -v pvbatch >/dev/null; then
    pvbatch --no-mpi "$HERE/render_run.py" --help 2>/dev/null | grep -v "^$" || true
  fi
  exit 0
fi
RUN="$1"
if [ ! -d "$RUN" ]; then
  echo "$me: error: $RUN: no such directory" >&2; exit 1
fi
if [ ! -f "$RUN/solution.pvd" ]; then
  echo "$me: error: $RUN: not a geoheat run directory (no solution.pvd)" >&2; exit 1
fi
if ! command -v pvbatch >/dev/null; then
  echo "$me: error: pvbatch not found; install Debian's paraview python3-paraview xvfb (scripts/run_tests.sh does)" >&2
  exit 1
fi

unset LIBGL_ALWAYS_INDIRECT
export LIBGL_ALWAYS_SOFTWARE=1

XVFB_PID=""
TMP="$(mktemp -d)"
cleanup() {
  if [ -n "$XVFB_PID" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -n "${GEOHEAT_PV_DISPLAY:-}" ]; then
  export DISPLAY="$GEOHEAT_PV_DISPLAY"
else
  if ! command -v Xvfb >/dev/null; then
    echo "$me: error: Xvfb not found; install Debian's xvfb (scripts/run_tests.sh does)" >&2
    exit 1
  fi
  # -displayfd 3: Xvfb picks a free display, writes its number to fd 3 once
  # it accepts connections. -noreset: see above. -nolisten tcp: local only.
  Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp -noreset 3>"$TMP/display" 2>"$TMP/xvfb.log" &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$TMP/display" ] && break
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -s "$TMP/display" ]; then
    echo "$me: error: Xvfb did not start: $(tail -n 1 "$TMP/xvfb.log" 2>/dev/null)" >&2
    exit 1
  fi
  DISPLAY=":$(tr -d '[:space:]' < "$TMP/display")"
  export DISPLAY
fi

# pvbatch prints ParaView's loguru banner and warnings on stderr; keep them
# in a log and show it only when rendering fails.
shift
status=0
pvbatch --no-mpi "$HERE/render_run.py" "$RUN" "$@" 2>"$TMP/pvbatch.log" || status=$?
if [ $status -ne 0 ]; then
  grep -E "error|ERR|Error|Traceback|File \"" "$TMP/pvbatch.log" | grep -vE "^\s+[0-9]+\s+0x" | head -n 20 >&2 || true
  [ -s "$TMP/xvfb.log" ] && sed 's/^/Xvfb: /' "$TMP/xvfb.log" | tail -n 5 >&2
  exit $status
fi

"""Short geoheat runs under valgrind memcheck with a full leak check
(scripts/leakcheck.sh runs this): bad input, a hub well with its heat pump
(~1 month of hourly steps, checkpoints every 5 steps, then --resume from the
last one) at 1 and 2 ranks, and a small 3D borehole field at 1 rank.
GEOHEAT_LEAKCHECK_QUICK=1 (the ctest sanitize.leak_cases, ~30 s): bad input
and the hub well at 1 rank with its --resume only.

Why valgrind and not LeakSanitizer (README "Reliability"): every process
that starts OpenMPI loses ~35 small blocks in MPI_Init/MPI_Finalize (PMIx,
hwloc, plug-ins it loads and unloads). LeakSanitizer's fast unwinder cannot
name the unloaded plug-ins' frames, so those leaks cannot be told from ours;
valgrind keeps their debug information (--keep-debuginfo=yes) and names the
library of every frame.

Each reported error or definitely lost block is attributed by its stack:
- "OpenMPI": some frame is in the MPI stack's libraries (libmpi, open-pal,
  open-rte, PMIx, hwloc, mca_* plug-ins, fabric drivers). Counted, listed by
  the call into MPI, not a failure: geoheat frees what it owns and calls
  MPI_Finalize (through deal.II's MPI_InitFinalize).
- "geoheat": every other stack (geoheat, deal.II, PETSc, p4est, the C++
  runtime): a failure, printed with its frames.
Indirectly lost blocks hang off a definitely lost one and are not counted
again; "possibly lost" and "still reachable" blocks (globals, caches kept
until exit) are not leaks of a run and are not counted.
"""
import collections
import glob
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, geoheat_command, parse_args, write_prm

MPI_STACK = re.compile(r"^(libmpi|libopen-pal|libopen-rte|libpmix|libhwloc|mca_|libmca_|"
                       r"libinfinipath|libpsm|libfabric|libucp|libucs|libuct|libevent|"
                       r"libibverbs|librdmacm|libmunge)")
SUPPRESSIONS = "/usr/share/openmpi/openmpi-valgrind.supp"

args = parse_args()
check = Checks()


def valgrind_command(xml_prefix):
    cmd = ["valgrind", "--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite",
           "--errors-for-leak-kinds=definite", "--keep-debuginfo=yes", "--num-callers=40",
           "--child-silent-after-fork=yes",  # singleton MPI forks a helper
           "--xml=yes", f"--xml-file={xml_prefix}.%p.xml"]
    if os.path.exists(SUPPRESSIONS):  # OpenMPI's own (uninitialised bytes it sends)
        cmd.append(f"--suppressions={SUPPRESSIONS}")
    return cmd


def run_case(name, prm, np=1, extra=(), expect_exit=0):
    """Runs geoheat under valgrind; returns the XML files it wrote (one per rank)."""
    xml_prefix = os.path.join(args.work, name)
    cmd = geoheat_command(args, prm, os.path.join(args.work, name.split(".")[0]), np, extra)
    at = cmd.index(args.geoheat)  # valgrind runs geoheat (each rank), not mpirun
    cmd[at:at] = valgrind_command(xml_prefix)
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    ok = r.returncode == expect_exit if np == 1 else (r.returncode == 0) == (expect_exit == 0)
    check(ok, f"{name}: {np} rank(s), exit {r.returncode} (expected {expect_exit}), "
              f"{time.time() - t0:.0f} s under valgrind" + ("" if ok else "\n" + r.stderr[-2000:]))
    return sorted(glob.glob(xml_prefix + ".*.xml"))


def frames(error):
    stack = error.find("stack")
    if stack is None:
        return []
    return [(f.findtext("fn") or "?", os.path.basename(f.findtext("obj") or "?"))
            for f in stack.findall("frame")]


def entry_into_mpi(fr):
    """The outermost frame inside the MPI stack: the call geoheat/deal.II made."""
    inside = [fn for fn, obj in fr if MPI_STACK.match(obj)]
    return inside[-1] if inside else "?"


def attribute(xml_files, name):
    """Counts errors and definitely lost blocks by owner; returns ours (a list)."""
    mpi = collections.Counter()
    mpi_bytes = 0
    ours = []
    for path in xml_files:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:  # a rank killed while writing: a failure too
            ours.append((f"unreadable {path}: {e}", []))
            continue
        for error in root.iter("error"):
            kind = error.findtext("kind")
            fr = frames(error)
            lost = error.find("xwhat/leakedbytes")
            if any(MPI_STACK.match(obj) for _, obj in fr):
                mpi[(kind, entry_into_mpi(fr))] += 1
                mpi_bytes += int(lost.text) if lost is not None else 0
            else:
                what = error.findtext("xwhat/text") or error.findtext("what") or kind
                ours.append((f"{kind}: {what}", fr))
    n_mpi = sum(mpi.values())
    print(f"  {name}: {n_mpi} in OpenMPI ({mpi_bytes} bytes lost; "
          + ", ".join(f"{k[1]} {v}" for k, v in mpi.most_common(4)) + f"), {len(ours)} in geoheat")
    return ours


def report(name, xml_files):
    ours = attribute(xml_files, name)
    for what, fr in ours[:10]:
        print(f"    {what}")
        for fn, obj in fr[:14]:
            print(f"      {fn}  ({obj})")
    check(not ours, f"{name}: {len(ours)} errors or definitely lost blocks outside OpenMPI")


hub = write_prm(os.path.join(args.work, "hub.prm"),
                os.path.join(args.source, "tests/regression/small_well_heat_pump.prm"),
                {"Load file": os.path.join(args.source, "params/loads/beijing_hub.csv"),
                 "End time": "0.08"})
hub_checkpointed = write_prm(os.path.join(args.work, "hub_checkpointed.prm"), hub,
                             {None: ["subsection Checkpoint", "  set Steps = 5", "end"]})
field = write_prm(os.path.join(args.work, "field.prm"),
                  os.path.join(args.source, "tests/field/small_field.prm"), {"End time": "0.02"})
bad = write_prm(os.path.join(args.work, "bad.prm"), hub, {"Depth": "deep"})

quick = os.environ.get("GEOHEAT_LEAKCHECK_QUICK") == "1"
report("bad_input", run_case("bad_input", bad, expect_exit=1))
for np in (1,) if quick else (1, 2):
    name = f"hub_np{np}"
    report(name, run_case(name, hub_checkpointed, np))
    report(name + " --resume", run_case(name + ".resume", hub_checkpointed, np, ["--resume"]))
if not quick:
    report("field_np1", run_case("field_np1", field))
check.finish()

"""Short runs of an ASan + UBSan build of geoheat at 1 and 2 ranks (ctest
sanitize.asan_cases, through `scripts/sanitize.sh ci`): a hub well with its heat
pump (one year at 1 rank, a quarter at 2), a small 3D borehole field, a run
stopped by SIGTERM and resumed from its checkpoint, and bad input. Any sanitizer
report fails the test (geoheat_test.run reads the report files;
scripts/sanitize.sh sets them up)."""
import glob
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, run, sanitizer_env, write_prm, geoheat_command, timeseries_rows as rows

args = parse_args()
check = Checks()
# One year at 1 rank; a quarter at 2 (hourly steps, each with collectives:
# the slow part on a loaded 2-core machine).
def hub_prm(np):
    return write_prm(os.path.join(args.work, f"hub_well_np{np}.prm"),
                     os.path.join(args.source, "tests/regression/small_well_heat_pump.prm"),
                     {"Load file": os.path.join(args.source, "params/loads/beijing_hub.csv"),
                      "End time": "1" if np == 1 else "0.25"})


def checkpointed_prm(np):
    return write_prm(os.path.join(args.work, f"checkpointed_np{np}.prm"), hub_prm(np),
                     {None: ["subsection Checkpoint", "  set Steps = 5", "end"]})


field = write_prm(os.path.join(args.work, "field.prm"),
                  os.path.join(args.source, "tests/field/small_field.prm"), {"End time": "0.25"})
bad = write_prm(os.path.join(args.work, "bad.prm"), hub_prm(1), {"Depth": "deep"})


def completed(out):
    try:
        return read_summary(out).get("status") == "completed"
    except (OSError, ValueError):
        return False


def stop_and_resume(np, out):
    """SIGTERM once 20 rows are written (exit 4, a checkpoint), then --resume."""
    prm = checkpointed_prm(np)
    cmd = geoheat_command(args, prm, out, np)
    env, prefix = sanitizer_env(args)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.time() + 600
    while p.poll() is None and rows(out) < 20 and time.time() < deadline:
        time.sleep(0.05)
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=600)
    reports = sorted(glob.glob(prefix + ".*")) if prefix else []
    check(not reports, f"np {np}: stopped run without sanitizer reports {reports}")
    # geoheat exits 4; mpirun turns that into its own non-zero code
    stopped = p.returncode == 4 if np == 1 else p.returncode != 0
    check(stopped and os.path.exists(os.path.join(out, "checkpoint", "latest")),
          f"np {np}: SIGTERM -> exit {p.returncode}, a checkpoint" + ("" if stopped else "\n" + err))
    r = run(args, prm, out, np=np, extra=["--resume"], check=False)
    check(r.returncode == 0 and completed(out),
          f"np {np}: --resume -> exit {r.returncode}" + ("" if r.returncode == 0 else "\n" + r.stderr))


for np in (1, 2):
    t0 = time.time()
    out = os.path.join(args.work, f"hub_np{np}")
    r = run(args, hub_prm(np), out, np=np, check=False)
    check(r.returncode == 0 and completed(out), f"np {np}: hub well, exit {r.returncode} "
          f"({time.time() - t0:.0f} s)")
    t0 = time.time()
    out = os.path.join(args.work, f"field_np{np}")
    r = run(args, field, out, np=np, check=False)
    check(r.returncode == 0 and completed(out), f"np {np}: 3D field, 0.25 years, exit {r.returncode} "
          f"({time.time() - t0:.0f} s)")
    t0 = time.time()
    stop_and_resume(np, os.path.join(args.work, f"resume_np{np}"))
    print(f"np {np}: stop and resume took {time.time() - t0:.0f} s")
    r = run(args, bad, os.path.join(args.work, f"bad_np{np}"), np=np, check=False)
    check(r.returncode == 1 and "geoheat: error:" in r.stderr,
          f"np {np}: bad input -> exit {r.returncode}: {r.stderr.strip().splitlines()[:1]}")
check.finish()

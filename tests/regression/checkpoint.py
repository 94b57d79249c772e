"""Long runs survive being stopped (issue #3):
- SIGTERM in the middle of a run (1 and 2 ranks; water with temperature-
  dependent properties, whose evaluation state is checkpointed): a checkpoint, status
  "stopped", exit code 4; --resume finishes and timeseries.csv, summary.json
  and solution.pvd match an uninterrupted run (temperatures to 1e-10
  relative), with no duplicated or missing rows;
- SIGKILL (a crash): summary.json is the last checkpoint's, status "running";
  --resume continues from that checkpoint;
- resuming with changed physics or without a checkpoint is refused with one
  clear line (another number of ranks works: regression.restart_other_ranks)."""
import math
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, read_timeseries, run, write_prm, geoheat_command, timeseries_rows as rows

args = parse_args()
base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
hub_csv = os.path.join(args.source, "params/loads/beijing_hub.csv")
check = Checks()
prm = write_prm(os.path.join(args.work, "long.prm"), base, {
    "Load file": hub_csv, "End time": "5", "Output interval": "200",
    None: ["subsection Checkpoint", "  set Interval = 150", "end",
           # water whose properties follow the cell temperatures: their
           # evaluation state is part of the checkpoint
           "subsection Fluid", "  set Type = water", "  set Property temperature = 12", "end"]})
COMPARED = ("time_s", "inlet_temperature_C", "outlet_temperature_C", "ground_load_W", "cop",
            "electric_power_W", "unmet_load_W")


def command(np, out, extra=()):
    return geoheat_command(args, prm, out, np, extra)


def interrupt(np, out, sig, after_rows):
    """Start a run, send sig once it has written after_rows rows; returns the exit code."""
    p = subprocess.Popen(command(np, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while p.poll() is None and rows(out) < after_rows and time.time() < deadline:
        time.sleep(0.02)
    if p.poll() is None:
        p.send_signal(sig)
    p.wait(timeout=120)
    return p.returncode


def compare(full, resumed, label):
    a, b = read_timeseries(full), read_timeseries(resumed)
    t = b["time_s"]
    check(len(a["time_s"]) == len(t) and all(t1 > t0 for t0, t1 in zip(t, t[1:])),
          f"{label}: {len(t)} rows, strictly increasing times (uninterrupted: {len(a['time_s'])})")
    if len(a["time_s"]) != len(t):
        return
    # timeseries.csv prints 10 significant digits: a round-off difference
    # (1e-12) can flip the last one, so a value may differ by one unit of
    # that digit; beyond that, 1e-10 of the column's largest value.
    worst = 0.0
    for c in COMPARED:
        scale = max(max(abs(x) for x in a[c] if x == x), 1e-30)
        for x, y in zip(a[c], b[c]):
            if x != x and y != y:
                continue
            last_digit = 10.0 ** (math.floor(math.log10(max(abs(x), abs(y), 1e-300))) - 9)
            worst = max(worst, max(abs(x - y) - 1.01 * last_digit, 0.0) / scale if x == x and y == y else 1.0)
    check(worst < 1e-10, f"{label}: resumed run matches the uninterrupted one (max rel diff beyond the "
          f"printed digits {worst:.1e}, tol 1e-10)")
    sa, sb = read_summary(full), read_summary(resumed)
    keys = ("n_time_steps", "min_outlet_temperature_C", "heat_delivered_MWh", "electricity_MWh", "spf")
    ok = sb["status"] == "completed" and all(abs(sa[k] - sb[k]) <= 1e-10 * abs(sa[k]) for k in keys)
    check(ok, f"{label}: summary.json completed, same steps/energies/SPF ({sb['n_time_steps']} steps, SPF {sb['spf']:.6f})")
    pa = [d.attrib["file"] for d in ET.parse(os.path.join(full, "solution.pvd")).getroot().iter("DataSet")]
    pb = [d.attrib["file"] for d in ET.parse(os.path.join(resumed, "solution.pvd")).getroot().iter("DataSet")]
    check(pa == pb and all(os.path.exists(os.path.join(resumed, f)) for f in pb),
          f"{label}: solution.pvd lists the same {len(pb)} outputs, all present")


for np in (1, 2):
    full = os.path.join(args.work, f"full_np{np}")
    run(args, prm, full, np=np)
    total = rows(full)
    out = os.path.join(args.work, f"stopped_np{np}")
    code = interrupt(np, out, signal.SIGTERM, total // 2)
    s = read_summary(out)
    # geoheat exits with 4; mpirun, signalled itself, reports its own non-zero code
    check((code == 4 if np == 1 else code != 0) and s["status"] == "stopped" and 0 < rows(out) < total,
          f"np {np}: SIGTERM -> exit {code}, status '{s['status']}', {rows(out)} of {total} rows")
    r = run(args, prm, out, np=np, extra=["--resume"], check=False)
    check(r.returncode == 0, f"np {np}: --resume exit {r.returncode}")
    compare(full, out, f"np {np} SIGTERM")

# a crash: SIGKILL leaves the last checkpoint's summary ("running"); resume from that checkpoint
full = os.path.join(args.work, "full_np1")
# The pump's pressure drop follows the water's viscosity as the properties are
# re-evaluated (a cache once kept the first hour's value for the whole run).
ts = read_timeseries(full)
by_flow = {}
for q, p in zip(ts["flow_rate_m3_per_s"], ts["pump_power_W"]):
    if q > 0:
        by_flow.setdefault(q, set()).add(round(p, 6))
check(max(len(v) for v in by_flow.values()) >= 5,
      f"pump power at one flow takes {max(len(v) for v in by_flow.values())} values as the viscosity is updated (>= 5)")
out = os.path.join(args.work, "killed")
code = interrupt(1, out, signal.SIGKILL, int(rows(full) * 0.6))
killed_status = read_summary(out)["status"]
check(code != 0 and killed_status == "running",
      f"SIGKILL: exit {code}, summary.json of the last checkpoint says '{killed_status}' (partial)")
r = run(args, prm, out, extra=["--resume"], check=False)
check(r.returncode == 0, f"SIGKILL: --resume exit {r.returncode}")
compare(full, out, "SIGKILL")


def refused(extra_prm_lines, np, expected, label, out):
    bad = write_prm(os.path.join(args.work, label + ".prm"), base,
                    {"Load file": hub_csv, "End time": "5", "Output interval": "200",
                     None: extra_prm_lines + ["subsection Fluid", "  set Type = water",
                                              "  set Property temperature = 12", "end"]})
    cmd = command(np, out, ["--resume"])
    cmd[-1] = bad
    r = subprocess.run(cmd, capture_output=True, text=True)
    lines = [l for l in r.stderr.splitlines() if l.startswith("geoheat")]
    check(r.returncode == 1 and len(lines) == 1 and all(e in lines[0] for e in expected),
          f"{label}: refused with exit {r.returncode}: {lines[0] if lines else r.stderr[-200:]}")


stopped = os.path.join(args.work, "stopped_np2")
refused(["subsection Heat pump", "  set Minimum fluid temperature = 5", "end",
         "subsection Checkpoint", "  set Interval = 150", "end"], 2,
        ["Heat pump/Minimum fluid temperature", "differs from the checkpoint"], "changed_physics", stopped)
refused([], 1, ["no complete checkpoint"], "no_checkpoint", os.path.join(args.work, "empty"))
check.finish()

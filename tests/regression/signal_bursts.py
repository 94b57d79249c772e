"""Bursts of SIGUSR1/SIGTERM while a run writes its outputs (issue #11, fault
injection).

small_well.prm, 1 year, an output (VTU pieces + parallel HDF5 + well
profiles) every 2 days and a checkpoint every 3 steps: most of the wall time
after start-up is spent writing files (1 rank: 2.6-3.4 s with these outputs
vs 1.1-1.3 s without, on the shared 2-core machine), so bursts land in
output and checkpoint writes. At 1 and 2 ranks, 8 trials each (seeded):
start (or --resume) the run, wait until every geoheat process has installed
its stop handlers (SigCgt in /proc/PID/status: a signal that arrives while
the program is still being loaded kills it, as for any program), then until
it has written a random number of further rows (1 to a third of those left)
and a random part of one step's wall time (so the test means the same on an
idle and on a loaded machine: no fixed sleeps), and send a burst of 20
signals within a few milliseconds:
- 1 rank: SIGUSR1 and SIGTERM mixed, to the geoheat process;
- 2 ranks, odd trials: SIGUSR1 to mpirun (which forwards each one to every
  rank); even trials: SIGUSR1 and SIGTERM mixed, each to a random rank
  directly (as a batch system that signals every task does). SIGTERM is not
  sent to mpirun: OpenMPI's mpirun kills the ranks on a second SIGTERM (and
  one second after the first), which no program can turn into a clean stop;
  the cluster scripts forward SIGUSR1 instead (README).
Every stopped run: exit code 4 (README), summary "stopped", one "stopped at"
line, no *.tmp left (no half checkpoint, no nested second one), `latest`
names a complete checkpoint, nothing on stderr but mpirun's "Forwarding
signal" lines. No run may hang (120 s) or crash. A run that finished before
its burst (possible on a fast machine) ends the trials for that rank count.
After the trials: --resume to the end; the time series equals the
uninterrupted run (1 rank: the same text; 2 ranks: 1e-9 relative), same .pvd.
Reported (not asserted): how many bursts found a ckpt-*.tmp directory, i.e.
landed during a checkpoint write.
"""
import os
import random
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, geoheat_lines, kill_tree, normwise_difference, parse_args, read_summary, read_timeseries, write_prm, geoheat_command, timeseries_rows as rows

args = parse_args()
check = Checks()
W = args.work
prm = write_prm(os.path.join(W, "often.prm"), os.path.join(args.source, "tests/regression/small_well.prm"),
                {"Output interval": "2",
                 None: ["subsection Checkpoint", "  set Interval = 0", "  set Steps = 3", "end"]})
STOP_BITS = (1 << (signal.SIGUSR1 - 1)) | (1 << (signal.SIGTERM - 1))


def command(np, out, resume=False):
    return geoheat_command(args, prm, out, np, ["--resume"] if resume else [])


def geoheat_processes(p, np):
    """pids of the geoheat processes of Popen p (itself, or mpirun's children)."""
    if np == 1:
        return [p.pid]
    pids = []
    try:
        for task in os.listdir(f"/proc/{p.pid}/task"):
            with open(f"/proc/{p.pid}/task/{task}/children") as f:
                pids += [int(c) for c in f.read().split()]
    except OSError:
        return []
    return [c for c in pids if open(f"/proc/{c}/comm").read().strip() == "geoheat"]


def handlers_installed(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            caught = next(int(l.split()[1], 16) for l in f if l.startswith("SigCgt:"))
        return caught & STOP_BITS == STOP_BITS
    except (OSError, StopIteration):
        return False


def pvd_files(out):
    return [d.attrib["file"] for d in ET.parse(os.path.join(out, "solution.pvd")).getroot().iter("DataSet")]


rng = random.Random(20261124)
t_start = time.time()
for np in (1, 2):
    ref = os.path.join(W, f"reference_np{np}")
    t0 = time.time()
    r = subprocess.run(command(np, ref), capture_output=True, text=True)
    T_ref = time.time() - t0
    if r.returncode != 0:
        sys.exit(f"FAIL: the uninterrupted run: {r.stderr[-300:]}")
    total = rows(ref)
    T_step = T_ref / total
    out = os.path.join(W, f"bursts_np{np}")
    stops, in_checkpoint, finished_early, problems = 0, 0, False, []
    for trial in range(8):
        label = f"np {np} trial {trial + 1}"
        resume = os.path.isdir(os.path.join(out, "checkpoint"))
        p = subprocess.Popen(command(np, out, resume), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        pids = []
        while time.time() < deadline and p.poll() is None:
            pids = geoheat_processes(p, np)
            if len(pids) == np and all(handlers_installed(q) for q in pids):
                break
            time.sleep(0.002)
        # Progress, not wall time, decides when: a random number of further
        # steps, then a random part of one step's wall time (load-independent).
        start_rows = rows(out)
        k = rng.randint(1, max(1, (total - start_rows) // 3))
        while p.poll() is None and rows(out) < start_rows + k and time.time() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 1) * T_step)
        if p.poll() is not None:
            finished_early = True
        sent = []
        for k in range(20):
            if np == 1:
                target, sig = p.pid, rng.choice((signal.SIGUSR1, signal.SIGTERM))
            elif trial % 2 == 0:
                target, sig = p.pid, signal.SIGUSR1  # mpirun forwards it to every rank
            else:
                target, sig = rng.choice(pids), rng.choice((signal.SIGUSR1, signal.SIGTERM))
            try:
                os.kill(target, sig)
                sent.append(sig)
            except ProcessLookupError:
                break
            time.sleep(rng.uniform(0, 0.0005))
        ckpt = os.path.join(out, "checkpoint")
        in_checkpoint += os.path.isdir(ckpt) and any(n.endswith(".tmp") for n in os.listdir(ckpt))
        try:
            stdout, stderr = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            kill_tree(p.pid)
            p.communicate()
            problems.append(f"{label}: hangs after the burst (killed after 120 s)")
            break
        status = read_summary(out)["status"] if os.path.exists(os.path.join(out, "summary.json")) else None
        if p.returncode == 0 and status == "completed":
            finished_early = True  # the run ended before (or while) the burst arrived
            break
        stops += 1
        other = geoheat_lines(stderr)
        leftovers = [os.path.join(d, n) for d, ds, fs in os.walk(out) for n in ds + fs if n.endswith(".tmp")]
        latest = open(os.path.join(ckpt, "latest")).read().strip() if os.path.exists(os.path.join(ckpt, "latest")) else ""
        n_stop_lines = stdout.count("geoheat: stopped at")
        if not (p.returncode == 4 and status == "stopped" and n_stop_lines == 1 and not other and not leftovers
                and latest and os.path.exists(os.path.join(ckpt, latest, "meta.txt"))):
            problems.append(f"{label}: exit {p.returncode}, status {status}, {n_stop_lines} 'stopped at' lines, "
                            f"stderr {other[:3]}, leftovers {leftovers}, latest '{latest}', "
                            f"{len(sent)} signals sent")
    check(not problems and stops >= 3,
          f"np {np}: {stops} runs stopped by a burst of 20 signals ({in_checkpoint} bursts found a checkpoint "
          f"being written{'; the run finished before a later burst' if finished_early else ''}): each exit 4, "
          f"'stopped', one stop message, a complete checkpoint, nothing left half written {problems}")
    r = None
    if not (os.path.exists(os.path.join(out, "summary.json")) and read_summary(out)["status"] == "completed"):
        r = subprocess.run(command(np, out, True), capture_output=True, text=True, timeout=300)
    if r is not None and r.returncode != 0:
        check(False, f"np {np}: the final --resume failed: {r.stderr[-300:]}")
        continue
    if np == 1:
        same = open(os.path.join(ref, "timeseries.csv")).read() == open(os.path.join(out, "timeseries.csv")).read()
        detail = "the same text" if same else "differs"
    else:
        a, b = read_timeseries(ref), read_timeseries(out)
        d = normwise_difference(a, b, ("inlet_temperature_C", "outlet_temperature_C", "ground_load_W"))
        same = len(a["time_s"]) == len(b["time_s"]) and d <= 1e-9
        detail = f"{d:.1e} (tol 1e-9), {len(b['time_s'])} of {len(a['time_s'])} rows"
    check(same and read_summary(out)["status"] == "completed" and pvd_files(ref) == pvd_files(out)
          and all(os.path.exists(os.path.join(out, f)) for f in pvd_files(out)),
          f"np {np}: after {stops} stops and resumes the result equals the uninterrupted run: {detail}; "
          f"same {len(pvd_files(out))} .pvd outputs, all present")
print(f"wall time {time.time() - t_start:.0f} s")
check.finish()

"""kill -9 at random moments, many times, while a run writes checkpoints
often (issue #11, fault injection).

small_well_heat_pump.prm, 8 years, a checkpoint every 10 steps (each one
fsynced, so a good part of the wall time is spent writing them). Up to 25
times: start (or --resume) the run and SIGKILL it after a random delay
(seeded) of 2-12 % of the uninterrupted run's wall time (so the test means
the same on fast and slow machines); then resume to the end without
interruption.
- Every --resume after a kill works (exit 0 or killed again), with no
  warning of a damaged checkpoint (a checkpoint is written to *.tmp, synced,
  renamed, and only then named in `latest`, so a kill never leaves a
  complete-looking damaged one); while no checkpoint exists yet the run is
  restarted afresh, as a user would.
- No leftover that looks complete: after each kill summary.json, if present,
  says "running" (partial figures), or "completed" only when the run had
  in fact finished (all rows written) before the kill arrived.
- The final time series equals the uninterrupted run's to 1e-10 (normwise),
  and the summary says "completed".
- At least one kill hit a checkpoint being written (a ckpt-*.tmp directory
  found after the kill), so the test exercises what it names.
"""
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
W = args.work
base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
prm = write_prm(os.path.join(W, "often.prm"), base,
                {"Load file": os.path.join(args.source, "params/loads/beijing_hub.csv"), "End time": "8", None: ["subsection Checkpoint", "  set Interval = 0", "  set Steps = 10", "end"]})
ref = os.path.join(W, "reference")
t0 = time.time()
run(args, prm, ref)
T_ref = time.time() - t0  # the kill delays scale with it: fast and slow machines alike
out = os.path.join(W, "killed")
rng = random.Random(20261124)
kills, tmp_seen, problems, restarts = 0, 0, [], 0
for attempt in range(25):
    ckpt_dir = os.path.join(out, "checkpoint")
    resume = os.path.isdir(ckpt_dir) and any(n.startswith("ckpt-") and not n.endswith(".tmp")
                                             for n in os.listdir(ckpt_dir))
    restarts += not resume
    cmd = [args.geoheat] + (["--resume"] if resume else []) + ["--output-dir", out, prm]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(rng.uniform(0.02, 0.12) * T_ref)
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        kills += 1
    err = p.communicate()[1]
    if p.returncode not in (0, -signal.SIGKILL) or "warning" in err or "error" in err:
        problems.append(f"attempt {attempt + 1}: exit {p.returncode}: {err.strip()[:200]}")
    if p.returncode == -signal.SIGKILL:
        if os.path.isdir(ckpt_dir) and any(n.endswith(".tmp") for n in os.listdir(ckpt_dir)):
            tmp_seen += 1
        if os.path.exists(os.path.join(out, "summary.json")) and read_summary(out)["status"] == "completed":
            # truthful only if the kill came after the run had finished (between
            # the final summary and the process exit, a window a loaded machine hits)
            if len(read_timeseries(out)["time_s"]) != len(read_timeseries(ref)["time_s"]):
                problems.append(f"attempt {attempt + 1}: a killed run left a 'completed' summary")
            break
    if p.returncode == 0:
        break
check(not problems, f"{kills} kills, every restart or resume ran without an error or warning ({problems})")
check(tmp_seen >= 1, f"{tmp_seen} kills hit a checkpoint being written (ckpt-*.tmp left behind)")
done = os.path.exists(os.path.join(out, "summary.json")) and read_summary(out)["status"] == "completed"
r = None if done else run(args, prm, out, extra=["--resume"], check=False)
check(r is None or (r.returncode == 0 and "warning" not in r.stderr),
      f"the final resume completes without a warning ({r.stderr.strip()[:200] if r else 'already completed'})")
d = normwise_difference(read_timeseries(ref), read_timeseries(out),
                        ("inlet_temperature_C", "outlet_temperature_C", "ground_load_W", "electric_power_W"))
n_ref, n_out = len(read_timeseries(ref)["time_s"]), len(read_timeseries(out)["time_s"])
check(read_summary(out)["status"] == "completed" and d < 1e-10 and n_ref == n_out,
      f"after {kills} kills ({restarts} fresh starts) the result equals the uninterrupted run: {d:.1e} "
      f"(tol 1e-10), {n_out} rows of {n_ref}")
check.finish()

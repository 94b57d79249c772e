"""The output directory on a full disk (issue #11, fault injection).

Each case runs on its own small tmpfs (skipped, exit 77, where mount is not
permitted, e.g. not root), at 1 and 2 ranks:
1. start the run and stop it with SIGUSR1 after a few rows (a checkpoint with
   every row written: nothing is cut back on --resume);
2. shrink the tmpfs to what is used plus one page (remount), then --resume
   with Output/Checkpoint entries chosen so that the disk fills in the named
   writer (those entries may change on --resume; the physics does not):
   - timeseries: no field outputs, profiles only once a year, no checkpoints:
     the only growing file is timeseries.csv;
   - vtu / hdf5: outputs every 10 days, only VTK or only HDF5 (on 2 ranks the
     parallel HDF5 write is refused before it starts when the space is short:
     a write failing on one rank would leave the others waiting in HDF5);
   - checkpoint: a checkpoint after every step, no field outputs;
3. assert: exit code 3 (README: run failed), exactly one geoheat line on
   stderr naming a file of that writer with "No space left on device"
   (mpirun's own banner aside), no summary that says "completed" (it says
   "failed" when there was room for it), no *.tmp left behind, `latest`
   names a complete checkpoint;
4. remount bigger and --resume with the original entries: exit 0, the time
   series equals the uninterrupted run (1 rank: the same text; 2 ranks:
   1e-9 relative), and the .pvd lists the same outputs, all present.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, geoheat_lines, kill_tree, normwise_difference, parse_args, read_summary, read_timeseries, run, write_prm, geoheat_command, timeseries_rows as rows

SKIP = 77
args = parse_args()
check = Checks()
W = args.work
base = os.path.join(args.source, "tests/regression/small_well.prm")
PAGE = os.sysconf("SC_PAGE_SIZE")


def mount(d, size):
    os.makedirs(d, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", d],
                          capture_output=True, text=True)


probe = os.path.join(W, "probe")
r = mount(probe, "64k") if os.geteuid() == 0 else None
if r is None or r.returncode != 0:
    print(f"SKIP: cannot mount a tmpfs here ({'not root' if r is None else r.stderr.strip()})")
    sys.exit(SKIP)
subprocess.run(["umount", probe])
mounted = []


def fresh_tmpfs(name, size="8m"):
    d = os.path.join(W, name)
    r = mount(d, size)
    if r.returncode != 0:
        sys.exit(f"FAIL: mount {d}: {r.stderr.strip()}")
    mounted.append(d)
    return d


def shrink_to_used_plus_page(d):
    st = os.statvfs(d)
    used = (st.f_blocks - st.f_bfree) * st.f_frsize
    subprocess.run(["mount", "-o", f"remount,size={used + PAGE}", d], check=True)
    return used + PAGE


def output_section(**entries):
    return ["subsection Output"] + [f"  set {k} = {v}" for k, v in entries.items()] + ["end"]


def checkpoint_section(steps):
    return ["subsection Checkpoint", "  set Interval = 0", f"  set Steps = {steps}", "end"]


# Two physics set-ups (the output interval is part of the physics: time steps land on it)
yearly = {"Output interval": "365", "Maximum time step in operation": "12"}
often = {"Output interval": "10"}
CASES = {  # name: (physics, entries of the failing resume, file pattern the error must name)
    "timeseries": (yearly, output_section(**{"Write VTK": "false", "Write HDF5": "false"}) + checkpoint_section(0),
                   ("timeseries.csv",)),
    "checkpoint": (yearly, output_section(**{"Write VTK": "false", "Write HDF5": "false"}) + checkpoint_section(1),
                   ("/checkpoint/",)),
    "vtu": (often, output_section(**{"Write HDF5": "false"}) + checkpoint_section(0), (".vtu", ".pvtu", "solution.pvd")),
    "hdf5": (often, output_section(**{"Write VTK": "false"}) + checkpoint_section(0), (".h5", "solution.xdmf")),
}
normal = {}
for tag, physics in (("yearly", yearly), ("often", often)):
    normal[tag] = write_prm(os.path.join(W, f"{tag}.prm"), base, {**physics, None: checkpoint_section(10)})


def command(np, prm, out, extra=()):
    return geoheat_command(args, prm, out, np, extra)


def stopped_early(np, prm, out):
    """Start a run and stop it with SIGUSR1 after its first rows."""
    p = subprocess.Popen(command(np, prm, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while p.poll() is None and rows(out) < 3 and time.time() < deadline:
        time.sleep(0.005)
    p.send_signal(signal.SIGUSR1)
    err = p.communicate(timeout=300)[1]
    status = read_summary(out)["status"] if os.path.exists(os.path.join(out, "summary.json")) else None
    if status != "stopped":
        sys.exit(f"FAIL: set-up: the run was not stopped early (exit {p.returncode}, {status}): {err[-300:]}")
    return rows(out)


def status_of(out):
    try:
        return read_summary(out)["status"]
    except (OSError, ValueError, KeyError):
        return None


def pvd_files(out):
    path = os.path.join(out, "solution.pvd")
    try:
        return [d.attrib["file"] for d in ET.parse(path).getroot().iter("DataSet")]
    except (OSError, ET.ParseError):
        return []


t_start = time.time()
for np in (1, 2):
    refs = {}
    for tag in normal:
        refs[tag] = os.path.join(W, f"reference_{tag}_np{np}")
        run(args, normal[tag], refs[tag], np=np)
    starts = {}
    for tag in normal:
        starts[tag] = os.path.join(W, f"start_{tag}_np{np}")
        os.makedirs(starts[tag])
        stopped_early(np, normal[tag], os.path.join(starts[tag], "run"))
    for name, (physics, entries, names) in CASES.items():
        tag = "yearly" if physics is yearly else "often"
        label = f"np {np}, disk full in {name}"
        disk = fresh_tmpfs(f"{name}_np{np}")
        out = os.path.join(disk, "run")
        shutil.copytree(os.path.join(starts[tag], "run"), out)
        size = shrink_to_used_plus_page(disk)
        prm = write_prm(os.path.join(W, f"{name}.prm"), base, {**physics, None: entries})
        t0 = time.time()
        p = subprocess.Popen(command(np, prm, out, ["--resume"]), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        try:
            r = subprocess.CompletedProcess(p.args, None, *p.communicate(timeout=120))
            r.returncode = p.returncode
        except subprocess.TimeoutExpired:
            kill_tree(p.pid)  # mpirun and its ranks
            p.communicate()
            check(False, f"{label}: the run hangs (killed after 120 s)")
            subprocess.run(["umount", "-l", disk])
            mounted.remove(disk)
            continue
        lines = geoheat_lines(r.stderr)
        ok = (r.returncode == 3 and len(lines) == 1 and lines[0].startswith("geoheat: error: ") and
              "No space left on device" in lines[0] and any(n in lines[0] for n in names))
        check(ok, f"{label} ({size // 1024} KiB): exit {r.returncode} after {time.time() - t0:.1f} s, "
                  f"one line naming the file: {lines}")
        summary = os.path.join(out, "summary.json")
        try:
            s = json.load(open(summary)) if os.path.exists(summary) else {}
            status, message = s.get("status"), s.get("message", "")
        except ValueError:
            status, message = f"not JSON ({os.path.getsize(summary)} bytes)", ""
        check(status in (None, "failed") and (status is None or "No space left on device" in message),
              f"{label}: summary.json {'absent' if status is None else repr(status)}, not 'completed'"
              + (f" ({message[:90]})" if message else ""))
        leftovers = [os.path.join(d, n) for d, ds, fs in os.walk(out) for n in ds + fs if n.endswith(".tmp")]
        latest = open(os.path.join(out, "checkpoint", "latest")).read().strip() \
            if os.path.exists(os.path.join(out, "checkpoint", "latest")) else "(none)"
        check(not leftovers and os.path.exists(os.path.join(out, "checkpoint", latest, "meta.txt")),
              f"{label}: no *.tmp left {leftovers}, `latest` names a complete checkpoint ({latest})")
        # free the disk, resume with the original entries, compare with the uninterrupted run
        subprocess.run(["mount", "-o", "remount,size=16m", disk], check=True)
        try:
            r = subprocess.run(command(np, normal[tag], out, ["--resume"]), capture_output=True, text=True,
                               timeout=300)
        except subprocess.TimeoutExpired as e:
            r = subprocess.CompletedProcess(e.cmd, -1, "", "timeout")
        ref = refs[tag]
        same = False
        if r.returncode == 0:
            if np == 1:
                same = open(os.path.join(ref, "timeseries.csv")).read() == open(os.path.join(out, "timeseries.csv")).read()
                detail = "the same text"
            else:
                a, b = read_timeseries(ref), read_timeseries(out)
                d = normwise_difference(a, b, ("inlet_temperature_C", "outlet_temperature_C", "ground_load_W"))
                same = len(a["time_s"]) == len(b["time_s"]) and d <= 1e-9
                detail = f"{d:.1e} (tol 1e-9)"
        else:
            detail = r.stderr.strip()[-200:]
        pa, pb = pvd_files(ref), pvd_files(out)
        check(r.returncode == 0 and same and status_of(out) == "completed" and pa == pb and
              all(os.path.exists(os.path.join(out, f)) for f in pb),
              f"{label}: after freeing space --resume completes, time series equal to the uninterrupted run: "
              f"{detail}; .pvd {len(pb)} outputs as uninterrupted")
        subprocess.run(["umount", disk])
        mounted.remove(disk)
for d in mounted:
    subprocess.run(["umount", d])
print(f"wall time {time.time() - t_start:.0f} s")
check.finish()

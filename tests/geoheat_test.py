"""Helpers for the whole-program tests: arguments from CTest, running geoheat
(optionally under mpirun), reading the results contract files."""
import argparse
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--geoheat", required=True)
    p.add_argument("--mpirun", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--shared", required=True)
    p.add_argument("--work", required=True)
    a = p.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    return a


def geoheat_command(args, prm, out=None, np=1, extra=()):
    """The command line of a geoheat run on prm (through mpirun for np > 1)."""
    cmd = []
    if np > 1:
        cmd = [args.mpirun, "--oversubscribe", "--allow-run-as-root", "-np", str(np)]
    cmd += [args.geoheat, *extra]
    if out:
        cmd += ["--output-dir", out]
    cmd.append(prm)
    return cmd


def timeseries_rows(out):
    """Rows of out/timeseries.csv so far (0 if it does not exist yet)."""
    try:
        with open(os.path.join(out, "timeseries.csv")) as f:
            return sum(1 for _ in f) - 1
    except OSError:
        return 0


def run(args, prm, out=None, np=1, extra=(), check=True):
    """Run geoheat on prm; returns the CompletedProcess."""
    cmd = geoheat_command(args, prm, out, np, extra)
    env, prefix = sanitizer_env(args)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       errors="surrogateescape")  # raw bytes stay visible to checks
    reports = sorted(glob.glob(prefix + ".*")) if prefix else []
    if reports:
        # scripts/sanitize.sh: an ASan/UBSan report fails the test, also where
        # the run was meant to fail (bad input)
        for f in reports:
            with open(f, errors="replace") as fh:
                print(fh.read())
        sys.exit(f"FAIL: sanitizer report(s) from {' '.join(cmd)}: {' '.join(reports)}")
    if check and r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(f"FAIL: geoheat exited with {r.returncode}")
    return r


def resume_from_first_checkpoint(args, prm, run_dir, resumed, np=1):
    """Copy a finished run that wrote checkpoints to `resumed`, keep only its
    first checkpoint, and resume from there (np ranks). Returns the name of
    the checkpoint resumed from."""
    shutil.copytree(run_dir, resumed)
    folders = sorted(f for f in os.listdir(os.path.join(resumed, "checkpoint")) if f.startswith("ckpt-"))
    for f in folders[1:]:
        shutil.rmtree(os.path.join(resumed, "checkpoint", f))
    with open(os.path.join(resumed, "checkpoint", "latest"), "w") as f:
        f.write(folders[0] + "\n")
    run(args, prm, resumed, np=np, extra=["--resume"])
    return folders[0]


def check_ranks_and_resume(args, check, prm, difference, unit="K"):
    """Run prm (which writes checkpoints) on 1, 2 and 3 ranks and resume it on
    2 ranks from the first checkpoint of the 1-rank run: each must equal the
    1-rank run within 1e-6 by difference(series_a, series_b). Returns the
    directories of the 1-rank and the resumed run."""
    ref_dir = os.path.join(args.work, "np1")
    run(args, prm, ref_dir)
    ref = read_timeseries(ref_dir)
    for np in (2, 3):
        out = os.path.join(args.work, f"np{np}")
        run(args, prm, out, np=np)
        diff = difference(ref, read_timeseries(out))
        check(diff <= 1e-6, f"{np} ranks equal 1 rank within {diff:.1e} {unit} (<= 1e-6)")
    resumed = os.path.join(args.work, "resumed")
    first = resume_from_first_checkpoint(args, prm, ref_dir, resumed, np=2)
    rows = read_timeseries(resumed)
    diff = difference(ref, rows)
    check(len(rows["time_s"]) == len(ref["time_s"]) and diff <= 1e-6,
          f"--resume on 2 ranks from {first} (1 rank) equals the uninterrupted run within "
          f"{diff:.1e} {unit} (<= 1e-6)")
    return ref_dir, resumed


def sanitizer_env(args):
    """Environment for a geoheat run and the prefix of its sanitizer report
    files: scripts/sanitize.sh sets GEOHEAT_SANITIZER_REPORTS and log_path in
    ASAN_OPTIONS/UBSAN_OPTIONS; each test writes its reports to files of its
    own (tests run in parallel). (None, None) in normal builds."""
    folder = os.environ.get("GEOHEAT_SANITIZER_REPORTS")
    if not folder:
        return None, None
    prefix = os.path.join(folder, os.path.basename(args.work))
    env = dict(os.environ)
    for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        env[var] = re.sub(r"log_path=[^:]*", "log_path=" + prefix, env.get(var, ""))
    return env, prefix


def read_timeseries(path):
    with open(os.path.join(path, "timeseries.csv")) as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


def read_summary(path):
    with open(os.path.join(path, "summary.json")) as f:
        return json.load(f)


def write_prm(path, base_prm, replacements):
    """Copy a prm, replacing 'set KEY = ...' lines (KEY -> new value) and
    appending raw lines given under the key None."""
    with open(base_prm) as f:
        lines = f.read().splitlines()
    out = []
    for line in lines:
        key = line.strip()[4:].split("=")[0].strip() if line.strip().startswith("set ") else None
        if key is not None and key in replacements:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}set {key} = {replacements[key]}")
        else:
            out.append(line)
    out += replacements.get(None, [])
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path


def kill_tree(pid):
    """SIGKILL a process and all its descendants (mpirun and its ranks)."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    todo, tree = [pid], []
    while todo:
        q = todo.pop()
        tree.append(q)
        todo += children.get(q, [])
    for q in tree:
        try:
            os.kill(q, 9)
        except OSError:
            pass


def geoheat_lines(stderr):
    """Non-empty stderr lines without mpirun's own reports (the blocks between
    its dashed lines) and its "Forwarding signal" notes."""
    lines, inside = [], False
    for l in stderr.splitlines():
        if l.startswith("-----"):
            inside = not inside
        elif not inside and l.strip() and not l.startswith("mpirun: Forwarding signal"):
            lines.append(l)
    return lines


def normwise_difference(ref, other, columns):
    """Largest |ref - other| of the given time-series columns, each relative
    to the column's largest magnitude (normwise)."""
    worst = 0.0
    for col in columns:
        scale = max(abs(v) for v in ref[col])
        for a, b in zip(ref[col], other[col]):
            worst = max(worst, abs(a - b) / scale)
    return worst


class Checks:
    """Collects named checks; prints one line each and a closing count."""

    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, ok, what):
        print(("PASS" if ok else "FAIL") + ": " + what)
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)

"""Batch-system workflows (issue #10): the scripts in cluster/ and the ones
`scripts/study.py submit` generates, executed through a fake sbatch/qsub
(tests/fake_scheduler: runs each job at once, refuses unknown options and
malformed values as the real tools do, runs a spooled copy of the script,
sends SLURM's --signal warning and the walltime SIGTERM).

- Every shell script in cluster/ and every generated one passes `bash -n`;
  the generated SLURM array covers exactly the samples, with the requested
  time, ranks and warning; no template placeholder is left.
- SLURM job-array restart chain: a 2-sample study whose runs (10 years of
  small_well_heat_pump.prm, ~2.5 s each on an idle machine) get SIGUSR1
  9 s before a 10 s limit, i.e. about 1 s after they start: geoheat is stopped by the warning and continued by
  the next link until every sample completes; each link depends on the one
  before, the collect job on the last; results.csv is complete, and every
  figure equals an uninterrupted local run of the same study to 1e-9.
- PBS chain of a one-sample study (a plain job: PBS Pro arrays need two
  subjobs; 3 years) on 2 MPI ranks, 10 s walltime, the warning sent 8 s
  before it by the script's `timeout` through mpirun: completes, equals the
  1-rank uninterrupted run to 1e-8.
- Chains are 40 links long so that a slow or loaded machine still
  finishes; links after completion end in a fraction of a second.
- Single-run chains cluster/slurm_chain.sh and cluster/pbs_chain.sh on
  the same input: complete after being stopped, and equal the local run.
- Bad input: a malformed --time, a task index outside the study: one line,
  exit 2; the fake refuses an unknown #SBATCH option (so it does check).
"""
import csv
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary

args = parse_args()
check = Checks()
STUDY = os.path.join(args.source, "scripts/study.py")
FAKE = os.path.join(args.source, "tests/fake_scheduler/fake_scheduler.py")
BIN = os.path.join(args.work, "bin")
os.makedirs(BIN)
for tool in ("sbatch", "qsub"):
    os.symlink(FAKE, os.path.join(BIN, tool))
ENV = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"],
           FAKE_SCHEDULER_DIR=os.path.join(args.work, "fake_scheduler"), GEOHEAT=args.geoheat,
           OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
FIGURES = ("min_outlet_temperature_C", "max_outlet_temperature_C", "min_inlet_temperature_C",
           "total_ground_energy_MWh", "heat_delivered_MWh", "electricity_MWh", "spf",
           "pump_electricity_MWh")

SPEC = """
base = "{base}"
output = "{output}"
[design]
type = "list"
[fixed]
"Time/End time" = {end}
[[parameter]]
path = "Ground/Basal heat flux"
values = {values}
"""


def spec(name, values, end=10):
    path = os.path.join(args.work, name + ".toml")
    with open(path, "w") as f:
        f.write(SPEC.format(base=os.path.join(args.source, "tests/regression/small_well_heat_pump.prm"),
                            output=name, values=values, end=end))
    return path


def study(*a):
    return subprocess.run([sys.executable, STUDY, *a], capture_output=True, text=True, env=ENV, cwd=args.work)


def jobs():
    with open(os.path.join(ENV["FAKE_SCHEDULER_DIR"], "jobs.jsonl")) as f:
        return [json.loads(l) for l in f if l.strip()]


def logs(out):
    return "".join(open(p).read() for p in glob.glob(os.path.join(out, "sample-*", "geoheat.log")))


def resumes(out):
    """Runs started with --resume (study.py writes each command line to the log)."""
    return sum(1 for l in logs(out).splitlines() if l.startswith("# study.py") and "--resume" in l)


def differs(run_a, run_b):
    """Largest relative difference of the summary figures of two run dirs."""
    a, b = read_summary(run_a), read_summary(run_b)
    return max(abs(a[k] - b[k]) / max(abs(a[k]), 1e-300) for k in FIGURES)


def warnings(records):
    """Array tasks or jobs that the fake scheduler sent a signal."""
    return sum(1 for j in records for t in j["tasks"] if t["signals"])


# ---- references: the same studies run locally, uninterrupted, on 1 rank
ref = os.path.join(args.work, "reference")
ref_pbs = os.path.join(args.work, "reference_pbs")
r = study("run", spec("reference", "[0.06, 0.07]"), "--geoheat", args.geoheat)
r2 = study("run", spec("reference_pbs", "[0.06]", end=3), "--geoheat", args.geoheat)
check(r.returncode == 0 and r2.returncode == 0, f"local reference studies run (exit {r.returncode}, {r2.returncode}) "
                                                f"{r.stderr[-200:]} {r2.stderr[-200:]}")

# ---- SLURM array chain
slurm_spec = spec("slurm", "[0.06, 0.07]")
out = os.path.join(args.work, "slurm")
r = study("submit", slurm_spec, "--geoheat", args.geoheat, "--scheduler", "slurm", "--time", "0:00:10",
          "--warn", "9", "--links", "40", "--module", "deal.II/9.4", "--partition", "short")
check(r.returncode == 0 and "submit with: bash" in r.stdout, f"submit writes SLURM scripts (exit {r.returncode}) {r.stderr}")
array = open(os.path.join(out, "cluster", "array.sh")).read()
directives = dict(re.findall(r"^#SBATCH --([\w-]+)=(\S+)", array, re.M))
check(directives.get("array") == "1-2" and directives.get("time") == "0:00:10" and
      directives.get("ntasks") == "1" and directives.get("signal") == "B:USR1@9" and
      directives.get("partition") == "short" and "module load deal.II/9.4" in array,
      f"array.sh: --array=1-2, --time, --ntasks, --signal, --partition, module line ({directives})")
generated = glob.glob(os.path.join(out, "cluster", "*.sh"))
scripts = generated + glob.glob(os.path.join(args.source, "cluster", "*.sh"))
syntax = {os.path.basename(p): subprocess.run(["bash", "-n", p], capture_output=True).returncode for p in scripts}
leftover = [p for p in generated if "{{" in open(p).read()]
check(len(scripts) >= 7 and not any(syntax.values()) and not leftover,
      f"bash -n passes for {len(scripts)} scripts, no placeholder left ({syntax}, {leftover})")
r = subprocess.run(["bash", os.path.join(out, "cluster", "submit.sh")], capture_output=True, text=True, env=ENV,
                   cwd=args.work)
check(r.returncode == 0, f"submit.sh through the fake sbatch (exit {r.returncode}) {r.stderr[-300:]}")
records = jobs()
chain_ok = len(records) == 41 and all(
    j["options"].get("dependency") == f"afterany:{records[k - 1]['id']}" for k, j in enumerate(records) if k > 0)
check(chain_ok and "dependency" not in records[0]["options"] and records[-1]["script"].endswith("collect.sh"),
      f"40 links, each depending on the one before, then collect ({len(records)} jobs)")
res = list(csv.DictReader(open(os.path.join(out, "results.csv"))))
n_signals = warnings(records[:-1])
check(len(res) == 2 and all(x["status"] == "completed" for x in res),
      f"results.csv (written by the collect job): both samples completed ({[x['status'] for x in res]})")
check(n_signals >= 2 and resumes(out) >= 2 and "stopped at" in logs(out),
      f"runs were stopped by the SIGUSR1 warning and continued with --resume "
      f"({n_signals} warnings, {resumes(out)} resumes)")
d = max(differs(os.path.join(ref, s, "run"), os.path.join(out, s, "run")) for s in ("sample-0001", "sample-0002"))
check(d < 1e-9, f"chained results equal the uninterrupted study: largest relative difference {d:.1e} (tol 1e-9)")

# ---- PBS chain, one sample (plain job), 2 ranks
pbs_spec = spec("pbs", "[0.06]", end=3)
out = os.path.join(args.work, "pbs")
r = study("submit", pbs_spec, "--geoheat", args.geoheat, "--scheduler", "pbs", "--time", "0:00:10",
          "--warn", "8", "--links", "40", "--np", "2", "--mpirun", args.mpirun, "--submit")
records = jobs()[41:]
check(r.returncode == 0 and len(records) == 41 and all("-J" not in j["options"] for j in records),
      f"PBS: submit --submit ran 40 plain jobs + collect (exit {r.returncode}, {len(records)} jobs) {r.stderr[-200:]}")
summary = read_summary(os.path.join(out, "sample-0001", "run"))
check(summary["status"] == "completed" and summary["n_mpi_ranks"] == 2 and resumes(out) >= 1,
      f"PBS: completed on 2 ranks after {resumes(out)} resume(s) (timeout's SIGUSR1 through mpirun)")
d = differs(os.path.join(ref_pbs, "sample-0001", "run"), os.path.join(out, "sample-0001", "run"))
check(d < 1e-8, f"PBS: 2-rank chained run equals the 1-rank uninterrupted one: {d:.1e} (tol 1e-8)")

# ---- single-run chains from cluster/
prm = os.path.join(ref, "sample-0001", "input.prm")
for name, cmd, env in (
        ("slurm_chain.sh", ["40", prm, os.path.join(args.work, "single_slurm"), "--ntasks=1", "--time=0:00:10",
                            "--signal=B:USR1@8"], {"MPIRUN": args.mpirun}),
        ("pbs_chain.sh", ["40", prm, os.path.join(args.work, "single_pbs"), "-l", "walltime=0:00:10"],
         {"PBS_VARS": "WALLTIME_S=10,WARN_S=8,NP=1"})):
    before = len(jobs())
    r = subprocess.run(["bash", os.path.join(args.source, "cluster", name)] + cmd, capture_output=True,
                       text=True, env=dict(ENV, **env), cwd=args.work)
    run_dir = cmd[2]
    new = jobs()[before:]
    s = read_summary(run_dir) if os.path.exists(os.path.join(run_dir, "summary.json")) else {"status": "missing"}
    warned = warnings(new)
    ok = r.returncode == 0 and len(new) == 40 and s["status"] == "completed"
    d = differs(os.path.join(ref, "sample-0001", "run"), run_dir) if ok else float("inf")
    check(ok and d < 1e-9, f"cluster/{name}: 40 linked jobs, run completed, equals the uninterrupted run "
                           f"({d:.1e}); exit {r.returncode} {r.stderr[-200:]}")
    if name == "slurm_chain.sh":
        check(warned >= 1, f"cluster/{name}: the run was warned and continued ({warned} warnings)")

# ---- bad input
r = study("submit", slurm_spec, "--geoheat", args.geoheat, "--scheduler", "slurm", "--time", "2h")
lines = [l for l in r.stderr.splitlines() if l.strip()]
check(r.returncode == 2 and len(lines) == 1 and "--time 2h" in lines[0], f"malformed --time: one line, exit 2 ({lines})")
r = study("task", os.path.join(args.work, "slurm"), "--index", "7", "--geoheat", args.geoheat)
lines = [l for l in r.stderr.splitlines() if l.strip()]
check(r.returncode == 2 and len(lines) == 1 and "sample-0007" in lines[0], f"index outside the study: one line, exit 2 ({lines})")
bogus = os.path.join(args.work, "bogus.sh")
with open(bogus, "w") as f:
    f.write("#!/bin/bash\n#SBATCH --time=0:00:05\n#SBATCH --bogus=1\necho hi\n")
r = subprocess.run(["sbatch", bogus], capture_output=True, text=True, env=ENV, cwd=args.work)
check(r.returncode == 1 and "--bogus" in r.stderr, f"the fake sbatch refuses an unknown directive ({r.stderr.strip()})")

check.finish()

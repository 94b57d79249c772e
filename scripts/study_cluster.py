"""Parameter studies on a batch system (issue #10): job arrays with restart
chains for SLURM and PBS, generated from the templates in cluster/.

    study.py submit SPEC.toml --geoheat PATH --scheduler slurm|pbs
                    [--np k] [--time H:MM:SS] [--warn SECONDS] [--links L]
                    [--max-parallel M] [--account A] [--partition P]
                    [--module NAME ...] [--mpirun PATH] [--output DIR] [--submit]
    study.py task STUDY_DIR --index I --geoheat PATH [--np k] [--mpirun PATH]

`submit` validates every sample (as `run` does), then writes into
STUDY_DIR/cluster/:
    array.sh    one array task per sample (cluster/slurm_array.sh.in or
                cluster/pbs_array.sh.in with the study's values filled in)
    collect.sh  `study.py collect` once the last link has ended
    submit.sh   submits L links of the array, link k+1 depending on link k
                (afterany: it starts whatever happened to link k), then
                collect.sh after the last link; prints the job ids
With --submit it runs submit.sh at once (needs sbatch/qsub on PATH).

Restart chain: each array task runs `study.py task` for its sample, which
skips a completed sample, continues a stopped one with geoheat --resume and
starts the others afresh. Before the wall-clock limit the task gets SIGUSR1
(SLURM: --signal=B:USR1@WARN; PBS has no such warning, so the script's
`timeout --signal=USR1` sends it WARN seconds before the walltime) and
passes it to geoheat (through mpirun, which forwards SIGUSR1 to the ranks);
geoheat writes a checkpoint, marks its summary "stopped" and exits 4; the
next link continues it. A run that needs T hours of compute therefore needs
about T / (time - warn) links; unused links end in seconds.

Design studies (command = "design") run `geoheat design` per sample; a
design search writes no checkpoint, so one stopped by the warning starts
again in the next link: give it a time limit longer than one search.

`task` exit codes: 0 completed (now or before), 4 stopped by a signal after
a checkpoint, otherwise geoheat's exit code (1 bad input, ...); 2 for a bad
command line or a missing sample.
"""
import os
import re
import signal
import stat
import subprocess
import sys
import tomllib

from study import fail, geoheat_command, prepare, run_environment, sample_id, \
    sample_state, start_sample

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(ROOT, "cluster")


# ---------------------------------------------------------------- one task
def mpi_prefix(mpirun, np_):
    """srun takes -n, mpirun/mpiexec take -np (no --oversubscribe on a cluster)."""
    return [mpirun, "-n" if os.path.basename(mpirun) == "srun" else "-np", str(np_)]


def study_command(out):
    """'run' or 'design', from the copy of the spec that `submit` left in the study."""
    try:
        with open(os.path.join(out, "spec.toml"), "rb") as f:
            return tomllib.load(f).get("command", "run")
    except (OSError, tomllib.TOMLDecodeError):
        fail(f"{out}: no readable spec.toml (not a study prepared by `study.py submit`)", 2)


def run_task(study_dir, index, geoheat, np_, mpirun):
    """Runs (or continues, or skips) the sample with this 1-based index;
    SIGUSR1 and SIGTERM are passed on to geoheat as SIGUSR1 (checkpoint and
    stop). Returns the exit code described in the module docstring."""
    out = os.path.abspath(study_dir)
    sid = sample_id(index)
    if not os.path.isfile(os.path.join(out, sid, "input.prm")):
        fail(f"{out}: no {sid}/input.prm (index {index} is outside the study, "
             f"or `study.py submit` did not prepare it)", 2)
    command = study_command(out)
    state = sample_state(out, sid, command)
    if state == "completed":
        print(f"study.py task: {sid} already completed")
        return 0
    env = run_environment(np_)
    signalled = [False]
    proc = [None]

    def forward(signum, frame):
        signalled[0] = True
        if proc[0] is not None and proc[0].poll() is None:
            proc[0].send_signal(signal.SIGUSR1)

    for s in (signal.SIGUSR1, signal.SIGTERM, signal.SIGINT):
        signal.signal(s, forward)
    resume = state == "resume"
    while True:
        cmd = geoheat_command(geoheat, out, sid, resume, np_, mpi_prefix(mpirun, np_), command)
        proc[0] = start_sample(out, sid, resume, cmd, env)
        if signalled[0]:  # the signal came while the run was being started
            proc[0].send_signal(signal.SIGUSR1)
        rc = proc[0].wait()
        status = sample_state(out, sid, command)
        if resume and rc == 1 and status != "completed" and not signalled[0]:
            resume = False  # the checkpoint was refused (see geoheat.log): start afresh
            continue
        break
    if status == "completed" and rc == 0:
        print(f"study.py task: {sid} completed")
        return 0
    if signalled[0] and command == "design":
        print(f"study.py task: {sid}: design search stopped by the signal; the next link starts it again "
              f"(design searches write no checkpoints)")
        return 4
    if rc == 4 or (signalled[0] and status == "resume"):
        print(f"study.py task: {sid} stopped after a checkpoint; the next link continues it")
        return 4
    how = f"killed by {signal.Signals(-rc).name}" if rc < 0 else f"exit {rc}"
    print(f"study.py task: {sid} failed ({how}), see {os.path.join(out, sid, 'geoheat.log')}",
          file=sys.stderr)
    return rc if rc > 0 else 1


# ---------------------------------------------------------------- scripts
def seconds(hms, entry="--time"):
    """Wall time [D-]H:MM:SS -> seconds (the one form SLURM and PBS read alike)."""
    m = re.fullmatch(r"(?:(\d+)-)?(\d+):([0-5]\d):([0-5]\d)", hms.strip())
    if not m:
        fail(f"{entry} {hms}: not a wall time H:MM:SS (or D-H:MM:SS)", 2)
    d, h, mi, s = (int(g or 0) for g in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + s


def hms(total):
    """Seconds -> H:MM:SS (hours may exceed 24: PBS has no day part)."""
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def fill(template_name, values):
    with open(os.path.join(TEMPLATES, template_name)) as f:
        text = f.read()
    for k, v in values.items():
        text = text.replace("{{" + k + "}}", str(v))
    left = re.findall(r"\{\{\w+\}\}", text)
    if left:
        fail(f"{template_name}: placeholders without a value: {', '.join(sorted(set(left)))}", 2)
    return text


def write_script(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def directive_lines(prefix, pairs):
    return "\n".join(f"{prefix} {k}{v}" for k, v in pairs if v)


def job_name(study):
    base = os.path.basename(os.path.normpath(study.output)) or "study"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", base)[:15] or "geoheat"


def write_cluster_scripts(study, sids, a):
    """Fills the scheduler's templates for this study; returns submit.sh's path."""
    wall = seconds(a.time)
    if not 0 < a.warn < wall:
        fail(f"--warn {a.warn}: must be positive and shorter than --time {a.time} ({wall} s)", 2)
    if a.links < 1 or a.np < 1 or (a.max_parallel is not None and a.max_parallel < 1):
        fail("--links, --np and --max-parallel must be at least 1", 2)
    out = os.path.abspath(study.output)
    cdir = os.path.join(out, "cluster")
    os.makedirs(os.path.join(cdir, "logs"), exist_ok=True)
    n = len(sids)
    modules = "\n".join(f"module load {m}" for m in a.module) or \
        "# module load ...   (site modules for deal.II/PETSc/OpenMPI; see cluster/README.md)"
    values = {
        "NAME": job_name(study), "N": n, "NP": a.np, "TIME": hms(wall), "WARN": a.warn,
        "WARN_AFTER": wall - a.warn, "STUDY": out, "LOGDIR": os.path.join(cdir, "logs"),
        "PYTHON": sys.executable, "STUDY_PY": os.path.join(ROOT, "scripts", "study.py"),
        "GEOHEAT": os.path.abspath(a.geoheat), "MPIRUN": a.mpirun, "MODULES": modules,
        "LINKS": a.links, "SPEC": os.path.abspath(study.spec_path),
    }
    if a.scheduler == "slurm":
        values["THROTTLE"] = f"%{a.max_parallel}" if a.max_parallel else ""
        values["EXTRA"] = directive_lines("#SBATCH", [("--account=", a.account),
                                                       ("--partition=", a.partition)])
    else:
        # PBS Pro arrays need at least two subjobs: a one-sample study is a plain job
        values["ARRAY"] = f"#PBS -J 1-{n}" if n > 1 else "# (one sample: not an array job)"
        values["EXTRA"] = directive_lines("#PBS", [("-A ", a.account), ("-q ", a.partition)])
    for name in ("array", "collect", "submit"):
        write_script(os.path.join(cdir, f"{name}.sh"), fill(f"{a.scheduler}_{name}.sh.in", values))
    return os.path.join(cdir, "submit.sh")


def submit(study, a):
    sids = prepare(study, a.jobs)
    path = write_cluster_scripts(study, sids, a)
    wall = seconds(a.time)
    print(f"study.py: {len(sids)} samples valid; {a.scheduler} scripts in {os.path.dirname(path)}: "
          f"{a.links} link(s) of {a.time} ({a.np} rank(s) per run, SIGUSR1 {a.warn} s before the "
          f"limit: up to {a.links * (wall - a.warn) / 3600:.3g} h of run time per sample)")
    if not a.submit:
        print(f"study.py: submit with: bash {path}")
        return 0
    r = subprocess.run(["bash", path])
    return 0 if r.returncode == 0 else 3


def add_arguments(sub):
    """The `submit` and `task` subcommands of study.py."""
    s = sub.add_parser("submit", help="write (and optionally submit) SLURM/PBS array scripts")
    s.add_argument("spec")
    s.add_argument("--geoheat", required=True)
    s.add_argument("--scheduler", choices=("slurm", "pbs"), required=True)
    s.add_argument("--np", type=int, default=1, help="MPI ranks per run")
    s.add_argument("--time", default="04:00:00", help="wall-clock limit per array task (H:MM:SS)")
    s.add_argument("--warn", type=int, default=600,
                   help="seconds before the limit at which geoheat is told to checkpoint and stop")
    s.add_argument("--links", type=int, default=1, help="array jobs in the restart chain")
    s.add_argument("--max-parallel", type=int, help="at most this many array tasks at once (SLURM %%M)")
    s.add_argument("--account")
    s.add_argument("--partition", help="SLURM partition or PBS queue")
    s.add_argument("--module", action="append", default=[], help="`module load` this in the job")
    s.add_argument("--mpirun", default="mpirun", help="mpirun, mpiexec or srun on the nodes")
    s.add_argument("--output", help="study directory (overrides the spec's output)")
    s.add_argument("--jobs", type=int, default=1, help="parallel validations")
    s.add_argument("--submit", action="store_true", help="run submit.sh now")
    t = sub.add_parser("task", help="run one sample (the body of an array task)")
    t.add_argument("study_dir")
    t.add_argument("--index", type=int, required=True)
    t.add_argument("--geoheat", required=True)
    t.add_argument("--np", type=int, default=1)
    t.add_argument("--mpirun", default="mpirun")

#!/usr/bin/env python3
"""A stand-in for SLURM's `sbatch` and PBS's `qsub` that runs the submitted
job at once, on this machine, so that generated batch scripts are executed
the way a batch system would execute them (tests of cluster/ and
scripts/study.py submit; no batch system can be installed here).

Called as `sbatch` or `qsub` (symlinks to this file). It reads the options
on the command line and the directives (#SBATCH / #PBS lines before the
first command) and refuses, as the real tools do, an unknown option or a
malformed value (exit 1, one line on stderr). Then it runs the script
synchronously with bash, once per array index, with the scheduler's
environment variables and output file, and enforces the wall-clock limit:
  SLURM  --signal=[B:]SIG@S sends SIG S seconds before --time (B: to the
         batch shell only, else to the job's process group); at the limit
         SIGTERM to the job, SIGKILL 5 s later.
  PBS    walltime: SIGTERM at the limit, SIGKILL 5 s later (PBS gives no
         earlier warning).
Dependencies (afterany:ID) must name jobs this fake has already run, which,
being synchronous, it has. Job ids count up in $FAKE_SCHEDULER_DIR/state.json;
every job is appended to $FAKE_SCHEDULER_DIR/jobs.jsonl (options, per-task
exit codes and signals) for the test to inspect.
"""
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

STATE = os.environ.get("FAKE_SCHEDULER_DIR", os.path.join(os.getcwd(), ".fake_scheduler"))


def refuse(tool, msg):
    print(f"{tool}: error: {msg}", file=sys.stderr)
    sys.exit(1)


def next_id():
    os.makedirs(STATE, exist_ok=True)
    path = os.path.join(STATE, "state.json")
    state = json.load(open(path)) if os.path.exists(path) else {"next": 1001, "done": []}
    jid = state["next"]
    state["next"] += 1
    json.dump(state, open(path, "w"))
    return jid


def finished_ids():
    path = os.path.join(STATE, "jobs.jsonl")
    if not os.path.exists(path):
        return set()
    return {json.loads(l)["id"] for l in open(path) if l.strip()}


def record(job):
    with open(os.path.join(STATE, "jobs.jsonl"), "a") as f:
        f.write(json.dumps(job) + "\n")


def directives(script, prefix):
    """Option words of the #SBATCH/#PBS lines before the first command."""
    words = []
    for line in open(script):
        s = line.strip()
        if s.startswith(prefix + " ") or s == prefix:
            words += shlex.split(s[len(prefix):], comments=False)
        elif s and not s.startswith("#"):
            break
    return words


def check_dependency(tool, dep):
    m = re.fullmatch(r"afterany:(.+)", dep)
    if not m:
        refuse(tool, f"dependency '{dep}': only afterany:ID[:ID...] is supported by this fake")
    known = finished_ids()
    for i in m.group(1).split(":"):
        num = re.match(r"(\d+)", i)
        if not num or int(num.group(1)) not in known:
            refuse(tool, f"dependency '{dep}': job {i} is unknown")
    return dep


def parse_range(tool, text):
    m = re.fullmatch(r"(\d+)-(\d+)(?::(\d+))?(?:%(\d+))?", text)
    if not m or int(m.group(1)) > int(m.group(2)):
        refuse(tool, f"array range '{text}' is invalid")
    a, b, step = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    return list(range(a, b + 1, step))


def exported_variables(tool, text, keyword):
    """NAME=value pairs of sbatch --export=ALL,N=V / qsub -v N=V,... (only
    ALL is accepted as SLURM's leading keyword: this fake passes the whole
    environment on, as both tools do by default or with -V)."""
    extra = {}
    for item in [t for t in text.split(",") if t]:
        if item == keyword:
            continue
        k, eq, v = item.partition("=")
        if not eq or not re.fullmatch(r"[A-Za-z_]\w*", k):
            refuse(tool, f"variable list '{text}': '{item}' is not NAME=value")
        extra[k] = v
    return extra


# ---------------------------------------------------------------- execution
def run_job(env, script, args, out_path, limit, warn, warn_sig, warn_batch_only):
    """Runs one job (array task); returns (exit code, signals sent)."""
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    sent = []
    # like the real tools, run a copy of the script from a spool directory
    # (a script that looks for files beside itself ($0) fails here as it would there)
    spool = os.path.join(STATE, "spool", f"job{env.get('SLURM_JOB_ID') or env.get('PBS_JOBID')}")
    os.makedirs(spool, exist_ok=True)
    copy = os.path.join(spool, "script")
    shutil.copyfile(script, copy)
    with open(out_path, "a") as out:
        p = subprocess.Popen(["bash", copy] + args, stdout=out, stderr=subprocess.STDOUT,
                             env=env, start_new_session=True)

        def send(sig, batch_only):
            if p.poll() is None:
                sent.append((signal.Signals(sig).name, round(time.time() - t0, 2)))
                try:
                    (p.send_signal(sig) if batch_only else os.killpg(p.pid, sig))
                except ProcessLookupError:
                    pass

        t0 = time.time()
        timers = []
        if limit is not None:
            if warn is not None:
                timers.append(threading.Timer(max(0.0, limit - warn), send, (warn_sig, warn_batch_only)))
            timers.append(threading.Timer(limit, send, (signal.SIGTERM, False)))
            timers.append(threading.Timer(limit + 5, send, (signal.SIGKILL, False)))
        for t in timers:
            t.daemon = True
            t.start()
        rc = p.wait()
        for t in timers:
            t.cancel()
    return rc, sent


# ---------------------------------------------------------------- SLURM
SLURM_SHORT = {"-J": "job-name", "-a": "array", "-n": "ntasks", "-t": "time", "-o": "output",
               "-e": "error", "-A": "account", "-p": "partition", "-d": "dependency",
               "-N": "nodes", "-c": "cpus-per-task"}
SLURM_FLAGS = {"parsable", "requeue"}
SLURM_VALUED = {"job-name", "array", "ntasks", "time", "signal", "output", "error", "account",
                "partition", "dependency", "nodes", "cpus-per-task", "mem", "open-mode", "export"}


def slurm_seconds(t):
    """SLURM time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S."""
    forms = [(r"(\d+)", lambda m: int(m[0]) * 60),
             (r"(\d+):(\d+)", lambda m: int(m[0]) * 60 + int(m[1])),
             (r"(\d+):(\d+):(\d+)", lambda m: int(m[0]) * 3600 + int(m[1]) * 60 + int(m[2])),
             (r"(\d+)-(\d+)", lambda m: int(m[0]) * 86400 + int(m[1]) * 3600),
             (r"(\d+)-(\d+):(\d+)", lambda m: int(m[0]) * 86400 + int(m[1]) * 3600 + int(m[2]) * 60),
             (r"(\d+)-(\d+):(\d+):(\d+)",
              lambda m: int(m[0]) * 86400 + int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]))]
    for rx, f in forms:
        m = re.fullmatch(rx, t)
        if m:
            return f(m.groups())
    refuse("sbatch", f"invalid time limit specification '{t}'")


def slurm_options(words, opts, where):
    i = 0
    while i < len(words):
        w = words[i]
        if w.startswith("--"):
            name, eq, val = w[2:].partition("=")
            if name in SLURM_FLAGS and not eq:
                opts[name] = True
            elif name in SLURM_VALUED:
                if not eq:
                    i += 1
                    if i >= len(words):
                        refuse("sbatch", f"{where}: option --{name} needs a value")
                    val = words[i]
                opts[name] = val
            else:
                refuse("sbatch", f"{where}: unrecognized option '--{name}'")
        elif w in SLURM_SHORT and i + 1 < len(words):
            opts[SLURM_SHORT[w]] = words[i + 1]
            i += 1
        else:
            refuse("sbatch", f"{where}: unrecognized option '{w}'")
        i += 1


def sbatch(argv):
    opts, i = {}, 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 1 + (argv[i] in SLURM_SHORT or (argv[i].startswith("--") and "=" not in argv[i]
                                              and argv[i][2:] in SLURM_VALUED))
    if i >= len(argv):
        refuse("sbatch", "no batch script given")
    script, args = argv[i], argv[i + 1:]
    cli = {}
    slurm_options(argv[:i], cli, "command line")
    slurm_options(directives(script, "#SBATCH"), opts, script)
    opts.update(cli)  # the command line overrides the directives
    limit = slurm_seconds(opts["time"]) if "time" in opts else None
    warn, warn_sig, batch_only = None, None, False
    if "signal" in opts:
        m = re.fullmatch(r"(B:)?(?:SIG)?(USR1|USR2|TERM|INT)(?:@(\d+))?", opts["signal"])
        if not m:
            refuse("sbatch", f"invalid signal specification '{opts['signal']}'")
        batch_only, warn_sig = bool(m.group(1)), getattr(signal, "SIG" + m.group(2))
        warn = int(m.group(3) or 60)
    for k in ("ntasks", "nodes", "cpus-per-task"):
        if k in opts and not re.fullmatch(r"[1-9]\d*", opts[k]):
            refuse("sbatch", f"invalid --{k} '{opts[k]}'")
    if "dependency" in opts:
        check_dependency("sbatch", opts["dependency"])
    jid = next_id()
    indices = parse_range("sbatch", opts["array"]) if "array" in opts else [None]
    tasks = []
    for k, idx in enumerate(indices):
        env = dict(os.environ, SLURM_JOB_ID=str(jid if idx is None else jid + 100000 * (k + 1)),
                   SLURM_JOB_NAME=opts.get("job-name", os.path.basename(script)),
                   SLURM_NTASKS=opts.get("ntasks", "1"), SLURM_SUBMIT_DIR=os.getcwd(),
                   SLURM_RESTART_COUNT="0")
        env.update(exported_variables("sbatch", opts.get("export", "ALL"), "ALL"))
        if idx is not None:
            env.update(SLURM_ARRAY_JOB_ID=str(jid), SLURM_ARRAY_TASK_ID=str(idx))
        pattern = opts.get("output", "slurm-%A_%a.out" if idx is not None else "slurm-%j.out")
        out = (pattern.replace("%A", str(jid)).replace("%a", str(idx))
               .replace("%j", env["SLURM_JOB_ID"]).replace("%x", env["SLURM_JOB_NAME"]))
        rc, sent = run_job(env, script, args, out, limit, warn, warn_sig, batch_only)
        tasks.append({"index": idx, "rc": rc, "signals": sent, "output": out})
    record({"id": jid, "tool": "sbatch", "script": os.path.abspath(script), "options": opts,
            "tasks": tasks})
    print(jid if opts.get("parsable") else f"Submitted batch job {jid}")


# ---------------------------------------------------------------- PBS
PBS_VALUED = {"-N", "-J", "-l", "-j", "-o", "-e", "-W", "-A", "-q", "-v", "-m", "-M"}
PBS_FLAGS = {"-V"}


def pbs_options(words, opts, where):
    i = 0
    while i < len(words):
        w = words[i]
        if w in PBS_FLAGS:
            opts[w] = True
        elif w in PBS_VALUED and i + 1 < len(words):
            val = words[i + 1]
            if w == "-l":
                for res in val.split(","):
                    k, eq, v = res.partition("=")
                    if not eq or k not in ("select", "walltime", "ncpus", "mem", "place", "nodes"):
                        refuse("qsub", f"{where}: unknown resource '{res}'")
                    opts.setdefault("-l", {})[k] = v
            else:
                opts[w] = val
            i += 1
        else:
            refuse("qsub", f"{where}: illegal option '{w}'")
        i += 1


def qsub(argv):
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 1 + (argv[i] in PBS_VALUED)
    if i >= len(argv):
        refuse("qsub", "no job script given")
    script = argv[i]
    opts, cli = {}, {}
    pbs_options(directives(script, "#PBS"), opts, script)
    pbs_options(argv[:i], cli, "command line")
    res = dict(opts.get("-l", {}), **cli.pop("-l", {}))
    opts.update(cli)
    opts["-l"] = res
    limit = None
    if "walltime" in res:
        m = re.fullmatch(r"(\d+):([0-5]\d):([0-5]\d)", res["walltime"])
        if not m:
            refuse("qsub", f"illegal walltime '{res['walltime']}' (hh:mm:ss)")
        limit = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    if "select" in res and not re.fullmatch(r"\d+(:\w+=[\w.]+)*", res["select"]):
        refuse("qsub", f"illegal select '{res['select']}'")
    if "-W" in opts:
        k, _, dep = opts["-W"].partition("=")
        if k != "depend":
            refuse("qsub", f"-W {opts['-W']}: only depend= is supported by this fake")
        check_dependency("qsub", dep)
    indices = [None]
    if "-J" in opts:
        indices = parse_range("qsub", opts["-J"])
        if len(indices) < 2:
            refuse("qsub", f"array range '{opts['-J']}' must have at least two subjobs")
    jid = next_id()
    name = opts.get("-N", os.path.basename(script))
    tasks = []
    for idx in indices:
        sub = f"{jid}[{idx}].fake" if idx is not None else f"{jid}.fake"
        env = dict(os.environ, PBS_JOBID=sub, PBS_JOBNAME=name, PBS_O_WORKDIR=os.getcwd())
        env.update(exported_variables("qsub", opts.get("-v", ""), None))
        if idx is not None:
            env.update(PBS_ARRAY_INDEX=str(idx), PBS_ARRAY_ID=f"{jid}[].fake")
        o = opts.get("-o", os.getcwd() + "/")
        out = os.path.join(o, f"{name}.o{jid}" + (f".{idx}" if idx is not None else "")) \
            if o.endswith("/") else o
        rc, sent = run_job(env, script, [], out, limit, None, None, False)
        tasks.append({"index": idx, "rc": rc, "signals": sent, "output": out})
    record({"id": jid, "tool": "qsub", "script": os.path.abspath(script),
            "options": {k: v for k, v in opts.items()}, "tasks": tasks})
    print(f"{jid}[].fake" if indices != [None] else f"{jid}.fake")


if __name__ == "__main__":
    tool = os.path.basename(sys.argv[0])
    {"sbatch": sbatch, "qsub": qsub}.get(tool, lambda a: refuse(tool, "call me as sbatch or qsub"))(sys.argv[1:])

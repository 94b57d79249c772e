#!/usr/bin/env python3
"""Parameter studies of geoheat driven by a small spec file (issue #10).

    study.py run SPEC.toml --geoheat PATH [--jobs N] [--np k] [--mpirun PATH]
                           [--output DIR] [--resume] [--method full|fast]
    study.py validate SPEC.toml --geoheat PATH [--jobs N] [--output DIR] [--method full|fast]
    study.py collect STUDY_DIR
    study.py submit SPEC.toml --geoheat PATH --scheduler slurm|pbs [...]
    study.py task STUDY_DIR --index I --geoheat PATH [...]

--method sets Time/Method in every sample: fast runs each sample (and each
simulation of a design search) on the reduced model (README "Fast path").

submit/task (SLURM and PBS job arrays with restart chains): see
scripts/study_cluster.py and cluster/README.md.

The spec is TOML, read with the standard library's tomllib (Python 3.11):
no extra package to install on a cluster node, comments are allowed, and
values are typed (numbers stay numbers, strings stay strings, lists are
lists), which JSON (no comments) and INI (everything a string) do not give.

Spec (relative paths are relative to the spec file):

    base   = "../examples/beijing_hub_heat_pump.prm"   # the base parameter file
    output = "../../output/studies/hub"                # the study directory
    seed   = 1                                         # lhs / montecarlo
    command = "run"        # optional: "run" (default) or "design"

    [design]
    type    = "oat"        # list | grid | oat | lhs | montecarlo
    samples = 20           # lhs / montecarlo only

    [fixed]                # optional: entries set in every sample
    "Time/End time" = 5

    [[parameter]]
    path   = "Ground/Thermal conductivities"   # as in `geoheat --help`
    scale  = true          # list entry: every element x the sample's factor
    values = [0.8, 1.2]    # list / grid / oat levels
    base   = 1.0           # oat: the reference level (default: the base
                           #   file's value, or 1 with scale = true)
    name   = "k factor"    # optional column name (default: the path)

    [[parameter]]
    path = "Ground/Basal heat flux"
    distribution = "normal"   # lhs / montecarlo:
                              #   uniform    low, high
                              #   normal     mean, std  [low, high: truncation]
                              #   lognormal  mean, std (of the value itself)
                              #              [low, high: truncation]
                              #   triangular low, mode, high
    mean = 0.065
    std  = 0.005

Designs: list = sample i takes the i-th value of every parameter (equal
lengths); grid = every combination (the first parameter varies slowest);
oat = sample 1 has every parameter at its base level, then each parameter
in turn takes each of its other levels with the others at base; lhs = Latin
hypercube (each parameter's range cut into `samples` strata of equal
probability, one sample per stratum, strata paired at random); montecarlo
= independent random samples. Random designs use numpy's default_rng(seed),
so the same spec gives the same samples. Values are numbers, booleans,
strings (e.g. "1.7, 2.1, 3.6" for a list entry) or TOML lists (written
comma separated). Entries whose name ends in "file" are made absolute
(relative to the base file when they come from it, relative to the spec
when they come from the spec).

Output: OUTPUT/sample-0001/input.prm (the base with the sample's entries
replaced), OUTPUT/sample-0001/run/ (geoheat's output dir),
OUTPUT/sample-0001/geoheat.log, OUTPUT/samples.csv (sample and input
values; scaled entries show the factor), OUTPUT/spec.toml (a copy), and
after `collect` (also done at the end of `run`) OUTPUT/results.csv,
OUTPUT/results.h5 (one dataset per column; names with '/' turned into '.',
the real name in the attribute 'column'; needs h5py) and OUTPUT/per_year.csv.
Samples and spec entries are counted from 1 in messages.

Design studies (command = "design"): every sample runs `geoheat design
--output-dir run/ input.prm` (the base file's Design subsection; the base
must drive a heat pump, Operation/Inlet control = heat pump) and writes
run/design.json and run/design.csv instead of summary.json. collect then
takes the answers from design.json: design.find, design.years,
design.total_simulations, design.wall_time_s, and of the base case
design.load_scale (Find = load scale: factor on the building load) or
design.depth_m (Find = depth), design.tolerance, design.margin_K (K above
Heat pump/Minimum fluid temperature), design.spf (heating SPF at the
answer), design.limited_by, design.simulations; each Sensitivity flow or
conductivity factor case adds the same columns under
"design.<parameter> <value>." (e.g. "design.flow factor 0.75.load_scale").
A design sample counts as completed when run/design.json holds an answer
(status column "completed", else "missing"). A design search cannot
resume: its simulations write no checkpoints and SIGTERM ends it at once,
so an interrupted design sample is rerun from scratch on the next `run`.
geoheat --validate does not read the Design subsection; a bad Design entry
makes every sample fail at run time (exit 1, see its geoheat.log).

Every sample is validated (geoheat --validate) before any run starts. `run`
skips samples whose run/summary.json says "completed", continues "stopped"
(and checkpointed "running") ones with geoheat --resume and runs the others
afresh; --resume only insists that OUTPUT already holds this study.
SIGINT/SIGTERM to the driver forwards SIGTERM to the running geoheat
processes (they write a checkpoint and exit 4) and exits 4; a second signal
kills them. Rerun the same command to continue.

Exit codes: 0 all samples completed (or valid, for validate), 1 bad spec or
invalid sample (one line on stderr), 2 bad command line, 3 some runs failed,
4 stopped by a signal.
"""
import argparse
import csv
import itertools
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

DESIGNS = ("list", "grid", "oat", "lhs", "montecarlo")
DISTRIBUTIONS = {"uniform": ("low", "high"), "normal": ("mean", "std"),
                 "lognormal": ("mean", "std"), "triangular": ("low", "mode", "high")}
PARAM_KEYS = {"path", "values", "base", "scale", "name", "distribution",
              "low", "high", "mean", "std", "mode"}
TOP_KEYS = {"base", "output", "seed", "design", "parameter", "fixed", "title", "description", "command"}
COMMANDS = ("run", "design")


class SpecError(Exception):
    """One-line error about the spec: entry and reason."""

    def __init__(self, entry, reason):
        super().__init__(f"entry '{entry}': {reason}")


def fail(msg, code=1):
    print("study.py: " + " ".join(str(msg).split()), file=sys.stderr)
    sys.exit(code)


# ---------------------------------------------------------------- prm files
def logical_lines(text):
    """(first physical line index, last index, logical text) with '\\' continuation joined."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        j, buf = i, lines[i]
        while buf.rstrip().endswith("\\") and j + 1 < len(lines):
            j += 1
            buf = buf.rstrip()[:-1] + " " + lines[j].strip()
        yield i, j, buf
        i = j + 1


def strip_comment(s):
    return re.sub(r"(?<!\\)#.*", "", s).strip()


def prm_entries(text):
    """Yields (first line, last line, indent, path, name, value, kind) of a prm text;
    kind is 'set', 'include' or None (other lines)."""
    stack = []
    for i, j, line in logical_lines(text):
        s = strip_comment(line)
        indent = line[: len(line) - len(line.lstrip())]
        m = re.match(r"subsection\s+(.+)$", s)
        if m:
            stack.append(m.group(1).strip())
        elif s == "end":
            if stack:
                stack.pop()
        elif s.startswith("set ") and "=" in s:
            name, value = s[4:].split("=", 1)
            name = " ".join(name.split())
            yield i, j, indent, "/".join(stack + [name]), name, value.strip(), "set"
            continue
        elif s.startswith("include "):
            yield i, j, indent, None, None, s[8:].strip(), "include"
            continue
        yield i, j, indent, None, None, None, None


def parse_help(text):
    """Entry path -> default value from `geoheat --help`."""
    start = text.find("# Listing of Parameters")
    entries = {}
    for _, _, _, path, _, value, kind in prm_entries(text[start if start >= 0 else 0:]):
        if kind == "set":
            entries[path] = value
    return entries


def is_file_entry(path):
    return path.rsplit("/", 1)[-1].lower().endswith("file")


def fresh_work_and_base(prm, work):
    """Empty the work directory @p work (made anew) and read the base
    parameter file: (its text, its directory for relative file entries)."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(prm) as f:
        text = f.read()
    return text, os.path.dirname(os.path.abspath(prm))


def write_sample_prm(base_text, base_dir, overrides, header):
    """The base prm with overrides {path: value} applied and relative file
    entries made absolute. Returns (text, {line number (1-based): path})."""
    lines = base_text.splitlines()
    out, where, done = [header], {}, set()
    skip_to = -1
    for i, j, indent, path, name, value, kind in prm_entries(base_text):
        if kind == "set" and path in overrides:
            out.append(f"{indent}set {name} = {overrides[path]}")
            where[len(out)] = path
            done.add(path)
        elif kind == "set" and is_file_entry(path) and value and not os.path.isabs(value):
            out.append(f"{indent}set {name} = {os.path.normpath(os.path.join(base_dir, value))}")
        elif kind == "include" and not os.path.isabs(value):
            out.append(f"{indent}include {os.path.normpath(os.path.join(base_dir, value))}")
        else:
            out.extend(lines[i: j + 1])
    rest = [p for p in overrides if p not in done]
    if rest:
        out.append("")
        out.append("# study.py: entries of this sample that the base file does not set")
        for p in rest:
            parts = p.split("/")
            for d, sub in enumerate(parts[:-1]):
                out.append("  " * d + f"subsection {sub}")
            out.append("  " * (len(parts) - 1) + f"set {parts[-1]} = {overrides[p]}")
            where[len(out)] = p
            for d in range(len(parts) - 2, -1, -1):
                out.append("  " * d + "end")
    return "\n".join(out) + "\n", where


# ---------------------------------------------------------------- values
def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if v == v else "nan"
    if isinstance(v, (list, tuple)):
        return ", ".join(fmt(x) for x in v)
    return str(v)


def round12(x):
    return float(f"{x:.12g}")


def inverse_cdf(p, u):
    """Quantile of parameter p's distribution at probability u (0 < u < 1)."""
    d = p["distribution"]
    if d == "uniform":
        return p["low"] + u * (p["high"] - p["low"])
    if d == "triangular":
        a, c, b = p["low"], p["mode"], p["high"]
        fc = (c - a) / (b - a)
        return a + math.sqrt(u * (b - a) * (c - a)) if u < fc else b - math.sqrt((1 - u) * (b - a) * (b - c))
    if d == "normal":
        nd = statistics.NormalDist(p["mean"], p["std"])
        tr = lambda x: x
    else:  # lognormal, mean/std of the value itself
        s2 = math.log(1 + (p["std"] / p["mean"]) ** 2)
        nd = statistics.NormalDist(math.log(p["mean"]) - s2 / 2, math.sqrt(s2))
        tr = math.exp
    lo = nd.cdf(math.log(p["low"]) if d == "lognormal" else p["low"]) if "low" in p else 0.0
    hi = nd.cdf(math.log(p["high"]) if d == "lognormal" else p["high"]) if "high" in p else 1.0
    return tr(nd.inv_cdf(lo + u * (hi - lo)))


# ---------------------------------------------------------------- the spec
class Study:
    def __init__(self, spec_path, geoheat, output=None):
        self.spec_path = spec_path
        self.spec_dir = os.path.dirname(os.path.abspath(spec_path))
        try:
            with open(spec_path, "rb") as f:
                self.spec_bytes = f.read()
            spec = tomllib.loads(self.spec_bytes.decode("utf-8"))
        except OSError as e:
            raise SpecError("-", f"cannot read the spec ({e.strerror})")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise SpecError("-", f"not valid TOML: {e}")
        self.geoheat = geoheat
        self.known = parse_help(geoheat_help(geoheat))
        self.check(spec, output)

    def rel(self, p):
        return os.path.normpath(os.path.join(self.spec_dir, p))

    def check(self, spec, output):
        for k in spec:
            if k not in TOP_KEYS:
                raise SpecError(k, f"unknown key (allowed: {', '.join(sorted(TOP_KEYS))})")
        for k in ("base", "output", "design", "parameter"):
            if k not in spec and not (k == "output" and output):
                raise SpecError(k, "missing")
        if not isinstance(spec["base"], str):
            raise SpecError("base", "must be a string (path of the base .prm)")
        self.base = self.rel(spec["base"])
        if not self.base.endswith(".prm"):
            raise SpecError("base", f"'{spec['base']}' is not a .prm file")
        try:
            with open(self.base) as f:
                self.base_text = f.read()
        except OSError as e:
            raise SpecError("base", f"cannot read '{self.base}' ({e.strerror})")
        self.base_values = {p: v for _, _, _, p, _, v, k in prm_entries(self.base_text) if k == "set"}
        self.command = spec.get("command", "run")
        if self.command not in COMMANDS:
            raise SpecError("command", f"{self.command!r} is not one of {', '.join(COMMANDS)}")
        if output:
            self.output = os.path.abspath(output)
        elif isinstance(spec["output"], str) and spec["output"]:
            self.output = self.rel(spec["output"])
        else:
            raise SpecError("output", "must be a non-empty string")
        d = spec["design"]
        if not isinstance(d, dict):
            raise SpecError("design", "must be a table ([design])")
        for k in d:
            if k not in ("type", "samples"):
                raise SpecError(f"design.{k}", "unknown key (allowed: type, samples)")
        self.design = d.get("type")
        if self.design not in DESIGNS:
            raise SpecError("design.type", f"'{self.design}' is not one of {', '.join(DESIGNS)}"
                            if "type" in d else "missing")
        random = self.design in ("lhs", "montecarlo")
        if random:
            self.n_random = self.required_int("design.samples", d.get("samples"), 1, "positive")
            self.seed = self.required_int("seed", spec.get("seed"), 0, "non-negative")
        self.fixed = {}
        fixed = spec.get("fixed", {})
        if not isinstance(fixed, dict):
            raise SpecError("fixed", "must be a table of 'Subsection/Entry' = value")
        for path, v in fixed.items():
            entry = f'fixed."{path}"'
            self.check_path(entry, path)
            self.fixed[path] = self.value_string(entry, path, v)
        params = spec["parameter"]
        if not isinstance(params, list) or not params or not all(isinstance(p, dict) for p in params):
            raise SpecError("parameter", "must be one or more [[parameter]] tables")
        self.params = []
        for i, p in enumerate(params, 1):
            self.params.append(self.check_param(f"parameter[{i}]", p, random))
        names = [p["name"] for p in self.params]
        for i, p in enumerate(self.params, 1):
            if [q["path"] for q in self.params].count(p["path"]) > 1 or p["path"] in self.fixed:
                raise SpecError(f"parameter[{i}].path", f"'{p['path']}' is given twice")
            if names.count(p["name"]) > 1:
                raise SpecError(f"parameter[{i}].name", f"'{p['name']}' is used twice")
        if self.command == "design":
            ic = self.fixed.get("Operation/Inlet control", self.current("Operation/Inlet control"))
            if ic.strip() != "heat pump" or any(p["path"] == "Operation/Inlet control" for p in self.params):
                raise SpecError("command", "'design' needs Operation/Inlet control = heat pump "
                                f"in every sample (base: '{ic}')")
        if self.design == "list":
            lens = {len(p["values"]) for p in self.params}
            if len(lens) > 1:
                raise SpecError("parameter", f"design 'list' needs values lists of equal length, got {sorted(lens)}")

    def check_path(self, entry, path):
        if not isinstance(path, str):
            raise SpecError(entry, "must be a string 'Subsection/Entry'")
        if path not in self.known and path not in self.base_values:
            raise SpecError(entry, f"no entry '{path}' in geoheat's parameters")

    def current(self, path):
        return self.base_values.get(path, self.known.get(path, ""))

    def value_string(self, entry, path, v):
        if isinstance(v, dict):
            raise SpecError(entry, "a value must be a number, boolean, string or list")
        s = fmt(v)
        if "\n" in s:
            raise SpecError(entry, "a value must be on one line")
        if is_file_entry(path) and isinstance(v, str) and v and not os.path.isabs(v):
            s = self.rel(v)
        return s

    def check_param(self, e, p, random):
        for k in p:
            if k not in PARAM_KEYS:
                raise SpecError(f"{e}.{k}", f"unknown key (allowed: {', '.join(sorted(PARAM_KEYS))})")
        if "path" not in p:
            raise SpecError(f"{e}.path", "missing")
        self.check_path(f"{e}.path", p["path"])
        q = {"path": p["path"], "scale": p.get("scale", False)}
        q["name"] = p.get("name", p["path"] + (" factor" if q["scale"] else ""))
        if not isinstance(q["name"], str) or not q["name"]:
            raise SpecError(f"{e}.name", "must be a non-empty string")
        if not isinstance(q["scale"], bool):
            raise SpecError(f"{e}.scale", "must be true or false")
        if q["scale"]:
            cur = self.current(p["path"])
            try:
                q["scaled"] = [float(x) for x in cur.split(",")] if cur.strip() else None
            except ValueError:
                q["scaled"] = None
            if not q["scaled"]:
                raise SpecError(f"{e}.scale", f"'{p['path']}' = '{cur}' in the base is not a list of numbers")
        number = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)
        if random:
            if "values" in p or "base" in p:
                raise SpecError(f"{e}.{'values' if 'values' in p else 'base'}",
                                f"not used by design '{self.design}' (give a distribution)")
            d = p.get("distribution")
            if d is None:
                raise SpecError(f"{e}.distribution", f"missing (needed by design '{self.design}')")
            if d not in DISTRIBUTIONS:
                raise SpecError(f"{e}.distribution", f"'{d}' is not one of {', '.join(DISTRIBUTIONS)}")
            need = DISTRIBUTIONS[d]
            allowed = set(need) | ({"low", "high"} if d in ("normal", "lognormal") else set())
            for k in ("low", "high", "mean", "std", "mode"):
                if k in p and k not in allowed:
                    raise SpecError(f"{e}.{k}", f"not a parameter of the {d} distribution (needs {', '.join(need)})")
            for k in need:
                if k not in p:
                    raise SpecError(f"{e}.{k}", f"missing (the {d} distribution needs {', '.join(need)})")
            for k in allowed & set(p):
                if not number(p[k]):
                    raise SpecError(f"{e}.{k}", f"{p[k]!r} is not a number")
                q[k] = float(p[k])
            q["distribution"] = d
            if "low" in q and "high" in q and not q["low"] < q["high"]:
                raise SpecError(f"{e}.high", f"must exceed low ({q['low']} >= {q['high']})")
            if d == "triangular" and not q["low"] <= q["mode"] <= q["high"]:
                raise SpecError(f"{e}.mode", "must lie between low and high")
            if d in ("normal", "lognormal") and not q["std"] > 0:
                raise SpecError(f"{e}.std", "must be positive")
            if d == "lognormal" and not q["mean"] > 0:
                raise SpecError(f"{e}.mean", "must be positive for a lognormal distribution")
            if d == "lognormal" and q.get("low", 1) <= 0:
                raise SpecError(f"{e}.low", "must be positive for a lognormal distribution")
        else:
            if "distribution" in p:
                raise SpecError(f"{e}.distribution", f"not used by design '{self.design}' (give values)")
            vals = p.get("values")
            if vals is None:
                raise SpecError(f"{e}.values", f"missing (needed by design '{self.design}')")
            if not isinstance(vals, list) or not vals:
                raise SpecError(f"{e}.values", "must be a non-empty list")
            if "base" in p and self.design != "oat":
                raise SpecError(f"{e}.base", "only used by design 'oat'")
            q["values"] = list(vals)
            if self.design == "oat":
                q["base"] = p["base"] if "base" in p else (1.0 if q["scale"] else None)
            for k, v in [(f"values[{i}]", v) for i, v in enumerate(vals, 1)] + \
                    ([("base", q["base"])] if q.get("base") is not None else []):
                if q["scale"] and not number(v):
                    raise SpecError(f"{e}.{k}", f"{v!r} is not a number (scale = true)")
                self.value_string(f"{e}.{k}", p["path"], v)
        return q

    # ------------------------------------------------------------ samples
    def required_int(self, entry, value, minimum, what):
        """value, which the design needs: an integer >= minimum."""
        if value is None:
            raise SpecError(entry, f"missing (needed by {self.design})")
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise SpecError(entry, f"{value!r} is not a {what} integer")
        return value

    def samples(self):
        """List of (inputs {name: value}, extra columns {col: str})."""
        P = self.params
        if self.design == "list":
            return [({p["name"]: p["values"][i] for p in P}, {}) for i in range(len(P[0]["values"]))]
        if self.design == "grid":
            return [({p["name"]: v for p, v in zip(P, combo)}, {})
                    for combo in itertools.product(*(p["values"] for p in P))]
        if self.design == "oat":
            base = {p["name"]: p["base"] for p in P}
            out = [(dict(base), {"varied": "base"})]
            for p in P:
                for v in p["values"]:
                    if v != p["base"]:
                        out.append(({**base, p["name"]: v}, {"varied": p["name"]}))
            return out
        rng = np.random.default_rng(self.seed)
        n = self.n_random
        cols = {}
        for p in P:
            if self.design == "lhs":
                u = (rng.permutation(n) + rng.random(n)) / n
            else:
                u = rng.random(n)
            u = np.clip(u, 1e-12, 1 - 1e-12)
            cols[p["name"]] = [round12(inverse_cdf(p, float(x))) for x in u]
        return [({p["name"]: cols[p["name"]][i] for p in P}, {}) for i in range(n)]

    def overrides(self, inputs):
        """{path: prm value string} of one sample (fixed entries included);
        a None input (oat without base) leaves the base file's value."""
        o = dict(self.fixed)
        for p in self.params:
            v = inputs[p["name"]]
            if v is None:
                continue
            if p["scale"]:
                o[p["path"]] = ", ".join(f"{x * v:.12g}" for x in p["scaled"])
            else:
                o[p["path"]] = self.value_string(p["name"], p["path"], v)
        return o

    def spec_entry(self, path):
        for i, p in enumerate(self.params, 1):
            if p["path"] == path:
                return f"parameter[{i}]"
        return f'fixed."{path}"'


def geoheat_help(geoheat):
    if not (os.path.isfile(geoheat) and os.access(geoheat, os.X_OK)):
        fail(f"--geoheat {geoheat}: not an executable file", 2)
    r = subprocess.run([geoheat, "--help"], capture_output=True, text=True)
    text = r.stdout + r.stderr
    if "Listing of Parameters" not in text:
        fail(f"--geoheat {geoheat}: `--help` did not list the parameters (exit {r.returncode})", 2)
    return text


def sample_id(i):
    return f"sample-{i:04d}"


def prepare(study, jobs, must_exist=False):
    """Writes and validates every sample; returns the list of sample ids."""
    out = study.output
    samples = study.samples()
    texts = []
    for i, (inputs, extra) in enumerate(samples, 1):
        o = study.overrides(inputs)
        header = (f"# {sample_id(i)} of the study {os.path.abspath(study.spec_path)}, "
                  f"base {study.base} (written by study.py)")
        texts.append((sample_id(i), o) + write_sample_prm(study.base_text, os.path.dirname(study.base), o, header))
    if must_exist and not os.path.exists(os.path.join(out, "samples.csv")):
        fail(f"{study.spec_path}: --resume: no study in {out} to resume")
    for sid, _, text, _ in texts:  # refuse to mix a changed spec with old results
        old = os.path.join(out, sid, "input.prm")
        if os.path.exists(os.path.join(out, sid, "run")) and os.path.exists(old):
            with open(old) as f:
                if f.read() != text:
                    fail(f"{study.spec_path}: {sid}: its input differs from the one already run in {out} "
                         f"(spec or base changed?); use another output directory or remove it")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "spec.toml"), "wb") as f:
        f.write(study.spec_bytes)
    names = [p["name"] for p in study.params]
    extra_cols = list(samples[0][1]) if samples else []
    with open(os.path.join(out, "samples.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sample"] + extra_cols + names)
        for (sid, *_), (inputs, extra) in zip(texts, samples):
            w.writerow([sid] + [extra[c] for c in extra_cols] +
                       [fmt(inputs[n]) if inputs[n] is not None else study.current(p["path"])
                        for n, p in zip(names, study.params)])
    for sid, _, text, _ in texts:
        os.makedirs(os.path.join(out, sid), exist_ok=True)
        path = os.path.join(out, sid, "input.prm")
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)

    def validate(t):
        sid = t[0]
        r = subprocess.run([study.geoheat, "--validate", os.path.join(out, sid, "input.prm")],
                           capture_output=True, text=True)
        return t, r

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        for (sid, o, text, where), r in ex.map(validate, texts):
            if r.returncode == 0:
                continue
            msg = next((l for l in r.stderr.splitlines() if l.strip()), f"exit {r.returncode}").strip()
            paths = [p for p in o if p in msg]
            m = re.search(r"Line <(\d+)>", msg)
            if not paths and m and int(m.group(1)) in where:
                paths = [where[int(m.group(1))]]
            what = "; ".join(f"entry '{study.spec_entry(p)}' {p} = {o[p]}" for p in (paths or o))
            fail(f"{study.spec_path}: {sid} ({what or 'base file only'}): {msg}")
    return [t[0] for t in texts]


# ---------------------------------------------------------------- running
def read_status(run_dir, command="run"):
    if command == "design":
        return "completed" if design_answers(run_dir) else "missing"
    try:
        with open(os.path.join(run_dir, "summary.json")) as f:
            return json.load(f).get("status", "missing")
    except (OSError, ValueError):
        return "missing"


def sample_state(out, sid, command="run"):
    """'completed' (skip), 'resume' (stopped, killed, failed e.g. on a full
    disk, or without a summary, with a checkpoint: continue with --resume)
    or 'fresh' (run from the start); a design sample is completed or fresh
    (design searches do not resume)."""
    run_dir = os.path.join(out, sid, "run")
    st = read_status(run_dir, command)
    if st == "completed":
        return "completed"
    if command != "design" and os.path.isdir(os.path.join(run_dir, "checkpoint")):
        return "resume"
    return "fresh"


def run_environment(np_):
    """The environment for geoheat runs; OpenMPI refuses root without these."""
    env = dict(os.environ)
    if np_ > 1 and hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    return env


def geoheat_command(geoheat, out, sid, resume, np_, mpi_prefix, command="run"):
    """The command line of one sample's run (`geoheat design` for design
    studies); mpi_prefix (e.g. [mpirun, -np, k]) is put in front when it
    runs on more than one rank."""
    cmd = [geoheat] + (["design"] if command == "design" else []) + (["--resume"] if resume else []) + \
          ["--output-dir", os.path.join(out, sid, "run"), os.path.join(out, sid, "input.prm")]
    return (list(mpi_prefix) + cmd) if np_ > 1 else cmd


def start_sample(out, sid, resume, cmd, env):
    """Starts one sample's run (a fresh run first removes the old run dir),
    its output appended to SAMPLE/geoheat.log after a line with the command."""
    if not resume:
        shutil.rmtree(os.path.join(out, sid, "run"), ignore_errors=True)
    with open(os.path.join(out, sid, "geoheat.log"), "a") as log:
        log.write(("\n" if log.tell() else "") +
                  f"# study.py {time.strftime('%Y-%m-%d %H:%M:%S')}: {' '.join(cmd)}\n")
        log.flush()
        # own session: a Ctrl-C at the terminal reaches only the driver,
        # which forwards a signal so that geoheat checkpoints
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def run_study(study, sids, jobs, np_, mpirun):
    out = study.output
    todo, skipped = [], 0
    for sid in sids:
        state = sample_state(out, sid, study.command)
        if state == "completed":
            skipped += 1
        else:
            todo.append((sid, state == "resume"))
    env = run_environment(np_)
    running = {}
    stop = [0]
    done, stopped, failed = [], [], []

    def forward(signum, frame):
        stop[0] += 1
        for p, _ in running.values():
            try:
                p.send_signal(signal.SIGTERM if stop[0] == 1 else signal.SIGKILL)
            except ProcessLookupError:
                pass

    old = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    pending = list(todo)
    try:
        while (pending and not stop[0]) or running:
            while pending and not stop[0] and len(running) < jobs:
                sid, resume = pending.pop(0)
                cmd = geoheat_command(study.geoheat, out, sid, resume, np_,
                                      [mpirun, "--oversubscribe", "-np", str(np_)], study.command)
                p = start_sample(out, sid, resume, cmd, env)
                running[sid] = (p, resume)
                if stop[0]:
                    p.send_signal(signal.SIGTERM)
            for sid, (p, resume) in list(running.items()):
                rc = p.poll()
                if rc is None:
                    continue
                del running[sid]
                st = read_status(os.path.join(out, sid, "run"), study.command)
                if rc == 0 and st == "completed":
                    done.append(sid)
                elif st == "stopped" or rc == 4:
                    stopped.append(sid)
                elif resume and rc == 1 and not stop[0]:
                    pending.insert(0, (sid, False))  # checkpoint refused: start afresh
                elif stop[0]:
                    stopped.append(sid)
                else:
                    failed.append((sid, rc))
            time.sleep(0.05)
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    not_started = [sid for sid, _ in pending]
    parts = [f"{len(sids)} samples: {len(done)} run now, {skipped} already completed"]
    if stopped or not_started:
        parts.append(f"{len(stopped)} stopped, {len(not_started)} not started")
    if failed:
        parts.append(f"{len(failed)} failed (" + ", ".join(
            f"{s} exit {rc}, see {os.path.join(out, s, 'geoheat.log')}" for s, rc in failed) + ")")
    print("study.py: " + "; ".join(parts), file=sys.stderr)
    collect(out, quiet=True)
    if stop[0] and (stopped or not_started):
        print("study.py: stopped; rerun the same command to continue", file=sys.stderr)
        return 4
    return 3 if failed else 0


# ---------------------------------------------------------------- collect
def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + k + "."))
        elif not isinstance(v, list):
            out[prefix + k] = v
    return out


def design_answers(run_dir):
    """Flat {column: value} of run_dir/design.json (see the module docstring), or
    None when it is missing, unreadable or holds no answer."""
    try:
        with open(os.path.join(run_dir, "design.json")) as f:
            d = json.load(f)
        cases = d["cases"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not cases or not isinstance(cases[0], dict) or not isinstance(cases[0].get("answer"), (int, float)):
        return None
    answer = "depth_m" if d.get("find") == "depth" else "load_scale"
    out = {f"design.{k}": d.get(k) for k in ("find", "years", "total_simulations", "wall_time_s")}
    for c in cases:
        pre = "design." if c.get("parameter") == "base" else f"design.{c.get('parameter')} {fmt(c.get('parameter_value'))}."
        out[pre + answer] = c.get("answer")
        for k in ("tolerance", "margin_K", "spf", "limited_by", "simulations"):
            out[pre + k] = c.get(k)
    return out


def collect(out, quiet=False):
    path = os.path.join(out, "samples.csv")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
            input_cols = [c for c in (rows[0].keys() if rows else []) if c != "sample"]
    except OSError:
        fail(f"{out}: no samples.csv (not a study directory)")
    table, per_year, keys, year_keys = [], [], [], []
    for row in rows:
        sid = row["sample"]
        try:
            with open(os.path.join(out, sid, "run", "summary.json")) as f:
                s = json.load(f)
        except (OSError, ValueError):
            s = {"status": "missing"}
        flat = flatten(s)
        flat.pop("status", None)
        d = design_answers(os.path.join(out, sid, "run"))
        if d is not None:
            flat.update(d)
            if s.get("status", "missing") == "missing":
                s["status"] = "completed"
        for k in flat:
            if k not in keys:
                keys.append(k)
        table.append((row, s.get("status", "missing"), flat))
        for y in s.get("per_year", []) or []:
            for k in y:
                if k not in year_keys:
                    year_keys.append(k)
            per_year.append((sid, y))
    cols = ["sample"] + input_cols + ["status"] + keys
    data = [[row["sample"]] + [row[c] for c in input_cols] + [status] +
            [flat.get(k) for k in keys] for row, status, flat in table]
    cell = lambda v: "" if v is None else fmt(v)
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows([[cell(v) for v in r] for r in data])
    with open(os.path.join(out, "per_year.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sample"] + year_keys)
        w.writerows([[sid] + [cell(y.get(k)) for k in year_keys] for sid, y in per_year])
    try:
        import h5py
    except ImportError:
        print("study.py: h5py is not installed; results.h5 not written", file=sys.stderr)
        return
    with h5py.File(os.path.join(out, "results.h5"), "w") as h:
        h.attrs["columns"] = np.array(cols, dtype=h5py.string_dtype("utf-8"))
        for j, c in enumerate(cols):
            strs = [cell(r[j]) for r in data]
            try:
                arr = np.array([float(s) if s != "" else np.nan for s in strs], dtype=np.float64)
            except ValueError:
                arr = np.array(strs, dtype=h5py.string_dtype("utf-8"))
            ds = h.create_dataset(c.replace("/", "."), data=arr)
            ds.attrs["column"] = c
    if not quiet:
        print(f"study.py: {len(data)} samples -> {os.path.join(out, 'results.csv')}, results.h5, per_year.csv")


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(prog="study.py", description="geoheat parameter studies (see the module docstring)")
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("run", "validate"):
        s = sub.add_parser(name)
        s.add_argument("spec")
        s.add_argument("--geoheat", required=True)
        s.add_argument("--jobs", type=int, default=1)
        s.add_argument("--output", help="study directory (overrides the spec's output)")
        s.add_argument("--method", choices=("full", "fast"),
                       help="Time/Method of every sample (fast: the reduced model, README 'Fast path')")
        if name == "run":
            s.add_argument("--np", type=int, default=1, help="MPI ranks per run")
            s.add_argument("--mpirun", default="mpirun")
            s.add_argument("--resume", action="store_true", help="require an existing study to continue")
    c = sub.add_parser("collect")
    c.add_argument("study_dir")
    import study_cluster  # batch systems: the submit and task subcommands
    study_cluster.add_arguments(sub)
    a = ap.parse_args()
    if a.command == "collect":
        collect(a.study_dir)
        return 0
    if a.command == "task":
        if a.np < 1 or a.index < 1:
            fail("--np and --index must be at least 1", 2)
        return study_cluster.run_task(a.study_dir, a.index, a.geoheat, a.np, a.mpirun)
    if a.jobs < 1 or getattr(a, "np", 1) < 1:
        fail("--jobs and --np must be at least 1", 2)
    try:
        study = Study(a.spec, a.geoheat, a.output)
    except SpecError as e:
        fail(f"{a.spec}: {e}")
    if getattr(a, "method", None):
        study.fixed["Time/Method"] = a.method
    if a.command == "submit":
        return study_cluster.submit(study, a)
    sids = prepare(study, a.jobs, must_exist=getattr(a, "resume", False))
    if a.command == "validate":
        print(f"study.py: {len(sids)} samples in {study.output} are valid")
        return 0
    return run_study(study, sids, a.jobs, a.np, a.mpirun)


if __name__ == "__main__":
    sys.exit(main())

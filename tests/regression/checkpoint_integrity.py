"""Damaged checkpoints and changed inputs on --resume (issue #11, fault
injection): checkpoint format 3 records every rank file's size and CRC-32 in
meta.txt, which ends with its own CRC-32.

A 1-year run of small_well_heat_pump.prm with a checkpoint every 91 days
(Keep 2) is resumed to 1.5 years after damaging it; the reference is the
uninterrupted 1.5-year run.
- Newest checkpoint's rank file with one flipped byte, or its meta.txt cut
  short: one warning line naming it and what is wrong, resumed from the
  previous checkpoint, exit 0, time series equal to the reference (1e-10);
  the damaged one is removed, every checkpoint left matches its recorded
  sizes and CRC-32s (checked with zlib, an independent CRC-32), and a
  further resume gives no warning.
- Both checkpoints damaged: one error line, exit 1, and no summary.json that
  says "completed".
- A checkpoint of another format version: refused with a one-line message
  naming the version, exit 1.
- The load file changed between the run and --resume: refused, naming the
  entry and the file, exit 1; restored, the resume works.
- 2 ranks, only rank 1's file damaged: every rank falls back together (no
  hang), the result equals the 2-rank reference (1e-10).
"""
import os
import shutil
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run, write_prm

args = parse_args()
check = Checks()
W = args.work
load = os.path.join(W, "load.csv")
shutil.copyfile(os.path.join(args.source, "params/loads/beijing_hub.csv"), load)
base = os.path.join(args.source, "tests/regression/small_well_heat_pump.prm")
CKPT = ["subsection Checkpoint", "  set Interval = 91", "end"]
short = write_prm(os.path.join(W, "one_year.prm"), base, {"Load file": load, "End time": "1", None: CKPT})
longer = write_prm(os.path.join(W, "longer.prm"), base, {"Load file": load, "End time": "1.5", None: CKPT})
COLUMNS = ("inlet_temperature_C", "outlet_temperature_C", "ground_load_W", "electric_power_W")


def error_lines(r):
    return [l for l in r.stderr.splitlines() if l.strip() and not l.startswith("---")]


def checkpoints(out):
    d = os.path.join(out, "checkpoint")
    return sorted(n for n in os.listdir(d) if n.startswith("ckpt-"))


def fresh_copy(src, name):
    dst = os.path.join(W, name)
    shutil.copytree(src, dst)
    return dst


def flip_byte(path, offset=100):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x55]))


def intact(out, name):
    """The rank files' sizes and CRC-32s (zlib) equal those in meta.txt, and
    meta.txt's last line is the CRC-32 of everything before it."""
    d = os.path.join(out, "checkpoint", name)
    meta = open(os.path.join(d, "meta.txt"), "rb").read()
    body, _, last = meta.rstrip(b"\n").rpartition(b"\n")
    if not last.startswith(b"meta_crc32 ") or int(last.split()[1], 16) != zlib.crc32(body + b"\n"):
        return False
    fields = next(l for l in body.decode().splitlines() if l.startswith("rank_files")).split()[1:]
    for r in range(len(fields) // 2):
        data = open(os.path.join(d, f"rank-{r:04d}.bin"), "rb").read()
        if len(data) != int(fields[2 * r]) or zlib.crc32(data) != int(fields[2 * r + 1], 16):
            return False
    return True


def matches(ref, out, tol=1e-10):
    d = normwise_difference(read_timeseries(ref), read_timeseries(out), COLUMNS)
    return d < tol, d


for np_ in (1, 2):
    tag = f"np{np_}"
    ref = os.path.join(W, "ref_" + tag)
    run(args, longer, ref, np=np_)
    clean = os.path.join(W, "clean_" + tag)
    run(args, short, clean, np=np_)
    names = checkpoints(clean)
    check(len(names) == 2, f"{tag}: the 1-year run keeps 2 checkpoints ({names})")
    newest, older = os.path.join(clean, "checkpoint", names[-1]), names[0]

    # one damaged rank file (1 rank: rank 0; 2 ranks: rank 1 only)
    out = fresh_copy(clean, "flip_" + tag)
    flip_byte(os.path.join(out, "checkpoint", names[-1], f"rank-{np_ - 1:04d}.bin"))
    r = run(args, longer, out, np=np_, extra=["--resume"], check=False)
    warn = [l for l in r.stderr.splitlines() if "warning" in l]
    ok, d = matches(ref, out) if r.returncode == 0 else (False, float("nan"))
    check(r.returncode == 0 and len(warn) == 1 and names[-1] in warn[0] and "checksum" in warn[0] and
          older in warn[0] and ok,
          f"{tag}: a flipped byte in rank-{np_ - 1:04d}.bin: one warning, resumed from {older}, "
          f"equals the uninterrupted run ({d:.1e}; tol 1e-10) {warn}")
    check(all(intact(out, n) for n in checkpoints(out)) and all(intact(clean, n) for n in names),
          f"{tag}: every checkpoint left after the fallback, and those of the clean run, match the "
          f"sizes and CRC-32s in their meta.txt (zlib's CRC-32: {checkpoints(out)})")
    if np_ == 1:
        r = run(args, write_prm(os.path.join(W, "two.prm"), longer, {"End time": "2"}), out,
                extra=["--resume"], check=False)
        check(r.returncode == 0 and "warning" not in r.stderr,
              f"{tag}: a further resume gives no warning ({error_lines(r)})")

        # meta.txt cut short
        out = fresh_copy(clean, "truncated_meta")
        meta = os.path.join(out, "checkpoint", names[-1], "meta.txt")
        os.truncate(meta, os.path.getsize(meta) // 2)
        r = run(args, longer, out, extra=["--resume"], check=False)
        warn = [l for l in r.stderr.splitlines() if "warning" in l]
        ok, d = matches(ref, out) if r.returncode == 0 else (False, float("nan"))
        check(r.returncode == 0 and len(warn) == 1 and "truncated" in warn[0] and ok,
              f"{tag}: a truncated meta.txt: one warning, previous checkpoint used, same result ({d:.1e}) {warn}")

        # both damaged
        out = fresh_copy(clean, "both_damaged")
        os.truncate(os.path.join(out, "checkpoint", names[-1], "meta.txt"), 50)
        rank_file = os.path.join(out, "checkpoint", names[0], "rank-0000.bin")
        os.truncate(rank_file, os.path.getsize(rank_file) - 8)
        r = run(args, longer, out, extra=["--resume"], check=False)
        lines = error_lines(r)
        summary = read_summary(out) if os.path.exists(os.path.join(out, "summary.json")) else {}
        check(r.returncode == 1 and len(lines) == 1 and "no older checkpoint is intact" in lines[0] and
              summary.get("status") != "completed",
              f"{tag}: both checkpoints damaged: one line, exit {r.returncode}, no completed summary ({lines})")

        # another format version (2: rank files by partition, before issue #11's rank-count restart)
        out = fresh_copy(clean, "old_version")
        meta = os.path.join(out, "checkpoint", names[-1], "meta.txt")
        text = open(meta).read().replace("geoheat-checkpoint 3", "geoheat-checkpoint 2", 1)
        open(meta, "w").write(text)
        r = run(args, longer, out, extra=["--resume"], check=False)
        lines = error_lines(r)
        check(r.returncode == 1 and len(lines) == 1 and "format version 2" in lines[0],
              f"{tag}: a checkpoint of format version 2 is refused in one line ({lines})")

        # the load file changed before --resume
        out = fresh_copy(clean, "changed_load")
        original = open(load).read()
        rows = original.splitlines()
        rows[10] = rows[10][:-1] + ("7" if rows[10][-1] != "7" else "3")
        open(load, "w").write("\n".join(rows) + "\n")
        r = run(args, longer, out, extra=["--resume"], check=False)
        lines = error_lines(r)
        open(load, "w").write(original)
        r2 = run(args, longer, out, extra=["--resume"], check=False)
        check(r.returncode == 1 and len(lines) == 1 and "Load file" in lines[0] and load in lines[0] and
              "changed" in lines[0] and r2.returncode == 0,
              f"{tag}: a changed load file is refused, naming entry and file; restored, resume works ({lines})")

check.finish()

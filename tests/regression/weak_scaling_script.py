"""cluster/weak_scaling.py end to end without a cluster: `generate` for 16,
64 and 1,024 ranks writes parameter files that geoheat accepts (--validate)
with fields growing with the ranks (16 boreholes per rank: 16 x 16 ... 128 x
128), SLURM scripts asking for P tasks that bash parses, and a submit script;
`local` runs ranks 1 and 2 here (1 borehole per rank, 2 hourly steps) and
`collect` writes weak_scaling.csv with both runs and efficiency 1 for the
first."""
import csv
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args

args = parse_args()
check = Checks()
script = os.path.join(args.source, "cluster", "weak_scaling.py")
out = os.path.join(args.work, "generated")
r = subprocess.run([sys.executable, script, "generate", out, "--ranks", "16", "64", "1024",
                    "--geoheat", args.geoheat, "--module", "deal.II/9.4.0", "--partition", "compute"],
                   capture_output=True, text=True)
check(r.returncode == 0, f"generate: exit {r.returncode} {r.stderr.strip()}")
for p, n in ((16, 256), (64, 1024), (1024, 16384)):
    prm = os.path.join(out, "prm", f"np_{p}.prm")
    v = subprocess.run([args.geoheat, "--validate", prm], capture_output=True, text=True)
    check(v.returncode == 0 and f"({n} boreholes)" in v.stdout, f"np_{p}.prm valid with {n} boreholes: {v.stdout.strip()}")
    sh = os.path.join(out, "slurm", f"np_{p}.sh")
    text = open(sh).read()
    syntax = subprocess.run(["bash", "-n", sh])
    check(syntax.returncode == 0 and f"#SBATCH --ntasks={p}\n" in text and "module load deal.II/9.4.0" in text
          and "#SBATCH --partition=compute" in text and re.search(r"srun .*geoheat --output-dir", text),
          f"slurm/np_{p}.sh: {p} tasks, module, partition, srun geoheat; bash -n passes")
submit = open(os.path.join(out, "submit_all.sh")).read()
check(submit.count("--validate") == 3 and submit.count("sbatch ") == 3, "submit_all.sh validates then submits 3 jobs")

env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
here = os.path.join(args.work, "local")
r = subprocess.run([sys.executable, script, "local", here, "--ranks", "1", "2", "--boreholes-per-rank", "1",
                    "--steps", "2", "--geoheat", args.geoheat, "--mpirun", f"{args.mpirun} --oversubscribe"],
                   capture_output=True, text=True, env=env)
print(r.stdout)
check(r.returncode == 0, f"local: exit {r.returncode} {r.stderr.strip()[-300:]}")
with open(os.path.join(here, "weak_scaling.csv")) as f:
    rows = list(csv.DictReader(f))
check([int(x["ranks"]) for x in rows] == [1, 2] and [int(x["boreholes"]) for x in rows] == [1, 2]
      and float(rows[0]["efficiency"]) == 1.0 and all(float(x["time_per_step_s"]) > 0 for x in rows),
      "weak_scaling.csv: ranks 1 and 2 with 1 and 2 boreholes, efficiency 1 for the first")
check.finish()

"""Small 3D field (6 single-U boreholes in parallel, two layers) at 1, 2 and 3
MPI ranks: the same time series to 1e-8 relative, energy balance below 1e-6,
the field files of the results contract (wells.csv, per-well summary, multi-
well profiles), and consistency of the per-borehole figures with the field's."""
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run

args = parse_args()
prm = os.path.join(args.source, "tests/field/small_field.prm")
check = Checks()
series = {}
for np in (1, 2, 3):
    out = os.path.join(args.work, f"np{np}")
    run(args, prm, out, np=np)
    series[np] = read_timeseries(out)
    s = read_summary(out)
    check(s["status"] == "completed" and s["n_mpi_ranks"] == np and s["n_wells"] == 6,
          f"np={np}: summary status, rank count, 6 wells")
    check(s["max_energy_balance_rel_error"] < 1e-6,
          f"np={np}: max energy balance error {s['max_energy_balance_rel_error']:.2e} < 1e-6")
    check(abs(s["per_year"][0]["ground_energy_MWh"] - 9e3 * 120 * 24 / 1e6) < 1e-3,
          f"np={np}: year-1 ground energy {s['per_year'][0]['ground_energy_MWh']:.4f} MWh = 9 kW x 120 d")
    check(s["per_well_series"] == "wells.csv" and len(s["per_well"]) == 6, f"np={np}: per-well summary")
    spread = s["borehole_unknowns_per_rank"]
    check(len(spread) == np and sum(spread) == 330 and (np == 1 or sum(1 for u in spread if u > 0) >= 2),
          f"np={np}: borehole unknowns spread over the ranks {spread}")

out = os.path.join(args.work, "np1")
with open(os.path.join(out, "wells.csv")) as f:
    rows = list(csv.DictReader(f))
ts = series[1]
check(len(rows) == 6 * len(ts["time_s"]), f"wells.csv: one row per step and borehole ({len(rows)})")
# Consistency checks (identities of the parallel network, not validation):
# every borehole sees the supply temperature, the field load is the sum of
# the borehole loads, and the middle boreholes (1, 4), surrounded by more
# cooled ground, extract less than the corners (0, 2, 3, 5).
worst_in = worst_sum = 0.0
by_step = [rows[6 * i:6 * i + 6] for i in range(len(ts["time_s"]))]
for step, rs in zip(range(len(ts["time_s"])), by_step):
    if ts["flow_rate_m3_per_s"][step] <= 0:
        continue  # pump off: no supply, the inlet nodes are stagnant fluid
    worst_in = max(worst_in, max(abs(float(r["inlet_temperature_C"]) - ts["inlet_temperature_C"][step]) for r in rs))
    total = sum(float(r["ground_load_W"]) for r in rs)
    worst_sum = max(worst_sum, abs(total - ts["ground_load_W"][step]) / max(1.0, abs(ts["ground_load_W"][step])))
check(worst_in < 1e-9, f"every borehole inlet = supply temperature ({worst_in:.1e} K)")
check(worst_sum < 1e-9, f"field load = sum of borehole loads ({worst_sum:.1e} rel)")
energy = [w["ground_energy_MWh"] for w in read_summary(out)["per_well"]]
check(max(energy[1], energy[4]) < min(energy[0], energy[2], energy[3], energy[5]),
      f"middle boreholes (1, 4) extract less than the corners: {['%.4f' % e for e in energy]} MWh")
check(abs(energy[0] - energy[2]) < 1e-6 * energy[0] and abs(energy[0] - energy[5]) < 1e-6 * energy[0],
      "symmetric corners extract the same energy")
with open(os.path.join(out, "well_profiles", "profile-00001.csv")) as f:
    prof = [l for l in f if not l.startswith("#")]
check(prof[0].startswith("well,depth_m,T_down_C,T_up_C,T_wall_C"), "field profiles carry a well column")

ref = series[1]
for np in (2, 3):
    worst = normwise_difference(ref, series[np], ("inlet_temperature_C", "outlet_temperature_C",
                                                  "ground_load_W", "wall_heat_W", "time_s"))
    check(len(series[np]["time_s"]) == len(ref["time_s"]), f"np={np}: same number of steps")
    check(worst < 1e-8, f"np={np}: time series match np=1 to {worst:.1e} relative (< 1e-8)")
check.finish()

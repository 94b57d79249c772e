"""The same case at 1, 2 and 3 MPI ranks gives the same time series to 1e-8
relative, closes the energy balance below 1e-6 and writes a complete summary."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, normwise_difference, parse_args, read_summary, read_timeseries, run

args = parse_args()
prm = os.path.join(args.source, "tests/regression/small_well.prm")
check = Checks()
series = {}
for np in (1, 2, 3):
    out = os.path.join(args.work, f"np{np}")
    run(args, prm, out, np=np)
    series[np] = read_timeseries(out)
    s = read_summary(out)
    check(s["status"] == "completed" and s["n_mpi_ranks"] == np, f"np={np}: summary status and rank count")
    check(s["max_energy_balance_rel_error"] < 1e-6,
          f"np={np}: max energy balance error {s['max_energy_balance_rel_error']:.2e} < 1e-6")
    required = ["simulated_years", "n_time_steps", "n_dofs", "wall_time_s", "min_outlet_temperature_C",
                "max_outlet_temperature_C", "total_ground_energy_MWh", "per_year"]
    check(all(k in s for k in required), f"np={np}: summary has the contract keys")
    check(abs(s["per_year"][0]["ground_energy_MWh"] - 40e3 * 120 * 24 / 1e6) < 1e-3,
          f"np={np}: year-1 ground energy {s['per_year'][0]['ground_energy_MWh']:.4f} MWh = 40 kW x 120 d")

ref = series[1]
for np in (2, 3):
    worst = normwise_difference(ref, series[np], ("inlet_temperature_C", "outlet_temperature_C",
                                                  "ground_load_W", "wall_heat_W", "time_s"))
    check(len(series[np]["time_s"]) == len(ref["time_s"]), f"np={np}: same number of steps")
    check(worst < 1e-8, f"np={np}: time series match np=1 to {worst:.1e} relative (< 1e-8)")
check.finish()

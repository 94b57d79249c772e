"""Long-term trend of a medium-deep coaxial well against the published headline
figure (validation/literature_parameters/README.md, Tsinghua group, Energies
2020, 13(3):754): 2-3 km coaxial well, inlet 20 C, 6 kg/s -> after 20 years
the mean outlet temperature drops 0.99 K and heat extraction drops 9.5 %.
The paper's full inputs are not available, so params/validation/
tsinghua_trend_2500m.prm is a comparable well (stated there) and the check is
on the trend: both drops within +-50 % of the published values, and both
decline monotonically year by year."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from geoheat_test import Checks, parse_args, read_summary, run

args = parse_args()
check = Checks()
out = os.path.join(args.work, "run")
run(args, os.path.join(args.source, "params/validation/tsinghua_trend_2500m.prm"), out)
years = read_summary(out)["per_year"]
first, last = years[0], years[19]
dT = first["mean_outlet_temperature_C"] - last["mean_outlet_temperature_C"]
dQ = 1 - last["ground_energy_MWh"] / first["ground_energy_MWh"]
print(f"year 1: mean outlet {first['mean_outlet_temperature_C']:.3f} C, extraction {first['ground_energy_MWh']:.1f} MWh; "
      f"year 20: {last['mean_outlet_temperature_C']:.3f} C, {last['ground_energy_MWh']:.1f} MWh")
check(0.5 * 0.99 <= dT <= 1.5 * 0.99, f"outlet drop after 20 years {dT:.3f} K (published 0.99 K, accepted 0.50-1.49 K)")
check(0.5 * 0.095 <= dQ <= 1.5 * 0.095,
      f"extraction drop after 20 years {100 * dQ:.2f} % (published 9.5 %, accepted 4.75-14.25 %)")
outlets = [y["mean_outlet_temperature_C"] for y in years]
check(all(b < a for a, b in zip(outlets, outlets[1:])), "mean outlet temperature declines every year")
check.finish()

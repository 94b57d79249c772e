#!/usr/bin/env bash
# Mesh and time-step convergence of the Beijing hub example (30 years):
# minimum and final-season mean outlet temperature at refined settings.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
W=/tmp/geoheat_convergence; mkdir -p $W
base="$ROOT/params/examples/beijing_hub_2745m.prm"
run() { # name sed-expressions...
  local name=$1; shift
  sed "$@" -e 's/^\( *set Output interval *=\).*/\1 0/' "$base" > $W/$name.prm
  "$BUILD/geoheat" --output-dir $W/$name $W/$name.prm > /dev/null
  "$GEOHEAT_PYTHON" -c "import json;s=json.load(open('$W/$name/summary.json'));print(f\"$name: dofs {s['n_dofs']}, steps {s['n_time_steps']}, min outlet {s['min_outlet_temperature_C']:.4f} C, year-30 mean outlet {s['per_year'][-1]['mean_outlet_temperature_C']:.4f} C\")"
}
run default -e 's/x/x/'
run dt_6h -e 's/^\( *set Maximum time step in operation *=\).*/\1 6/'
run dt_1h -e 's/^\( *set Maximum time step in operation *=\).*/\1 1/'
run vertical_half -e '/subsection Mesh/a\  set Vertical max cell = 25\n  set Vertical min cell = 1'
run radial_half -e '/subsection Mesh/a\  set Radial first cell = 0.005\n  set Radial growth factor = 1.08'
run fluid_x2 -e '/subsection Mesh/a\  set Fluid cells per wall face = 2'
run degree2 -e '/subsection Mesh/a\  set Polynomial degree = 2'
run lumped_wellbore -e '/subsection Well/a\  set Wellbore construction = lumped'
run far_300m -e 's/^\( *set Far-field radius *=\).*/\1 300/'

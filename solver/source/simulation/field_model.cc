#include <geoheat/base/input_error.h>
#include <geoheat/network/field_hydraulics.h>
#include <geoheat/simulation/field_model.h>
#include <geoheat/wells/coaxial/coaxial_well.h>
#include <geoheat/wells/utube/utube_borehole.h>

namespace geoheat
{
  BoreholeFactory field_boreholes(const FieldParameters &p)
  {
    return [&p](unsigned int, const std::vector<double> &nodes) -> std::unique_ptr<BoreholeModel> {
      const auto rock = [&p](const double z) {
        return p.ground.conductivity[p.ground.layer_at(z)];
      };
      if (p.coaxial)
        return std::make_unique<CoaxialWell>(p.well, p.fluid, nodes, rock);
      return std::make_unique<UTubeBorehole>(p.bhe, p.fluid, p.field.borehole_radius, nodes, rock);
    };
  }

  FieldModel::FieldModel(MPI_Comm                comm,
                         const FieldParameters  &p,
                         const GroundProperties &ground_properties,
                         const double            horizon,
                         const BoreholeFactory  &make,
                         const unsigned int      step_solver_cache)
    : ground(comm, ground_properties, p.mesh.degree)
  {
    const unsigned int  n = p.field.n_boreholes();
    std::vector<double> x, y, top, bottom;
    for (const BoreholePlacement &b : p.field.boreholes)
      {
        x.push_back(b.x);
        y.push_back(b.y);
        top.push_back(b.buried_depth);
        bottom.push_back(b.buried_depth + b.length);
      }

    // Mesh and ground
    lines = build_field_box_mesh(
      ground.triangulation(), p.mesh, x, y, top, bottom, ground_properties, horizon);
    ground_properties.check_log_reaches(lines.depth.back(), p.file);
    ground.setup(/*fixed_surface=*/true);
    exchange = std::make_unique<LineExchange>(
      ground, lines, top, bottom, p.field.borehole_radius, p.mesh.transient_coupling);
    for (unsigned int b = 0; b < n; ++b)
      require(exchange->equivalent_radius(b) > 1.05 * p.field.borehole_radius,
              p.file,
              "Field mesh/Borehole cell size",
              "the mesh is too fine next to borehole " + std::to_string(b) +
                ": its equivalent radius " + std::to_string(exchange->equivalent_radius(b)) +
                " m must exceed the borehole radius (use larger cells next to the boreholes)");

    // Boreholes on the mesh's depth lines, and their piping.
    std::vector<std::unique_ptr<BoreholeModel>> boreholes;
    std::vector<const BoreholeModel *>          raw;
    for (unsigned int b = 0; b < n; ++b)
      {
        std::vector<double> nodes;
        for (const double z : lines.depth)
          if (z >= top[b] - 1e-6 && z <= bottom[b] + 1e-6)
            nodes.push_back(z);
        boreholes.push_back(make(b, nodes));
        raw.push_back(boreholes.back().get());
      }
    const FieldPiping piping = p.field.piping;
    network                  = std::make_unique<BoreholeNetwork>(
      std::move(boreholes), piping.upstream(n), [=](const double V) {
        return split_field_flow(V,
                                n,
                                piping,
                                [&](const unsigned int b, const double q) {
                                  return raw[b]->pressure_drop(q);
                                })
          .flow;
      });

    problem = std::make_unique<CoupledProblem<3>>(
      ground, *network, *exchange, p.linear_solver, step_solver_cache);
    if (p.field.piping.own_plants)
      problem->use_own_plant_per_string();
    problem->setup();
  }
} // namespace geoheat

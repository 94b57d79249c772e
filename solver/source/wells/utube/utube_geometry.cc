#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/wells/common/convection.h>
#include <geoheat/wells/utube/multipole.h>
#include <geoheat/wells/utube/steady_profile.h>
#include <geoheat/wells/utube/utube_geometry.h>

#include <cmath>

namespace geoheat
{
  using namespace dealii::Patterns;

  void UTubeGeometry::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Borehole heat exchanger");
    prm.declare_entry("Type",
                      "1U",
                      Selection("1U|2U|coaxial"),
                      "Single or double U-tube, or coaxial wells (Model = borehole field: "
                      "the geometry of subsection Well, with Wellbore construction = lumped).");
    prm.declare_entry("Circuits",
                      "parallel",
                      Selection("parallel|series"),
                      "2U only: the two U-tubes in parallel (half the flow each) or in "
                      "series.");
    prm.declare_entry("Pipe outer diameter", "0.032", Double(0.005, 0.2), "m.");
    prm.declare_entry("Pipe wall thickness", "0.0029", Double(0.0005, 0.05), "m.");
    prm.declare_entry("Pipe conductivity", "0.42", Double(0.01, 500), "W/(m K) (HDPE 0.42).");
    prm.declare_entry("Pipe heat capacity",
                      "1.8e6",
                      Double(0, 1e8),
                      "Volumetric heat capacity of the pipe wall (J/(m^3 K)); lumped "
                      "into the grout nodes.");
    prm.declare_entry("Shank spacing",
                      "0.07",
                      Double(0.005, 1),
                      "Centre-to-centre distance of the two legs of one U (m); in a 2U the legs "
                      "of each U sit opposite each other, every pipe s/2 from the axis "
                      "(EED's D_s of a double U is s/2).");
    prm.declare_entry("Grout conductivity", "1.5", Double(0.01, 100), "W/(m K).");
    prm.declare_entry("Grout heat capacity",
                      "3.8e6",
                      Double(0, 1e8),
                      "Volumetric heat capacity of the grout (J/(m^3 K)).");
    prm.declare_entry("Pipe roughness", "1.5e-6", Double(0, 0.01), "m.");
    prm.declare_entry("Multipole order",
                      "3",
                      Integer(0, 10),
                      "Order J of the multipole method for the internal resistances.");
    prm.leave_subsection();
  }

  void UTubeGeometry::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Borehole heat exchanger");
    type                = prm.get("Type") == "1U" ? UTubeType::single_u : UTubeType::double_u;
    series              = prm.get("Circuits") == "series";
    pipe_outer_radius   = 0.5 * prm.get_double("Pipe outer diameter");
    pipe_wall           = prm.get_double("Pipe wall thickness");
    pipe_conductivity   = prm.get_double("Pipe conductivity");
    pipe_heat_capacity  = prm.get_double("Pipe heat capacity");
    shank_spacing       = prm.get_double("Shank spacing");
    grout_conductivity  = prm.get_double("Grout conductivity");
    grout_heat_capacity = prm.get_double("Grout heat capacity");
    roughness           = prm.get_double("Pipe roughness");
    multipole_order     = prm.get_integer("Multipole order");
    prm.leave_subsection();
    require(pipe_wall < pipe_outer_radius,
            file,
            "Borehole heat exchanger/Pipe wall thickness",
            "must be less than the pipe's outer radius");
  }

  void UTubeGeometry::check(const double r_b, const std::string &file) const
  {
    const double r_pos = 0.5 * shank_spacing;
    require(r_pos + pipe_outer_radius < r_b,
            file,
            "Borehole heat exchanger/Shank spacing",
            "pipes do not fit in the borehole: shank spacing/2 + pipe outer radius = " +
              std::to_string(r_pos + pipe_outer_radius) + " m >= borehole radius " +
              std::to_string(r_b) + " m");
    // Neighbouring pipes: 1U legs 2 r_pos apart, 2U neighbours sqrt(2) r_pos.
    const double closest = type == UTubeType::single_u ? 2 * r_pos : std::sqrt(2.0) * r_pos;
    require(closest > 2 * pipe_outer_radius,
            file,
            "Borehole heat exchanger/Shank spacing",
            "pipes overlap: centre distance " + std::to_string(closest) +
              " m is less than a pipe diameter");
  }

  std::vector<std::array<double, 2>> UTubeGeometry::leg_positions() const
  {
    const double r = 0.5 * shank_spacing;
    if (type == UTubeType::single_u)
      return {{{r, 0.0}}, {{-r, 0.0}}};
    return {{{r, 0.0}}, {{0.0, r}}, {{-r, 0.0}}, {{0.0, -r}}};
  }

  double UTubeGeometry::leg_flow(const double borehole_flow) const
  {
    return type == UTubeType::double_u && !series ? 0.5 * borehole_flow : borehole_flow;
  }

  double UTubeGeometry::grout_split(const double r_b) const
  {
    const double Db = 2 * r_b, Dpo = 2 * pipe_outer_radius;
    if (type == UTubeType::single_u)
      return std::log(std::sqrt(Db * Db + 2 * Dpo * Dpo) / (2 * Dpo)) /
             std::log(Db / (std::sqrt(2.0) * Dpo));
    return std::log(std::sqrt(Db * Db + 4 * Dpo * Dpo) / (2 * std::sqrt(2.0) * Dpo)) /
           std::log(Db / (2 * Dpo));
  }

  namespace
  {
    /// Fluid-to-pipe resistance of one leg (m K/W): convection + pipe wall.
    double leg_resistance(const UTubeGeometry &g, const FluidProperties &fluid, const double flow)
    {
      const double r_i = g.pipe_inner_radius(), r_o = g.pipe_outer_radius;
      const double q = g.leg_flow(flow);
      const double h = q > 0 ? convection::pipe_h(q,
                                                  r_i,
                                                  fluid.density,
                                                  fluid.viscosity,
                                                  fluid.conductivity,
                                                  fluid.prandtl(),
                                                  g.roughness) :
                               3.66 * fluid.conductivity / (2 * r_i); // stagnant: laminar Nu
      return convection::film_resistance(r_i, h) +
             convection::wall_resistance(r_i, r_o, g.pipe_conductivity);
    }

    multipole::BoreholeCrossSection cross_section(const UTubeGeometry   &g,
                                                  const FluidProperties &fluid,
                                                  const double           r_b,
                                                  const double           flow,
                                                  const double           ground_conductivity)
    {
      multipole::BoreholeCrossSection section;
      section.pipe_centres        = g.leg_positions();
      section.pipe_outer_radius   = g.pipe_outer_radius;
      section.borehole_radius     = r_b;
      section.grout_conductivity  = g.grout_conductivity;
      section.ground_conductivity = ground_conductivity;
      section.fluid_to_pipe_resistance =
        std::vector<double>(g.n_legs(), leg_resistance(g, fluid, flow));
      section.order = g.multipole_order;
      return section;
    }
  } // namespace

  double utube_effective_resistance(const UTubeGeometry   &g,
                                    const FluidProperties &fluid,
                                    const double           r_b,
                                    const double           length,
                                    const double           flow,
                                    const double           ground_conductivity)
  {
    utube::BoreholeCircuits circuits;
    if (g.type == UTubeType::single_u)
      circuits.u_tubes = {{0, 1}};
    else
      circuits.u_tubes = {{0, 2}, {1, 3}};
    circuits.connection =
      g.series ? utube::CircuitConnection::series : utube::CircuitConnection::parallel;
    return utube::effective_borehole_resistance(
      cross_section(g, fluid, r_b, flow, ground_conductivity),
      circuits,
      length,
      flow,
      fluid.volumetric_heat_capacity());
  }

  UTubeConductances utube_conductances(const UTubeGeometry   &g,
                                       const FluidProperties &fluid,
                                       const double           r_b,
                                       const double           flow,
                                       const double           ground_conductivity)
  {
    const multipole::BoreholeCrossSection section =
      cross_section(g, fluid, r_b, flow, ground_conductivity);
    const double                  R_fp  = section.fluid_to_pipe_resistance[0];
    const multipole::DeltaCircuit delta = multipole::delta_circuit(section);

    const double      x = g.grout_split(r_b);
    UTubeConductances c;
    c.leg_leg = delta.between;
    for (unsigned int l = 0; l < g.n_legs(); ++l)
      {
        const double R_g = 1.0 / delta.to_wall[l] - R_fp; // grout part of R_i0
        c.leg_grout.push_back(1.0 / (R_fp + x * R_g));
        c.grout_wall.push_back(1.0 / ((1 - x) * R_g));
      }
    return c;
  }
} // namespace geoheat

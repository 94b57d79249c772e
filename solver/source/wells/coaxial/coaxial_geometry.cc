#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/wells/coaxial/coaxial_geometry.h>
#include <geoheat/wells/common/convection.h>

#include <algorithm>

namespace geoheat
{
  using namespace dealii::Patterns;

  void CoaxialGeometry::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Well");
    prm.declare_entry("Type",
                      "CXA",
                      Selection("CXA|CXC"),
                      "CXA: fluid flows down the annulus and up the centre pipe; "
                      "CXC: the reverse.");
    prm.declare_entry("Depth", "2000", Double(1, 10000), "Well length H (m).");
    prm.declare_entry("Section bottom depths",
                      "2000",
                      List(Double(0), 1),
                      "Bottom depth (m) of each section of the casing programme, "
                      "top to bottom; the last one must equal Depth.");
    prm.declare_entry("Borehole diameters",
                      "0.216",
                      List(Double(0), 1),
                      "Drilled diameter of each section (m).");
    prm.declare_entry("Casing outer diameters",
                      "0.1778",
                      List(Double(0), 1),
                      "Outer diameter of the steel casing in each section (m).");
    prm.declare_entry("Casing wall thicknesses",
                      "0.0081",
                      List(Double(0), 1),
                      "Wall thickness of the casing in each section (m).");
    prm.declare_entry("Grout conductivities",
                      "1.5",
                      List(Double(0), 1),
                      "Conductivity of the cement/grout between casing and rock "
                      "in each section (W/(m K)); unused where the borehole "
                      "diameter equals the casing outer diameter.");
    prm.declare_entry("Casing conductivity",
                      "45",
                      Double(0),
                      "Steel casing conductivity (W/(m K)).");
    prm.declare_entry("Casing heat capacity",
                      "3.8e6",
                      Double(1e5, 1e7),
                      "Volumetric heat capacity of the steel casings (J/(m^3 K); "
                      "7850 kg/m^3 x 480 J/(kg K)).");
    prm.declare_entry("Grout heat capacities",
                      "1.7e6",
                      List(Double(1e5, 1e7), 1),
                      "Volumetric heat capacity of the cement in each section, or "
                      "one value for all (J/(m^3 K); neat class G cement ~1.7e6).");
    prm.declare_entry("Outer casing outer diameters",
                      "",
                      List(Double(0)),
                      "Outer (surface) casing around the casing of each section, "
                      "outer diameter (m); 0 or empty = none. The space between "
                      "the casings and outside the outer one is cement.");
    prm.declare_entry("Outer casing wall thicknesses",
                      "",
                      List(Double(0)),
                      "Wall thickness of the outer casing of each section (m).");
    prm.declare_entry("Wellbore construction",
                      "meshed",
                      Selection("meshed|lumped"),
                      "meshed: casings and cement are zones of the ground mesh "
                      "(their heat capacity kept), and the mesh wall is each "
                      "section's casing inner radius; lumped: steady resistances "
                      "and the mesh wall at the largest borehole radius.");
    prm.declare_entry("Centre pipe outer diameter",
                      "0.11",
                      Double(0),
                      "Outer diameter of the centre pipe (m).");
    prm.declare_entry("Centre pipe wall thickness",
                      "0.01",
                      Double(0),
                      "Wall thickness of the centre pipe (m).");
    prm.declare_entry("Centre pipe conductivity",
                      "0.42",
                      Double(0),
                      "Conductivity of the centre pipe wall (W/(m K)).");
    prm.declare_entry("Insulated centre pipe depth",
                      "0",
                      Double(0),
                      "From the surface down to this depth (m) the centre pipe "
                      "wall has the insulated conductivity.");
    prm.declare_entry("Insulated centre pipe conductivity",
                      "0.05",
                      Double(0),
                      "Conductivity of the insulated centre pipe wall (W/(m K)).");
    prm.declare_entry("Pipe roughness",
                      "1e-5",
                      Double(0, 0.01),
                      "Absolute wall roughness for the friction factor (m).");
    prm.leave_subsection();
  }

  void CoaxialGeometry::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Well");
    type  = prm.get("Type") == "CXA" ? CoaxialType::CXA : CoaxialType::CXC;
    depth = prm.get_double("Depth");
    section_bottoms =
      parse_double_list(prm.get("Section bottom depths"), file, "Well/Section bottom depths");
    borehole_diameters =
      parse_double_list(prm.get("Borehole diameters"), file, "Well/Borehole diameters");
    casing_outer_diameters =
      parse_double_list(prm.get("Casing outer diameters"), file, "Well/Casing outer diameters");
    casing_wall_thicknesses =
      parse_double_list(prm.get("Casing wall thicknesses"), file, "Well/Casing wall thicknesses");
    grout_conductivities =
      parse_double_list(prm.get("Grout conductivities"), file, "Well/Grout conductivities");
    casing_conductivity  = prm.get_double("Casing conductivity");
    casing_heat_capacity = prm.get_double("Casing heat capacity");
    grout_heat_capacities =
      parse_double_list(prm.get("Grout heat capacities"), file, "Well/Grout heat capacities");
    outer_casing_outer_diameters  = parse_double_list(prm.get("Outer casing outer diameters"),
                                                     file,
                                                     "Well/Outer casing outer diameters");
    outer_casing_wall_thicknesses = parse_double_list(prm.get("Outer casing wall thicknesses"),
                                                      file,
                                                      "Well/Outer casing wall thicknesses");
    meshed_construction           = prm.get("Wellbore construction") == "meshed";
    centre_outer_diameter         = prm.get_double("Centre pipe outer diameter");
    centre_wall_thickness         = prm.get_double("Centre pipe wall thickness");
    centre_conductivity           = prm.get_double("Centre pipe conductivity");
    insulated_depth               = prm.get_double("Insulated centre pipe depth");
    insulated_conductivity        = prm.get_double("Insulated centre pipe conductivity");
    roughness                     = prm.get_double("Pipe roughness");
    prm.leave_subsection();

    const unsigned int n           = section_bottoms.size();
    auto               check_count = [&](const std::vector<double> &v, const char *name) {
      require(v.size() == n,
              file,
              std::string("Well/") + name,
              "needs one value per section (" + std::to_string(n) +
                " from 'Section bottom depths'), got " + std::to_string(v.size()));
    };
    check_count(borehole_diameters, "Borehole diameters");
    check_count(casing_outer_diameters, "Casing outer diameters");
    check_count(casing_wall_thicknesses, "Casing wall thicknesses");
    check_count(grout_conductivities, "Grout conductivities");
    if (grout_heat_capacities.size() == 1)
      grout_heat_capacities.assign(n, grout_heat_capacities[0]);
    check_count(grout_heat_capacities, "Grout heat capacities");
    if (outer_casing_outer_diameters.empty())
      outer_casing_outer_diameters.assign(n, 0.0);
    if (outer_casing_wall_thicknesses.empty())
      outer_casing_wall_thicknesses.assign(n, 0.0);
    check_count(outer_casing_outer_diameters, "Outer casing outer diameters");
    check_count(outer_casing_wall_thicknesses, "Outer casing wall thicknesses");
    for (unsigned int i = 0; i < n; ++i)
      require(section_bottoms[i] > (i == 0 ? 0.0 : section_bottoms[i - 1]),
              file,
              "Well/Section bottom depths",
              "depths must be positive and strictly increasing");
    require(std::abs(section_bottoms.back() - depth) < 1e-9 * depth,
            file,
            "Well/Section bottom depths",
            "the last section must end at the well Depth (" + std::to_string(depth) + " m)");
    require(centre_wall_thickness < 0.5 * centre_outer_diameter,
            file,
            "Well/Centre pipe wall thickness",
            "must be less than half the centre pipe outer diameter");
    for (unsigned int i = 0; i < n; ++i)
      {
        const std::string s = " (section " + std::to_string(i + 1) + ")";
        require(casing_wall_thicknesses[i] < 0.5 * casing_outer_diameters[i],
                file,
                "Well/Casing wall thicknesses",
                "must be less than half the casing outer diameter" + s);
        const double casing_inner = casing_outer_diameters[i] - 2 * casing_wall_thicknesses[i];
        require(centre_outer_diameter < casing_inner,
                file,
                "Well/Centre pipe outer diameter",
                "the centre pipe (" + std::to_string(centre_outer_diameter) +
                  " m) must fit inside the casing inner diameter (" + std::to_string(casing_inner) +
                  " m)" + s);
        require(borehole_diameters[i] >= casing_outer_diameters[i],
                file,
                "Well/Borehole diameters",
                "the borehole must not be narrower than the casing" + s);
        const double d_outer = outer_casing_outer_diameters[i];
        if (d_outer > 0)
          {
            require(outer_casing_wall_thicknesses[i] > 0 &&
                      outer_casing_wall_thicknesses[i] < 0.5 * d_outer,
                    file,
                    "Well/Outer casing wall thicknesses",
                    "must be positive and less than half the outer casing diameter" + s);
            require(d_outer - 2 * outer_casing_wall_thicknesses[i] > casing_outer_diameters[i],
                    file,
                    "Well/Outer casing outer diameters",
                    "the outer casing's inner diameter must exceed the casing's outer "
                    "diameter" +
                      s);
            require(borehole_diameters[i] >= d_outer,
                    file,
                    "Well/Borehole diameters",
                    "the borehole must not be narrower than the outer casing" + s);
          }
        require(borehole_diameters[i] == casing_outer_diameters[i] || grout_conductivities[i] > 0,
                file,
                "Well/Grout conductivities",
                "must be positive" + s);
      }
    require(insulated_depth <= depth,
            file,
            "Well/Insulated centre pipe depth",
            "must not exceed the well Depth");
  }

  double CoaxialGeometry::mesh_wall_radius() const
  {
    return 0.5 * *std::max_element(borehole_diameters.begin(), borehole_diameters.end());
  }

  double CoaxialGeometry::wall_radius(const unsigned int s) const
  {
    return meshed_construction ? 0.5 * casing_outer_diameters[s] - casing_wall_thicknesses[s] :
                                 mesh_wall_radius();
  }

  std::vector<RadialRing> CoaxialGeometry::rings(const unsigned int s) const
  {
    const double lambda_c = grout_conductivities[s];
    const double rho_c_c  = s < grout_heat_capacities.size() ? grout_heat_capacities[s] : 1.7e6;
    const bool   nested =
      s < outer_casing_outer_diameters.size() && outer_casing_outer_diameters[s] > 0;
    const double            r_ko = 0.5 * casing_outer_diameters[s];
    std::vector<RadialRing> r    = {
         {r_ko - casing_wall_thicknesses[s], r_ko, casing_conductivity, casing_heat_capacity}};
    auto cement_to = [&](const double radius) {
      if (radius > r.back().r_outer * (1 + 1e-12))
        r.push_back({r.back().r_outer, radius, lambda_c, rho_c_c});
    };
    if (nested)
      {
        const double r_oo = 0.5 * outer_casing_outer_diameters[s];
        cement_to(r_oo - outer_casing_wall_thicknesses[s]);
        r.push_back({r.back().r_outer, r_oo, casing_conductivity, casing_heat_capacity});
      }
    cement_to(0.5 * borehole_diameters[s]);
    return r;
  }

  std::vector<WellboreSection> CoaxialGeometry::wellbore_sections() const
  {
    std::vector<WellboreSection> sections;
    for (unsigned int s = 0; s < section_bottoms.size(); ++s)
      sections.push_back({section_bottoms[s],
                          wall_radius(s),
                          meshed_construction ? rings(s) : std::vector<RadialRing>{}});
    return sections;
  }

  std::vector<double> CoaxialGeometry::breakpoints() const
  {
    std::vector<double> b(section_bottoms.begin(), section_bottoms.end() - 1);
    if (insulated_depth > 0 && insulated_depth < depth)
      b.push_back(insulated_depth);
    std::sort(b.begin(), b.end());
    return b;
  }

  unsigned int CoaxialGeometry::section_at(const double z) const
  {
    const auto it = std::upper_bound(section_bottoms.begin(), section_bottoms.end(), z);
    return std::min<unsigned int>(it - section_bottoms.begin(), section_bottoms.size() - 1);
  }

  CoaxialResistances CoaxialGeometry::resistances(const double           z,
                                                  const double           flow,
                                                  const FluidProperties &fluid,
                                                  const double           rock_conductivity) const
  {
    using namespace convection;
    const unsigned int s    = section_at(z);
    const double       r_co = 0.5 * centre_outer_diameter;
    const double       r_ci = r_co - centre_wall_thickness;
    const double       r_ko = 0.5 * casing_outer_diameters[s];
    const double       r_ki = r_ko - casing_wall_thicknesses[s];
    const double       r_b  = 0.5 * borehole_diameters[s];
    const double       Pr   = fluid.prandtl();

    const double h_c =
      pipe_h(flow, r_ci, fluid.density, fluid.viscosity, fluid.conductivity, Pr, roughness);
    const AnnulusH h_a = annulus_h(
      flow, r_co, r_ki, fluid.density, fluid.viscosity, fluid.conductivity, Pr, roughness);
    const double lambda_centre = z < insulated_depth ? insulated_conductivity : centre_conductivity;

    CoaxialResistances R;
    R.R_ac = film_resistance(r_ci, h_c) + wall_resistance(r_ci, r_co, lambda_centre) +
             film_resistance(r_co, h_a.inner);
    R.R_aw = film_resistance(r_ki, h_a.outer);
    if (!meshed_construction)
      {
        // lumped: the solids and, for a narrower section, the rock ring
        // between its borehole and the mesh wall, as steady resistances
        for (const RadialRing &ring : rings(s))
          R.R_aw += wall_resistance(ring.r_inner, ring.r_outer, ring.conductivity);
        if (mesh_wall_radius() > r_b)
          R.R_aw += wall_resistance(r_b, mesh_wall_radius(), rock_conductivity);
      }
    R.area_annulus = units::pi * (r_ki * r_ki - r_co * r_co);
    R.area_centre  = units::pi * r_ci * r_ci;
    return R;
  }
  std::pair<double, double> CoaxialGeometry::pressure_gradients(const double           z,
                                                                const double           flow,
                                                                const FluidProperties &fluid) const
  {
    using namespace convection;
    const unsigned int s    = section_at(z);
    const double       r_co = 0.5 * centre_outer_diameter;
    const double       r_ci = r_co - centre_wall_thickness;
    const double       r_ki = 0.5 * casing_outer_diameters[s] - casing_wall_thicknesses[s];
    // annulus: D_h = 2 (r_casing,inner - r_centre,outer)
    return {pressure_gradient(
              flow, units::pi * r_ci * r_ci, 2 * r_ci, fluid.density, fluid.viscosity, roughness),
            pressure_gradient(flow,
                              units::pi * (r_ki * r_ki - r_co * r_co),
                              2 * (r_ki - r_co),
                              fluid.density,
                              fluid.viscosity,
                              roughness)};
  }

  double CoaxialGeometry::loop_pressure_drop(const double flow, const FluidProperties &fluid) const
  {
    // down one branch and up the other, section by section
    double dp = 0, top = 0;
    for (unsigned int s = 0; s < section_bottoms.size(); ++s)
      {
        const auto [centre, annulus] =
          pressure_gradients(0.5 * (top + section_bottoms[s]), flow, fluid);
        dp += (section_bottoms[s] - top) * (centre + annulus);
        top = section_bottoms[s];
      }
    return dp;
  }
} // namespace geoheat

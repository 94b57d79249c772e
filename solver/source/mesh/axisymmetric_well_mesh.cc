#include <deal.II/base/table.h>
#include <deal.II/grid/grid_generator.h>

#include <geoheat/base/input_error.h>
#include <geoheat/mesh/axisymmetric_well_mesh.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using namespace dealii;

  void MeshParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Mesh");
    prm.declare_entry("Far-field radius",
                      "150",
                      Patterns::Double(0),
                      "Outer radius of the model (m); keep it several sqrt(alpha t_end).");
    prm.declare_entry("Depth below well",
                      "200",
                      Patterns::Double(0),
                      "Rock modelled below the well bottom (m).");
    prm.declare_entry("Radial first cell",
                      "0.01",
                      Patterns::Double(0),
                      "Radial size of the cells at the well wall (m).");
    prm.declare_entry("Radial growth factor",
                      "1.15",
                      Patterns::Double(1, 3),
                      "Growth of the radial cell size away from the wall.");
    prm.declare_entry("Vertical min cell",
                      "2",
                      Patterns::Double(0),
                      "Vertical cell size at the surface and the well bottom (m).");
    prm.declare_entry("Vertical max cell",
                      "50",
                      Patterns::Double(0),
                      "Largest vertical cell size (m).");
    prm.declare_entry("Vertical growth factor",
                      "1.3",
                      Patterns::Double(1, 3),
                      "Growth of the vertical cell size away from surface and well bottom.");
    prm.declare_entry("Polynomial degree",
                      "1",
                      Patterns::Integer(1, 3),
                      "Degree of the Lagrange elements of the ground temperature.");
    prm.declare_entry("Fluid cells per wall face",
                      "1",
                      Patterns::Integer(1, 16),
                      "Fluid cells along each ground cell face at the well wall.");
    prm.leave_subsection();
  }

  void MeshParameters::parse(ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Mesh");
    far_field_radius     = prm.get_double("Far-field radius");
    depth_below_well     = prm.get_double("Depth below well");
    radial_first_cell    = prm.get_double("Radial first cell");
    radial_growth        = prm.get_double("Radial growth factor");
    vertical_min_cell    = prm.get_double("Vertical min cell");
    vertical_max_cell    = prm.get_double("Vertical max cell");
    vertical_growth      = prm.get_double("Vertical growth factor");
    degree               = prm.get_integer("Polynomial degree");
    fluid_cells_per_face = prm.get_integer("Fluid cells per wall face");
    prm.leave_subsection();
    require(vertical_min_cell <= vertical_max_cell,
            file,
            "Mesh/Vertical min cell",
            "must not exceed 'Vertical max cell'");
  }

  std::vector<double> graded_spacing(const double               a,
                                     const double               b,
                                     const std::vector<double> &refine_points,
                                     const double               h_min,
                                     const double               h_max,
                                     const double               growth)
  {
    auto h = [&](const double x) {
      double size = h_max;
      for (const double p : refine_points)
        size = std::min(size, h_min + (growth - 1) * std::abs(x - p));
      return size;
    };
    // stretched coordinate s(x) = int_a^x dx'/h(x') on a fine sampling
    const unsigned int  n_samples = 2000;
    std::vector<double> x(n_samples + 1), s(n_samples + 1, 0.0);
    for (unsigned int i = 0; i <= n_samples; ++i)
      x[i] = a + (b - a) * i / n_samples;
    for (unsigned int i = 1; i <= n_samples; ++i)
      s[i] = s[i - 1] + (x[i] - x[i - 1]) * 0.5 * (1 / h(x[i]) + 1 / h(x[i - 1]));
    const unsigned int  n     = std::max(1u, (unsigned int)std::lround(s.back()));
    std::vector<double> nodes = {a};
    for (unsigned int k = 1; k < n; ++k)
      {
        const double target = s.back() * k / n;
        const auto   it     = std::lower_bound(s.begin(), s.end(), target);
        const size_t i      = std::max<size_t>(1, it - s.begin());
        const double w      = (target - s[i - 1]) / (s[i] - s[i - 1]);
        nodes.push_back(x[i - 1] + w * (x[i] - x[i - 1]));
      }
    nodes.push_back(b);
    std::vector<double> widths;
    for (unsigned int k = 1; k < nodes.size(); ++k)
      widths.push_back(nodes[k] - nodes[k - 1]);
    return widths;
  }

  namespace
  {
    /// Radial cell widths: the column inside the narrowest wall, the rings
    /// (every radius of every section a mesh line, cells no wider than the
    /// first rock cell), then rock graded from the outermost ring.
    std::vector<double> radial_widths(const MeshParameters               &mesh,
                                      const std::vector<WellboreSection> &sections)
    {
      std::vector<double> radii;
      for (const WellboreSection &s : sections)
        {
          radii.push_back(s.wall_radius);
          for (const RadialRing &ring : s.rings)
            radii.insert(radii.end(), {ring.r_inner, ring.r_outer});
        }
      std::sort(radii.begin(), radii.end());
      radii.erase(std::unique(radii.begin(),
                              radii.end(),
                              [](double a, double b) { return std::abs(a - b) < 1e-9; }),
                  radii.end());
      std::vector<double> dr = {radii.front()};
      for (unsigned int i = 1; i < radii.size(); ++i)
        {
          const double       w = radii[i] - radii[i - 1];
          const unsigned int n = std::max(1.0, std::ceil(w / mesh.radial_first_cell - 1e-9));
          dr.insert(dr.end(), n, w / n);
        }
      for (const double w : graded_spacing(radii.back(),
                                           mesh.far_field_radius,
                                           {radii.back()},
                                           mesh.radial_first_cell,
                                           1e30,
                                           mesh.radial_growth))
        dr.push_back(w);
      return dr;
    }

    const WellboreSection &section_at(const std::vector<WellboreSection> &sections,
                                      const double                        depth)
    {
      for (const WellboreSection &s : sections)
        if (depth < s.bottom)
          return s;
      return sections.back();
    }
  } // namespace

  std::vector<double> build_axisymmetric_well_mesh(Triangulation<2>                   &tria,
                                                   const MeshParameters               &mesh,
                                                   const double                        H,
                                                   const std::vector<WellboreSection> &sections,
                                                   const std::vector<double>          &breakpoints,
                                                   const GroundProperties             &ground)
  {
    const double              D  = H + mesh.depth_below_well;
    const std::vector<double> dr = radial_widths(mesh, sections);

    // Vertical: intervals between mesh lines that must exist.
    std::vector<double> lines = {0.0, H, D};
    for (const double z : breakpoints)
      if (z > 0 && z < H)
        lines.push_back(z);
    for (const WellboreSection &s : sections)
      if (s.bottom > 0 && s.bottom < H)
        lines.push_back(s.bottom);
    for (const double z : ground.layer_bottom_depths)
      if (z > 0 && z < D)
        lines.push_back(z);
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(),
                            lines.end(),
                            [](double p, double q) { return std::abs(p - q) < 1e-6; }),
                lines.end());
    std::vector<double> dz_down; // top to bottom
    for (unsigned int i = 1; i < lines.size(); ++i)
      for (const double w : graded_spacing(lines[i - 1],
                                           lines[i],
                                           {0.0, H},
                                           mesh.vertical_min_cell,
                                           mesh.vertical_max_cell,
                                           mesh.vertical_growth))
        dz_down.push_back(w);
    // deal.II builds from the lower corner upward: reverse to bottom first.
    std::vector<double> dy(dz_down.rbegin(), dz_down.rend());

    // Cell depths (top of each row, from the surface)
    std::vector<double> row_top(dz_down.size() + 1, 0.0);
    for (unsigned int j = 0; j < dz_down.size(); ++j)
      row_top[j + 1] = row_top[j] + dz_down[j];

    // Material id: a ring's solid inside its section's rock radius, else the
    // layer; cells inside the wall (the fluid) are removed.
    Table<2, types::material_id> material(dr.size(), dy.size());
    for (unsigned int j = 0; j < dy.size(); ++j)
      {
        const unsigned int row    = dy.size() - 1 - j; // row from the top
        const double       centre = 0.5 * (row_top[row] + row_top[row + 1]);
        double             r0     = 0;
        for (unsigned int i = 0; i < dr.size(); ++i)
          {
            const double       r1 = r0 + dr[i], rc = 0.5 * (r0 + r1);
            types::material_id m = ground.layer_at(centre);
            if (centre < H)
              {
                const WellboreSection &s = section_at(sections, centre);
                if (rc < s.wall_radius)
                  m = numbers::invalid_material_id;
                for (const RadialRing &ring : s.rings)
                  if (rc > ring.r_inner && rc < ring.r_outer)
                    m = ring.material;
              }
            material(i, j) = m;
            r0             = r1;
          }
      }
    GridGenerator::subdivided_hyper_rectangle(tria, {dr, dy}, Point<2>(0, -D), material, false);

    // Boundary ids from the face position.
    const double eps = 1e-6 * D;
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const Point<2> c        = cell->face(f)->center();
            const double   depth    = -c[1];
            const bool     vertical = f < 2; // faces 0, 1 have normals along r
            unsigned int   id;
            if (std::abs(c[1]) < eps)
              id = c[0] < sections.front().rock_radius() ? boundary_id::wellhead :
                                                           boundary_id::surface;
            else if (std::abs(depth - D) < eps)
              id = boundary_id::bottom;
            else if (std::abs(c[0] - mesh.far_field_radius) < eps)
              id = boundary_id::far_field;
            else if (std::abs(c[0]) < eps)
              id = boundary_id::axis;
            else if (vertical && depth < H &&
                     std::abs(c[0] - section_at(sections, depth).wall_radius) < 1e-8)
              id = boundary_id::wall;
            else
              id = boundary_id::well_bottom; // and the ledges where the wall steps
            cell->face(f)->set_boundary_id(id);
          }

    std::vector<double> wall_lines;
    for (const double z : row_top)
      if (z <= H + eps)
        wall_lines.push_back(z);
    return wall_lines;
  }

  std::vector<double> build_axisymmetric_well_mesh(Triangulation<2>          &tria,
                                                   const MeshParameters      &mesh,
                                                   const double               H,
                                                   const double               r_wall,
                                                   const std::vector<double> &breakpoints,
                                                   const GroundProperties    &ground)
  {
    return build_axisymmetric_well_mesh(
      tria, mesh, H, {WellboreSection{H, r_wall, {}}}, breakpoints, ground);
  }
} // namespace geoheat

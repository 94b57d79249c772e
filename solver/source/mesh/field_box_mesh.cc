#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>

#include <geoheat/base/input_error.h>
#include <geoheat/mesh/axisymmetric_well_mesh.h>
#include <geoheat/mesh/field_box_mesh.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using namespace dealii;

  void FieldMeshParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Field mesh");
    prm.declare_entry("Borehole cell size",
                      "1.0",
                      Patterns::Double(0.01, 100),
                      "Width of the cells next to a borehole axis (m). The mesh value on "
                      "the axis is the temperature at the equivalent radius r_eq (about "
                      "0.1-0.2 times this width), which must exceed the borehole radius.");
    prm.declare_entry("Horizontal growth",
                      "1.3",
                      Patterns::Double(1, 3),
                      "Growth of horizontal cell widths away from the borehole axes.");
    prm.declare_entry("Horizontal max cell", "25", Patterns::Double(0.1, 1000), "m.");
    prm.declare_entry("Vertical min cell",
                      "1",
                      Patterns::Double(0.01, 100),
                      "Cell height at the surface and at the borehole ends (m).");
    prm.declare_entry("Vertical cell along boreholes",
                      "5",
                      Patterns::Double(0.1, 100),
                      "Largest cell height over the depth range of the boreholes (m).");
    prm.declare_entry("Vertical max cell", "50", Patterns::Double(0.1, 1000), "m.");
    prm.declare_entry("Vertical growth", "1.3", Patterns::Double(1, 3), "");
    prm.declare_entry("Margin",
                      "0",
                      Patterns::Double(0),
                      "Distance from the outermost boreholes to the lateral boundaries and "
                      "from the deepest borehole bottom to the model bottom (m); 0 = "
                      "automatic, 3 sqrt(alpha t_end), at least 20 m.");
    prm.declare_entry("Polynomial degree", "1", Patterns::Integer(1, 2), "");
    prm.declare_entry("Transient coupling correction",
                      "true",
                      Patterns::Bool(),
                      "Correct the line coupling in time (the wall follows the cylinder "
                      "source from the first minutes, whatever the cell size); false: "
                      "the steady Peaceman term only, right once t >> h^2/alpha.");
    prm.leave_subsection();
  }

  void FieldMeshParameters::parse(ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Field mesh");
    borehole_cell          = prm.get_double("Borehole cell size");
    horizontal_growth      = prm.get_double("Horizontal growth");
    horizontal_max_cell    = prm.get_double("Horizontal max cell");
    vertical_min_cell      = prm.get_double("Vertical min cell");
    vertical_borehole_cell = prm.get_double("Vertical cell along boreholes");
    vertical_max_cell      = prm.get_double("Vertical max cell");
    vertical_growth        = prm.get_double("Vertical growth");
    margin                 = prm.get_double("Margin");
    degree                 = prm.get_integer("Polynomial degree");
    transient_coupling     = prm.get_bool("Transient coupling correction");
    prm.leave_subsection();
    require(borehole_cell <= horizontal_max_cell,
            file,
            "Field mesh/Borehole cell size",
            "must not exceed 'Horizontal max cell'");
    require(vertical_min_cell <= vertical_borehole_cell,
            file,
            "Field mesh/Vertical min cell",
            "must not exceed 'Vertical cell along boreholes'");
  }

  namespace
  {
    /// Sorted unique values (within 1 mm).
    std::vector<double> unique_sorted(std::vector<double> v)
    {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(),
                          v.end(),
                          [](double a, double b) { return std::abs(a - b) < 1e-3; }),
              v.end());
      return v;
    }

    /// Node coordinates over [a, b] with mesh nodes at every point of
    /// @p lines, graded from h_min at the refine points.
    std::vector<double> graded_nodes(const std::vector<double>           &lines,
                                     const std::vector<double>           &refine,
                                     double                               h_min,
                                     const std::function<double(double)> &h_max,
                                     double                               growth)
    {
      std::vector<double> nodes = {lines.front()};
      for (unsigned int i = 1; i < lines.size(); ++i)
        {
          const double mid = 0.5 * (lines[i - 1] + lines[i]);
          for (const double w :
               graded_spacing(lines[i - 1], lines[i], refine, h_min, h_max(mid), growth))
            nodes.push_back(nodes.back() + w);
          nodes.back() = lines[i]; // exactly on the line
        }
      return nodes;
    }

    /// Split the widest intervals of @p nodes in half until the number of
    /// intervals is a multiple of @p m (far-field cells: the widest).
    void pad_to_multiple(std::vector<double> &nodes, const unsigned int m)
    {
      while ((nodes.size() - 1) % m != 0)
        {
          unsigned int widest = 1;
          for (unsigned int i = 2; i < nodes.size(); ++i)
            if (nodes[i] - nodes[i - 1] > nodes[widest] - nodes[widest - 1] * (1 + 1e-12))
              widest = i;
          nodes.insert(nodes.begin() + widest, 0.5 * (nodes[widest - 1] + nodes[widest]));
        }
    }

    /// Node coordinate at the (dyadic) index position s of @p nodes.
    double at_index(const std::vector<double> &nodes, const double s)
    {
      const unsigned int i = std::floor(s);
      if (i + 1 >= nodes.size())
        return nodes.back();
      return s == i ? nodes[i] : nodes[i] + (s - i) * (nodes[i + 1] - nodes[i]);
    }

    /// Refinement levels for a mesh of @p n_cells: a distributed
    /// triangulation keeps its whole coarse mesh on every rank, so large
    /// meshes are built as a coarse mesh of at most ~20,000 cells refined
    /// globally; small meshes (up to 100,000 cells) are built directly.
    /// Padding adds at most 2^L - 1 far-field lines per direction.
    unsigned int refinement_levels(const double n_cells, const unsigned int min_lines)
    {
      unsigned int L = 0;
      while (n_cells / std::pow(8.0, L) > (L == 0 ? 1e5 : 2e4) && min_lines >= 2 * (1u << (L + 1)))
        ++L;
      return L;
    }

    unsigned int index_of(const std::vector<double> &nodes, const double v)
    {
      const auto it = std::min_element(nodes.begin(), nodes.end(), [&](double a, double b) {
        return std::abs(a - v) < std::abs(b - v);
      });
      return it - nodes.begin();
    }
  } // namespace

  FieldMeshLines build_field_box_mesh(Triangulation<3>          &tria,
                                      const FieldMeshParameters &mesh,
                                      const std::vector<double> &x_b,
                                      const std::vector<double> &y_b,
                                      const std::vector<double> &top_b,
                                      const std::vector<double> &bottom_b,
                                      const GroundProperties    &ground,
                                      const double               end_time)
  {
    double alpha = 0;
    for (unsigned int l = 0; l < ground.n_layers(); ++l)
      alpha = std::max(alpha, ground.conductivity[l] / ground.heat_capacity[l]);
    const double margin =
      mesh.margin > 0 ? mesh.margin : std::max(20.0, 3 * std::sqrt(alpha * end_time));
    const double deepest     = *std::max_element(bottom_b.begin(), bottom_b.end());
    const double model_depth = deepest + margin;

    FieldMeshLines lines;
    // Horizontal: planes through every borehole axis and the box sides.
    for (const auto *coords : {&x_b, &y_b})
      {
        std::vector<double> axes   = unique_sorted(*coords);
        std::vector<double> planes = axes;
        planes.insert(planes.begin(), axes.front() - margin);
        planes.push_back(axes.back() + margin);
        const std::vector<double> nodes = graded_nodes(
          planes,
          axes,
          mesh.borehole_cell,
          [&](double) { return mesh.horizontal_max_cell; },
          mesh.horizontal_growth);
        (coords == &x_b ? lines.x : lines.y) = nodes;
      }

    // Vertical: surface, borehole ends, layer interfaces, model bottom.
    std::vector<double> planes = {0.0, model_depth};
    planes.insert(planes.end(), top_b.begin(), top_b.end());
    planes.insert(planes.end(), bottom_b.begin(), bottom_b.end());
    for (const double z : ground.layer_bottom_depths)
      if (z > 0 && z < model_depth)
        planes.push_back(z);
    planes                     = unique_sorted(planes);
    std::vector<double> refine = {0.0};
    refine.insert(refine.end(), top_b.begin(), top_b.end());
    refine.insert(refine.end(), bottom_b.begin(), bottom_b.end());
    const double top_min = *std::min_element(top_b.begin(), top_b.end());
    lines.depth          = graded_nodes(
      planes,
      refine,
      mesh.vertical_min_cell,
      [&](double z) {
        return z >= top_min && z <= deepest ? mesh.vertical_borehole_cell : mesh.vertical_max_cell;
      },
      mesh.vertical_growth);

    // Large meshes: pad every direction to a multiple of 2^L intervals.
    const unsigned int L =
      refinement_levels(double(lines.x.size() - 1) * (lines.y.size() - 1) *
                          (lines.depth.size() - 1),
                        std::min({lines.x.size(), lines.y.size(), lines.depth.size()}) - 1);
    const unsigned int m = 1u << L;
    for (auto *nodes : {&lines.x, &lines.y, &lines.depth})
      pad_to_multiple(*nodes, m);

    for (unsigned int b = 0; b < x_b.size(); ++b)
      {
        lines.bx.push_back(index_of(lines.x, x_b[b]));
        lines.by.push_back(index_of(lines.y, y_b[b]));
      }

    // Coarse mesh in index coordinates (cell (i,j,k) of the fine mesh is
    // [i,i+1] x [j,j+1] x [k,k+1], k from the bottom), refined L times,
    // then mapped node by node onto the graded lines: every vertex sits at
    // an integer index, so it lands exactly on its line.
    const unsigned int nx = lines.x.size() - 1, ny = lines.y.size() - 1,
                       nz = lines.depth.size() - 1;
    GridGenerator::subdivided_hyper_rectangle(
      tria, {nx / m, ny / m, nz / m}, Point<3>(0, 0, 0), Point<3>(nx, ny, nz), false);
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const double zc = cell->face(f)->center()[2];
            cell->face(f)->set_boundary_id(std::abs(zc - nz) < 1e-9 ? 0 :
                                           std::abs(zc) < 1e-9      ? 1 :
                                                                      2);
          }
    tria.refine_global(L);
    const std::vector<double> &depth = lines.depth;
    GridTools::transform(
      [&](const Point<3> &s) {
        return Point<3>(at_index(lines.x, s[0]),
                        at_index(lines.y, s[1]),
                        -at_index(depth, nz - s[2]));
      },
      tria);
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(ground.layer_at(-cell->center()[2]));
    return lines;
  }
} // namespace geoheat

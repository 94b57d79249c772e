#pragma once
/**
 * @file field_layout.h
 * Where the boreholes of a field are: a regular layout generated from a few
 * numbers (the shapes of pygfunction's boreholes module) or a list of
 * coordinates read from a CSV file, plus how they are piped together
 * (network/field_hydraulics.h).
 *
 * Generated layouts (N_x = Number in x, N_y = Number in y, B_x, B_y the
 * spacings; borehole (i, j) sits at x = i B_x, y = j B_y, i < N_x, j < N_y):
 *  - rectangle: every (i, j);
 *  - L:         the first row (j = 0) and the first column (i = 0);
 *  - U:         the first row and the first and last columns;
 *  - box:       the perimeter of the N_x x N_y rectangle;
 *  - staggered: every (i, j), odd rows shifted by B_x/2
 *               (x = (i + 1/2) B_x for odd j).
 * These are pygfunction's rectangle_field, L_shaped_field, U_shaped_field,
 * box_shaped_field and staggered_rectangle_field (Borefield class, v2.3),
 * with two differences:
 *  - staggered always keeps N_x boreholes in the shifted rows, i.e.
 *    pygfunction's include_last_borehole = True (no option to drop the last
 *    one); like pygfunction, a single row or column is not shifted;
 *  - the numbering is always row by row (y, then x): this equals the
 *    Borefield class of pygfunction v2.3; its older list functions
 *    (boreholes.box_shaped_field) interleave the first and last rows.
 * Boreholes are numbered 0 ... N-1 in that order (a coordinates file: in
 * the order of its rows); series strings follow this numbering.
 */
#include <geoheat/network/field_hydraulics.h>

#include <string>
#include <vector>

namespace dealii
{
  class ParameterHandler;
}

namespace geoheat
{
  /// Position and vertical extent of one borehole.
  struct BoreholePlacement
  {
    double x;            ///< m, position of the borehole head
    double y;            ///< m
    double length;       ///< m, active (heat exchanging) length H
    double buried_depth; ///< m, depth of the top of the active length, D
  };

  /// How the borehole positions are given (entry "Layout").
  enum class FieldShape
  {
    rectangle,
    L,
    U,
    box,
    staggered,
    file ///< coordinates read from "Coordinates file"
  };

  /**
   * The regular layout @p shape (not FieldShape::file) of
   * @p n_x x @p n_y boreholes with spacings @p spacing_x, @p spacing_y (m),
   * first borehole at (0, 0), numbered row by row. Every borehole gets
   * @p length and @p buried_depth (m). No checks: see FieldLayout::build().
   */
  std::vector<BoreholePlacement> generate_field(FieldShape   shape,
                                                unsigned int n_x,
                                                unsigned int n_y,
                                                double       spacing_x,
                                                double       spacing_y,
                                                double       length,
                                                double       buried_depth);

  /**
   * Read borehole positions from a CSV file: a header line whose first two
   * columns are x and y, optionally followed by length and/or buried_depth
   * (in any order), then one row per borehole, values in m. Blank lines and
   * lines starting with '#' are skipped. Missing columns take
   * @p default_length and @p default_buried_depth.
   *
   * Throws InputError "FILE: line N: REASON" for: a missing or unknown
   * header, a value that is not a finite number, a wrong number of values,
   * length <= 0, buried_depth < 0, two rows with the same coordinates, two
   * boreholes closer than @p min_distance (m, the borehole diameter), and a
   * file without data rows ("FILE: REASON").
   */
  std::vector<BoreholePlacement> read_borehole_coordinates(const std::string &csv_file,
                                                           double             default_length,
                                                           double             default_buried_depth,
                                                           double             min_distance);

  /**
   * The borehole field of a run: parameters of subsection "Borehole field"
   * and the boreholes they describe.
   */
  struct FieldLayout
  {
    /// Subsection the entries live in.
    static constexpr const char *subsection = "Borehole field";

    static void declare(dealii::ParameterHandler &prm);
    /// Read the entries, resolve the coordinates file against the folder of
    /// the parameter file @p file, then build().
    void parse(dealii::ParameterHandler &prm, const std::string &file);

    /**
     * Fill #boreholes from the settings below and check them. Errors name
     * the parameter file @p file and the entry ("Borehole field/Spacing x"),
     * or the coordinates file and its line.
     */
    void build(const std::string &file);

    // Settings (SI; defaults are those of declare()).
    FieldShape   shape     = FieldShape::rectangle;
    unsigned int n_x       = 1;           ///< boreholes per row (along x)
    unsigned int n_y       = 1;           ///< rows (along y)
    double       spacing_x = 6.0;         ///< m, B_x
    double       spacing_y = 6.0;         ///< m, B_y
    std::string  coordinates_file;        ///< CSV path, already resolved
    double       borehole_length = 150.0; ///< m, H of generated layouts
    /// m, D: GHEtool's default is 1 m, pygfunction's examples use 2.5-4 m;
    /// 1.5 m is a typical depth of the horizontal header trench.
    double      buried_depth    = 1.5;
    double      borehole_radius = 0.075; ///< m, r_b (diameter 0.15 m)
    FieldPiping piping;                  ///< connection and flow split

    /// The boreholes, numbered 0 ... N-1 (filled by build()).
    std::vector<BoreholePlacement> boreholes;

    unsigned int n_boreholes() const
    {
      return boreholes.size();
    }
  };
} // namespace geoheat

#pragma once
/**
 * @file borehole_lines_writer.h
 * The boreholes of a field as lines for ParaView, next to the ground
 * (results_contract.md "Fields"): boreholes.pvd + boreholes/boreholes-NNNNN.vtp,
 * one VTK PolyData file per output time with one polyline per borehole
 * through its nodes at (x, y, z = -depth) m, the axes of the 3D ground mesh
 * (z up, surface at z = 0).
 *   point data: T_down_C, T_up_C (fluid of the down- and up-going legs),
 *               T_wall_C (borehole wall), line_load_W_per_m (+ = extraction)
 *   cell data:  well (borehole number, as in wells.csv)
 * Written by rank 0 from the well profiles; the .pvd (times in days, as
 * solution.pvd) is rewritten after each output through a temporary file.
 */
#include <geoheat/network/field_layout.h>
#include <geoheat/wells/borehole_model.h>

#include <string>
#include <utility>
#include <vector>

namespace geoheat
{
  class BoreholeLinesWriter
  {
  public:
    /// @param active false on ranks other than 0, or when nothing is written
    BoreholeLinesWriter(const std::string             &directory,
                        bool                           active,
                        std::vector<BoreholePlacement> placements);

    /// Write output @p index at @p time_s: one profile per borehole.
    void write(unsigned int index, double time_s, const std::vector<WellProfile> &profiles);

    /// The .pvd entries so far (for checkpoints), and their inverse: a
    /// resumed run rewrites boreholes.pvd with exactly these entries.
    std::string save() const;
    void        restore(const std::string &state);

  private:
    std::string                                 dir;
    bool                                        active;
    std::vector<BoreholePlacement>              placements;
    std::vector<std::pair<double, std::string>> pvd_entries; ///< (days, file)

    void write_pvd() const;
  };
} // namespace geoheat

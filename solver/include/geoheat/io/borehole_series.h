#pragma once
/**
 * @file borehole_series.h
 * Per-borehole time series of a field (results_contract.md "Fields"), one
 * entry per accepted step and borehole: inlet and outlet temperature (deg C),
 * flow (m^3/s) and ground load (W, + = extraction).
 *  - wells.csv: one row per step and borehole,
 *      time_s,well,inlet_temperature_C,outlet_temperature_C,flow_rate_m3_per_s,ground_load_W
 *  - wells.h5 (large fields): datasets time_s [steps] and
 *      inlet_temperature_C, outlet_temperature_C, flow_rate_m3_per_s,
 *      ground_load_W [steps x boreholes], plus the boreholes: well [boreholes]
 *      (ids as in wells.csv), x_m, y_m (head position), buried_depth_m,
 *      length_m. Rows are buffered and written every 256 steps, at each
 *      checkpoint and at the end (a killed run keeps the rows up to the last
 *      flush; --resume cuts the datasets back to its checkpoint).
 * Written by rank 0.
 */
#include <geoheat/coupling/step_result.h>
#include <geoheat/network/field_layout.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace geoheat
{
  enum class BoreholeSeriesFormat
  {
    csv,
    hdf5
  };

  /// Setting of Output/Per-borehole series: "automatic" is wells.csv up to
  /// @ref max_boreholes_in_csv boreholes and wells.h5 above.
  BoreholeSeriesFormat   choose_borehole_series_format(const std::string &setting,
                                                       unsigned int       n_boreholes);
  constexpr unsigned int max_boreholes_in_csv = 64;

  class BoreholeSeries
  {
  public:
    /// @param active false on ranks other than 0, or when nothing is written
    BoreholeSeries(const std::string             &directory,
                   bool                           active,
                   BoreholeSeriesFormat           format,
                   std::vector<BoreholePlacement> placements);
    ~BoreholeSeries();

    /// "wells.csv" or "wells.h5".
    std::string file_name() const;
    /// Create the file; with @p resume_position > 0 keep the entries up to
    /// that position (a previous flush()) and append after them.
    void open(long resume_position = 0);
    void append(double time_s, const StepResult &r);
    /// Write everything appended so far; returns the position to resume
    /// from (bytes of wells.csv, or steps in wells.h5).
    long flush();

  private:
    std::string                    dir;
    bool                           active;
    BoreholeSeriesFormat           format;
    std::vector<BoreholePlacement> placements;
    std::FILE                     *csv          = nullptr;
    long                           csv_complete = 0; ///< bytes of whole rows in wells.csv

    struct H5File; ///< the open wells.h5 and the rows not yet written
    std::unique_ptr<H5File> h5;
  };
} // namespace geoheat

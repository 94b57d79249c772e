#include <geoheat/io/borehole_series.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/io/run_records.h>

#include <hdf5.h>

#include <array>
#include <cerrno>
#include <stdexcept>

namespace geoheat
{
  BoreholeSeriesFormat choose_borehole_series_format(const std::string &setting,
                                                     const unsigned int n_boreholes)
  {
    if (setting == "wells.csv")
      return BoreholeSeriesFormat::csv;
    if (setting == "wells.h5")
      return BoreholeSeriesFormat::hdf5;
    return n_boreholes <= max_boreholes_in_csv ? BoreholeSeriesFormat::csv :
                                                 BoreholeSeriesFormat::hdf5;
  }

  namespace
  {
    constexpr std::array<const char *, 4> quantities = {
      {"inlet_temperature_C", "outlet_temperature_C", "flow_rate_m3_per_s", "ground_load_W"}};
    constexpr hsize_t rows_per_flush = 256;

    void check(const bool ok, const std::string &what)
    {
      if (!ok)
        throw std::runtime_error("wells.h5: " + what + " failed");
    }

    /// A fixed dataset of doubles (borehole coordinates).
    void write_fixed(const hid_t file, const char *name, const std::vector<double> &v)
    {
      const hsize_t n     = v.size();
      const hid_t   space = H5Screate_simple(1, &n, nullptr);
      const hid_t   set =
        H5Dcreate2(file, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      check(set >= 0 &&
              H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0,
            std::string("writing ") + name);
      H5Dclose(set);
      H5Sclose(space);
    }

    /// An extendible dataset [0 x columns] (columns = 0: one-dimensional).
    hid_t create_growing(const hid_t file, const char *name, const hsize_t columns)
    {
      const int     rank     = columns > 0 ? 2 : 1;
      const hsize_t dims[2]  = {0, columns};
      const hsize_t maxd[2]  = {H5S_UNLIMITED, columns};
      const hsize_t chunk[2] = {rows_per_flush, columns};
      const hid_t   space    = H5Screate_simple(rank, dims, maxd);
      const hid_t   props    = H5Pcreate(H5P_DATASET_CREATE);
      H5Pset_chunk(props, rank, chunk);
      const hid_t set =
        H5Dcreate2(file, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, props, H5P_DEFAULT);
      H5Pclose(props);
      H5Sclose(space);
      check(set >= 0, std::string("creating ") + name);
      return set;
    }

    /// Append @p rows rows of @p data to an extendible dataset.
    void append_rows(const hid_t set, const hsize_t columns, const std::vector<double> &data)
    {
      if (data.empty())
        return;
      const int     rank  = columns > 0 ? 2 : 1;
      const hsize_t width = columns > 0 ? columns : 1;
      hsize_t       dims[2];
      const hid_t   old = H5Dget_space(set);
      H5Sget_simple_extent_dims(old, dims, nullptr);
      H5Sclose(old);
      const hsize_t rows     = data.size() / width;
      const hsize_t start[2] = {dims[0], 0};
      const hsize_t count[2] = {rows, columns};
      dims[0] += rows;
      check(H5Dset_extent(set, dims) >= 0, "extending a dataset");
      const hid_t file_space = H5Dget_space(set);
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr);
      const hid_t mem_space = H5Screate_simple(rank, count, nullptr);
      check(H5Dwrite(set, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, data.data()) >= 0,
            "writing rows");
      H5Sclose(mem_space);
      H5Sclose(file_space);
    }
  } // namespace

  struct BoreholeSeries::H5File
  {
    hid_t                                              file = -1;
    hid_t                                              time = -1;
    std::array<hid_t, quantities.size()>               sets{};
    std::vector<double>                                time_rows;
    std::array<std::vector<double>, quantities.size()> rows;
    hsize_t                                            written = 0; ///< steps on disk

    ~H5File()
    {
      for (const hid_t s : sets)
        if (s >= 0)
          H5Dclose(s);
      if (time >= 0)
        H5Dclose(time);
      if (file >= 0)
        H5Fclose(file);
    }
  };

  BoreholeSeries::BoreholeSeries(const std::string             &directory,
                                 const bool                     active_in,
                                 const BoreholeSeriesFormat     format_in,
                                 std::vector<BoreholePlacement> placements_in)
    : dir(directory)
    , active(active_in)
    , format(format_in)
    , placements(std::move(placements_in))
  {}

  BoreholeSeries::~BoreholeSeries()
  {
    if (csv)
      (void)std::fclose(csv); // every row was flushed and checked (check_flushed)
    if (h5)
      try
        {
          flush();
        }
      catch (...)
        {
          // a destructor must not throw; the rows since the last flush are lost
        }
  }

  std::string BoreholeSeries::file_name() const
  {
    return format == BoreholeSeriesFormat::csv ? "wells.csv" : "wells.h5";
  }

  void BoreholeSeries::open(const long resume_position)
  {
    if (!active)
      return;
    const std::string name = dir + "/" + file_name();
    if (format == BoreholeSeriesFormat::csv)
      {
        csv = open_table(name,
                         "time_s,well,inlet_temperature_C,outlet_temperature_C,"
                         "flow_rate_m3_per_s,ground_load_W",
                         resume_position,
                         csv_complete);
        return;
      }

    h5              = std::make_unique<H5File>();
    const hsize_t n = placements.size();
    if (resume_position > 0)
      {
        // Cut every dataset back to the steps of the checkpoint.
        h5->file = H5Fopen(name.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        check(h5->file >= 0, "opening " + name + " to resume");
        h5->time = H5Dopen2(h5->file, "time_s", H5P_DEFAULT);
        check(h5->time >= 0, "opening time_s");
        hsize_t steps = resume_position;
        check(H5Dset_extent(h5->time, &steps) >= 0, "cutting time_s back");
        for (unsigned int q = 0; q < quantities.size(); ++q)
          {
            h5->sets[q]           = H5Dopen2(h5->file, quantities[q], H5P_DEFAULT);
            const hsize_t dims[2] = {steps, n};
            check(h5->sets[q] >= 0 && H5Dset_extent(h5->sets[q], dims) >= 0,
                  std::string("cutting ") + quantities[q] + " back");
          }
        h5->written = steps;
        return;
      }
    h5->file = H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    check(h5->file >= 0, "creating " + name);
    std::vector<double> well, x, y, top, length;
    for (unsigned int b = 0; b < n; ++b)
      {
        well.push_back(b);
        x.push_back(placements[b].x);
        y.push_back(placements[b].y);
        top.push_back(placements[b].buried_depth);
        length.push_back(placements[b].length);
      }
    write_fixed(h5->file, "well", well);
    write_fixed(h5->file, "x_m", x);
    write_fixed(h5->file, "y_m", y);
    write_fixed(h5->file, "buried_depth_m", top);
    write_fixed(h5->file, "length_m", length);
    h5->time = create_growing(h5->file, "time_s", 0);
    for (unsigned int q = 0; q < quantities.size(); ++q)
      h5->sets[q] = create_growing(h5->file, quantities[q], n);
    H5Fflush(h5->file, H5F_SCOPE_GLOBAL);
  }

  void BoreholeSeries::append(const double time_s, const StepResult &r)
  {
    if (!active)
      return;
    if (csv)
      {
        for (unsigned int b = 0; b < r.boreholes.size(); ++b)
          {
            const BoreholeStep &s = r.boreholes[b];
            (void)std::fprintf(csv, // errors: check_flushed() below
                               "%.10g,%u,%.12g,%.12g,%.10g,%.12g\n",
                               time_s,
                               b,
                               s.inlet_C,
                               s.outlet_C,
                               s.flow,
                               s.ground_load_W);
          }
        check_flushed(csv, dir + "/" + file_name(), csv_complete);
        return;
      }
    if (!h5)
      return;
    h5->time_rows.push_back(time_s);
    for (const BoreholeStep &s : r.boreholes)
      {
        h5->rows[0].push_back(s.inlet_C);
        h5->rows[1].push_back(s.outlet_C);
        h5->rows[2].push_back(s.flow);
        h5->rows[3].push_back(s.ground_load_W);
      }
    if (h5->time_rows.size() >= rows_per_flush)
      flush();
  }

  long BoreholeSeries::flush()
  {
    if (!active)
      return 0;
    if (csv)
      {
        check_flushed(csv, dir + "/" + file_name(), csv_complete);
        return csv_complete;
      }
    if (!h5)
      return 0;
    // The quantities first, time_s last: a reader that sees a step's time
    // also sees its values.
    errno = 0;
    try
      {
        for (unsigned int q = 0; q < quantities.size(); ++q)
          {
            append_rows(h5->sets[q], placements.size(), h5->rows[q]);
            h5->rows[q].clear();
          }
        append_rows(h5->time, 0, h5->time_rows);
        h5->written += h5->time_rows.size();
        h5->time_rows.clear();
        check(H5Fflush(h5->file, H5F_SCOPE_GLOBAL) >= 0, "flushing");
      }
    catch (const std::runtime_error &)
      {
        const int err = output_error_number(dir, errno);
        if (err == 0)
          throw;
        throw_write_error(dir + "/wells.h5", err);
      }
    return h5->written;
  }
} // namespace geoheat

#include <deal.II/base/data_out_base.h>
#include <deal.II/base/utilities.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/io/borehole_lines_writer.h>
#include <geoheat/io/checked_io.h>

#include <cstdio>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace geoheat
{
  BoreholeLinesWriter::BoreholeLinesWriter(const std::string             &directory,
                                           const bool                     active_in,
                                           std::vector<BoreholePlacement> placements_in)
    : dir(directory)
    , active(active_in && !placements_in.empty())
    , placements(std::move(placements_in))
  {
    if (this->active && !make_directories(dir + "/boreholes"))
      throw std::runtime_error("cannot create " + dir + "/boreholes");
  }

  namespace
  {
    /// One <DataArray> of ASCII values.
    template <typename T>
    void data_array(std::ostream         &o,
                    const char           *type,
                    const std::string    &name,
                    unsigned int          components,
                    const std::vector<T> &values)
    {
      o << "        <DataArray type=\"" << type << "\" Name=\"" << name
        << "\" NumberOfComponents=\"" << components << "\" format=\"ascii\">\n";
      for (std::size_t i = 0; i < values.size(); ++i)
        o << (i % 6 == 0 ? "          " : " ") << values[i]
          << (i % 6 == 5 || i + 1 == values.size() ? "\n" : "");
      o << "        </DataArray>\n";
    }
  } // namespace

  void BoreholeLinesWriter::write(const unsigned int              index,
                                  const double                    time_s,
                                  const std::vector<WellProfile> &profiles)
  {
    if (!active)
      return;
    if (profiles.size() != placements.size())
      throw std::logic_error("BoreholeLinesWriter: one profile per borehole expected");

    // Points (x, y, -depth), the per-point fields and the polylines.
    std::vector<double>       xyz, T_down, T_up, T_wall, load;
    std::vector<unsigned int> connectivity, offsets, well;
    for (unsigned int b = 0; b < profiles.size(); ++b)
      {
        const WellProfile &p = profiles[b];
        for (unsigned int k = 0; k < p.depth.size(); ++k)
          {
            connectivity.push_back(xyz.size() / 3);
            xyz.insert(xyz.end(), {placements[b].x, placements[b].y, -p.depth[k]});
          }
        T_down.insert(T_down.end(), p.T_down.begin(), p.T_down.end());
        T_up.insert(T_up.end(), p.T_up.begin(), p.T_up.end());
        T_wall.insert(T_wall.end(), p.T_wall.begin(), p.T_wall.end());
        load.insert(load.end(), p.line_load.begin(), p.line_load.end());
        offsets.push_back(connectivity.size());
        well.push_back(b);
      }

    const std::string name =
      "boreholes/boreholes-" + dealii::Utilities::int_to_string(index, 5) + ".vtp";
    {
      std::ostringstream o;
      o << std::setprecision(10);
      o << "<?xml version=\"1.0\"?>\n"
        << "<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
        << "  <PolyData>\n"
        << "    <FieldData>\n"
        << "      <DataArray type=\"Float64\" Name=\"TIME\" NumberOfTuples=\"1\" format=\"ascii\">"
        << time_s / units::seconds_per_day << "</DataArray>\n"
        << "    </FieldData>\n"
        << "    <Piece NumberOfPoints=\"" << xyz.size() / 3 << "\" NumberOfVerts=\"0\" "
        << "NumberOfLines=\"" << offsets.size() << "\" NumberOfStrips=\"0\" NumberOfPolys=\"0\">\n"
        << "      <Points>\n";
      data_array(o, "Float64", "Points", 3, xyz);
      o << "      </Points>\n"
        << "      <PointData Scalars=\"T_wall_C\">\n";
      data_array(o, "Float64", "T_down_C", 1, T_down);
      data_array(o, "Float64", "T_up_C", 1, T_up);
      data_array(o, "Float64", "T_wall_C", 1, T_wall);
      data_array(o, "Float64", "line_load_W_per_m", 1, load);
      o << "      </PointData>\n"
        << "      <CellData Scalars=\"well\">\n";
      data_array(o, "Int32", "well", 1, well);
      o << "      </CellData>\n"
        << "      <Lines>\n";
      data_array(o, "Int32", "connectivity", 1, connectivity);
      data_array(o, "Int32", "offsets", 1, offsets);
      o << "      </Lines>\n"
        << "    </Piece>\n"
        << "  </PolyData>\n"
        << "</VTKFile>\n";
      replace_file(dir + "/" + name, o.str());
    }
    pvd_entries.emplace_back(time_s / units::seconds_per_day, name);
    write_pvd();
  }

  void BoreholeLinesWriter::write_pvd() const
  {
    std::ostringstream pvd;
    dealii::DataOutBase::write_pvd_record(pvd, pvd_entries);
    replace_file(dir + "/boreholes.pvd", pvd.str());
  }

  std::string BoreholeLinesWriter::save() const
  {
    std::ostringstream o;
    o << std::setprecision(17) << pvd_entries.size() << '\n';
    for (const auto &[t, name] : pvd_entries)
      o << t << ' ' << name << '\n';
    return o.str();
  }

  void BoreholeLinesWriter::restore(const std::string &state)
  {
    std::istringstream in(state);
    std::size_t        n = 0;
    in >> n;
    // a count beyond the size of the state (a hand-edited checkpoint) would
    // allocate without bound (found by fuzzing)
    require(in && n <= state.size(),
            dir + "/checkpoint",
            "borehole_lines",
            "a count of " + std::to_string(n) + " in " + std::to_string(state.size()) +
              " bytes (damaged)");
    pvd_entries.resize(n);
    for (auto &[t, name] : pvd_entries)
      in >> t >> name;
    if (active)
      write_pvd();
  }
} // namespace geoheat

#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>
#include <deal.II/grid/reference_cell.h>
#include <deal.II/numerics/data_out.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/io/field_writer.h>

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace geoheat
{
  using namespace dealii;

  FieldWriter::FieldWriter(MPI_Comm           comm_in,
                           const std::string &directory,
                           const bool         vtk_in,
                           const bool         hdf5_in)
    : comm(comm_in)
    , dir(directory)
    , vtk(vtk_in)
    , hdf5(hdf5_in)
  {}

  template <int dim>
  void FieldWriter::write(const GroundModel<dim> &ground,
                          const GhostedVector    &theta,
                          const double            time_s)
  {
    GhostedVector T = ground.undisturbed_temperature(time_s);
    T += theta;
    T.update_ghost_values();

    const auto   &tria = ground.dofs().get_triangulation();
    Vector<float> layer(tria.n_active_cells()), subdomain(tria.n_active_cells());
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          layer(cell->active_cell_index())     = cell->material_id();
          subdomain(cell->active_cell_index()) = cell->subdomain_id();
        }

    DataOut<dim> data_out;
    data_out.attach_dof_handler(ground.dofs());
    data_out.add_data_vector(T, "temperature");
    data_out.add_data_vector(theta, "temperature_change");
    data_out.add_data_vector(layer, "layer");
    data_out.add_data_vector(subdomain, "subdomain");
    data_out.build_patches(ground.dofs().get_fe().degree);

    const unsigned int rank      = Utilities::MPI::this_mpi_process(comm);
    const unsigned int nranks    = Utilities::MPI::n_mpi_processes(comm);
    const std::string  base      = "solution-" + Utilities::int_to_string(counter, 5);
    const double       time_days = time_s / units::seconds_per_day;

    if (vtk)
      {
        const std::string piece = base + "." + Utilities::int_to_string(rank, 4) + ".vtu";
        std::ofstream     out(dir + "/solution/" + piece);
        data_out.write_vtu(out);
        if (rank == 0)
          {
            std::vector<std::string> pieces;
            for (unsigned int r = 0; r < nranks; ++r)
              pieces.push_back(base + "." + Utilities::int_to_string(r, 4) + ".vtu");
            std::ofstream pvtu(dir + "/solution/" + base + ".pvtu");
            data_out.write_pvtu_record(pvtu, pieces);
            pvd_entries.emplace_back(time_days, "solution/" + base + ".pvtu");
          }
      }
    if (hdf5)
      {
        DataOutBase::DataOutFilter filter(DataOutBase::DataOutFilterFlags(true, true));
        data_out.write_filtered_data(filter);
        const std::string h5 = "solution/" + base + ".h5";
        data_out.write_hdf5_parallel(filter, dir + "/" + h5, comm);
        const XDMFEntry entry = data_out.create_xdmf_entry(filter, h5, time_days, comm);
        if (rank == 0)
          xdmf_blocks.push_back(entry.get_xdmf_content(3, ReferenceCells::get_hypercube<dim>()));
      }
    ++counter;
    if (rank == 0)
      {
        write_pvd();
        write_xdmf();
      }
  }

  void FieldWriter::write_pvd() const
  {
    if (!vtk)
      return;
    {
      std::ofstream pvd(dir + "/solution.pvd.tmp");
      DataOutBase::write_pvd_record(pvd, pvd_entries);
    }
    std::rename((dir + "/solution.pvd.tmp").c_str(), (dir + "/solution.pvd").c_str());
  }

  void FieldWriter::write_xdmf() const
  {
    if (!hdf5)
      return;
    {
      // The layout deal.II's DataOut::write_xdmf_file uses (XDMF 2 temporal
      // collection), written from kept blocks so a resumed run can rewrite it.
      std::ofstream x(dir + "/solution.xdmf.tmp");
      x << "<?xml version=\"1.0\" ?>\n"
        << "<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
        << "<Xdmf Version=\"2.0\">\n"
        << "  <Domain>\n"
        << "    <Grid Name=\"CellTime\" GridType=\"Collection\" "
           "CollectionType=\"Temporal\">\n";
      for (const auto &b : xdmf_blocks)
        x << b;
      x << "    </Grid>\n  </Domain>\n</Xdmf>\n";
    }
    std::rename((dir + "/solution.xdmf.tmp").c_str(), (dir + "/solution.xdmf").c_str());
  }

  std::string FieldWriter::save() const
  {
    std::ostringstream o;
    o << std::setprecision(17) << counter << ' ' << pvd_entries.size() << '\n';
    for (const auto &[t, name] : pvd_entries)
      o << t << ' ' << name << '\n';
    o << xdmf_blocks.size() << '\n';
    for (const auto &b : xdmf_blocks)
      o << b.size() << '\n' << b;
    return o.str();
  }

  void FieldWriter::restore(const std::string &state)
  {
    std::istringstream in(state);
    size_t             n = 0;
    // counts and lengths beyond the size of the state (a hand-edited
    // checkpoint) would allocate without bound (found by fuzzing)
    auto check = [&](const size_t count) {
      require(in && count <= state.size(),
              dir + "/checkpoint",
              "field_writer",
              "a count of " + std::to_string(count) + " in " + std::to_string(state.size()) +
                " bytes (damaged)");
    };
    in >> counter >> n;
    check(n);
    pvd_entries.resize(n);
    for (auto &[t, name] : pvd_entries)
      in >> t >> name;
    in >> n;
    check(n);
    xdmf_blocks.resize(n);
    for (auto &b : xdmf_blocks)
      {
        size_t len = 0;
        in >> len;
        in.get();
        check(len);
        b.resize(len);
        in.read(b.data(), len);
      }
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        write_pvd();
        write_xdmf();
      }
  }
  template void FieldWriter::write(const GroundModel<2> &, const GhostedVector &, double);
  template void FieldWriter::write(const GroundModel<3> &, const GhostedVector &, double);
} // namespace geoheat

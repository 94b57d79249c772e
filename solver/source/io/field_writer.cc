#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>
#include <deal.II/grid/reference_cell.h>
#include <deal.II/numerics/data_out.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/io/field_writer.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
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
    if (const DoFHandler<dim> *velocity_dofs = ground.darcy_velocity_dofs())
      data_out.add_data_vector(
        *velocity_dofs,
        ground.darcy_velocity(),
        std::vector<std::string>(dim, "darcy_velocity"), // m/s, cell-wise
        std::vector<DataComponentInterpretation::DataComponentInterpretation>(
          dim, DataComponentInterpretation::component_is_part_of_vector));
    data_out.build_patches(ground.dofs().get_fe().degree);

    const unsigned int rank      = Utilities::MPI::this_mpi_process(comm);
    const unsigned int nranks    = Utilities::MPI::n_mpi_processes(comm);
    const std::string  base      = "solution-" + Utilities::int_to_string(counter, 5);
    const double       time_days = time_s / units::seconds_per_day;

    // A write that fails on one rank is reported on every rank
    // (on_all_ranks) before the next collective step.
    if (vtk)
      on_all_ranks(comm, [&]() {
        std::ostringstream piece;
        data_out.write_vtu(piece);
        write_file(dir + "/solution/" + base + "." + Utilities::int_to_string(rank, 4) + ".vtu",
                   piece.str());
      });
    std::string xdmf_block;
    if (hdf5)
      {
        DataOutBase::DataOutFilter filter(DataOutBase::DataOutFilterFlags(true, true));
        data_out.write_filtered_data(filter);
        const std::string h5   = "solution/" + base + ".h5";
        const std::string path = dir + "/" + h5;
        if (nranks > 1)
          {
            // Parallel HDF5 cannot tell the other ranks that a write failed on
            // one: they would wait for it in the next collective HDF5 call for
            // ever. So check the space first, for all ranks at once: the
            // coordinates, cell vertices (4-byte integers) and fields, with a
            // margin for HDF5's own data.
            double bytes = filter.n_nodes() * 8.0 * dim + filter.n_cells() * 4.0 * (1 << dim);
            for (unsigned int i = 0; i < filter.n_data_sets(); ++i)
              bytes += filter.n_nodes() * 8.0 * filter.get_data_set_dim(i);
            const double needed = 1.25 * Utilities::MPI::sum(bytes, comm) + 65536;
            on_all_ranks(comm, [&]() {
              const double available = rank == 0 ? double(free_bytes(dir)) : needed;
              if (available < needed)
                throw WriteError(path + ": cannot write: " + std::strerror(ENOSPC) + " (" +
                                 std::to_string((long long)available) + " bytes free, about " +
                                 std::to_string((long long)needed) + " needed)");
            });
          }
        errno = 0;
        try
          {
            data_out.write_hdf5_parallel(filter, path, comm);
          }
        catch (const std::exception &)
          {
            const int err = output_error_number(dir, errno); // before the removal
            (void)std::remove(path.c_str());                 // the partial file, if any
            const std::string what =
              path + " (HDF5): cannot write: " + (err ? std::strerror(err) : "write failed");
            if (nranks == 1)
              throw WriteError(what);
            // The other ranks may be blocked in the parallel write: no clean
            // way out of it for them.
            std::cerr << "geoheat: error: " << what << " (rank " << rank
                      << "; the other ranks may wait for it in the parallel HDF5 write: aborting)"
                      << std::endl;
            MPI_Abort(comm, 3);
          }
        const XDMFEntry entry = data_out.create_xdmf_entry(filter, h5, time_days, comm);
        if (rank == 0)
          xdmf_block = entry.get_xdmf_content(3, ReferenceCells::get_hypercube<dim>());
      }
    // The record files last: they name only outputs that were written whole.
    on_all_ranks(comm, [&]() {
      if (rank != 0)
        return;
      if (vtk)
        {
          std::vector<std::string> pieces;
          for (unsigned int r = 0; r < nranks; ++r)
            pieces.push_back(base + "." + Utilities::int_to_string(r, 4) + ".vtu");
          std::ostringstream pvtu;
          data_out.write_pvtu_record(pvtu, pieces);
          write_file(dir + "/solution/" + base + ".pvtu", pvtu.str());
          pvd_entries.emplace_back(time_days, "solution/" + base + ".pvtu");
        }
      if (hdf5)
        xdmf_blocks.push_back(xdmf_block);
      write_pvd();
      write_xdmf();
    });
    ++counter;
  }

  void FieldWriter::write_pvd() const
  {
    if (!vtk)
      return;
    std::ostringstream pvd;
    DataOutBase::write_pvd_record(pvd, pvd_entries);
    replace_file(dir + "/solution.pvd", pvd.str());
  }

  void FieldWriter::write_xdmf() const
  {
    if (!hdf5)
      return;
    // The layout deal.II's DataOut::write_xdmf_file uses (XDMF 2 temporal
    // collection), written from kept blocks so a resumed run can rewrite it.
    std::ostringstream x;
    x << "<?xml version=\"1.0\" ?>\n"
      << "<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
      << "<Xdmf Version=\"2.0\">\n"
      << "  <Domain>\n"
      << "    <Grid Name=\"CellTime\" GridType=\"Collection\" "
         "CollectionType=\"Temporal\">\n";
    for (const auto &b : xdmf_blocks)
      x << b;
    x << "    </Grid>\n  </Domain>\n</Xdmf>\n";
    replace_file(dir + "/solution.xdmf", x.str());
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
    on_all_ranks(comm, [&]() {
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        {
          write_pvd();
          write_xdmf();
        }
    });
  }
  template void FieldWriter::write(const GroundModel<2> &, const GhostedVector &, double);
  template void FieldWriter::write(const GroundModel<3> &, const GhostedVector &, double);
} // namespace geoheat

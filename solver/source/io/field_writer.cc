#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>
#include <deal.II/numerics/data_out.h>

#include <geoheat/base/units.h>
#include <geoheat/io/field_writer.h>

#include <cstdio>
#include <fstream>

namespace geoheat
{
  using namespace dealii;

  FieldWriter::FieldWriter(MPI_Comm comm, const std::string &directory,
                           const bool vtk, const bool hdf5)
    : comm(comm), dir(directory), vtk(vtk), hdf5(hdf5)
  {}

  void FieldWriter::write(const GroundModel<2> &ground,
                          const GhostedVector  &theta,
                          const double          time_s)
  {
    GhostedVector T = ground.undisturbed_temperature();
    T += theta;
    T.update_ghost_values();

    const auto &tria = ground.dofs().get_triangulation();
    Vector<float> layer(tria.n_active_cells()), subdomain(tria.n_active_cells());
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          layer(cell->active_cell_index())     = cell->material_id();
          subdomain(cell->active_cell_index()) = cell->subdomain_id();
        }

    DataOut<2> data_out;
    data_out.attach_dof_handler(ground.dofs());
    data_out.add_data_vector(T, "temperature");
    data_out.add_data_vector(theta, "temperature_change");
    data_out.add_data_vector(layer, "layer");
    data_out.add_data_vector(subdomain, "subdomain");
    data_out.build_patches(ground.dofs().get_fe().degree);

    const unsigned int rank   = Utilities::MPI::this_mpi_process(comm);
    const unsigned int nranks = Utilities::MPI::n_mpi_processes(comm);
    const std::string  base =
      "solution-" + Utilities::int_to_string(counter, 5);
    const double time_days = time_s / units::seconds_per_day;

    if (vtk)
      {
        const std::string piece =
          base + "." + Utilities::int_to_string(rank, 4) + ".vtu";
        std::ofstream out(dir + "/solution/" + piece);
        data_out.write_vtu(out);
        if (rank == 0)
          {
            std::vector<std::string> pieces;
            for (unsigned int r = 0; r < nranks; ++r)
              pieces.push_back(base + "." + Utilities::int_to_string(r, 4) + ".vtu");
            std::ofstream pvtu(dir + "/solution/" + base + ".pvtu");
            data_out.write_pvtu_record(pvtu, pieces);
            pvd_entries.emplace_back(time_days, "solution/" + base + ".pvtu");
            {
              std::ofstream pvd(dir + "/solution.pvd.tmp");
              DataOutBase::write_pvd_record(pvd, pvd_entries);
            }
            std::rename((dir + "/solution.pvd.tmp").c_str(),
                        (dir + "/solution.pvd").c_str());
          }
      }
    if (hdf5)
      {
        DataOutBase::DataOutFilter filter(
          DataOutBase::DataOutFilterFlags(true, true));
        data_out.write_filtered_data(filter);
        const std::string h5 = "solution/" + base + ".h5";
        data_out.write_hdf5_parallel(filter, dir + "/" + h5, comm);
        xdmf_entries.push_back(data_out.create_xdmf_entry(filter, h5, time_days, comm));
        data_out.write_xdmf_file(xdmf_entries, dir + "/solution.xdmf", comm);
      }
    ++counter;
  }
} // namespace geoheat

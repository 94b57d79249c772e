#pragma once
/**
 * @file field_writer.h
 * Volume fields for ParaView/VisIt: solution.pvd + solution/solution-NNNNN.pvtu
 * (one .vtu piece per rank) and solution.xdmf + solution/solution-NNNNN.h5
 * (parallel HDF5). Fields: temperature (deg C), temperature_change (K),
 * layer, subdomain. The .pvd and .xdmf are rewritten after every output
 * (write to a temporary file, then rename), so they are valid if a run dies.
 * Times in the .pvd/.xdmf are in days.
 */
#include <deal.II/base/data_out_base.h>
#include <deal.II/dofs/dof_handler.h>

#include <geoheat/ground/ground_model.h>

#include <string>
#include <utility>
#include <vector>

namespace geoheat
{
  class FieldWriter
  {
  public:
    FieldWriter(MPI_Comm comm, const std::string &directory, bool vtk, bool hdf5);
    template <int dim>
    void         write(const GroundModel<dim> &ground, const GhostedVector &theta, double time_s);
    unsigned int n_written() const
    {
      return counter;
    }
    /// Bookkeeping (outputs so far) for checkpoints, and its inverse: a
    /// resumed run rewrites the .pvd/.xdmf with exactly these entries.
    std::string save() const;
    void        restore(const std::string &state);

  private:
    MPI_Comm                                    comm;
    std::string                                 dir;
    bool                                        vtk, hdf5;
    unsigned int                                counter = 0;
    std::vector<std::pair<double, std::string>> pvd_entries;
    std::vector<std::string>                    xdmf_blocks; ///< one <Grid> per output time

    void write_pvd() const;
    void write_xdmf() const;
  };
} // namespace geoheat

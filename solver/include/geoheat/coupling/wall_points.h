#pragma once
/**
 * @file wall_points.h
 * The exchange points between ground and boreholes held by this rank, in a
 * fixed order, and the state the coupling carries from step to step.
 *
 * At each point the heat into the borehole is
 *     q' = (theta + T0 - T_b - H) / (R_b + R_c(dt))          (W/m)
 * with theta the ground disturbance (FE value), T0 the undisturbed rock
 * temperature, T_b the borehole's wall value, R_b the borehole's resistance
 * behind it, and R_c, H the coupling's resistance and history term
 * (ground_exchange.h: R_c steady and H = 0 without a transient kernel). The
 * part in theta and T_b goes into each step operator (assemble), the
 * constant part T0 - H into each step's right-hand side (add_loads). After
 * the step, update() takes q' of every point from the solution (one MatMult
 * with U, (U x)_p = theta - T_b), advances the kernels' history and keeps q'
 * and the wall correction T_node - T_wall for the profiles.
 */
#include <deal.II/base/index_set.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/coupling/ground_exchange.h>
#include <geoheat/coupling/petsc_system_builder.h>
#include <geoheat/coupling/system_numbering.h>
#include <geoheat/ground/ground_properties.h>
#include <geoheat/io/state_stream.h>
#include <geoheat/network/borehole_network.h>

#include <functional>
#include <map>
#include <vector>

namespace geoheat
{
  class WallPoints
  {
  public:
    using GhostedVector = dealii::LinearAlgebra::distributed::Vector<double>;

    WallPoints(const GroundExchange                    &exchange,
               const BoreholeNetwork                   &network,
               const GroundProperties                  &ground,
               const dealii::AffineConstraints<double> &constraints,
               const SystemNumbering                   &numbering,
               MPI_Comm                                 comm);

    /// Number the points, build U (rows: the points, columns: the system
    /// unknowns, @p owned of them on this rank), zero history.
    void setup(const dealii::IndexSet &owned);
    /// Does any point on any rank carry a transient kernel (R_c depends on dt)?
    bool transient() const
    {
      return has_kernel;
    }

    /// Conductances dz/(R_b + R_c(dt)) of every point, into @p b.
    void assemble(PetscSystemBuilder &b, double dt) const;
    /// Add the loads of (T0 - H) of a step of @p dt to @p rhs (compresses it).
    /// Time (s) at the end of the step about to be solved.
    void set_time(double t);
    void add_loads(dealii::PETScWrappers::MPI::Vector &rhs, double dt) const;
    /// After the step solved to @p x: q' and T_node - T_wall of every point,
    /// history advanced; returns the wall heat into the boreholes (W, all ranks).
    double update(const dealii::PETScWrappers::MPI::Vector &x, double dt);

    /// The wall heat into the boreholes that update() would return for a
    /// step of @p dt, as an affine function of the solution x:
    /// heat = g . x + g0 (W); returns g0, writes g (layout of the system's
    /// owned unknowns). Collective. The history term counts as it is now.
    double heat_functional(dealii::PETScWrappers::MPI::Vector &g, double dt) const;

    /// Add [int T_wall dz, int q' dz, int dz] per cell of borehole @p b over
    /// this rank's points, for the ground disturbance @p theta.
    void
    add_profile_sums(unsigned int b, const GhostedVector &theta, std::vector<double> &sums) const;

    /// State for a restart, one record per point of this rank, keyed by
    /// (borehole, depth) so that any partition of the same mesh can read it:
    /// borehole, depth (m), number of values, q', T_node - T_wall, history.
    void save(StateWriter &out) const;
    /// Take the points of @p in (one rank's records) that lie on this rank;
    /// returns how many were taken. Every point must be taken exactly once
    /// over all records of a checkpoint (n_points()).
    unsigned int load(StateReader &in);
    unsigned int n_points() const
    {
      return q.size();
    }

  private:
    using Visitor = std::function<void(unsigned int                                        point,
                                       unsigned int                                        borehole,
                                       double                                              depth,
                                       double                                              dz,
                                       const std::vector<dealii::types::global_dof_index> &dofs,
                                       const std::vector<double>                          &phi,
                                       const WallCoupling                                 &link)>;
    /// Visit the local points of all boreholes, numbered 0, 1, ... in order.
    void for_each_point(const Visitor &visit) const;
    /// H = sum_k theta_k exp(-alpha dt / tau_k) of a point (K).
    double history_term(unsigned int point, const WallCoupling &link, double dt) const;
    double time = 0; ///< end of the step being solved (s): the seasonal state
    /// Undisturbed temperature at every borehole's nodes at `time` (deg C),
    /// recomputed when the time changes only if the ground has seasons.
    std::vector<std::vector<double>> node_T0;
    /// The undisturbed temperature at a wall point as the borehole sees it:
    /// interpolated from its nodes like its own unknowns, so that a borehole
    /// at rest at T0(node depths) exchanges exactly nothing with undisturbed
    /// ground whatever the shape of T0 between its nodes (a measured log).
    double undisturbed_at(unsigned int borehole, const WallPoint &p) const;
    /// exp(-alpha dt / tau_k), kept per kernel and layer for the current dt.
    const std::vector<double> &decay(const WallCoupling &link, double dt) const;

    const GroundExchange                    &exchange;
    const BoreholeNetwork                   &network;
    const GroundProperties                  &ground;
    const dealii::AffineConstraints<double> &constraints;
    const SystemNumbering                   &numbering;
    MPI_Comm                                 comm;

    bool                                       has_kernel = false;
    dealii::PETScWrappers::MPI::SparseMatrix   U;          ///< (U x)_p = theta(p) - T_b(p)
    mutable dealii::PETScWrappers::MPI::Vector difference; ///< U x
    std::vector<double>                        q; ///< q' (W/m) of the last step, into the borehole
    std::vector<double>                        correction; ///< T_node - T_wall (K) of the last step
    std::vector<double>                        history;    ///< kernel states theta_k (K), per point
    std::vector<unsigned int>                  history_offset; ///< per point, into history
    /// End of point @p p's kernel states in history (its modes: [offset, end)).
    unsigned int history_end(const unsigned int p) const
    {
      return p + 1 < history_offset.size() ? history_offset[p + 1] : history.size();
    }
    std::vector<unsigned int> first_point; ///< per borehole (+ end): its first point
    mutable std::map<std::pair<const LineResponseKernel *, double>,
                     std::pair<double, std::vector<double>>>
      decay_cache;
  };
} // namespace geoheat

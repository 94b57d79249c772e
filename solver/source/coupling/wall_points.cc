#include <deal.II/base/mpi.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>

#include <geoheat/coupling/wall_points.h>

#include <petscvec.h>

#include <algorithm>
#include <cmath>

namespace geoheat
{
  using namespace dealii;

  WallPoints::WallPoints(const GroundExchange            &exchange_in,
                         const BoreholeNetwork           &network_in,
                         const GroundProperties          &ground_in,
                         const AffineConstraints<double> &constraints_in,
                         const SystemNumbering           &numbering_in,
                         MPI_Comm                         comm_in)
    : exchange(exchange_in)
    , network(network_in)
    , ground(ground_in)
    , constraints(constraints_in)
    , numbering(numbering_in)
    , comm(comm_in)
  {}

  void WallPoints::for_each_point(const Visitor &visit) const
  {
    unsigned int point = 0;
    for (unsigned int k = 0; k < network.size(); ++k)
      exchange.for_each_point(k,
                              [&](const double        depth,
                                  const double        dz,
                                  const auto         &dofs,
                                  const auto         &phi,
                                  const WallCoupling &link) {
                                visit(point++, k, depth, dz, dofs, phi, link);
                              });
  }

  void WallPoints::setup(const IndexSet &owned)
  {
    node_T0.clear();
    set_time(time);
    unsigned int n_local = 0, n_modes = 0;
    bool         local_kernel = false;
    history_offset.clear();
    first_point.assign(network.size() + 1, 0);
    for_each_point([&](unsigned int,
                       const unsigned int k,
                       double,
                       double,
                       const auto &,
                       const auto &,
                       const WallCoupling &link) {
      first_point[k + 1] = n_local + 1;
      history_offset.push_back(n_modes);
      n_modes += link.n_modes();
      local_kernel = local_kernel || link.kernel;
      ++n_local;
    });
    for (unsigned int k = 0; k < network.size(); ++k) // boreholes without local points
      first_point[k + 1] = std::max(first_point[k + 1], first_point[k]);
    has_kernel = Utilities::MPI::max(local_kernel ? 1 : 0, comm) > 0;
    history.assign(n_modes, 0.0);
    q.assign(n_local, 0.0);
    correction.assign(n_local, 0.0);

    // Points numbered rank by rank; U: phi on the ground DoFs (fixed ones
    // are zero), minus the borehole's interpolation weights.
    const auto              sizes = Utilities::MPI::all_gather(comm, n_local);
    types::global_dof_index first = 0, n_global = 0;
    for (unsigned int r = 0; r < sizes.size(); ++r)
      {
        if (r < Utilities::MPI::this_mpi_process(comm))
          first += sizes[r];
        n_global += sizes[r];
      }
    IndexSet rows(n_global);
    rows.add_range(first, first + n_local);
    std::vector<std::vector<std::pair<types::global_dof_index, double>>> entries(n_local);
    for_each_point([&](const unsigned int p,
                       const unsigned int k,
                       const double       depth,
                       double,
                       const std::vector<types::global_dof_index> &dofs,
                       const std::vector<double>                  &phi,
                       const WallCoupling &) {
      for (unsigned int j = 0; j < dofs.size(); ++j)
        if (phi[j] != 0.0 && !constraints.is_constrained(dofs[j]))
          entries[p].emplace_back(numbering.system(dofs[j]), phi[j]);
      const WallPoint w = network[k].wall_point(depth);
      for (unsigned int a = 0; a < 2; ++a)
        entries[p].emplace_back(numbering.system(k, w.nodes[a]), -w.node_weights[a]);
    });
    DynamicSparsityPattern dsp(n_global, numbering.n_total(), rows);
    for (unsigned int p = 0; p < n_local; ++p)
      for (const auto &entry : entries[p])
        dsp.add(first + p, entry.first);
    U.reinit(rows, owned, dsp, comm);
    for (unsigned int p = 0; p < n_local; ++p)
      for (const auto &[col, v] : entries[p])
        U.add(first + p, col, v);
    U.compress(VectorOperation::add);
    difference.reinit(rows, comm);
  }

  void WallPoints::assemble(PetscSystemBuilder &b, const double dt) const
  {
    for (unsigned int k = 0; k < network.size(); ++k)
      {
        const BoreholeModel &bh    = network[k];
        const unsigned int   shift = numbering.logical(k, 0);
        exchange.for_each_point(
          k,
          [&](const double                                depth,
              const double                                dz,
              const std::vector<types::global_dof_index> &dofs,
              const std::vector<double>                  &phi,
              const WallCoupling                         &link) {
            const WallPoint p = bh.wall_point(depth);
            const double    g = dz / (p.resistance + link.resistance(dt)); // W/K
            // Ground rows: + g phi_i (theta - T_b)
            for (unsigned int i = 0; i < dofs.size(); ++i)
              {
                if (phi[i] == 0.0)
                  continue;
                for (unsigned int j = 0; j < dofs.size(); ++j)
                  if (phi[j] != 0.0)
                    b.add_conductance(dofs[i], dofs[j], g * phi[i] * phi[j]);
                for (unsigned int a = 0; a < 2; ++a)
                  b.add_conductance(dofs[i], shift + p.nodes[a], -g * phi[i] * p.node_weights[a]);
              }
            // Borehole rows: - g rho (theta - T_b)
            for (unsigned int r = 0; r < p.n_rows; ++r)
              {
                const unsigned int row = shift + p.rows[r];
                const double       gr  = g * p.row_weights[r];
                for (unsigned int j = 0; j < dofs.size(); ++j)
                  if (phi[j] != 0.0)
                    b.add_conductance(row, dofs[j], -gr * phi[j]);
                for (unsigned int a = 0; a < 2; ++a)
                  b.add_conductance(row, shift + p.nodes[a], gr * p.node_weights[a]);
              }
          });
      }
  }

  const std::vector<double> &WallPoints::decay(const WallCoupling &link, const double dt) const
  {
    auto &[for_dt, e] = decay_cache[{link.kernel, link.alpha}];
    if (e.size() != link.n_modes() || for_dt != dt)
      {
        e.resize(link.n_modes());
        for (unsigned int m = 0; m < e.size(); ++m)
          e[m] = std::exp(-link.alpha * dt / link.kernel->tau[m]);
        for_dt = dt;
      }
    return e;
  }

  double WallPoints::history_term(const unsigned int  point,
                                  const WallCoupling &link,
                                  const double        dt) const
  {
    if (!link.kernel)
      return 0.0;
    const std::vector<double> &e = decay(link, dt);
    double                     H = 0;
    for (unsigned int m = 0; m < e.size(); ++m)
      H += history[history_offset[point] + m] * e[m];
    return H;
  }

  void WallPoints::set_time(const double t)
  {
    if (!node_T0.empty() && (t == time || !ground.has_seasons()))
      return;
    time = t;
    node_T0.resize(network.size());
    for (unsigned int k = 0; k < network.size(); ++k)
      {
        node_T0[k].clear();
        for (const double z : network[k].node_depths())
          node_T0[k].push_back(ground.undisturbed_temperature(z, t));
      }
  }

  double WallPoints::undisturbed_at(const unsigned int k, const WallPoint &p) const
  {
    const std::vector<double> &T = node_T0[k];
    return p.node_weights[0] * T[p.cell] + p.node_weights[1] * T[p.cell + 1];
  }

  void WallPoints::add_loads(PETScWrappers::MPI::Vector &rhs, const double dt) const
  {
    // Ground rows - g phi_i (T0 - H), borehole rows + g rho (T0 - H).
    PetscSystemBuilder b(constraints, numbering);
    b.write_load(&rhs);
    for_each_point([&](const unsigned int                          point,
                       const unsigned int                          k,
                       const double                                depth,
                       const double                                dz,
                       const std::vector<types::global_dof_index> &dofs,
                       const std::vector<double>                  &phi,
                       const WallCoupling                         &link) {
      const WallPoint p = network[k].wall_point(depth);
      const double    g = dz / (p.resistance + link.resistance(dt));
      const double    T = undisturbed_at(k, p) - history_term(point, link, dt);
      for (unsigned int i = 0; i < dofs.size(); ++i)
        if (phi[i] != 0.0)
          b.add_load(dofs[i], -g * phi[i] * T);
      for (unsigned int r = 0; r < p.n_rows; ++r)
        b.add_load(numbering.logical(k, p.rows[r]), g * p.row_weights[r] * T);
    });
    rhs.compress(VectorOperation::add);
  }

  double WallPoints::update(const PETScWrappers::MPI::Vector &x, const double dt)
  {
    U.vmult(difference, x);
    const double *d = nullptr;
    VecGetArrayRead(difference, &d);
    double heat = 0;
    for_each_point([&](const unsigned int point,
                       const unsigned int k,
                       const double       depth,
                       const double       dz,
                       const auto &,
                       const auto &,
                       const WallCoupling &link) {
      const WallPoint p  = network[k].wall_point(depth);
      const double    R  = link.resistance(dt);
      const double    H  = history_term(point, link, dt);
      const double    qp = (d[point] + undisturbed_at(k, p) - H) / (p.resistance + R);
      heat += qp * dz;
      q[point] = qp;
      if (!link.kernel)
        {
          correction[point] = R * qp;
          return;
        }
      // theta_k <- theta_k e_k + b_k/lambda (1 - e_k) q';
      // T_node - T_wall = R0 q'/lambda + sum_k theta_k
      const std::vector<double> &e = decay(link, dt);
      double                     c = link.kernel->R0 / link.lambda * qp;
      for (unsigned int m = 0; m < e.size(); ++m)
        {
          double &theta = history[history_offset[point] + m];
          theta         = theta * e[m] + link.kernel->b[m] / link.lambda * (1 - e[m]) * qp;
          c += theta;
        }
      correction[point] = c;
    });
    VecRestoreArrayRead(difference, &d);
    return Utilities::MPI::sum(heat, comm);
  }

  double WallPoints::heat_functional(PETScWrappers::MPI::Vector &g, const double dt) const
  {
    // heat = sum_p dz_p (U x + T0 - H)_p / (R_b + R_c) = (U^T w) . x + sum_p w_p (T0 - H)_p
    PETScWrappers::MPI::Vector w(difference.locally_owned_elements(), comm);
    double                     g0 = 0;
    for_each_point([&](const unsigned int point,
                       const unsigned int k,
                       const double       depth,
                       const double       dz,
                       const auto &,
                       const auto &,
                       const WallCoupling &link) {
      const WallPoint p                = network[k].wall_point(depth);
      const double    wp               = dz / (p.resistance + link.resistance(dt));
      w(w.local_range().first + point) = wp;
      g0 += wp * (undisturbed_at(k, p) - history_term(point, link, dt));
    });
    w.compress(VectorOperation::insert);
    U.Tvmult(g, w);
    return Utilities::MPI::sum(g0, comm);
  }

  void WallPoints::add_profile_sums(const unsigned int   b,
                                    const GhostedVector &theta,
                                    std::vector<double> &sums) const
  {
    const BoreholeModel &bh    = network[b];
    unsigned int         point = first_point[b];
    exchange.for_each_point(b,
                            [&](const double                                depth,
                                const double                                dz,
                                const std::vector<types::global_dof_index> &dofs,
                                const std::vector<double>                  &phi,
                                const WallCoupling &) {
                              const WallPoint p = bh.wall_point(depth);
                              double          T = ground.undisturbed_temperature(depth, time);
                              for (unsigned int j = 0; j < dofs.size(); ++j)
                                T += phi[j] * theta(dofs[j]);
                              // The wall lies behind the coupling (no correction for a resolved
                              // wall).
                              sums[3 * p.cell] += (T - correction[point]) * dz;
                              sums[3 * p.cell + 1] += q[point] * dz;
                              sums[3 * p.cell + 2] += dz;
                              ++point;
                            });
  }

  void WallPoints::save(StateWriter &out) const
  {
    out.put<std::uint64_t>(q.size());
    for_each_point([&](const unsigned int p,
                       const unsigned int k,
                       const double       depth,
                       double,
                       const auto &,
                       const auto &,
                       const WallCoupling &) {
      const unsigned int end = history_end(p);
      out.put<std::uint32_t>(k);
      out.put(depth);
      out.put<std::uint32_t>(2 + end - history_offset[p]);
      out.put(q[p]);
      out.put(correction[p]);
      for (unsigned int m = history_offset[p]; m < end; ++m)
        out.put(history[m]);
    });
  }

  unsigned int WallPoints::load(StateReader &in)
  {
    std::map<std::pair<unsigned int, double>, unsigned int> here; // (borehole, depth) -> point
    for_each_point([&](const unsigned int p,
                       const unsigned int k,
                       const double       depth,
                       double,
                       const auto &,
                       const auto &,
                       const WallCoupling &) {
      AssertThrow(here.emplace(std::make_pair(k, depth), p).second,
                  ExcMessage("internal: two wall points at the same depth"));
    });
    unsigned int        taken = 0;
    std::vector<double> values;
    const auto          n = in.get<std::uint64_t>();
    for (std::uint64_t i = 0; i < n; ++i)
      {
        const auto   k     = in.get<std::uint32_t>();
        const double depth = in.get<double>();
        in.get_values(values, in.get<std::uint32_t>());
        const auto found = here.find({k, depth});
        if (found == here.end())
          continue;
        const unsigned int p   = found->second;
        const unsigned int end = history_end(p);
        if (values.size() != 2 + end - history_offset[p])
          throw std::runtime_error("checkpoint wall point does not match this model");
        q[p]          = values[0];
        correction[p] = values[1];
        std::copy(values.begin() + 2, values.end(), history.begin() + history_offset[p]);
        ++taken;
      }
    return taken;
  }
} // namespace geoheat

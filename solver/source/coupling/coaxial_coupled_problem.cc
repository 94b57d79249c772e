#include <deal.II/base/mpi.h>
#include <deal.II/lac/sparsity_tools.h>

#include <geoheat/coupling/coaxial_coupled_problem.h>
#include <geoheat/coupling/serial_sparse_lu.h>

#include <petscsys.h>

#include <cmath>

namespace geoheat
{
  using namespace dealii;

  struct CoaxialCoupledProblem::StateData
  {
    PETScWrappers::MPI::SparseMatrix M; ///< capacity matrix (J/K)
    PETScWrappers::MPI::Vector       f; ///< constant load from T0 at the wall (W)
    PETScWrappers::MPI::Vector       c; ///< wall heat = c . x + c0 (W)
    double                           c0 = 0;
  };

  struct CoaxialCoupledProblem::Factorization
  {
    PETScWrappers::MPI::SparseMatrix A;
    PETScWrappers::PreconditionLU    lu; ///< MUMPS through PETSc (several ranks)
    // One rank: UMFPACK directly (coupling/serial_sparse_lu.h); the solve
    // is the whole cost of a step and avoids PETSc/MUMPS call overhead.
    SerialSparseLU serial_lu;

    PETScWrappers::MPI::Vector unit_response;   ///< A^{-1} e_inlet
    double unit_inlet = 0, unit_outlet = 0;     ///< its T_in, T_out

    void solve(PETScWrappers::MPI::Vector &x, const PETScWrappers::MPI::Vector &b)
    {
      if (!serial_lu.initialized())
        {
          lu.vmult(x, b);
          return;
        }
      if (&x != &b)
        x = b;
      PetscScalar *px;
      VecGetArray(x, &px);
      serial_lu.solve(px);
      VecRestoreArray(x, &px);
    }
  };

  CoaxialCoupledProblem::CoaxialCoupledProblem(GroundModel<2> &ground,
                                               CoaxialWell    &well,
                                               const unsigned int segments,
                                               const unsigned int cache_size)
    : ground(ground)
    , well(well)
    , segments(segments)
    , cache_size(cache_size)
    , comm(ground.triangulation().get_communicator())
  {
    // Direct solves through MUMPS (PETSc's own LU is serial only).
    PetscOptionsSetValue(nullptr, "-pc_factor_mat_solver_type", "mumps");
  }

  CoaxialCoupledProblem::~CoaxialCoupledProblem() = default;

  void CoaxialCoupledProblem::setup()
  {
    n_ground   = ground.n_dofs();
    n_total    = n_ground + well.n_unknowns();
    owns_fluid = Utilities::MPI::this_mpi_process(comm) ==
                 Utilities::MPI::n_mpi_processes(comm) - 1;

    // Ownership: ground DoFs as distributed; fluid unknowns on the last rank,
    // whose ground range ends at n_ground, so every range stays contiguous.
    owned = IndexSet(n_total);
    owned.add_indices(ground.owned_dofs());
    if (owns_fluid)
      owned.add_range(n_ground, n_total);
    relevant = IndexSet(n_total);
    relevant.add_indices(ground.relevant_dofs());
    relevant.add_range(n_ground, n_total);
    relevant.compress();
    owned.compress();
    AssertThrow(owned.is_contiguous(),
                ExcMessage("internal: the unknowns of a rank must be contiguous"));

    // Sparsity: the union over flowing/stagnant fluid and both inlet controls.
    pattern.reinit(n_total, n_total, relevant);
    ground.add_sparsity(pattern);
    PetscSystemBuilder recorder(ground.constraints(), n_ground);
    recorder.record_pattern(&pattern);
    for (const double flow : {0.0, 1.0})
      {
        well.set_flow(flow);
        for (const auto control :
             {InletControl::temperature, InletControl::heat_extraction})
          well.assemble(recorder, n_ground, control);
        assemble_wall(recorder, nullptr, nullptr);
      }
    SparsityTools::distribute_sparsity_pattern(pattern, owned, comm, relevant);

    for (const auto i : ground.owned_dofs())
      if (ground.constraints().is_constrained(i))
        fixed_owned_rows.push_back(i);

    x_new.reinit(owned, comm);
    x_n.reinit(owned, comm);
    x_nm1.reinit(owned, comm);
    rhs.reinit(owned, comm);
    work.reinit(owned, comm);
    fluid_capacity.reinit(owned, comm);

    // Initial state: undisturbed ground, fluid at the local rock temperature.
    if (owns_fluid)
      {
        const auto &z = well.node_depths();
        for (unsigned int k = 0; k < well.n_nodes(); ++k)
          {
            const double T0 = ground.properties().undisturbed_temperature(z[k]);
            x_n(n_ground + well.down(k)) = T0;
            x_n(n_ground + well.up(k))   = T0;
          }
      }
    x_n.compress(VectorOperation::insert);
    x_nm1 = x_n;
    x_new = x_n;
    gather_fluid(x_n);

    // Fluid energy E = e . x with e = M^T 1_fluid (trapezoidal weights,
    // the same for the box and the lumped scheme).
    well.set_flow(0.0);
    StateData &s = state({0.0, int(InletControl::temperature)});
    work         = 0;
    if (owns_fluid)
      for (unsigned int i = n_ground; i < n_total; ++i)
        work(i) = 1.0;
    work.compress(VectorOperation::insert);
    s.M.Tvmult(fluid_capacity, work);
    E_n   = fluid_capacity * x_n;
    E_nm1 = E_n;
  }

  void CoaxialCoupledProblem::assemble_wall(PetscSystemBuilder         &b,
                                            PETScWrappers::MPI::Vector *c,
                                            double                     *c0) const
  {
    const GroundProperties &props = ground.properties();
    std::vector<types::global_dof_index> c_indices;
    std::vector<double>                  c_values;
    double                               c0_local = 0;
    ground.for_each_wall_point(
      segments,
      [&](const double depth, const double dz,
          const std::vector<types::global_dof_index> &dofs,
          const std::vector<double>                  &phi) {
        const CoaxialWell::WallPoint p  = well.wall_point(depth);
        const double                 g  = dz * p.inv_R; // W/K
        const double                 T0 = props.undisturbed_temperature(depth);
        // Ground rows: + g phi_i (theta - T_a) ; load - g phi_i T0
        for (unsigned int i = 0; i < dofs.size(); ++i)
          {
            if (phi[i] == 0.0)
              continue;
            for (unsigned int j = 0; j < dofs.size(); ++j)
              if (phi[j] != 0.0)
                b.add_conductance(dofs[i], dofs[j], g * phi[i] * phi[j]);
            for (unsigned int a = 0; a < 2; ++a)
              b.add_conductance(dofs[i], n_ground + p.nodes[a],
                                -g * phi[i] * p.node_weights[a]);
            b.add_load(dofs[i], -g * phi[i] * T0);
          }
        // Fluid rows: - g rho (theta - T_a) ; load + g rho T0
        for (unsigned int r = 0; r < p.n_rows; ++r)
          {
            const unsigned int row = n_ground + p.rows[r];
            const double       gr  = g * p.row_weights[r];
            for (unsigned int j = 0; j < dofs.size(); ++j)
              if (phi[j] != 0.0)
                b.add_conductance(row, dofs[j], -gr * phi[j]);
            for (unsigned int a = 0; a < 2; ++a)
              b.add_conductance(row, n_ground + p.nodes[a], gr * p.node_weights[a]);
            b.add_load(row, gr * T0);
          }
        if (c)
          {
            for (unsigned int j = 0; j < dofs.size(); ++j)
              if (phi[j] != 0.0 && !b.fixed(dofs[j]))
                {
                  c_indices.push_back(dofs[j]);
                  c_values.push_back(g * phi[j]);
                }
            for (unsigned int a = 0; a < 2; ++a)
              {
                c_indices.push_back(n_ground + p.nodes[a]);
                c_values.push_back(-g * p.node_weights[a]);
              }
            c0_local += g * T0;
          }
      });
    if (c)
      {
        c->add(c_indices, c_values);
        *c0 = Utilities::MPI::sum(c0_local, comm);
      }
  }

  CoaxialCoupledProblem::StateData &
  CoaxialCoupledProblem::state(const StateKey &key)
  {
    auto it = states.find(key);
    if (it != states.end())
      return *it->second;
    well.set_flow(key.first);
    auto s = std::make_unique<StateData>();
    s->M.reinit(owned, owned, pattern, comm);
    s->f.reinit(owned, comm);
    s->c.reinit(owned, comm);

    ground.assemble(s->M, 1.0, 0.0);
    PetscSystemBuilder b(ground.constraints(), n_ground);
    b.write_matrix(&s->M, 1.0, 0.0);
    if (owns_fluid) // the fluid rows live on one rank: add them once
      well.assemble(b, n_ground, InletControl(key.second));
    b.write_matrix(nullptr, 0, 0);
    b.write_load(&s->f);
    assemble_wall(b, &s->c, &s->c0);
    s->M.compress(VectorOperation::add);
    s->M.clear_rows(fixed_owned_rows); // fixed unknowns carry no history
    s->f.compress(VectorOperation::add);
    s->c.compress(VectorOperation::add);
    return *states.emplace(key, std::move(s)).first->second;
  }

  CoaxialCoupledProblem::Factorization &
  CoaxialCoupledProblem::factorization(const StateKey &key,
                                       const double    capacity_factor)
  {
    const auto id = std::make_pair(key, capacity_factor);
    for (auto it = cache.begin(); it != cache.end(); ++it)
      if (it->first.first == key &&
          std::abs(it->first.second - capacity_factor) <=
            1e-12 * std::abs(capacity_factor))
        {
          cache.splice(cache.begin(), cache, it); // most recently used first
          return *cache.front().second;
        }

    well.set_flow(key.first);
    auto F = std::make_unique<Factorization>();
    F->A.reinit(owned, owned, pattern, comm);
    ground.assemble(F->A, capacity_factor, 1.0);
    PetscSystemBuilder b(ground.constraints(), n_ground);
    b.write_matrix(&F->A, capacity_factor, 1.0);
    if (owns_fluid)
      well.assemble(b, n_ground, InletControl(key.second));
    assemble_wall(b, nullptr, nullptr);
    F->A.compress(VectorOperation::add);
    if (Utilities::MPI::n_mpi_processes(comm) == 1)
      {
        F->serial_lu.factorize(F->A);
      }
    else
      F->lu.initialize(F->A);
    ++n_factorized;
    if (key.first > 0)
      {
        // Response to a unit inlet right-hand side: x(v) = x_0 + r(v) x_1.
        work = 0;
        if (owns_fluid)
          work(n_ground + well.inlet()) = 1.0;
        work.compress(VectorOperation::insert);
        F->unit_response.reinit(owned, comm);
        F->solve(F->unit_response, work);
        double io[2] = {0, 0};
        if (owns_fluid)
          {
            io[0] = F->unit_response(n_ground + well.inlet());
            io[1] = F->unit_response(n_ground + well.outlet());
          }
        from_fluid_owner(io, 2);
        F->unit_inlet  = io[0];
        F->unit_outlet = io[1];
      }

    cache.emplace_front(id, std::move(F));
    if (cache.size() > cache_size)
      cache.pop_back();
    return *cache.front().second;
  }

  void CoaxialCoupledProblem::from_fluid_owner(double *values, const unsigned int n) const
  {
    const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);
    if (n_ranks > 1)
      MPI_Bcast(values, n, MPI_DOUBLE, n_ranks - 1, comm);
  }

  void CoaxialCoupledProblem::gather_fluid(const PETScWrappers::MPI::Vector &x)
  {
    fluid_values.assign(well.n_unknowns(), 0.0);
    if (owns_fluid)
      for (unsigned int i = 0; i < well.n_unknowns(); ++i)
        fluid_values[i] = x(n_ground + i);
    from_fluid_owner(fluid_values.data(), fluid_values.size());
  }

  StepResult CoaxialCoupledProblem::step(const BDFCoefficients &bdf,
                                         const double           dt,
                                         const OperatingPoint  &op,
                                         const InletControl     control)
  {
    return step(bdf, dt, op.flow, control,
                [&](const LinearResponse &) { return op.value; });
  }

  StepResult CoaxialCoupledProblem::step(
    const BDFCoefficients                               &bdf,
    const double                                         dt,
    const double                                         flow,
    const InletControl                                   control,
    const std::function<double(const LinearResponse &)> &choose_value)
  {
    // With the pump off the inlet control has no meaning: one stagnant state.
    const StateKey key{flow, flow > 0 ? int(control) : int(InletControl::temperature)};
    StateData     &s = state(key);
    Factorization &F = factorization(key, bdf.beta0 / dt);
    well.set_flow(flow);

    // rhs = M w + f,  w = -(beta1 x^n + beta2 x^{n-1}) / dt  (inlet value 0)
    work = x_n;
    work *= -bdf.beta1 / dt;
    if (bdf.beta2 != 0.0)
      work.add(-bdf.beta2 / dt, x_nm1);
    s.M.vmult(rhs, work);
    rhs += s.f;
    F.solve(x_new, rhs);

    if (flow > 0)
      {
        // x(v) = x_0 + r(v) x_1 with the inlet row's right-hand side r(v)
        double io[2] = {0, 0};
        if (owns_fluid)
          {
            io[0] = x_new(n_ground + well.inlet());
            io[1] = x_new(n_ground + well.outlet());
          }
        from_fluid_owner(io, 2);
        const double r1 = well.inlet_rhs(control, 1.0); // r(v) = r1 v
        const LinearResponse response{io[0], r1 * F.unit_inlet, io[1],
                                      r1 * F.unit_outlet};
        const double value = choose_value(response);
        x_new.add(r1 * value, F.unit_response);
      }
    gather_fluid(x_new);

    StepResult r;
    r.inlet_C       = fluid_values[well.inlet()];
    r.outlet_C      = fluid_values[well.outlet()];
    r.flow          = flow;
    r.ground_load_W = well.capacity_rate() * (r.outlet_C - r.inlet_C);
    r.wall_heat_W   = (s.c * x_new) + s.c0;
    const double E  = fluid_capacity * x_new;
    const double dE = (bdf.beta0 * E + bdf.beta1 * E_n + bdf.beta2 * E_nm1) / dt;
    r.balance_rel_error =
      std::abs(r.wall_heat_W - r.ground_load_W - dE) /
      std::max({std::abs(r.ground_load_W), std::abs(r.wall_heat_W), 1.0});

    x_nm1.swap(x_n);
    x_n.swap(x_new);
    E_nm1 = E_n;
    E_n   = E;
    return r;
  }

  void CoaxialCoupledProblem::save_state(std::vector<double> &out) const
  {
    out.clear();
    for (const auto *v : {&x_n, &x_nm1})
      for (const auto i : owned)
        out.push_back((*v)(i));
    out.push_back(E_n);
    out.push_back(E_nm1);
  }

  void CoaxialCoupledProblem::load_state(const std::vector<double> &in)
  {
    AssertThrow(in.size() == 2 * owned.n_elements() + 2,
                ExcMessage("checkpoint does not match this partition"));
    size_t k = 0;
    for (auto *v : {&x_n, &x_nm1})
      {
        for (const auto i : owned)
          (*v)(i) = in[k++];
        v->compress(VectorOperation::insert);
      }
    E_n   = in[k++];
    E_nm1 = in[k++];
    gather_fluid(x_n);
  }

  GhostedVector CoaxialCoupledProblem::ground_disturbance() const
  {
    GhostedVector theta = ground.make_vector();
    for (const auto i : ground.owned_dofs())
      theta(i) = x_n(i);
    theta.update_ghost_values();
    return theta;
  }

  WellProfile CoaxialCoupledProblem::profile() const
  {
    const GhostedVector theta = ground_disturbance();
    const unsigned int  n     = well.n_cells();
    // Per fluid cell: [int T_wall dz, int q' dz, int dz] over the wall
    std::vector<double> sums(3 * n, 0.0);
    ground.for_each_wall_point(
      segments,
      [&](const double depth, const double dz,
          const std::vector<types::global_dof_index> &dofs,
          const std::vector<double>                  &phi) {
        const CoaxialWell::WallPoint p = well.wall_point(depth);
        double T = ground.properties().undisturbed_temperature(depth);
        for (unsigned int j = 0; j < dofs.size(); ++j)
          T += phi[j] * theta(dofs[j]);
        const double Ta = p.node_weights[0] * fluid_values[p.nodes[0]] +
                          p.node_weights[1] * fluid_values[p.nodes[1]];
        sums[3 * p.cell] += T * dz;
        sums[3 * p.cell + 1] += (T - Ta) * p.inv_R * dz;
        sums[3 * p.cell + 2] += dz;
      });
    Utilities::MPI::sum(sums, comm, sums);

    WellProfile prof;
    const auto &z = well.node_depths();
    for (unsigned int k = 0; k < well.n_nodes(); ++k)
      {
        // nodal values: mean of the adjacent fluid cells' wall averages
        double T = 0, q = 0, w = 0;
        for (const int c : {int(k) - 1, int(k)})
          if (c >= 0 && c < int(n))
            {
              T += sums[3 * c] / sums[3 * c + 2];
              q += sums[3 * c + 1] / sums[3 * c + 2];
              w += 1;
            }
        prof.depth.push_back(z[k]);
        prof.T_down.push_back(fluid_values[well.down(k)]);
        prof.T_up.push_back(fluid_values[well.up(k)]);
        prof.T_wall.push_back(T / w);
        prof.line_load.push_back(q / w);
      }
    return prof;
  }
} // namespace geoheat

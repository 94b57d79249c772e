#include <deal.II/base/mpi.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/sparsity_tools.h>

#include <geoheat/coupling/ground_heat_budget.h>
#include <geoheat/coupling/own_plants.h>

#include <petscsys.h>

#include <algorithm>
#include <bitset>
#include <chrono>
#include <cmath>

#include "coupled_problem_internal.h"

namespace geoheat
{
  using namespace dealii;

  template <int dim>
  CoupledProblem<dim>::CoupledProblem(GroundModel<dim>          &ground_in,
                                      BoreholeNetwork           &network_in,
                                      const GroundExchange      &exchange_in,
                                      const LinearSolverOptions &options_in,
                                      const unsigned int         cache_size_in)
    : ground(ground_in)
    , network(network_in)
    , exchange(exchange_in)
    , options(options_in)
    , cache_size(cache_size_in)
    , comm(ground_in.triangulation().get_communicator())
    , wall(exchange_in,
           network_in,
           ground_in.properties(),
           ground_in.constraints(),
           numbering,
           comm)
  {
    // Direct solves through MUMPS (PETSc's own LU is serial only).
    PetscOptionsSetValue(nullptr, "-pc_factor_mat_solver_type", "mumps");
  }

  template <int dim>
  CoupledProblem<dim>::~CoupledProblem() = default;

  template <int dim>
  void CoupledProblem<dim>::use_own_plant_per_string()
  {
    own_plants = std::make_unique<OwnPlants>(network);
    cache.clear(); // operators built before have one unit response
  }

  template <int dim>
  std::vector<unsigned int> CoupledProblem<dim>::choose_owners(std::vector<bool> &touches) const
  {
    const unsigned int nb = network.size();
    // Wall length (m) of each borehole on this rank.
    std::vector<double> local(nb, 0.0);
    for (unsigned int k = 0; k < nb; ++k)
      exchange.for_each_point(
        k, [&](double, const double dz, const auto &, const auto &, const WallCoupling &) {
          local[k] += dz;
        });
    touches.assign(nb, false);
    for (unsigned int k = 0; k < nb; ++k)
      touches[k] = local[k] > 0;

    const unsigned int  P = Utilities::MPI::n_mpi_processes(comm);
    std::vector<double> all(nb * P);
    MPI_Allgather(local.data(), nb, MPI_DOUBLE, all.data(), nb, MPI_DOUBLE, comm);
    auto head = [&](unsigned int k) {
      while (network.upstream(k) >= 0)
        k = network.upstream(k);
      return k;
    };
    // Unknowns of each series string, by its head.
    std::vector<double> string_size(nb, 0.0);
    for (unsigned int k = 0; k < nb; ++k)
      string_size[head(k)] += network[k].n_unknowns();
    // Each string goes to the least loaded of the ranks that hold a fair
    // share of its head's wall (>= 1/4 of the largest share; ties: more
    // wall). With the mesh cut across the boreholes (p4est often cuts along
    // depth) the majority rule alone would put every borehole on one rank.
    // All ranks compute the same answer from the gathered wall lengths.
    std::vector<unsigned int> owner(nb, 0);
    std::vector<double>       load(P, 0.0);
    for (unsigned int h = 0; h < nb; ++h)
      if (network.upstream(h) < 0)
        {
          double most = 0;
          for (unsigned int r = 0; r < P; ++r)
            most = std::max(most, all[r * nb + h]);
          int best = -1;
          for (unsigned int r = 0; r < P; ++r)
            if (all[r * nb + h] >= 0.25 * most &&
                (best < 0 || load[r] < load[best] ||
                 (load[r] == load[best] && all[r * nb + h] > all[best * nb + h] * (1 + 1e-12))))
              best = r;
          owner[h] = best;
          load[best] += string_size[h];
        }
    for (unsigned int k = 0; k < nb; ++k)
      owner[k] = owner[head(k)]; // a series string stays on one rank
    return owner;
  }

  template <int dim>
  std::vector<unsigned int> CoupledProblem<dim>::borehole_unknowns_per_rank() const
  {
    return Utilities::MPI::all_gather(comm, (unsigned int)numbering.owned_boreholes().n_elements());
  }

  template <int dim>
  void CoupledProblem<dim>::setup()
  {
    std::vector<unsigned int> sizes;
    for (unsigned int b = 0; b < network.size(); ++b)
      sizes.push_back(network[b].n_unknowns());
    std::vector<bool> touches;
    numbering.setup(ground.owned_dofs(), ground.n_dofs(), sizes, choose_owners(touches), comm);
    direct = options.use_direct(numbering.n_total(), dim);
    owned  = numbering.owned();

    // Rows this rank writes: its relevant ground DoFs and the unknowns of
    // the boreholes it owns or whose wall it holds.
    std::vector<types::global_dof_index> rows;
    for (const auto i : ground.relevant_dofs())
      rows.push_back(numbering.system(i));
    for (unsigned int b = 0; b < network.size(); ++b)
      if (touches[b] || numbering.owns(b))
        for (unsigned int j = 0; j < sizes[b]; ++j)
          rows.push_back(numbering.system(b, j));
    std::sort(rows.begin(), rows.end());
    relevant = IndexSet(numbering.n_total());
    relevant.add_indices(rows.begin(), rows.end());
    relevant.add_indices(owned);
    relevant.compress();

    // Sparsity: the union over flowing and stagnant boreholes.
    pattern.reinit(numbering.n_total(), numbering.n_total(), relevant);
    PetscSystemBuilder recorder(ground.constraints(), numbering);
    recorder.record_pattern(&pattern);
    ground.assemble(recorder);
    for (const double flow : {0.0, 1.0})
      {
        network.set_total_flow(flow);
        assemble_boreholes(recorder);
        wall.assemble(recorder, 0.0);
      }
    network.set_total_flow(0.0);
    SparsityTools::distribute_sparsity_pattern(pattern, owned, comm, relevant);

    for (const auto i : ground.owned_dofs())
      if (ground.constraints().is_constrained(i))
        fixed_owned_rows.push_back(numbering.system(i));

    for (auto *v : {&x_new, &x_n, &x_nm1, &rhs, &work, &borehole_capacity})
      v->reinit(owned, comm);

    initial_state(x_n);
    x_nm1 = x_n;
    x_new = x_n;
    wall.setup(owned);
    if (dim == 3 && ground.properties().groundwater.flows())
      ground_budget = std::make_unique<GroundHeatBudget>(ground, numbering, owned, comm);
    for (unsigned int k = 0; k < network.size(); ++k)
      variable_fluid = variable_fluid || network[k].temperature_dependent_fluid();

    refresh_capacities();
  }

  template <int dim>
  void CoupledProblem<dim>::initial_state(PETScWrappers::MPI::Vector &x) const
  {
    // Undisturbed ground, boreholes at the local rock temperature.
    x.reinit(owned, comm);
    for (unsigned int b = 0; b < network.size(); ++b)
      if (numbering.owns(b))
        {
          const std::vector<double> x0 = network[b].initial_state(
            [&](const double z) { return ground.properties().undisturbed_temperature(z, 0.0); });
          for (unsigned int i = 0; i < x0.size(); ++i)
            x(numbering.system(b, i)) = x0[i];
        }
    x.compress(VectorOperation::insert);
  }

  template <int dim>
  void CoupledProblem<dim>::assemble_capacity(PETScWrappers::MPI::SparseMatrix &M) const
  {
    PetscSystemBuilder b(ground.constraints(), numbering);
    b.write_matrix(&M, 1.0, 0.0);
    ground.assemble(b);
    assemble_boreholes(b);
    M.compress(VectorOperation::add);
  }

  template <int dim>
  void CoupledProblem<dim>::refresh_capacities()
  {
    const double flow_now = network.total_flow();
    for (auto &[flow, s] : states)
      {
        network.set_total_flow(flow);
        s->M = 0;
        assemble_capacity(s->M);
      }
    network.set_total_flow(flow_now);
    // Borehole energy E = e . x with e = M^T 1_boreholes (trapezoidal weights,
    // the same for flowing and stagnant fluid).
    StateData &s = state(0.0);
    work         = 0;
    for (const auto i : numbering.owned_boreholes())
      work(i) = 1.0;
    work.compress(VectorOperation::insert);
    s.M.Tvmult(borehole_capacity, work);
    E_n   = borehole_capacity * x_n;
    E_nm1 = borehole_capacity * x_nm1;
  }

  template <int dim>
  void CoupledProblem<dim>::assemble_boreholes(PetscSystemBuilder &b) const
  {
    for (unsigned int k = 0; k < network.size(); ++k)
      if (numbering.owns(k)) // a borehole's rows are added once, by its owner
        {
          const BoreholeModel &bh = network[k];
          bh.assemble(b, numbering.logical(k, 0));
          // Series link: the inlet row Cdot T_in = Cdot T_out of the borehole upstream.
          const int up = network.upstream(k);
          if (bh.flowing() && up >= 0)
            b.add_conductance(numbering.logical(k, bh.inlet()),
                              numbering.logical(up, network[up].outlet()),
                              -bh.capacity_rate());
        }
  }

  template <int dim>
  typename CoupledProblem<dim>::StateData &CoupledProblem<dim>::state(const double flow)
  {
    auto it = states.find(flow);
    if (it != states.end())
      return *it->second;
    network.set_total_flow(flow);
    auto s = std::make_unique<StateData>();
    // Every matrix has the structure of the first one; the sparsity pattern
    // (several hundred bytes per row) is freed once that one exists.
    if (states.empty())
      s->M.reinit(owned, owned, pattern, comm);
    else
      s->M.reinit(structure());

    assemble_capacity(s->M);

    const bool first = states.empty();
    StateData &added = *states.emplace(flow, std::move(s)).first->second;
    // reinit(0, 0) frees the rows. Assigning an empty pattern would not:
    // deal.II's DynamicSparsityPattern::operator= copies nothing and only
    // accepts an empty target (its debug mode stops there; found by
    // scripts/sanitize.sh debug), so the pattern stayed in memory.
    if (first)
      pattern.reinit(0, 0);
    return added;
  }

  template <int dim>
  const PETScWrappers::MPI::SparseMatrix &CoupledProblem<dim>::structure()
  {
    if (states.empty())
      state(0.0); // built in setup(); the states are never dropped
    return states.begin()->second->M;
  }

  template <int dim>
  typename CoupledProblem<dim>::StepOperator &
  CoupledProblem<dim>::step_operator(const double flow,
                                     const double capacity_factor,
                                     const double dt)
  {
    // dt matters beyond beta0/dt only through a transient wall kernel.
    const std::array<double, 3> key{{flow, capacity_factor, wall.transient() ? dt : 0.0}};
    for (auto it = cache.begin(); it != cache.end(); ++it)
      if (it->first[0] == flow &&
          std::abs(it->first[1] - capacity_factor) <= 1e-12 * std::abs(capacity_factor) &&
          std::abs(it->first[2] - key[2]) <= 1e-12 * key[2])
        {
          cache.splice(cache.begin(), cache, it); // most recently used first
          return *cache.front().second;
        }

    network.set_total_flow(flow);
    auto       clock = std::chrono::steady_clock::now();
    const auto lap   = [&clock]() {
      const auto   now = std::chrono::steady_clock::now();
      const double s   = std::chrono::duration<double>(now - clock).count();
      clock            = now;
      return s;
    };
    auto F = std::make_unique<StepOperator>();
    assemble_step_matrix(flow, capacity_factor, dt, F->A);
    times.assembly += lap();
    F->solver = std::make_unique<StepSolver>(F->A, direct, options, numbering);
    times.solver_setup += lap();
    if (!direct && flow > 0) // flowing steps start from the last x0 (idle ones from x^n)
      F->last_x0.reinit(owned, comm);
    ++n_factorized;
    if (flow > 0)
      {
        F->friction_W = assemble_flow_load(F->flow_load);
        unit_responses(*F);
        times.solve += lap();
      }

    cache.emplace_front(key, std::move(F));
    // Large iterative systems keep a multigrid hierarchy each: keep fewer.
    const bool large = !direct && numbering.n_total() > 300000;
    if (cache.size() > (large ? std::min(cache_size, 4u) : cache_size))
      cache.pop_back();
    return *cache.front().second;
  }

  template <int dim>
  void CoupledProblem<dim>::assemble_step_matrix(const double                      flow,
                                                 const double                      capacity_factor,
                                                 const double                      dt,
                                                 PETScWrappers::MPI::SparseMatrix &A)
  {
    network.set_total_flow(flow);
    A.reinit(structure());
    PetscSystemBuilder b(ground.constraints(), numbering);
    b.write_matrix(&A, capacity_factor, 1.0);
    ground.assemble(b);
    assemble_boreholes(b);
    wall.assemble(b, dt);
    A.compress(VectorOperation::add);
  }

  template <int dim>
  double CoupledProblem<dim>::assemble_flow_load(PETScWrappers::MPI::Vector &load) const
  {
    // The heat dissipated by friction (its sum is the friction heat), then
    // the advection's constant parts (sum zero).
    load.reinit(owned, comm);
    const auto add_borehole_loads = [&](void (BoreholeModel::*add)(SystemBuilder &, unsigned int)
                                          const) {
      PetscSystemBuilder lb(ground.constraints(), numbering);
      lb.write_load(&load);
      for (unsigned int k = 0; k < network.size(); ++k)
        if (numbering.owns(k))
          (network[k].*add)(lb, numbering.logical(k, 0));
      load.compress(VectorOperation::add);
    };
    add_borehole_loads(&BoreholeModel::add_friction_heat);
    const double friction = load.mean_value() * load.size();
    add_borehole_loads(&BoreholeModel::add_advection_loads);
    return friction;
  }

  template <int dim>
  void CoupledProblem<dim>::unit_responses(StepOperator &F)
  {
    if (!own_plants)
      {
        // Response to a unit supply temperature: x(v) = x_0 + v x_1.
        supply_vector(work);
        F.unit_response.reinit(owned, comm);
        n_iterations += F.solver->solve(F.unit_response, work, false);
        const auto io = field_inlet_outlet(borehole_inlets_outlets(F.unit_response));
        F.unit_inlet  = io.first;
        F.unit_outlet = io.second;
        return;
      }
    // One per string: x(v) = x_0 + sum_m v_m u_m (own_plants.h).
    F.string_unit_responses.resize(own_plants->size());
    F.string_unit_io.resize(own_plants->size());
    for (unsigned int m = 0; m < own_plants->size(); ++m)
      {
        supply_vector(work, own_plants->head(m));
        F.string_unit_responses[m].reinit(owned, comm);
        n_iterations += F.solver->solve(F.string_unit_responses[m], work, false);
        F.string_unit_io[m] = borehole_inlets_outlets(F.string_unit_responses[m]);
      }
  }

  template <int dim>
  void CoupledProblem<dim>::supply_vector(PETScWrappers::MPI::Vector &e, const int head) const
  {
    // The inlet rows of the boreholes fed by the supply read Cdot_b T = Cdot_b v.
    e.reinit(owned, comm);
    for (unsigned int k = 0; k < network.size(); ++k)
      if (numbering.owns(k) && network.upstream(k) < 0 && (head < 0 || int(k) == head))
        e(numbering.system(k, network[k].inlet())) = network[k].capacity_rate();
    e.compress(VectorOperation::insert);
  }

  template <int dim>
  double CoupledProblem<dim>::choose_supply(
    const std::pair<double, double>                     &io0,
    const std::pair<double, double>                     &io1,
    const InletControl                                   control,
    const std::function<double(const LinearResponse &)> &choose_value) const
  {
    // x(v) = x_0 + v x_1: field inlet i0 + v i1, mixed outlet o0 + v o1.
    const double i0 = io0.first, i1 = io1.first;
    const double o0 = io0.second, o1 = io1.second;
    if (control == InletControl::temperature)
      return choose_value(LinearResponse{i0, i1, o0, o1});
    // Q = Cdot (T_out - T_in) = Cdot ((o0 - i0) + v (o1 - i1))
    const double Cdot = network.capacity_rate();
    const double d    = o1 - i1;
    const double v0 = -(o0 - i0) / d, dv_dQ = 1.0 / (Cdot * d);
    const double Q =
      choose_value(LinearResponse{i0 + i1 * v0, i1 * dv_dQ, o0 + o1 * v0, o1 * dv_dQ});
    return v0 + Q * dv_dQ;
  }

  template <int dim>
  std::vector<double>
  CoupledProblem<dim>::borehole_inlets_outlets(const PETScWrappers::MPI::Vector &x) const
  {
    // [T_in,0, T_out,0, T_in,1, ...]: each owner fills its boreholes.
    std::vector<double> io(2 * network.size(), 0.0);
    for (unsigned int k = 0; k < network.size(); ++k)
      if (numbering.owns(k))
        {
          io[2 * k]     = x(numbering.system(k, network[k].inlet()));
          io[2 * k + 1] = x(numbering.system(k, network[k].outlet()));
        }
    Utilities::MPI::sum(io, comm, io);
    return io;
  }

  template <int dim>
  std::pair<double, double>
  CoupledProblem<dim>::field_inlet_outlet(const std::vector<double> &io) const
  {
    double T_out = 0;
    for (unsigned int k = 0; k < network.size(); ++k)
      if (network.is_string_end(k))
        T_out += network.outlet_weight(k) * io[2 * k + 1];
    // One plant: every string's head at the supply temperature; own plants:
    // the flow-weighted mix of the strings' supplies.
    return {own_plants ? own_plants->mixed_inlet(io) : io[0], T_out};
  }

  template <int dim>
  StepResult CoupledProblem<dim>::step(const BDFCoefficients &bdf,
                                       const double           dt,
                                       const OperatingPoint  &op,
                                       const InletControl     control)
  {
    return step(bdf, dt, op.flow, control, [&](const LinearResponse &) { return op.value; });
  }

  template <int dim>
  StepResult
  CoupledProblem<dim>::step(const BDFCoefficients                               &bdf,
                            const double                                         dt,
                            const double                                         flow,
                            const InletControl                                   control,
                            const std::function<double(const LinearResponse &)> &choose_value)
  {
    if (reduced)
      return reduced_step(bdf, dt, flow, control, choose_value);
    if (flow > 0)
      update_fluid_properties(dt); // lagged properties from x^n, before the operators
    const StateData &s = state(flow);
    StepOperator    &F = step_operator(flow, bdf.beta0 / dt, dt);
    network.set_total_flow(flow);

    // rhs = M w + wall loads,  w = -(beta1 x^n + beta2 x^{n-1}) / dt  (supply v = 0)
    work = x_n;
    work *= -bdf.beta1 / dt;
    if (bdf.beta2 != 0.0)
      work.add(-bdf.beta2 / dt, x_nm1);
    s.M.vmult(rhs, work);
    // Fixed unknowns carry no history: their rows are zero. (Clearing the
    // rows of M instead would drop entries from the structure new matrices copy.)
    for (const auto i : fixed_owned_rows)
      rhs(i) = 0.0;
    rhs.compress(VectorOperation::insert);
    wall.add_loads(rhs, dt);
    friction_W = flow > 0 ? F.friction_W : 0.0;
    if (flow > 0)
      rhs.add(1.0, F.flow_load);
    // Initial guess of the iterative solver. Idle (flow = 0): the solution is
    // x0 itself and changes little from the last state. Flowing: x0 changes
    // slowly between steps with the same operator. Idle steps solve to their
    // own (tighter) tolerance: their wall heat is tiny, and the relative
    // energy balance would show a loose solve first.
    bool guess = false;
    if (!direct && flow == 0)
      {
        x_new = x_n;
        guess = true;
      }
    else if (!direct && F.has_last)
      {
        x_new = F.last_x0;
        guess = true;
      }
    const auto clock = std::chrono::steady_clock::now();
    n_iterations +=
      F.solver->solve(x_new, rhs, guess, flow > 0 ? 0.0 : options.idle_relative_tolerance);
    times.solve += std::chrono::duration<double>(std::chrono::steady_clock::now() - clock).count();
    if (!direct && flow > 0)
      {
        F.last_x0  = x_new;
        F.has_last = true;
      }

    if (flow > 0 && own_plants)
      {
        const std::vector<double> v = own_plants->choose(borehole_inlets_outlets(x_new),
                                                         F.string_unit_io,
                                                         control,
                                                         choose_value);
        for (unsigned int m = 0; m < v.size(); ++m)
          x_new.add(v[m], F.string_unit_responses[m]);
      }
    else if (flow > 0)
      x_new.add(choose_supply(field_inlet_outlet(borehole_inlets_outlets(x_new)),
                              {F.unit_inlet, F.unit_outlet},
                              control,
                              choose_value),
                F.unit_response);
    return results(bdf, dt);
  }

  template <int dim>
  StepResult CoupledProblem<dim>::results(const BDFCoefficients &bdf, const double dt)
  {
    const std::vector<double>       io        = borehole_inlets_outlets(x_new);
    const double                    wall_heat = wall.update(x_new, dt);
    const double                    E         = borehole_capacity * x_new;
    std::optional<GroundBudgetStep> budget;
    if (ground_budget)
      budget = ground_budget->step(x_new, x_n, x_nm1, bdf, dt, -wall_heat);
    x_nm1.swap(x_n);
    x_n.swap(x_new);
    StepResult r    = step_figures(io, wall_heat, E, bdf, dt);
    r.ground_budget = budget;
    return r;
  }

  template <int dim>
  StepResult CoupledProblem<dim>::step_figures(const std::vector<double> &io,
                                               const double               wall_heat_W,
                                               const double               E,
                                               const BDFCoefficients     &bdf,
                                               const double               dt)
  {
    StepResult r;
    r.flow = network.total_flow();
    for (unsigned int k = 0; k < network.size(); ++k)
      {
        const BoreholeModel &bh = network[k];
        BoreholeStep         b;
        b.inlet_C       = io[2 * k];
        b.outlet_C      = io[2 * k + 1];
        b.flow          = bh.flow();
        b.ground_load_W = bh.capacity_rate() * (b.outlet_C - b.inlet_C);
        r.boreholes.push_back(b);
      }
    const auto field  = field_inlet_outlet(io);
    r.inlet_C         = field.first;
    r.outlet_C        = field.second;
    r.ground_load_W   = network.capacity_rate() * (r.outlet_C - r.inlet_C);
    r.wall_heat_W     = wall_heat_W;
    r.friction_heat_W = friction_W;
    const double dE   = (bdf.beta0 * E + bdf.beta1 * E_n + bdf.beta2 * E_nm1) / dt;
    // boreholes: d/dt E = wall heat + friction - (rho c)_f V (T_out - T_in)
    // (with c_p per node, the advection's linearisation loads sum to zero)
    r.balance_rel_error = std::abs(r.wall_heat_W + r.friction_heat_W - r.ground_load_W - dE) /
                          std::max({std::abs(r.ground_load_W), std::abs(r.wall_heat_W), 1.0});
    E_nm1 = E_n;
    E_n   = E;
    if (r.flow == 0)
      property_checked = false; // the idle fluid recovers: check when it flows again
    return r;
  }

  template <int dim>
  void CoupledProblem<dim>::update_fluid_properties(const double dt)
  {
    if (!variable_fluid)
      return;
    since_property_check += dt;
    if (property_checked && since_property_check < property_check_interval)
      return;
    property_checked     = true;
    since_property_check = 0;
    // every rank needs every borehole's temperatures (its resistances enter
    // the wall coupling wherever its wall points are)
    std::vector<unsigned int> start;
    const std::vector<double> all =
      reduced ? reduced_borehole_values(start) : all_borehole_values(x_n, start);
    bool changed = false;
    for (unsigned int k = 0; k < network.size(); ++k)
      changed = network[k].update_fluid_properties(
                  std::vector<double>(all.begin() + start[k], all.begin() + start[k + 1])) ||
                changed;
    if (changed)
      {
        cache.clear();                  // resistances and friction changed: new step operators
        network.clear_pressure_cache(); // and the pump's pressure drop
        if (reduced)
          {
            reproject_borehole_part(); // new reduced operators, e and energies
            capacities_stale = true;   // the full M's: when the full state is read
          }
        else
          refresh_capacities(); // and heat capacities: new M, e and energies
        ++property_updates;
      }
  }

  template <int dim>
  std::vector<double>
  CoupledProblem<dim>::all_borehole_values(const PETScWrappers::MPI::Vector &x,
                                           std::vector<unsigned int>        &start) const
  {
    start.assign(network.size() + 1, 0);
    for (unsigned int k = 0; k < network.size(); ++k)
      start[k + 1] = start[k] + network[k].n_unknowns();
    std::vector<double> all(start.back(), 0.0);
    for (unsigned int k = 0; k < network.size(); ++k)
      if (numbering.owns(k))
        for (unsigned int i = 0; i < network[k].n_unknowns(); ++i)
          all[start[k] + i] = x(numbering.system(k, i));
    Utilities::MPI::sum(all, comm, all);
    return all;
  }

  namespace
  {
    /// A state that does not fit the model it is read into.
    [[noreturn]] void state_mismatch(const std::string &what)
    {
      throw std::runtime_error("checkpoint does not match this model: " + what);
    }
  } // namespace

  // Layout of one rank's state (StateWriter), in this order:
  //   globals:   E_n, E_nm1; with temperature-dependent fluid also the
  //              property check flag, steps since, and every borehole's
  //              fluid property state (same on every rank)
  //   ground:    records of the locally owned cells: CellId (binary), a
  //              bit mask of the cell's DoFs whose values follow (each owned
  //              DoF once, with the first owned cell that holds it), then
  //              x^n, x^{n-1} per DoF in the mask
  //   boreholes: the boreholes this rank owns: index, unknowns, x^n, x^{n-1}
  //   wall:      WallPoints::save
  template <int dim>
  std::string CoupledProblem<dim>::save_state() const
  {
    require_full_state();
    StateWriter out;
    out.put(E_n);
    out.put(E_nm1);
    if (variable_fluid)
      {
        out.put(property_checked ? 1.0 : 0.0);
        out.put(since_property_check);
        for (unsigned int k = 0; k < network.size(); ++k)
          out.put_vector(network[k].fluid_property_state());
      }

    // Ground values of the owned DoFs, each with the first owned cell that holds it.
    const unsigned int n_cell_dofs = ground.dofs().get_fe().n_dofs_per_cell();
    AssertThrow(n_cell_dofs <= 64, ExcMessage("internal: more than 64 DoFs per cell"));
    std::vector<types::global_dof_index> dofs(n_cell_dofs);
    std::vector<bool>                    written(ground.owned_dofs().n_elements(), false);
    StateWriter                          cells;
    std::uint64_t                        n_records = 0;
    for (const auto &cell : ground.dofs().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          std::uint64_t mask = 0;
          for (unsigned int i = 0; i < n_cell_dofs; ++i)
            if (ground.owned_dofs().is_element(dofs[i]))
              {
                const auto local = ground.owned_dofs().index_within_set(dofs[i]);
                if (!written[local])
                  mask |= std::uint64_t(1) << i;
                written[local] = true;
              }
          if (mask == 0)
            continue;
          cells.put(cell->id().template to_binary<dim>());
          cells.put(mask);
          for (unsigned int i = 0; i < n_cell_dofs; ++i)
            if (mask & (std::uint64_t(1) << i))
              {
                cells.put(x_n(numbering.system(dofs[i])));
                cells.put(x_nm1(numbering.system(dofs[i])));
              }
          ++n_records;
        }
    out.put(n_records);
    std::string bytes = out.str() + cells.str();

    StateWriter   rest;
    std::uint64_t n_owned = 0;
    for (unsigned int b = 0; b < network.size(); ++b)
      n_owned += numbering.owns(b) ? 1 : 0;
    rest.put(n_owned);
    for (unsigned int b = 0; b < network.size(); ++b)
      if (numbering.owns(b))
        {
          rest.put<std::uint32_t>(b);
          rest.put<std::uint32_t>(network[b].n_unknowns());
          for (const auto *x : {&x_n, &x_nm1})
            for (unsigned int j = 0; j < network[b].n_unknowns(); ++j)
              rest.put((*x)(numbering.system(b, j)));
        }
    wall.save(rest);
    return bytes + rest.str();
  }

  template <int dim>
  void CoupledProblem<dim>::load_state(const std::vector<std::string> &pieces)
  {
    // Reading is local; a state that does not fit is refused on every rank
    // before the first collective call.
    std::string problem_here;
    try
      {
        read_state(pieces);
      }
    catch (const std::exception &e)
      {
        problem_here = e.what();
      }
    for (const std::string &p : Utilities::MPI::all_gather(comm, problem_here))
      if (!p.empty())
        throw std::runtime_error(p);
    for (auto *v : {&x_n, &x_nm1})
      v->compress(VectorOperation::insert);
    if (variable_fluid)
      {
        cache.clear();
        network.clear_pressure_cache();
        refresh_capacities();
      }
  }

  template <int dim>
  void CoupledProblem<dim>::read_state(const std::vector<std::string> &pieces)
  {
    // This rank's owned and ghost cells by id: a value of a DoF owned here
    // may have been written with a neighbouring cell that is a ghost here.
    std::map<CellId, typename DoFHandler<dim>::active_cell_iterator> cells_here;
    for (const auto &cell : ground.dofs().active_cell_iterators())
      if (cell->is_locally_owned() || cell->is_ghost())
        cells_here.emplace(cell->id(), cell);
    const unsigned int                   n_cell_dofs = ground.dofs().get_fe().n_dofs_per_cell();
    std::vector<types::global_dof_index> dofs(n_cell_dofs);
    std::vector<bool>                    ground_set(ground.owned_dofs().n_elements(), false);
    std::size_t                          n_ground_set = 0, n_boreholes_set = 0, n_wall_set = 0;
    std::vector<double>                  values;

    for (std::size_t piece = 0; piece < pieces.size(); ++piece)
      {
        StateReader  in(pieces[piece]);
        const double e_n = in.get<double>(), e_nm1 = in.get<double>();
        if (variable_fluid)
          {
            const double                     checked = in.get<double>(), since = in.get<double>();
            std::vector<std::vector<double>> fluid(network.size());
            for (auto &f : fluid)
              f = in.get_vector();
            if (piece == 0) // the same on every rank
              {
                property_checked     = checked != 0.0;
                since_property_check = since;
                for (unsigned int b = 0; b < network.size(); ++b)
                  {
                    if (fluid[b].size() != network[b].fluid_property_state().size())
                      state_mismatch("fluid property state");
                    network[b].set_fluid_property_state(fluid[b]);
                  }
              }
          }
        if (piece == 0)
          {
            E_n   = e_n;
            E_nm1 = e_nm1;
          }

        const auto n_records = in.get<std::uint64_t>();
        for (std::uint64_t r = 0; r < n_records; ++r)
          {
            const CellId id(in.get<CellId::binary_type>());
            const auto   mask = in.get<std::uint64_t>();
            in.get_values(values, 2 * std::bitset<64>(mask).count());
            const auto cell = cells_here.find(id);
            if (cell == cells_here.end())
              continue;
            cell->second->get_dof_indices(dofs);
            unsigned int v = 0;
            for (unsigned int i = 0; i < n_cell_dofs; ++i)
              if (mask & (std::uint64_t(1) << i))
                {
                  if (ground.owned_dofs().is_element(dofs[i]))
                    {
                      const auto local = ground.owned_dofs().index_within_set(dofs[i]);
                      if (ground_set[local])
                        state_mismatch("a ground value given twice");
                      ground_set[local] = true;
                      ++n_ground_set;
                      x_n(numbering.system(dofs[i]))   = values[v];
                      x_nm1(numbering.system(dofs[i])) = values[v + 1];
                    }
                  v += 2;
                }
          }

        const auto n_boreholes = in.get<std::uint64_t>();
        for (std::uint64_t r = 0; r < n_boreholes; ++r)
          {
            const auto b = in.get<std::uint32_t>();
            const auto n = in.get<std::uint32_t>();
            in.get_values(values, 2 * std::size_t(n));
            if (b >= network.size() || n != network[b].n_unknowns())
              state_mismatch("borehole unknowns");
            if (!numbering.owns(b))
              continue;
            for (unsigned int j = 0; j < n; ++j)
              {
                x_n(numbering.system(b, j))   = values[j];
                x_nm1(numbering.system(b, j)) = values[n + j];
              }
            ++n_boreholes_set;
          }
        n_wall_set += wall.load(in);
        if (in.remaining() != 0)
          state_mismatch("trailing bytes");
      }

    std::size_t n_boreholes_owned = 0;
    for (unsigned int b = 0; b < network.size(); ++b)
      n_boreholes_owned += numbering.owns(b) ? 1 : 0;
    if (n_ground_set != ground.owned_dofs().n_elements())
      state_mismatch(std::to_string(ground.owned_dofs().n_elements() - n_ground_set) +
                     " ground values missing (another mesh?)");
    if (n_boreholes_set != n_boreholes_owned)
      state_mismatch("borehole unknowns missing");
    if (n_wall_set != wall.n_points())
      state_mismatch("wall points missing");
  }

  template <int dim>
  GhostedVector CoupledProblem<dim>::ground_disturbance() const
  {
    require_full_state();
    GhostedVector theta = ground.make_vector();
    for (const auto i : ground.owned_dofs())
      theta(i) = x_n(numbering.system(i));
    theta.update_ghost_values();
    return theta;
  }

  template <int dim>
  std::vector<double> CoupledProblem<dim>::borehole_values(const unsigned int b) const
  {
    require_full_state();
    std::vector<double> values(network[b].n_unknowns(), 0.0);
    if (numbering.owns(b))
      for (unsigned int j = 0; j < values.size(); ++j)
        values[j] = x_n(numbering.system(b, j));
    MPI_Bcast(values.data(), values.size(), MPI_DOUBLE, numbering.owner(b), comm);
    return values;
  }

  template <int dim>
  WellProfile CoupledProblem<dim>::profile(const unsigned int   b,
                                           const GhostedVector *theta_given) const
  {
    const GhostedVector       own    = theta_given ? GhostedVector() : ground_disturbance();
    const GhostedVector      &theta  = theta_given ? *theta_given : own;
    const BoreholeModel      &bh     = network[b];
    const std::vector<double> values = borehole_values(b);
    const unsigned int        n      = bh.n_cells();
    // Per borehole cell: [int T_wall dz, int q' dz, int dz] over the wall,
    // from the last step's wall state (zero before the first step).
    std::vector<double> sums(3 * n, 0.0);
    wall.add_profile_sums(b, theta, sums);
    Utilities::MPI::sum(sums, comm, sums);

    WellProfile prof;
    bh.fluid_profile(values, prof);
    for (unsigned int k = 0; k < bh.n_nodes(); ++k)
      {
        // nodal values: mean of the adjacent cells' wall averages
        double T = 0, q = 0, w = 0;
        for (const int c : {int(k) - 1, int(k)})
          if (c >= 0 && c < int(n) && sums[3 * c + 2] > 0)
            {
              T += sums[3 * c] / sums[3 * c + 2];
              q += sums[3 * c + 1] / sums[3 * c + 2];
              w += 1;
            }
        prof.T_wall.push_back(w > 0 ? T / w : NAN);
        prof.line_load.push_back(w > 0 ? q / w : NAN);
      }
    return prof;
  }

  template <int dim>
  std::vector<std::array<double, 3>> CoupledProblem<dim>::wall_integrals() const
  {
    const GhostedVector theta = ground_disturbance();
    std::vector<double> all(3 * network.size(), 0.0);
    for (unsigned int b = 0; b < network.size(); ++b)
      {
        std::vector<double> cells(3 * network[b].n_cells(), 0.0);
        wall.add_profile_sums(b, theta, cells);
        for (unsigned int i = 0; i < cells.size(); ++i)
          all[3 * b + i % 3] += cells[i];
      }
    Utilities::MPI::sum(all, comm, all);
    std::vector<std::array<double, 3>> result(network.size());
    for (unsigned int b = 0; b < network.size(); ++b)
      result[b] = {{all[3 * b], all[3 * b + 1], all[3 * b + 2]}};
    return result;
  }

  template class CoupledProblem<2>;
  template class CoupledProblem<3>;
} // namespace geoheat

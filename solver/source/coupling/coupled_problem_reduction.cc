/**
 * @file coupled_problem_reduction.cc
 * CoupledProblem's reduced model: the basis, the projection and the
 * reduced step (reduced_model.h for the equations).
 *
 * Basis: rational Krylov (moment matching). For every flow f of the run and
 * every shift c of a log-spaced set spanning the run's time scales
 * (c = beta0/dt from twice the shortest step's to half the horizon's
 * inverse), the solutions of (c M_f + K_f) y = b for the step's inputs b:
 * the wall loads of the undisturbed ground, the flow loads and the unit
 * supply (flowing), and the capacity load M_f x^0 of the initial state. The
 * reduced model then matches the full one's transfer function from each
 * input at each shift. The initial state x^0 and the indicator of the
 * borehole unknowns come first (x^0 is represented exactly; the indicator
 * keeps the sum of the borehole rows, their energy balance, in the test
 * space). Candidates are M_0-orthonormalised (classical Gram-Schmidt, twice);
 * a candidate with less than `tolerance` of its norm left is dropped.
 *
 * What the basis does not hold: the responses of one flow state to the
 * states another one leaves behind (products of both resolvents). Measured
 * (README, scripts/fast_check.py): flowing steps, and so the heat pump's
 * figures, stay within a few mK over 30 years, but the temperatures of the
 * stagnant fluid while the pump is off relax too slowly (K at the wellhead in
 * the first days), and the step energy balance, which the projection does not
 * hold exactly (the inlet row T_in = v holds only in the mean), reads 1e-4 to
 * 1e-2 in idle steps instead of 1e-10.
 */
#include <deal.II/base/mpi.h>

#include <geoheat/coupling/reduction_cache.h>

#include <petscvec.h>

#include <chrono>
#include <cmath>

#include "coupled_problem_internal.h"

namespace geoheat
{
  using namespace dealii;

  template <int dim>
  std::string CoupledProblem<dim>::reduced_model_unavailable() const
  {
    if (own_plants)
      return "every string has its own plant (Borehole field/Plant = per string: the reduced "
             "model has one supply temperature)";
    if (wall.transient())
      return "the transient line coupling keeps a history at every wall point "
             "(Field mesh/Transient coupling correction = false makes it steady)";
    if (ground.properties().has_seasons())
      return "the surface temperature has seasons (a time-dependent load)";
    if (ground.properties().groundwater.flows())
      return "groundwater flows (its SUPG capacity matrix is not symmetric, and the "
             "basis here is orthonormal in that matrix: not yet done for advection)";
    return "";
  }

  namespace
  {
    /// (V_0 . w, ..., V_{k-1} . w) over all ranks: PETSc's VecMDot, one
    /// pass over w for four V_i at a time and one reduction (a loop of
    /// single dot products was ~10 % of a depth search on the fast path).
    Vector<double> project(const std::vector<PETScWrappers::MPI::Vector> &V,
                           const PETScWrappers::MPI::Vector              &w)
    {
      Vector<double> out(V.size());
      if (V.empty())
        return out;
      std::vector<Vec>     vectors(V.begin(), V.end());
      const PetscErrorCode ierr = VecMDot(w, PetscInt(V.size()), vectors.data(), out.begin());
      AssertThrow(ierr == 0, ExcMessage("internal: VecMDot failed"));
      return out;
    }

    /// y += sum_i c_i V_i (PETSc's VecMAXPY: one pass over y).
    void add_combination(PETScWrappers::MPI::Vector                    &y,
                         const Vector<double>                          &c,
                         const std::vector<PETScWrappers::MPI::Vector> &V)
    {
      if (V.empty())
        return;
      std::vector<Vec>     vectors(V.begin(), V.end());
      const PetscErrorCode ierr = VecMAXPY(y, PetscInt(V.size()), c.begin(), vectors.data());
      AssertThrow(ierr == 0, ExcMessage("internal: VecMAXPY failed"));
    }

    /// R(i, j) = V_i . W_j over all ranks (one reduction per column).
    FullMatrix<double> inner_products(const std::vector<PETScWrappers::MPI::Vector> &V,
                                      const std::vector<PETScWrappers::MPI::Vector> &W)
    {
      FullMatrix<double> R(V.size(), W.size());
      for (unsigned int j = 0; j < W.size(); ++j)
        {
          const Vector<double> column = project(V, W[j]);
          for (unsigned int i = 0; i < V.size(); ++i)
            R(i, j) = column(i);
        }
      return R;
    }
  } // namespace

  template <int dim>
  ReducedBasis CoupledProblem<dim>::build_reduced_basis(const ReductionSettings &settings)
  {
    ReducedBasis               built;
    auto                      &V  = built.basis;
    const StateData           &s0 = state(0.0);
    PETScWrappers::MPI::Vector Mx(owned, comm);

    // Candidates, M_0-orthonormalised against the basis V so far.
    const auto add_candidate = [&](PETScWrappers::MPI::Vector y) {
      s0.M.vmult(Mx, y);
      const double norm0 = std::sqrt(std::max(0.0, y * Mx));
      if (!(norm0 > 0))
        return;
      for (unsigned int pass = 0; pass < 2; ++pass)
        {
          if (!V.empty())
            {
              Vector<double> c = project(V, Mx);
              c *= -1.0;
              add_combination(y, c, V);
            }
          s0.M.vmult(Mx, y);
        }
      const double norm = std::sqrt(std::max(0.0, y * Mx));
      if (norm > settings.tolerance * norm0)
        {
          y /= norm;
          V.push_back(std::move(y));
        }
    };

    PETScWrappers::MPI::Vector x0, indicator(owned, comm);
    initial_state(x0);
    add_candidate(x0);
    for (const auto i : numbering.owned_boreholes())
      indicator(i) = 1.0;
    indicator.compress(VectorOperation::insert);
    add_candidate(indicator);

    // Shifts c = beta0/dt, log-spaced over the run's time scales.
    const double       c_max = 2.0 / settings.shortest_step, c_min = 0.5 / settings.horizon;
    const unsigned int n_shifts =
      std::max(2u, unsigned(std::ceil(std::log10(c_max / c_min) * settings.shifts_per_decade)) + 1);
    std::vector<double> shifts;
    for (unsigned int j = 0; j < n_shifts; ++j)
      shifts.push_back(c_min * std::pow(c_max / c_min, double(j) / (n_shifts - 1)));

    std::map<double, ReducedOperators> by_flow;
    /// Per flow: the step's loads (wall + flow) and unit supply, projected below.
    std::map<double, std::pair<PETScWrappers::MPI::Vector, PETScWrappers::MPI::Vector>> loads;
    const double dt_any = settings.shortest_step; // no kernel: unused
    for (const double flow : settings.flows)
      {
        // The inputs of a step at this flow.
        StateData                              &s = state(flow);
        std::vector<PETScWrappers::MPI::Vector> inputs;
        network.set_total_flow(flow);
        PETScWrappers::MPI::Vector wall_load(owned, comm), flow_load, supply(owned, comm),
          capacity_load(owned, comm);
        wall.add_loads(wall_load, dt_any);
        inputs.push_back(wall_load);
        double friction = 0;
        if (flow > 0)
          {
            friction = assemble_flow_load(flow_load);
            supply_vector(supply);
            inputs.push_back(supply);
            if (flow_load.l2_norm() > 0)
              inputs.push_back(flow_load);
          }
        s.M.vmult(capacity_load, x0);
        for (const auto i : fixed_owned_rows)
          capacity_load(i) = 0.0;
        capacity_load.compress(VectorOperation::insert);
        inputs.push_back(capacity_load);

        PETScWrappers::MPI::Vector y(owned, comm);
        for (const double c : shifts)
          {
            PETScWrappers::MPI::SparseMatrix A;
            assemble_step_matrix(flow, c, dt_any, A);
            StepSolver solver(A, direct, options, numbering);
            ++built.n_factorized;
            for (std::size_t i = 0; i < inputs.size(); ++i)
              {
                y = 0;
                built.n_iterations += solver.solve(y, inputs[i], false);
                add_candidate(y);
              }
          }

        // This flow's loads, kept for the projection below.
        PETScWrappers::MPI::Vector load = wall_load;
        if (flow > 0)
          load += flow_load;
        loads.emplace(flow, std::make_pair(load, supply));
        ReducedOperators op;
        op.friction_W = friction;
        by_flow.emplace(flow, std::move(op));
      }

    // Projection, flow by flow.
    const unsigned int                      k = V.size();
    std::vector<PETScWrappers::MPI::Vector> image(k, PETScWrappers::MPI::Vector(owned, comm));
    for (auto &[flow, op] : by_flow)
      {
        network.set_total_flow(flow);
        const StateData &s = state(flow);
        for (unsigned int j = 0; j < k; ++j)
          s.M.vmult(image[j], V[j]);
        op.capacity = inner_products(V, image);
        PETScWrappers::MPI::SparseMatrix K;
        assemble_step_matrix(flow, 0.0, dt_any, K);
        for (unsigned int j = 0; j < k; ++j)
          K.vmult(image[j], V[j]);
        op.conductance = inner_products(V, image);

        PETScWrappers::MPI::Vector g(owned, comm);
        op.load       = project(V, loads.at(flow).first);
        op.supply     = project(V, loads.at(flow).second);
        op.wall_heat0 = wall.heat_functional(g, dt_any);
        op.wall_heat  = project(V, g);
      }

    // Outputs: the rows of V at every borehole's inlet and outlet.
    FullMatrix<double>  outputs(2 * network.size(), k);
    std::vector<double> rows(2 * network.size() * k, 0.0);
    for (unsigned int b = 0; b < network.size(); ++b)
      if (numbering.owns(b))
        for (unsigned int j = 0; j < k; ++j)
          {
            rows[(2 * b) * k + j]     = V[j](numbering.system(b, network[b].inlet()));
            rows[(2 * b + 1) * k + j] = V[j](numbering.system(b, network[b].outlet()));
          }
    Utilities::MPI::sum(rows, comm, rows);
    for (unsigned int r = 0; r < outputs.m(); ++r)
      for (unsigned int j = 0; j < k; ++j)
        outputs(r, j) = rows[r * k + j];

    built.by_flow = std::move(by_flow);
    built.outputs = std::move(outputs);
    built.energy  = project(V, borehole_capacity);
    return built;
  }

  template <int dim>
  std::uint64_t CoupledProblem<dim>::reduction_fingerprint(const ReductionSettings &settings)
  {
    // Every number build_reduced_basis() reads.
    SystemFingerprint f;
    f.add(settings.flows);
    for (const double x : {settings.shortest_step,
                           settings.horizon,
                           settings.shifts_per_decade,
                           settings.tolerance,
                           options.relative_tolerance})
      f.add(x);
    f.add(std::uint64_t(direct));
    f.add(std::uint64_t(options.max_iterations));
    f.add(state(0.0).M);
    PETScWrappers::MPI::Vector x0;
    initial_state(x0);
    f.add(x0);
    f.add(borehole_capacity);
    for (unsigned int b = 0; b < network.size(); ++b)
      if (numbering.owns(b))
        for (const auto i :
             {numbering.system(b, network[b].inlet()), numbering.system(b, network[b].outlet())})
          f.add(std::uint64_t(i));
    for (const auto i : numbering.owned_boreholes())
      f.add(std::uint64_t(i));
    const double dt_any = settings.shortest_step; // no kernel: unused
    for (const double flow : settings.flows)
      {
        network.set_total_flow(flow);
        f.add(state(flow).M);
        PETScWrappers::MPI::SparseMatrix K;
        assemble_step_matrix(flow, 0.0, dt_any, K); // A = c M + K: M and K fix every shift
        f.add(K);
        PETScWrappers::MPI::Vector wall_load(owned, comm), flow_load, supply, g(owned, comm);
        wall.add_loads(wall_load, dt_any);
        f.add(wall_load);
        if (flow > 0)
          {
            f.add(assemble_flow_load(flow_load));
            f.add(flow_load);
            supply_vector(supply);
            f.add(supply);
          }
        f.add(wall.heat_functional(g, dt_any));
        f.add(g);
      }
    return f.global(comm);
  }

  template <int dim>
  void CoupledProblem<dim>::use_reduced_model(const ReductionSettings &settings)
  {
    const auto        start = std::chrono::steady_clock::now();
    const std::string why   = reduced_model_unavailable();
    AssertThrow(why.empty(), ExcMessage("internal: reduced model requested where " + why));
    const double flow_now = network.total_flow();

    // The kept model if the system is the one it was built for, else a new one.
    ReductionCache *const kept  = settings.cache;
    const std::uint64_t   key   = kept ? reduction_fingerprint(settings) : 0;
    const ReducedBasis   *model = kept ? kept->find(key) : nullptr;
    ReducedBasis          built;
    reduction_reused = model != nullptr;
    if (model)
      ++kept->reuses;
    else
      {
        built = build_reduced_basis(settings);
        n_factorized += built.n_factorized;
        n_iterations += built.n_iterations;
        if (kept)
          {
            ++kept->builds;
            model = &kept->keep(key, std::move(built));
          }
        else
          model = &built;
      }

    basis                                      = model->basis;
    std::map<double, ReducedOperators> by_flow = model->by_flow;
    if (variable_fluid)
      setup_borehole_projection(by_flow);
    reduced = std::make_unique<ReducedModel>(std::move(by_flow), model->outputs, model->energy);
    // The current state in the basis: z = V^T M_0 x (exact for x in span V).
    const unsigned int         k = basis.size();
    PETScWrappers::MPI::Vector Mx(owned, comm);
    Vector<double>             z_n(k), z_nm1(k);
    state(0.0).M.vmult(Mx, x_n);
    z_n = project(basis, Mx);
    state(0.0).M.vmult(Mx, x_nm1);
    z_nm1 = project(basis, Mx);
    reduced->set_state(z_n, z_nm1);
    network.set_total_flow(flow_now);
    reduction_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  template <int dim>
  StepResult CoupledProblem<dim>::reduced_step(
    const BDFCoefficients                               &bdf,
    const double                                         dt,
    const double                                         flow,
    const InletControl                                   control,
    const std::function<double(const LinearResponse &)> &choose_value)
  {
    if (!reduced->has_flow(flow))
      throw std::runtime_error("the fast path was built for other flow rates than " +
                               std::to_string(flow) + " m^3/s (internal)");
    if (flow > 0)
      update_fluid_properties(dt); // from z^n; re-projects the borehole part if they changed
    if (borehole_projection)
      refresh_reduced_operators(flow);
    network.set_total_flow(flow);
    reduced->solve(bdf, dt, flow);
    double v = 0;
    if (flow > 0)
      v = choose_supply(field_inlet_outlet(reduced->inlets_outlets_of_solution(false)),
                        field_inlet_outlet(reduced->inlets_outlets_of_solution(true)),
                        control,
                        choose_value);
    reduced->accept(v);
    friction_W         = flow > 0 ? reduced->friction_W() : 0.0;
    full_state_current = false;
    last_dt            = dt;
    return step_figures(
      reduced->inlets_outlets(), reduced->wall_heat(), reduced->energy(), bdf, dt);
  }

  template <int dim>
  void CoupledProblem<dim>::synchronize()
  {
    if (!reduced || full_state_current)
      return;
    const auto expand = [&](const Vector<double> &z, PETScWrappers::MPI::Vector &x) {
      x = 0;
      add_combination(x, z, basis);
    };
    expand(reduced->state(), x_n);
    expand(reduced->previous_state(), x_nm1);
    if (capacities_stale) // the fluid's heat capacity changed since: the full M's
      {
        refresh_capacities();
        capacities_stale = false;
      }
    wall.update(x_n, last_dt); // q' and the wall correction for the profiles (no history)
    full_state_current = true;
  }

  template <int dim>
  void CoupledProblem<dim>::require_full_state() const
  {
    AssertThrow(full_state_current,
                ExcMessage("internal: the full state is read while the reduced model is "
                           "ahead of it (call synchronize() first)"));
  }

  // The members defined here (the class itself is instantiated in coupled_problem.cc).
#define GEOHEAT_INSTANTIATE_REDUCTION(dim)                                                      \
  template std::string   CoupledProblem<dim>::reduced_model_unavailable() const;                \
  template void          CoupledProblem<dim>::use_reduced_model(const ReductionSettings &);     \
  template ReducedBasis  CoupledProblem<dim>::build_reduced_basis(const ReductionSettings &);   \
  template std::uint64_t CoupledProblem<dim>::reduction_fingerprint(const ReductionSettings &); \
  template StepResult    CoupledProblem<dim>::reduced_step(                                     \
    const BDFCoefficients &,                                                                 \
    double,                                                                                  \
    double,                                                                                  \
    InletControl,                                                                            \
    const std::function<double(const LinearResponse &)> &);                                  \
  template void CoupledProblem<dim>::synchronize();                                             \
  template void CoupledProblem<dim>::require_full_state() const;
  GEOHEAT_INSTANTIATE_REDUCTION(2)
  GEOHEAT_INSTANTIATE_REDUCTION(3)
#undef GEOHEAT_INSTANTIATE_REDUCTION
} // namespace geoheat

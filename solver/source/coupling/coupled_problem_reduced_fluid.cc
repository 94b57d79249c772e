/**
 * @file coupled_problem_reduced_fluid.cc
 * The reduced model with temperature-dependent fluid properties.
 *
 * The fluid's properties (c_p, viscosity and conductivity per cell, lagged
 * from x^n and re-evaluated where the fluid moved by more than the update
 * threshold, see CoaxialWell) change only the borehole part of the step
 * system: the borehole rows, the series links, the wall exchange (through
 * R_b), the flow loads, the unit supply and the wall heat. With S the
 * unknowns that part touches (borehole unknowns and the ground DoFs at the
 * wall points) and V_S the basis at S,
 *     M_r = G_M + V_S^T B_M V_S,   K_r = G_K + V_S^T B_K V_S,
 * where G is the ground's part, projected once with the whole system
 * (G = V^T A V - V_S^T B V_S at the initial properties), and B the borehole
 * part's entries at the current properties. A property update costs
 * O(|S| k^2 + entries k) and new dense factorisations instead of O(n k^2).
 * The loads, the supply and the wall heat functional live on S and are
 * projected there. The basis stays the one built at the properties of the
 * start; measured against the full model in regression.fast_path and
 * scripts/fast_check.py.
 */
#include <deal.II/base/mpi.h>

#include "coupled_problem_internal.h"

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    using Entry = PetscSystemBuilder::Entry;
  } // namespace

  template <int dim>
  void
  CoupledProblem<dim>::setup_borehole_projection(const std::map<double, ReducedOperators> &full)
  {
    const double flow_now  = network.total_flow();
    borehole_projection    = std::make_unique<BoreholeProjection>();
    BoreholeProjection &bp = *borehole_projection;

    // S: every index of the borehole part's entries at every flow, and the
    // borehole unknowns, gathered from all ranks.
    std::vector<types::global_dof_index> mine;
    for (const auto &[flow, op] : full)
      {
        network.set_total_flow(flow);
        std::vector<Entry> entries;
        PetscSystemBuilder b(ground.constraints(), numbering);
        b.write_entries(&entries, 1.0, 1.0);
        assemble_boreholes(b);
        wall.assemble(b, 0.0);
        for (const Entry &e : entries)
          {
            mine.push_back(e.row);
            mine.push_back(e.col);
          }
      }
    for (const auto i : numbering.owned_boreholes())
      mine.push_back(i);
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    for (const auto &part : Utilities::MPI::all_gather(comm, mine))
      bp.rows.insert(bp.rows.end(), part.begin(), part.end());
    std::sort(bp.rows.begin(), bp.rows.end());
    bp.rows.erase(std::unique(bp.rows.begin(), bp.rows.end()), bp.rows.end());

    // V_S on every rank: the owners fill their rows.
    const unsigned int  k = basis.size(), nS = bp.rows.size();
    std::vector<double> values(std::size_t(nS) * k, 0.0);
    for (unsigned int r = 0; r < nS; ++r)
      if (owned.is_element(bp.rows[r]))
        {
          bp.owned_rows.emplace_back(r, bp.rows[r]);
          for (unsigned int j = 0; j < k; ++j)
            values[std::size_t(r) * k + j] = basis[j](bp.rows[r]);
        }
    Utilities::MPI::sum(values, comm, values);
    bp.V.reinit(nS, k);
    for (unsigned int r = 0; r < nS; ++r)
      for (unsigned int j = 0; j < k; ++j)
        bp.V(r, j) = values[std::size_t(r) * k + j];

    // The basis at every borehole unknown (the property update reads them).
    bp.start.assign(network.size() + 1, 0);
    for (unsigned int b = 0; b < network.size(); ++b)
      bp.start[b + 1] = bp.start[b] + network[b].n_unknowns();
    bp.borehole_rows.reinit(bp.start.back(), k);
    for (unsigned int b = 0; b < network.size(); ++b)
      for (unsigned int i = 0; i < network[b].n_unknowns(); ++i)
        {
          const unsigned int r = bp.position(numbering.system(b, i));
          for (unsigned int j = 0; j < k; ++j)
            bp.borehole_rows(bp.start[b] + i, j) = bp.V(r, j);
        }

    // The ground's part of every flow's operators.
    for (const auto &[flow, op] : full)
      {
        const ReducedOperators part = borehole_operators(flow);
        FullMatrix<double>     G_M(op.capacity), G_K(op.conductance);
        G_M.add(-1.0, part.capacity);
        G_K.add(-1.0, part.conductance);
        bp.ground.emplace(flow, std::make_pair(std::move(G_M), std::move(G_K)));
      }
    network.set_total_flow(flow_now);
  }

  namespace
  {
    /// V_S^T B V_S (all ranks) of this rank's entries of B.
    FullMatrix<double>
    project_entries(const std::vector<Entry>                                   &entries,
                    const FullMatrix<double>                                   &V,
                    const std::function<unsigned int(types::global_dof_index)> &at,
                    MPI_Comm                                                    comm)
    {
      const unsigned int k = V.n();
      FullMatrix<double> Y(V.m(), k); // B V_S, rows of this rank's entries
      for (const Entry &e : entries)
        {
          const unsigned int r = at(e.row), c = at(e.col);
          for (unsigned int j = 0; j < k; ++j)
            Y(r, j) += e.value * V(c, j);
        }
      FullMatrix<double> P(k, k);
      V.Tmmult(P, Y);
      std::vector<double> flat(&P(0, 0), &P(0, 0) + std::size_t(k) * k);
      Utilities::MPI::sum(flat, comm, flat);
      std::copy(flat.begin(), flat.end(), &P(0, 0));
      return P;
    }
  } // namespace

  template <int dim>
  ReducedOperators CoupledProblem<dim>::borehole_operators(const double flow)
  {
    const BoreholeProjection &bp = *borehole_projection;
    const auto at = [&bp](const types::global_dof_index i) { return bp.position(i); };
    network.set_total_flow(flow);
    ReducedOperators   op;
    std::vector<Entry> entries;
    {
      PetscSystemBuilder b(ground.constraints(), numbering);
      b.write_entries(&entries, 1.0, 0.0);
      assemble_boreholes(b);
    }
    op.capacity = project_entries(entries, bp.V, at, comm);
    entries.clear();
    {
      PetscSystemBuilder b(ground.constraints(), numbering);
      b.write_entries(&entries, 0.0, 1.0);
      assemble_boreholes(b);
      wall.assemble(b, 0.0);
    }
    op.conductance = project_entries(entries, bp.V, at, comm);

    // Vectors that live on S, projected there: V_S^T v.
    const unsigned int k       = basis.size();
    const auto         project = [&](const PETScWrappers::MPI::Vector &v) {
      std::vector<double> r(k, 0.0);
      for (const auto &[pos, i] : bp.owned_rows)
        {
          const double vi = v(i);
          if (vi != 0.0)
            for (unsigned int j = 0; j < k; ++j)
              r[j] += bp.V(pos, j) * vi;
        }
      Utilities::MPI::sum(r, comm, r);
      return Vector<double>(r.begin(), r.end());
    };
    PETScWrappers::MPI::Vector load(owned, comm), flow_load, supply(owned, comm), g(owned, comm);
    wall.add_loads(load, 0.0);
    op.supply.reinit(k);
    if (flow > 0)
      {
        op.friction_W = assemble_flow_load(flow_load);
        load += flow_load;
        supply_vector(supply);
        op.supply = project(supply);
      }
    op.load       = project(load);
    op.wall_heat0 = wall.heat_functional(g, 0.0);
    op.wall_heat  = project(g);
    return op;
  }

  template <int dim>
  void CoupledProblem<dim>::reproject_borehole_part()
  {
    const double        flow_now = network.total_flow();
    BoreholeProjection &bp       = *borehole_projection;
    for (const auto &flow_G : bp.ground)
      bp.stale.insert(flow_G.first);
    // Energy weights e_r = V^T M^T 1_boreholes: the idle capacity's borehole rows.
    network.set_total_flow(0.0);
    std::vector<Entry> entries;
    PetscSystemBuilder b(ground.constraints(), numbering);
    b.write_entries(&entries, 1.0, 0.0);
    assemble_boreholes(b);
    const unsigned int  k = basis.size();
    std::vector<double> e(k, 0.0);
    for (const Entry &m : entries)
      {
        const unsigned int c = bp.position(m.col);
        for (unsigned int j = 0; j < k; ++j)
          e[j] += m.value * bp.V(c, j);
      }
    Utilities::MPI::sum(e, comm, e);
    const Vector<double> weights(e.begin(), e.end());
    reduced->set_energy_weights(weights);
    E_n   = weights * reduced->state();
    E_nm1 = weights * reduced->previous_state();
    network.set_total_flow(flow_now);
  }

  template <int dim>
  void CoupledProblem<dim>::refresh_reduced_operators(const double flow)
  {
    BoreholeProjection &bp = *borehole_projection;
    if (bp.stale.erase(flow) == 0)
      return;
    const double     flow_now = network.total_flow();
    const auto      &G        = bp.ground.at(flow);
    ReducedOperators op       = borehole_operators(flow);
    op.capacity.add(1.0, G.first);
    op.conductance.add(1.0, G.second);
    reduced->replace_operators(flow, std::move(op));
    network.set_total_flow(flow_now);
  }

  template <int dim>
  std::vector<double>
  CoupledProblem<dim>::reduced_borehole_values(std::vector<unsigned int> &start) const
  {
    const BoreholeProjection &bp = *borehole_projection;
    start                        = bp.start;
    Vector<double> values(bp.borehole_rows.m());
    dense_vmult(bp.borehole_rows, reduced->state(), values);
    return std::vector<double>(values.begin(), values.end());
  }

#define GEOHEAT_INSTANTIATE_REDUCED_FLUID(dim)                                         \
  template void CoupledProblem<dim>::setup_borehole_projection(                        \
    const std::map<double, ReducedOperators> &);                                       \
  template ReducedOperators    CoupledProblem<dim>::borehole_operators(double);        \
  template void                CoupledProblem<dim>::reproject_borehole_part();         \
  template void                CoupledProblem<dim>::refresh_reduced_operators(double); \
  template std::vector<double> CoupledProblem<dim>::reduced_borehole_values(           \
    std::vector<unsigned int> &) const;
  GEOHEAT_INSTANTIATE_REDUCED_FLUID(2)
  GEOHEAT_INSTANTIATE_REDUCED_FLUID(3)
#undef GEOHEAT_INSTANTIATE_REDUCED_FLUID
} // namespace geoheat

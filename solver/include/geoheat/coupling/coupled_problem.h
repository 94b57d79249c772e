#pragma once
/**
 * @file coupled_problem.h
 * Ground and boreholes solved together, monolithically, in each step, with
 * a direct solver (UMFPACK on one rank, MUMPS on several).
 *
 * Unknowns: the ground disturbance theta (deal.II numbering, distributed)
 * followed by the borehole unknowns of the network (owned by the last rank,
 * whose ground range ends at n_ground, so every rank's range is contiguous).
 * The wall exchange q'(z) = (T0 + theta - T_b(z)) / (R_b(z) + R_c(z)) (R_b
 * from the borehole, R_c from the coupling) enters the ground rows with the
 * ground test functions and the borehole rows with the borehole's test
 * weights, so heat leaving the rock equals heat reaching the boreholes
 * exactly. Boreholes in series are linked by rows Cdot (T_in,b - T_out,a) = 0.
 *
 * The step is affine in the supply temperature v (the right-hand side of the
 * inlet rows of the boreholes fed by the supply): x(v) = x0 + v x1 with
 * x1 = A^{-1} e_supply cached with the factorisation. A prescribed heat rate
 * or the heat pump picks v from the exact affine inlet/outlet response, so
 * the step needs one solve whatever the control.
 *
 * The step matrix A = (beta0/dt) M + K depends only on the step size and the
 * flow; its factorisation is cached (LRU) and reused.
 */
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/coupling/ground_exchange.h>
#include <geoheat/coupling/linear_response.h>
#include <geoheat/coupling/petsc_system_builder.h>
#include <geoheat/coupling/step_result.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/network/borehole_network.h>
#include <geoheat/operation/operation.h>
#include <geoheat/time/time_control.h>

#include <functional>
#include <list>
#include <map>
#include <memory>

namespace geoheat
{
  template <int dim>
  class CoupledProblem
  {
  public:
    CoupledProblem(GroundModel<dim> &ground, BoreholeNetwork &network,
                   const GroundExchange &exchange,
                   unsigned int factorization_cache_size = 16);
    ~CoupledProblem();

    /// Index sets, sparsity, initial state: theta = 0, boreholes at T0(z).
    void setup();
    /// Solve one step (t, t + dt] with the given operating point.
    StepResult step(const BDFCoefficients &c, double dt, const OperatingPoint &op,
                    InletControl control);
    /// Solve one step whose control value (inlet temperature in deg C or
    /// heat extraction in W) is chosen from the step's own response (see
    /// LinearResponse); with zero flow the choice is not asked.
    StepResult step(const BDFCoefficients &c, double dt, double flow,
                    InletControl control,
                    const std::function<double(const LinearResponse &)> &choose_value);

    /// The state that a restart needs: x^n, x^{n-1} (owned entries) and the
    /// borehole energies. Rank-local; restored on the same partition.
    void save_state(std::vector<double> &out) const;
    void load_state(const std::vector<double> &in);

    unsigned int n_unknowns() const { return n_total; }
    unsigned int n_factorizations() const { return n_factorized; }
    /// Ground temperature disturbance theta (K), ghosted, for output.
    GhostedVector ground_disturbance() const;
    /// Profile along borehole @p b for the current solution (all ranks).
    WellProfile profile(unsigned int b) const;
    /// Unknowns of borehole @p b (deg C) of the current solution, all ranks.
    std::vector<double> borehole_values(unsigned int b) const;

  private:
    struct StateData;
    struct Factorization;

    StateData     &state(double flow);
    Factorization &factorization(double flow, double capacity_factor);
    /// Borehole terms, series links and wall exchange (rank-local parts).
    void assemble_boreholes(PetscSystemBuilder &b) const;
    void assemble_wall(PetscSystemBuilder &b, dealii::PETScWrappers::MPI::Vector *c,
                       double *c0) const;
    void gather_boreholes(const dealii::PETScWrappers::MPI::Vector &x);
    /// Broadcast values known on the rank owning the borehole unknowns.
    void from_borehole_owner(double *values, unsigned int n) const;
    /// Flow-weighted mixed outlet from the values of global unknowns.
    double mixed_outlet(const std::function<double(unsigned int)> &x) const;
    /// Field inlet and mixed outlet of a global vector (all ranks).
    std::pair<double, double>
    field_inlet_outlet(const dealii::PETScWrappers::MPI::Vector &x) const;
    StepResult results(const StateData &s, const BDFCoefficients &bdf, double dt);

    GroundModel<dim>     &ground;
    BoreholeNetwork      &network;
    const GroundExchange &exchange;
    unsigned int          cache_size;
    MPI_Comm              comm;
    unsigned int          n_ground = 0, n_total = 0, n_factorized = 0;
    bool                  owns_boreholes = false;
    std::vector<unsigned int> offset; ///< global index of each borehole's first unknown
    dealii::IndexSet      owned, relevant;
    dealii::DynamicSparsityPattern pattern;
    std::vector<dealii::types::global_dof_index> fixed_owned_rows;

    std::map<double, std::unique_ptr<StateData>> states;
    std::list<std::pair<std::pair<double, double>, std::unique_ptr<Factorization>>> cache;

    dealii::PETScWrappers::MPI::Vector x_new, x_n, x_nm1, rhs, work, borehole_capacity;
    double              E_n = 0, E_nm1 = 0;
    std::vector<double> borehole_x; ///< all borehole unknowns, all ranks
  };
} // namespace geoheat

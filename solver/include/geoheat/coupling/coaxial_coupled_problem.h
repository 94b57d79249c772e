#pragma once
/**
 * @file coaxial_coupled_problem.h
 * Ground and coaxial well solved together, monolithically, in each step.
 *
 * Unknowns: the ground disturbance theta (deal.II numbering, distributed)
 * followed by the fluid node temperatures (owned by the last rank). The
 * wall exchange q'(z) = (T0 + theta - T_annulus(z)) / R_aw(z) enters the
 * ground rows with the ground test functions and the fluid rows with the
 * fluid test functions, so heat leaving the rock equals heat reaching the
 * fluid exactly. The inlet condition (temperature, or T_in = T_out -
 * Q/((rho c)_f V)) is a row of the same system: no lagging, no iteration.
 *
 * The step matrix A = (beta0/dt) M + K depends only on the step size, the
 * flow and the inlet control; its MUMPS factorisation is cached (LRU) and
 * reused, so a step costs one matrix-vector product and one pair of
 * triangular solves.
 */
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/coupling/linear_response.h>
#include <geoheat/coupling/petsc_system_builder.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/operation/operation.h>
#include <geoheat/time/time_control.h>
#include <geoheat/wells/coaxial_well.h>

#include <functional>
#include <list>
#include <map>
#include <memory>

namespace geoheat
{
  /// Figures of one accepted step.
  struct StepResult
  {
    double inlet_C, outlet_C, flow;
    double ground_load_W;   ///< (rho c)_f V (T_out - T_in), + = extraction
    double wall_heat_W;     ///< heat through the well wall into the fluid
    double balance_rel_error;
    double pump_power_W = 0; ///< circulation pump electric power (set by the run loop)
  };

  /// Fluid and wall temperatures along the well at one time.
  struct WellProfile
  {
    std::vector<double> depth, T_down, T_up, T_wall, line_load;
  };

  class CoaxialCoupledProblem
  {
  public:
    CoaxialCoupledProblem(GroundModel<2> &ground, CoaxialWell &well,
                          unsigned int segments_per_face,
                          unsigned int factorization_cache_size = 16);
    ~CoaxialCoupledProblem();

    /// Index sets, sparsity, initial state: theta = 0 and fluid at T0(z).
    void setup();
    /// Solve one step (t, t + dt] with the given operating point.
    StepResult step(const BDFCoefficients &c, double dt, const OperatingPoint &op,
                    InletControl control);
    /// Solve one step whose inlet value is chosen from the step's own
    /// response (see LinearResponse); with zero flow the choice is not asked.
    StepResult step(const BDFCoefficients &c, double dt, double flow,
                    InletControl control,
                    const std::function<double(const LinearResponse &)> &choose_value);

    /// The state that a restart needs: x^n, x^{n-1} (owned entries) and the
    /// fluid energies. Rank-local; restored on the same partition.
    void save_state(std::vector<double> &out) const;
    void load_state(const std::vector<double> &in);

    unsigned int n_unknowns() const { return n_total; }
    unsigned int n_factorizations() const { return n_factorized; }
    /// Ground temperature disturbance theta (K), ghosted, for output.
    GhostedVector ground_disturbance() const;
    /// Profiles along the well for the current solution (all ranks).
    WellProfile profile() const;
    /// Fluid node temperatures (deg C) of the current solution on all ranks.
    const std::vector<double> &fluid_temperatures() const { return fluid_values; }

  private:
    struct StateData;
    struct Factorization;
    using StateKey = std::pair<double, int>; // flow, control

    StateData     &state(const StateKey &key);
    Factorization &factorization(const StateKey &key, double capacity_factor);
    void assemble_wall(PetscSystemBuilder &b,
                       dealii::PETScWrappers::MPI::Vector *c, double *c0) const;
    void gather_fluid(const dealii::PETScWrappers::MPI::Vector &x);
    /// Broadcast values known on the rank owning the fluid unknowns.
    void from_fluid_owner(double *values, unsigned int n) const;

    GroundModel<2> &ground;
    CoaxialWell    &well;
    unsigned int    segments;
    unsigned int    cache_size;
    MPI_Comm        comm;
    unsigned int    n_ground = 0, n_total = 0, n_factorized = 0;
    bool            owns_fluid = false;
    dealii::IndexSet owned, relevant;
    dealii::DynamicSparsityPattern pattern;
    std::vector<dealii::types::global_dof_index> fixed_owned_rows;

    std::map<StateKey, std::unique_ptr<StateData>> states;
    std::list<std::pair<std::pair<StateKey, double>, std::unique_ptr<Factorization>>> cache;

    dealii::PETScWrappers::MPI::Vector x_new, x_n, x_nm1, rhs, work, fluid_capacity;
    double              E_n = 0, E_nm1 = 0;
    std::vector<double> fluid_values;
  };
} // namespace geoheat

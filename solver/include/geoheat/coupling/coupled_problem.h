#pragma once
/**
 * @file coupled_problem.h
 * Ground and boreholes solved together, monolithically, in each step.
 *
 * Unknowns: the ground disturbance theta (deal.II DoFs, distributed) and the
 * borehole unknowns of the network, each borehole owned by one of the ranks
 * holding its wall, balancing the borehole unknowns (choose_owners(),
 * system_numbering.h). The wall exchange
 * q'(z) = (T0 + theta - T_b(z) - H(z)) / (R_b(z) + R_c(z, dt)) (R_b from the
 * borehole, R_c and the history H from the coupling: H = 0 and R_c steady
 * without a transient kernel, see ground_exchange.h) enters the ground rows
 * with the ground test functions and the borehole rows with the borehole's
 * test weights, so heat leaving the rock equals heat reaching the boreholes
 * exactly. Its constant part (T0 - H) is a load added in every step.
 * Boreholes in series are linked by rows Cdot (T_in,b - T_out,a) = 0.
 *
 * The step is affine in the supply temperature v (the right-hand side of the
 * inlet rows of the boreholes fed by the supply): x(v) = x0 + v x1 with
 * x1 = A^{-1} e_supply cached with the step solver. A prescribed heat rate
 * or the heat pump picks v from the exact affine inlet/outlet response, so
 * the step needs one solve whatever the control.
 *
 * The step matrix A = (beta0/dt) M + K depends only on the step size and the
 * flow (and on dt itself through R_c with a transient kernel); its solver (kept factorisation or
 * kept preconditioner, see step_solver.h) is cached (LRU) and reused.
 */
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <geoheat/coupling/ground_exchange.h>
#include <geoheat/coupling/linear_response.h>
#include <geoheat/coupling/linear_solver_options.h>
#include <geoheat/coupling/petsc_system_builder.h>
#include <geoheat/coupling/reduced_model.h>
#include <geoheat/coupling/step_result.h>
#include <geoheat/coupling/system_numbering.h>
#include <geoheat/coupling/wall_points.h>
#include <geoheat/ground/ground_model.h>
#include <geoheat/network/borehole_network.h>
#include <geoheat/operation/operation.h>
#include <geoheat/time/time_control.h>

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>

namespace geoheat
{
  class GroundHeatBudget; // ground_heat_budget.h
  class OwnPlants;        // own_plants.h
  struct ReducedBasis;    // reduction_cache.h
  class ReductionCache;   // reduction_cache.h

  template <int dim>
  class CoupledProblem
  {
  public:
    CoupledProblem(GroundModel<dim>          &ground,
                   BoreholeNetwork           &network,
                   const GroundExchange      &exchange,
                   const LinearSolverOptions &solver_options           = LinearSolverOptions(),
                   unsigned int               factorization_cache_size = 16);
    ~CoupledProblem();

    /// Ownership, sparsity, initial state: theta = 0, boreholes at T0(z).
    void setup();
    /// Borehole field/Plant = per string: every parallel string gets its own
    /// supply temperature, chosen so that each extracts its flow share of the
    /// field's load (own_plants.h). Each new step operator then solves one
    /// unit response per string. Not with the reduced model.
    void use_own_plant_per_string();
    /// Simulation time (s) at the end of the next step (the seasonal
    /// undisturbed state the boreholes exchange with).
    void set_time(const double t)
    {
      wall.set_time(t);
    }
    /// How often temperature-dependent fluid properties were re-evaluated
    /// (each time the step operators are rebuilt).
    unsigned int n_property_updates() const
    {
      return property_updates;
    }
    /// Solve one step (t, t + dt] with the given operating point.
    StepResult
    step(const BDFCoefficients &c, double dt, const OperatingPoint &op, InletControl control);
    /// Solve one step whose control value (inlet temperature in deg C or
    /// heat extraction in W) is chosen from the step's own response (see
    /// LinearResponse); with zero flow the choice is not asked.
    StepResult step(const BDFCoefficients                               &c,
                    double                                               dt,
                    double                                               flow,
                    InletControl                                         control,
                    const std::function<double(const LinearResponse &)> &choose_value);

    /// The state that a restart needs, this rank's part: x^n, x^{n-1}, the
    /// borehole energies and the wall points' history. Keyed so that any
    /// number of ranks can read it: ground values by cell (CellId, the mesh
    /// is rebuilt identically from the parameters), borehole unknowns by
    /// borehole, wall points by (borehole, depth).
    std::string save_state() const;
    /// Restore from the states saved by the ranks of a checkpoint: this
    /// rank's own if the partition is the same, else every rank's. Throws
    /// if they do not cover this rank's part exactly.
    void load_state(const std::vector<std::string> &pieces);

    /// Settings of the reduced model (coupled_problem_reduction.cc).
    struct ReductionSettings
    {
      std::vector<double> flows; ///< every flow of the run (m^3/s), with 0 if idle
      double              shortest_step     = 3600; ///< s
      double              horizon           = 0;    ///< s, the run's length
      double              shifts_per_decade = 4;    ///< rational Krylov shifts of c = beta0/dt
      double              tolerance = 1e-9; ///< candidates with less of their own are dropped
      /// Where the last model built is kept for the next run of the same
      /// system (a design search, reduction_cache.h); nullptr: build anew.
      ReductionCache *cache = nullptr;
    };
    /// Why the reduced model cannot represent this problem; empty if it can.
    std::string reduced_model_unavailable() const;
    /// Build a basis V of the states (rational Krylov: the full step
    /// system's responses to its loads at shifts c = beta0/dt spanning the
    /// run's time scales, for every flow) and project on it. From then on
    /// every step is solved in the reduced space, from x^n, x^{n-1} as they
    /// are now. Collective.
    void use_reduced_model(const ReductionSettings &settings);
    /// Number of reduced states (0: the full model).
    unsigned int n_reduced_states() const
    {
      return reduced ? reduced->size() : 0;
    }
    /// Wall time (s, this rank) that building the reduced model took.
    double reduction_time() const
    {
      return reduction_s;
    }
    /// Whether the reduced model came from ReductionSettings::cache.
    bool reduction_was_reused() const
    {
      return reduction_reused;
    }
    /// With the reduced model: bring the full state (x^n, x^{n-1}) and the
    /// wall's figures up to date, as needed before the state is read
    /// (outputs, profiles, checkpoints). Collective; nothing to do otherwise.
    void synchronize();

    unsigned int n_unknowns() const
    {
      return numbering.n_total();
    }
    /// Step matrices set up (factorised or preconditioned) so far.
    unsigned int n_factorizations() const
    {
      return n_factorized;
    }
    /// Iterative solver: GMRES iterations so far (0 with the direct solver).
    unsigned long n_linear_iterations() const
    {
      return n_iterations;
    }
    bool direct_solver() const
    {
      return direct;
    }
    /// Wall time (s, this rank) spent assembling step matrices, setting up
    /// their solvers (factorisation or preconditioner) and solving.
    struct Timing
    {
      double assembly = 0, solver_setup = 0, solve = 0;
    };
    const Timing &timing() const
    {
      return times;
    }
    /// Borehole unknowns owned by each rank (all ranks).
    std::vector<unsigned int> borehole_unknowns_per_rank() const;
    /// Ground temperature disturbance theta (K), ghosted, for output.
    GhostedVector ground_disturbance() const;
    /// Profile along borehole @p b for the current solution (all ranks).
    /// @p theta: ground_disturbance() of the current solution (pass it when
    /// writing many profiles; it is computed here otherwise).
    WellProfile profile(unsigned int b, const GhostedVector *theta = nullptr) const;
    /// Per borehole: [int T_wall dz, int q' dz, int dz] over its wall for
    /// the current solution (deg C m, W, m; all ranks, collective).
    std::vector<std::array<double, 3>> wall_integrals() const;
    /// Unknowns of borehole @p b (deg C) of the current solution, all ranks.
    std::vector<double> borehole_values(unsigned int b) const;

  private:
    /// Throws if the full state is behind the reduced one (synchronize()).
    void require_full_state() const;
    /// A step solved in the reduced space (step() with a reduced model).
    StepResult reduced_step(const BDFCoefficients                               &bdf,
                            double                                               dt,
                            double                                               flow,
                            InletControl                                         control,
                            const std::function<double(const LinearResponse &)> &choose_value);
    /// The initial state into @p x: theta = 0, boreholes at T0(z).
    void                          initial_state(dealii::PETScWrappers::MPI::Vector &x) const;
    std::unique_ptr<ReducedModel> reduced;
    std::vector<dealii::PETScWrappers::MPI::Vector> basis; ///< V, M_0-orthonormal
    bool                                            full_state_current = true;
    double                                          last_dt            = 0;
    double                                          reduction_s        = 0;
    bool                                            reduction_reused   = false;
    /// The basis and the projected operators (no state), for
    /// use_reduced_model(); reduction_fingerprint(): a fingerprint of every
    /// number that building them reads (collective).
    ReducedBasis  build_reduced_basis(const ReductionSettings &settings);
    std::uint64_t reduction_fingerprint(const ReductionSettings &settings);

    /// Temperature-dependent fluid in the reduced model
    /// (coupled_problem_reduced_fluid.cc): the borehole part of the operators,
    /// re-projected when the properties change.
    struct BoreholeProjection;
    std::unique_ptr<BoreholeProjection> borehole_projection;
    bool capacities_stale = false; ///< full M's behind the fluid (reduced model)
    /// Find S, the basis at S and at the borehole unknowns, and every flow's
    /// ground part (@p full: the operators projected with the whole system).
    void setup_borehole_projection(const std::map<double, ReducedOperators> &full);
    /// The borehole part's projected operators at @p flow and the current
    /// fluid properties: capacity, conductance, every load, the unit supply,
    /// the wall heat functional and the friction heat.
    ReducedOperators borehole_operators(double flow);
    /// After a property update: new energy weights and energies E^n,
    /// E^{n-1}; every flow's operators are marked stale.
    void reproject_borehole_part();
    /// New reduced operators for @p flow if the properties changed since its last.
    void refresh_reduced_operators(double flow);
    /// all_borehole_values of the reduced state.
    std::vector<double> reduced_borehole_values(std::vector<unsigned int> &start) const;

    /// load_state's local part: the values of @p pieces on this rank
    /// (throws if they do not cover it exactly; no collective calls).
    void read_state(const std::vector<std::string> &pieces);

    struct StateData;
    struct StepOperator;

    StateData    &state(double flow);
    StepOperator &step_operator(double flow, double capacity_factor, double dt);
    /// A matrix with the sparsity of every system matrix (the first state's
    /// capacity matrix), to give new matrices their structure.
    const dealii::PETScWrappers::MPI::SparseMatrix &structure();
    /// Rank owning each borehole (a series string as a whole): the least
    /// loaded of the ranks holding at least 1/4 of the largest share of the
    /// wall of the string's head; also which boreholes touch this rank.
    std::vector<unsigned int> choose_owners(std::vector<bool> &touches) const;
    /// Add the capacity matrix M (ground and boreholes, at the network's
    /// current flow) to @p M, which has the structure of the system.
    void assemble_capacity(dealii::PETScWrappers::MPI::SparseMatrix &M) const;
    /// Borehole terms, series links and wall exchange (rank-local parts).
    void assemble_boreholes(PetscSystemBuilder &b) const;
    /// Inlet and outlet temperature of every borehole in @p x (all ranks).
    std::vector<double> borehole_inlets_outlets(const dealii::PETScWrappers::MPI::Vector &x) const;
    /// Field inlet (borehole 0; own plants: the strings' flow-weighted mix)
    /// and flow-weighted mixed outlet of @p io.
    std::pair<double, double> field_inlet_outlet(const std::vector<double> &io) const;
    /// The step's figures from the full solution x_new; x_new becomes x^n.
    StepResult results(const BDFCoefficients &bdf, double dt);
    /// The step's figures from every borehole's inlet and outlet @p io, the
    /// wall heat (W) and the boreholes' energy @p E (J) at the step's end
    /// (full or reduced); advances the energies.
    StepResult step_figures(const std::vector<double> &io,
                            double                     wall_heat_W,
                            double                     E,
                            const BDFCoefficients     &bdf,
                            double                     dt);
    /// A = capacity_factor M + K at @p flow (the wall's kernel at @p dt),
    /// with the structure of every system matrix; leaves the network at @p flow.
    void assemble_step_matrix(double                                    flow,
                              double                                    capacity_factor,
                              double                                    dt,
                              dealii::PETScWrappers::MPI::SparseMatrix &A);
    /// The loads of a flowing step at the network's current flow (friction
    /// heat and the advection's constant parts) into @p load; returns the
    /// friction heat (W).
    double assemble_flow_load(dealii::PETScWrappers::MPI::Vector &load) const;
    /// The right-hand side of a unit supply temperature (the inlet rows of
    /// the boreholes fed by the supply; only borehole @p head's if given) at
    /// the network's current flow.
    void supply_vector(dealii::PETScWrappers::MPI::Vector &e, int head = -1) const;
    /// The unit responses of a new step operator @p F (one, or one per
    /// string with own plants), and their inlets and outlets.
    void unit_responses(StepOperator &F);
    /// The supply temperature v of a flowing step whose field inlet and
    /// outlet are @p io0 + v @p io1, from the control's choice.
    double choose_supply(const std::pair<double, double>                     &io0,
                         const std::pair<double, double>                     &io1,
                         InletControl                                         control,
                         const std::function<double(const LinearResponse &)> &choose_value) const;

    double friction_W = 0; ///< friction heat of the step being solved (W)
    /// Temperature-dependent fluid: checked at the first flowing step after an
    /// idle one, then once per day of flowing time (s).
    static constexpr double property_check_interval = 86400;
    bool                    variable_fluid = false, property_checked = false;
    double                  since_property_check = 0;
    unsigned int            property_updates     = 0;
    void                    update_fluid_properties(double dt);
    /// Every borehole's unknowns in @p x, on every rank: borehole k's are
    /// [start[k], start[k+1]) of the result.
    std::vector<double> all_borehole_values(const dealii::PETScWrappers::MPI::Vector &x,
                                            std::vector<unsigned int>                &start) const;
    /// After the fluid's heat capacity changed: reassemble the capacity
    /// matrices M of the kept flow states (same structure), the borehole
    /// energy weights e = M^T 1 and the energies E^n, E^{n-1}.
    void                                         refresh_capacities();
    GroundModel<dim>                            &ground;
    BoreholeNetwork                             &network;
    const GroundExchange                        &exchange;
    LinearSolverOptions                          options;
    unsigned int                                 cache_size;
    MPI_Comm                                     comm;
    SystemNumbering                              numbering;
    bool                                         direct       = true;
    unsigned int                                 n_factorized = 0;
    unsigned long                                n_iterations = 0;
    Timing                                       times;
    dealii::IndexSet                             owned, relevant;
    dealii::DynamicSparsityPattern               pattern; ///< freed once the first matrix exists
    std::vector<dealii::types::global_dof_index> fixed_owned_rows; ///< system numbering

    std::map<double, std::unique_ptr<StateData>> states;
    /// Keyed by flow, capacity factor beta0/dt and dt (0 without transient kernel)
    std::list<std::pair<std::array<double, 3>, std::unique_ptr<StepOperator>>> cache;

    WallPoints wall; ///< exchange points of this rank and their state

    dealii::PETScWrappers::MPI::Vector x_new, x_n, x_nm1, rhs, work, borehole_capacity;
    /// The ground's heat budget per step (groundwater runs; else null).
    std::unique_ptr<GroundHeatBudget> ground_budget;
    double                            E_n = 0, E_nm1 = 0;
    /// Plant = per string (else null, one plant).
    std::unique_ptr<OwnPlants> own_plants;
  };
} // namespace geoheat

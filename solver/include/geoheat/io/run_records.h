#pragma once
/**
 * @file run_records.h
 * The run's tables and key figures (results_contract.md), written by rank 0:
 * parameters_used.prm, timeseries.csv (one row per step, flushed), well
 * profiles (CSV per output time and well_profiles.h5), summary.json
 * (written to a temporary file and renamed, so it is never half written).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/coupling/step_result.h>
#include <geoheat/surface/heat_pump_coupling.h>
#include <geoheat/wells/borehole_model.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace geoheat
{
  /// Per-year and whole-run figures accumulated over the steps.
  struct RunStatistics
  {
    struct Year
    {
      unsigned int year            = 0;
      double       ground_energy_J = 0;
      double       min_outlet_C = 1e300, outlet_time_integral = 0, flowing_time = 0;
      double       min_inlet_C = 1e300, max_inlet_C = -1e300;
      // building-load runs (J)
      double heat_demand_J = 0, heat_delivered_J = 0, heating_electricity_J = 0;
      double cool_demand_J = 0, cool_delivered_J = 0, cooling_electricity_J = 0;
      double min_cop            = 1e300;
      double pump_electricity_J = 0, heating_pump_electricity_J = 0; ///< all / while heating
      double friction_heat_J = 0; ///< dissipated by friction in the boreholes' fluid
    };
    /// @param surface the heat pump's figures, or nullptr for prescribed runs
    void add_step(double t0, double t1, const StepResult &r, const SurfaceStep *surface = nullptr);

    /// Whole-run sums of the yearly figures.
    Year totals() const;
    /// Flat list of numbers (for checkpoints) and its inverse.
    std::vector<double> serialize() const;
    /// The inverse of serialize(); data that does not fit (a damaged or
    /// hand-edited checkpoint) throws InputError naming @p file.
    void deserialize(const std::vector<double> &data, const std::string &file);

    /// Per borehole (fields): outlet range and ground energy while flowing.
    struct Well
    {
      double min_outlet_C = 1e300, max_outlet_C = -1e300, ground_energy_J = 0;
    };

    std::vector<Year> years;
    std::vector<Well> wells;
    unsigned int      n_steps      = 0;
    bool              building     = false; ///< building-load figures present
    double            min_outlet_C = 1e300, max_outlet_C = -1e300;
    double            min_inlet_C = 1e300, max_inlet_C = -1e300;
    double            total_ground_energy_J = 0, max_balance_error = 0;
  };

  /// Open a CSV table for appending rows: with @p resume_bytes > 0 keep that
  /// many bytes of the existing file (the rows up to a checkpoint), else
  /// create it with @p header (one line, without the newline);
  /// @p complete_bytes: the file's size then (the rows' check_flushed
  /// bookkeeping). Throws std::runtime_error if the file cannot be opened
  /// or cut back, WriteError if the header cannot be written.
  std::FILE *open_table(const std::string &path,
                        const std::string &header,
                        long               resume_bytes,
                        long              &complete_bytes);

  struct SummaryInfo
  {
    std::string   status; ///< completed | stopped | failed
    double        simulated_years = 0;
    unsigned int  n_dofs = 0, n_ground_dofs = 0, n_fluid_nodes = 0, n_wells = 1;
    std::string   per_well_series; ///< "wells.csv" or "wells.h5" for fields, empty for one well
    unsigned int  n_ranks = 1, n_factorizations = 0;
    std::string   linear_solver     = "direct"; ///< direct | iterative
    unsigned long linear_iterations = 0;        ///< GMRES iterations since start or resume
    /// Where the wall time went (s, rank 0, since start or resume): setup
    /// (mesh, DoFs, coupling, sparsity, initial state), step-matrix assembly,
    /// solver setup (factorisation / preconditioner), solves.
    double                    setup_s = 0, assembly_s = 0, solver_setup_s = 0, solve_s = 0;
    double                    peak_memory_MB = 0; ///< sum over ranks of the peak resident memory
    std::vector<unsigned int> borehole_unknowns_per_rank; ///< where the fluid unknowns live
    double                    wall_time_s       = 0;
    double                    checkpoint_time_s = NAN; ///< simulated time of the last checkpoint
    std::string               message;
    /// Time/Method that ran: "full" or "fast"; why fast did not apply.
    std::string  method           = "full", method_note;
    unsigned int reduced_states   = 0;     ///< fast: size of the reduced model
    double       reduction_s      = 0;     ///< fast: wall time to build it (s)
    bool         reduction_reused = false; ///< fast: taken from an earlier run's (design)
    /// Temperature-dependent fluid: how often its properties were re-evaluated
    /// (each time the step operators, or the reduced ones, were rebuilt).
    unsigned int property_updates = 0;
  };

  class RunRecords
  {
  public:
    /// Only rank 0 writes; other ranks hold an inactive object.
    RunRecords(const std::string &directory, bool active);
    ~RunRecords();

    void write_parameters(const dealii::ParameterHandler &prm) const;
    /// Create timeseries.csv with its header; with resume_bytes > 0 keep
    /// that many bytes of an existing file (the rows up to a checkpoint)
    /// and append after them.
    /// @param ground_budget add the ground heat budget's columns (groundwater runs)
    void open_timeseries(bool building, long resume_bytes = 0, bool ground_budget = false);
    void append_step(double             time_s,
                     double             dt,
                     const StepResult  &r,
                     const SurfaceStep *surface = nullptr);
    /// Bytes of timeseries.csv written so far (all flushed).
    long timeseries_bytes() const;
    /// Profiles of all boreholes at one output time: profile-NNNNN.csv
    /// (one borehole: depth_m, T_down_C, ...; several: a leading `well`
    /// column) and group profile-NNNNN in well_profiles.h5 (one borehole:
    /// its datasets; several: a subgroup well-BBBB per borehole).
    void write_profiles(unsigned int                    index,
                        double                          time_s,
                        const std::vector<WellProfile> &profiles) const;
    /// Resume: remove profiles numbered n and above (written after the
    /// checkpoint) from well_profiles.h5 and well_profiles/.
    void drop_profiles_from(unsigned int n) const;
    void write_summary(const SummaryInfo &info, const RunStatistics &stats) const;

  private:
    std::string dir;
    bool        active;
    std::FILE  *timeseries          = nullptr;
    long        timeseries_complete = 0; ///< bytes of whole rows on disk
  };
} // namespace geoheat

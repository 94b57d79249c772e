#pragma once
/**
 * @file run_records.h
 * The run's tables and key figures (results_contract.md), written by rank 0:
 * parameters_used.prm, timeseries.csv (one row per step, flushed), well
 * profiles (CSV per output time and well_profiles.h5), summary.json
 * (written to a temporary file and renamed, so it is never half written).
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/coupling/coaxial_coupled_problem.h>

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
      unsigned int year = 0;
      double ground_energy_J = 0;
      double min_outlet_C = 1e300, outlet_time_integral = 0, flowing_time = 0;
    };
    void add_step(double t0, double t1, const StepResult &r);

    std::vector<Year> years;
    unsigned int      n_steps = 0;
    double min_outlet_C = 1e300, max_outlet_C = -1e300;
    double total_ground_energy_J = 0, max_balance_error = 0;
  };

  struct SummaryInfo
  {
    std::string  status; ///< completed | stopped | failed
    double       simulated_years = 0;
    unsigned int n_dofs = 0, n_ground_dofs = 0, n_fluid_nodes = 0;
    unsigned int n_ranks = 1, n_factorizations = 0;
    double       wall_time_s = 0;
    std::string  message;
  };

  class RunRecords
  {
  public:
    /// Only rank 0 writes; other ranks hold an inactive object.
    RunRecords(const std::string &directory, bool active);
    ~RunRecords();

    void write_parameters(const dealii::ParameterHandler &prm) const;
    void open_timeseries();
    void append_step(double time_s, double dt, const StepResult &r);
    void write_profile(unsigned int index, double time_s, const WellProfile &p) const;
    void write_summary(const SummaryInfo &info, const RunStatistics &stats) const;

  private:
    std::string dir;
    bool        active;
    std::FILE  *timeseries = nullptr;
  };
} // namespace geoheat

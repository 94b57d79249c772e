#pragma once
/**
 * @file design_report.h
 * The answers of a design study and how they are reported: a table on the
 * terminal, design.csv (one row per case) and design.json (with every
 * simulation of each search, for postprocess/plot_design.py).
 */
#include <mpi.h>

#include <string>
#include <utility>
#include <vector>

namespace geoheat
{
  struct DesignParameters;

  /// One answer of a search, with what it rests on.
  struct DesignAnswer
  {
    double       value = 0, tolerance = 0; ///< answer and its tolerance (same unit)
    double       margin = 0, spf = 0;      ///< fluid-temperature margin (K) and SPF at the answer
    unsigned int simulations = 0;          ///< full simulations the search ran
    std::string  limited_by, note;
    std::vector<std::pair<double, double>> probes; ///< (searched value, margin) of every run
  };

  /// One line of the study: the base case or a sensitivity case.
  struct DesignCase
  {
    std::string  study, parameter; ///< e.g. "load scale", "flow factor"
    double       parameter_value;  ///< the factor applied (1 for the base case)
    DesignAnswer answer;
  };

  /// What the search cost.
  struct DesignEffort
  {
    unsigned int simulations = 0; ///< forward runs over all cases
    double       wall_s      = 0; ///< wall time of the whole search (s)
    /// Time/Method = fast: reduced models built, and runs that took the
    /// previous run's (same system, other load; reduction_cache.h)
    unsigned int reduced_built = 0, reduced_reused = 0;
  };

  /// Print the table (rank 0) and write DIR/design.csv and DIR/design.json;
  /// throws InputError if DIR cannot be written.
  void write_design_report(MPI_Comm                       comm,
                           const DesignParameters        &d,
                           const std::string             &dir,
                           double                         years,
                           double                         min_fluid_C,
                           const DesignEffort            &effort,
                           const std::vector<DesignCase> &cases);
} // namespace geoheat

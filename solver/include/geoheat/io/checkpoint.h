#pragma once
/**
 * @file checkpoint.h
 * Checkpoints for long runs: everything needed to continue a run exactly
 * where it was, written every N steps and/or every so many simulated days,
 * and when the batch system asks the run to stop (SIGTERM, SIGUSR1).
 *
 * Layout in the run directory:
 *   checkpoint/ckpt-NNNNNNN/meta.txt        rank 0: time control, statistics,
 *                                           output bookkeeping, parameters
 *   checkpoint/ckpt-NNNNNNN/rank-RRRR.bin   each rank: its part of x^n, x^{n-1}
 *   checkpoint/latest                       name of the newest complete one
 * A checkpoint is written into ckpt-N.tmp/, synced, renamed, and only then
 * named in "latest" (written to a temporary file and renamed), so a crash at
 * any moment leaves the previous checkpoint intact. Older ones are removed
 * beyond "Keep". meta.txt (format version 2) records every rank file's size
 * and CRC-32 and ends with its own CRC-32; on --resume the newest checkpoint
 * that is intact on every rank is used (with a warning naming what was
 * wrong with newer ones), a checkpoint of another format version is refused.
 * The physics parameters include the CRC-32 of every file an entry names
 * ("... file"), so a load file changed before --resume is refused.
 * A checkpoint written on N ranks resumes on any number M: the rank files
 * are keyed (see CoupledProblem::save_state); with M = N each rank reads its
 * own file, otherwise every rank reads all N files and takes its part.
 */
#include <deal.II/base/parameter_handler.h>

#include <geoheat/time/time_control.h>

#include <mpi.h>

#include <csignal>
#include <functional>
#include <string>
#include <vector>

namespace geoheat
{
  struct CheckpointParameters
  {
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm, const std::string &file);

    double       interval_s = 0; ///< simulated time between checkpoints; 0 = off
    unsigned int steps      = 0; ///< steps between checkpoints; 0 = off
    unsigned int keep       = 2; ///< complete checkpoints kept on disk
  };

  /// What a run needs to continue.
  struct CheckpointData
  {
    TimeControl::State time{};
    /// Writing: this rank's part (CoupledProblem::save_state). Reading: the
    /// parts this rank needs (CoupledProblem::load_state): its own if the
    /// checkpoint was written on as many ranks as this run has, else all.
    std::vector<std::string> solver_states;
    std::vector<double>      statistics; ///< RunStatistics::serialize()
    long                     timeseries_bytes = 0;
    long                     wells_bytes      = 0; ///< wells.csv bytes or wells.h5 steps (fields)
    unsigned int             n_profiles       = 0;
    std::string              field_writer;         ///< FieldWriter::save()
    std::string              borehole_lines;       ///< BoreholeLinesWriter::save() (fields)
    std::string              parameters;           ///< physics parameters (see physics_parameters)
    unsigned int             n_ranks          = 1; ///< ranks that wrote the checkpoint
    double                   wall_time_s      = 0; ///< wall time spent before the checkpoint
    unsigned int             n_factorizations = 0; ///< factorisations before the checkpoint
  };

  class Checkpointer
  {
  public:
    Checkpointer(MPI_Comm comm, const std::string &run_directory, unsigned int keep);

    /// Write a complete checkpoint (collective); data.solver_states holds
    /// this rank's part only.
    void write(const CheckpointData &data);
    /// Read the newest intact checkpoint (collective). Throws InputError if
    /// there is none.
    CheckpointData read() const;

  private:
    MPI_Comm     comm;
    std::string  dir;
    unsigned int keep;
  };

  /// The parameters that must not change across a restart, one
  /// "Section/Entry = value" per line: everything except Output, Checkpoint
  /// and Time/End time (a resumed run may be extended), Time/Response cache directory.
  std::string physics_parameters(const dealii::ParameterHandler &prm);
  /// Every entry "Section/Name = value" of @p prm for which @p keep(entry)
  /// holds, one per line, each file entry followed by its content's CRC-32.
  std::string parameter_lines(const dealii::ParameterHandler                      &prm,
                              const std::function<bool(const std::string &entry)> &keep);

  /// Compare the parameters of a checkpoint with the current ones; throws
  /// InputError naming the first entry that differs.
  void require_compatible(const std::string &checkpoint_parameters,
                          const std::string &current_parameters,
                          const std::string &parameter_file);

  /// Removes every checkpoint of the run in run_directory (rank 0 only): a
  /// fresh run must not fall back to an earlier run's checkpoints.
  void remove_checkpoints(const std::string &run_directory);

  /// Stop requests from the batch system: SIGTERM and SIGUSR1 set a flag the
  /// time loop polls (collectively) after each step.
  void install_stop_signal_handlers();
  /// True if any rank received a stop signal. Collective on several ranks,
  /// where it is polled every `every` calls only (an allreduce per step
  /// would cost more than a small step); on one rank every call.
  bool stop_requested(MPI_Comm comm, unsigned int call_number, unsigned int every = 50);
} // namespace geoheat

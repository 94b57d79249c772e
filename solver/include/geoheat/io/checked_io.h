#pragma once
/**
 * @file checked_io.h
 * Writing output files so that a failure (a full disk, a quota, an I/O
 * error) is noticed and reported in one line that names the file, and so
 * that on several MPI ranks an error on one rank reaches every rank: no rank
 * is left waiting in a collective operation for one that gave up (issue #11).
 * An ofstream or a FILE* on a full disk fails silently unless checked after
 * the data is flushed; these helpers do that check in one place.
 */
#include <mpi.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace geoheat
{
  /// "PATH: cannot write: REASON", e.g. REASON = "No space left on device".
  class WriteError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  /// Throws WriteError for @p path with the reason strerror(@p error_number)
  /// (or "write failed" for 0).
  [[noreturn]] void throw_write_error(const std::string &path, int error_number);

  /// Write @p content to @p path (created or truncated) with write(2), which
  /// is retried after a signal (EINTR) and after short writes, then close(2).
  /// On failure the partial file is removed and WriteError thrown.
  void write_file(const std::string &path, const std::string &content);

  /// write_file() to PATH.tmp, then rename it to @p path: a reader sees the
  /// old or the new file, never half of one; after a failure the old one stays.
  void replace_file(const std::string &path, const std::string &content);

  /// After writing rows with fprintf to @p file (opened for appending):
  /// flush it; on success @p complete_bytes becomes the file's size. If a
  /// write failed, drop what is still buffered, cut the file back to
  /// @p complete_bytes (no half row is left) and throw WriteError for @p path.
  void check_flushed(std::FILE *file, const std::string &path, long &complete_bytes);

  /// Bytes available on the file system that holds @p path (statvfs).
  unsigned long long free_bytes(const std::string &path);

  /// The errno to report for a write into @p directory that failed in a
  /// library (HDF5, MPI-IO) whose errno may be stale: @p saved if it is an
  /// output error, else ENOSPC if the file system is (nearly) full, else 0.
  int output_error_number(const std::string &directory, int saved);

  /// Collective: throws std::runtime_error on every rank if @p error (this
  /// rank's message, empty if all went well) is non-empty on any rank, with
  /// the message of the first such rank. One allreduce of an int when nothing
  /// failed; nothing at all on one rank.
  void throw_if_failed_on_any_rank(MPI_Comm comm, const std::string &error);

  /// Collective: run @p work (which may write on some ranks only) and throw
  /// on every rank if it threw on any (see throw_if_failed_on_any_rank; on
  /// one rank the exception itself is rethrown).
  template <typename Work>
  void on_all_ranks(MPI_Comm comm, Work &&work)
  {
    std::string error;
    try
      {
        work();
      }
    catch (const std::exception &e)
      {
        int n_ranks = 1;
        MPI_Comm_size(comm, &n_ranks);
        if (n_ranks == 1)
          throw;
        error = e.what();
        if (error.empty())
          error = "an unknown error";
      }
    throw_if_failed_on_any_rank(comm, error);
  }
} // namespace geoheat

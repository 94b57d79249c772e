#include <deal.II/base/mpi.h>

#include <geoheat/io/checked_io.h>

#include <fcntl.h>
#include <stdio_ext.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace geoheat
{
  void throw_write_error(const std::string &path, const int error_number)
  {
    throw WriteError(path + ": cannot write: " +
                     (error_number != 0 ? std::strerror(error_number) : "write failed"));
  }

  void write_file(const std::string &path, const std::string &content)
  {
    int fd;
    do
      fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
      throw_write_error(path, errno);
    const char *p    = content.data();
    size_t      left = content.size();
    int         err  = 0;
    while (left > 0)
      {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
          continue; // a signal arrived before anything was written
        if (n <= 0)
          {
            err = n < 0 ? errno : ENOSPC; // write(2) returns 0 only when nothing fits
            break;
          }
        p += n;
        left -= n;
      }
    // close(2) may report a deferred write error (NFS); after EINTR the
    // descriptor is closed on Linux, so it is not retried.
    if (::close(fd) != 0 && err == 0 && errno != EINTR)
      err = errno;
    if (err != 0)
      {
        ::unlink(path.c_str()); // no half file that looks like a whole one
        throw_write_error(path, err);
      }
  }

  void replace_file(const std::string &path, const std::string &content)
  {
    const std::string tmp = path + ".tmp";
    write_file(tmp, content);
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw_write_error(path, err);
      }
  }

  void check_flushed(std::FILE *file, const std::string &path, long &complete_bytes)
  {
    errno = 0;
    if (std::fflush(file) == 0 && !std::ferror(file))
      {
        complete_bytes = std::ftell(file);
        return;
      }
    const int err = errno;
    __fpurge(file); // else fclose() would try to write the rest of the row
    if (::ftruncate(fileno(file), complete_bytes) != 0)
      {
        // the half row stays; the error below is the one to report
      }
    throw_write_error(path, err);
  }

  unsigned long long free_bytes(const std::string &path)
  {
    struct statvfs s;
    if (::statvfs(path.c_str(), &s) != 0)
      return ~0ULL; // unknown: do not refuse to write
    return static_cast<unsigned long long>(s.f_bavail) * s.f_frsize;
  }

  int output_error_number(const std::string &directory, const int saved)
  {
    if (saved == ENOSPC || saved == EDQUOT || saved == EIO || saved == EFBIG || saved == EROFS)
      return saved;
    return free_bytes(directory) < 65536 ? ENOSPC : 0;
  }

  void throw_if_failed_on_any_rank(MPI_Comm comm, const std::string &error)
  {
    if (dealii::Utilities::MPI::n_mpi_processes(comm) == 1)
      {
        if (!error.empty())
          throw std::runtime_error(error);
        return;
      }
    if (dealii::Utilities::MPI::max(int(!error.empty()), comm) == 0)
      return;
    for (const std::string &e : dealii::Utilities::MPI::all_gather(comm, error))
      if (!e.empty())
        throw std::runtime_error(e);
  }
} // namespace geoheat

#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>

#include <boost/crc.hpp>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/io/checkpoint.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace geoheat
{
  using namespace dealii;

  void CheckpointParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpoint");
    prm.declare_entry("Interval",
                      "365",
                      Patterns::Double(0),
                      "Simulated days between checkpoints; 0 = none. A stop "
                      "signal (SIGTERM, SIGUSR1) always writes one.");
    prm.declare_entry("Steps",
                      "0",
                      Patterns::Integer(0),
                      "Time steps between checkpoints; 0 = none.");
    prm.declare_entry("Keep",
                      "2",
                      Patterns::Integer(1),
                      "Number of complete checkpoints kept (older ones are removed).");
    prm.leave_subsection();
  }

  void CheckpointParameters::parse(ParameterHandler &prm, const std::string &)
  {
    prm.enter_subsection("Checkpoint");
    interval_s = prm.get_double("Interval") * units::seconds_per_day;
    steps      = prm.get_integer("Steps");
    keep       = prm.get_integer("Keep");
    prm.leave_subsection();
  }

  namespace
  {
    volatile std::sig_atomic_t stop_signal = 0;
    extern "C" void            on_stop_signal(int sig)
    {
      stop_signal = sig;
    }

    /// Write a file and flush it to disk before returning.
    void write_synced(const std::string &name, const void *data, const size_t bytes)
    {
      std::FILE *f = std::fopen(name.c_str(), "wb");
      if (!f || std::fwrite(data, 1, bytes, f) != bytes || std::fflush(f) != 0 ||
          ::fsync(fileno(f)) != 0)
        {
          const int err = errno;
          if (f)
            (void)std::fclose(f); // the write failed already: that is the error reported
          throw_write_error(name, err);
        }
      if (std::fclose(f) != 0)
        throw_write_error(name, errno);
    }

    void remove_tree(const std::string &path)
    {
      if (DIR *d = ::opendir(path.c_str()))
        {
          while (dirent *e = ::readdir(d))
            {
              const std::string n = e->d_name;
              if (n != "." && n != "..")
                (void)std::remove((path + "/" + n).c_str()); // best effort: rmdir tells
            }
          ::closedir(d);
        }
      ::rmdir(path.c_str());
    }

    /// CRC-32 (the zlib/PNG polynomial) of a byte range, as 8 hex digits.
    std::string crc32_hex(const void *data, const size_t bytes)
    {
      boost::crc_32_type crc;
      crc.process_bytes(data, bytes);
      std::ostringstream o;
      o << std::hex << std::setw(8) << std::setfill('0') << crc.checksum();
      return o.str();
    }

    /// Names of the complete checkpoints in dir (ckpt-N, not ckpt-N.tmp), newest first.
    std::vector<std::string> complete_checkpoints(const std::string &dir)
    {
      std::vector<std::string> all;
      if (DIR *d = ::opendir(dir.c_str()))
        {
          while (dirent *e = ::readdir(d))
            {
              const std::string n = e->d_name;
              if (n.rfind("ckpt-", 0) == 0 && n.find(".tmp") == std::string::npos)
                all.push_back(n);
            }
          ::closedir(d);
        }
      std::sort(all.rbegin(), all.rend());
      return all;
    }

    constexpr int format_version    = 3; ///< 3: keyed rank files (any number of ranks)
    const char   *meta_checksum_key = "meta_crc32 ";
    const char   *content_key       = " (content CRC-32)";

    /// For an entry naming a file ("Section/... file = PATH", absolute once
    /// parsed), the line "Section/... file (content CRC-32) = XXXXXXXX":
    /// the file's content is part of the physics, not just its name.
    /// Empty for other entries and empty paths.
    std::string file_content_line(const std::string &entry)
    {
      const auto eq = entry.find(" = ");
      if (eq == std::string::npos || eq + 3 >= entry.size())
        return "";
      const std::string name = entry.substr(0, entry.find_last_not_of(' ', eq) + 1);
      if (name.size() <= 5 || name.compare(name.size() - 5, 5, " file") != 0)
        return "";
      std::ifstream     f(entry.substr(eq + 3), std::ios::binary);
      std::stringstream content;
      content << f.rdbuf();
      const std::string c = content.str();
      return name + content_key + " = " +
             (f ? crc32_hex(c.data(), c.size()) : std::string("unreadable")) + "\n";
    }

    std::string rank_file(const std::string &ckpt, const unsigned int rank)
    {
      return ckpt + "/rank-" + Utilities::int_to_string(rank, 4) + ".bin";
    }

    void put_vector(std::ostream &o, const char *key, const std::vector<double> &v)
    {
      o << key << ' ' << v.size();
      for (const double x : v)
        o << ' ' << x;
      o << '\n';
    }
    /// False (and the stream failed) if count exceeds what is left to read:
    /// a meta.txt edited by hand with a recomputed checksum must not
    /// allocate without bound (found by fuzzing: std::length_error).
    bool count_fits(std::istream &in, const size_t count)
    {
      if (in && count <= size_t(std::max<std::streamsize>(in.rdbuf()->in_avail(), 0)))
        return true;
      in.setstate(std::ios::failbit);
      return false;
    }
    std::vector<double> get_vector(std::istream &in)
    {
      size_t n = 0;
      in >> n;
      if (!count_fits(in, n))
        return {};
      std::vector<double> v(n);
      for (double &x : v)
        in >> x;
      return v;
    }
    /// Length-prefixed text block (may contain newlines).
    void put_block(std::ostream &o, const char *key, const std::string &s)
    {
      o << key << ' ' << s.size() << '\n' << s << '\n';
    }
    std::string get_block(std::istream &in)
    {
      size_t n = 0;
      in >> n;
      in.get(); // newline
      if (!count_fits(in, n))
        return {};
      std::string s(n, '\0');
      in.read(s.data(), n);
      return s;
    }
  } // namespace

  Checkpointer::Checkpointer(MPI_Comm           comm_in,
                             const std::string &run_directory,
                             const unsigned int keep_in)
    : comm(comm_in)
    , dir(run_directory + "/checkpoint")
    , keep(keep_in)
  {}

  /// Checkpointer::write() but for its final agreement: an error while rank 0
  /// writes meta.txt and publishes the checkpoint is thrown on rank 0 only.
  static void write_checkpoint_files(MPI_Comm              comm,
                                     const std::string    &dir,
                                     const unsigned int    keep,
                                     const CheckpointData &data)
  {
    const unsigned int rank = Utilities::MPI::this_mpi_process(comm);
    const std::string  name = "ckpt-" + Utilities::int_to_string(data.time.step, 8);
    const std::string  tmp  = dir + "/" + name + ".tmp";
    if (rank == 0)
      {
        ::mkdir(dir.c_str(), 0755);
        remove_tree(tmp); // leftovers of an interrupted attempt
        ::mkdir(tmp.c_str(), 0755);
      }
    MPI_Barrier(comm);
    AssertThrow(data.solver_states.size() == 1, ExcMessage("internal: one state per rank"));
    const std::string &state = data.solver_states[0];
    std::string        error; // a rank file not written (a full disk) stops every rank here
    try
      {
        write_synced(rank_file(tmp, rank), state.data(), state.size());
      }
    catch (const std::exception &e)
      {
        error = e.what();
      }
    throw_if_failed_on_any_rank(comm, error);
    // every rank's file size and checksum go into meta.txt (rank 0)
    const auto checksums = Utilities::MPI::gather(comm, crc32_hex(state.data(), state.size()), 0);
    const auto sizes     = Utilities::MPI::gather(comm, state.size(), 0);
    if (rank == 0)
      {
        std::ostringstream o;
        o << std::setprecision(17);
        o << "geoheat-checkpoint " << format_version << '\n'
          << "n_ranks " << data.n_ranks << '\n'
          << "time " << data.time.t << ' ' << data.time.dt << ' ' << data.time.dt_previous << ' '
          << data.time.step << ' ' << int(data.time.restart) << ' ' << int(data.time.output_due)
          << '\n'
          << "timeseries_bytes " << data.timeseries_bytes << '\n'
          << "wells_bytes " << data.wells_bytes << '\n'
          << "n_profiles " << data.n_profiles << '\n'
          << "wall_time_s " << data.wall_time_s << '\n'
          << "n_factorizations " << data.n_factorizations << '\n';
        put_vector(o, "statistics", data.statistics);
        put_block(o, "field_writer", data.field_writer);
        put_block(o, "borehole_lines", data.borehole_lines);
        put_block(o, "parameters", data.parameters);
        o << "rank_files";
        for (unsigned int r = 0; r < checksums.size(); ++r)
          o << ' ' << sizes[r] << ' ' << checksums[r];
        o << '\n';
        std::string meta = o.str();
        meta += meta_checksum_key + crc32_hex(meta.data(), meta.size()) + "\n";
        write_synced(tmp + "/meta.txt", meta.data(), meta.size());
        // A checkpoint of the same step exists when the run was resumed from
        // an older one because this one was damaged: replace it.
        remove_tree(dir + "/" + name);
        if (std::rename(tmp.c_str(), (dir + "/" + name).c_str()) != 0)
          throw std::runtime_error("cannot rename checkpoint " + tmp);
        const std::string latest = name + "\n";
        write_synced(dir + "/latest.tmp", latest.data(), latest.size());
        if (std::rename((dir + "/latest.tmp").c_str(), (dir + "/latest").c_str()) != 0)
          throw std::runtime_error("cannot update " + dir + "/latest (checkpoint " + name +
                                   " is complete but not marked the newest)");

        // Rotation: keep the newest `keep` complete checkpoints.
        const std::vector<std::string> all = complete_checkpoints(dir);
        for (size_t i = keep; i < all.size(); ++i)
          remove_tree(dir + "/" + all[i]);
      }
  }

  void Checkpointer::write(const CheckpointData &data)
  {
    // A write that fails on any rank stops every rank with its message, and
    // the partial checkpoint is removed (the previous one stays the newest).
    std::string error;
    try
      {
        write_checkpoint_files(comm, dir, keep, data);
      }
    catch (const std::exception &e)
      {
        error = e.what();
      }
    if (!error.empty() && Utilities::MPI::this_mpi_process(comm) == 0)
      {
        remove_tree(dir + "/ckpt-" + Utilities::int_to_string(data.time.step, 8) + ".tmp");
        (void)std::remove((dir + "/latest.tmp").c_str()); // may not exist
      }
    throw_if_failed_on_any_rank(comm, error);
  }

  namespace
  {
    /// Parse one checkpoint's meta.txt into data (all but the solver state).
    /// Returns what is wrong with it ("" if intact); throws InputError for a
    /// checkpoint that is intact but cannot be used (another format version).
    std::string parse_meta(const std::string                           &ckpt,
                           CheckpointData                              &data,
                           std::vector<std::pair<size_t, std::string>> &rank_files)
    {
      std::ifstream file(ckpt + "/meta.txt", std::ios::binary);
      if (!file)
        return "meta.txt is missing";
      std::stringstream ss;
      ss << file.rdbuf();
      const std::string  meta = ss.str();
      std::istringstream head(meta);
      std::string        magic;
      int                version = 0;
      if (!(head >> magic >> version) || magic != "geoheat-checkpoint")
        return "meta.txt is not a geoheat checkpoint";
      require(version == format_version,
              ckpt,
              "--resume",
              "checkpoint format version " + std::to_string(version) +
                " (this geoheat reads version " + std::to_string(format_version) +
                "): resume with the geoheat that wrote it, or start the run afresh");
      const size_t trailer = meta.rfind(meta_checksum_key);
      if (trailer == std::string::npos || (trailer > 0 && meta[trailer - 1] != '\n'))
        return "meta.txt is truncated (no checksum line)";
      std::istringstream tail(meta.substr(trailer + std::strlen(meta_checksum_key)));
      std::string        stored;
      tail >> stored;
      if (stored != crc32_hex(meta.data(), trailer))
        return "meta.txt fails its checksum";

      std::istringstream in(meta.substr(0, trailer));
      std::string        key;
      int                restart = 0, output_due = 0;
      in >> magic >> version;
      while (in >> key)
        {
          if (key == "n_ranks")
            in >> data.n_ranks;
          else if (key == "time")
            in >> data.time.t >> data.time.dt >> data.time.dt_previous >> data.time.step >>
              restart >> output_due;
          else if (key == "wells_bytes")
            in >> data.wells_bytes;
          else if (key == "timeseries_bytes")
            in >> data.timeseries_bytes;
          else if (key == "n_profiles")
            in >> data.n_profiles;
          else if (key == "wall_time_s")
            in >> data.wall_time_s;
          else if (key == "n_factorizations")
            in >> data.n_factorizations;
          else if (key == "statistics")
            data.statistics = get_vector(in);
          else if (key == "field_writer")
            data.field_writer = get_block(in);
          else if (key == "borehole_lines")
            data.borehole_lines = get_block(in);
          else if (key == "parameters")
            data.parameters = get_block(in);
          else if (key == "rank_files")
            {
              if (!count_fits(in, data.n_ranks)) // see count_fits
                break;
              rank_files.resize(data.n_ranks);
              for (auto &[bytes, crc] : rank_files)
                in >> bytes >> crc;
            }
        }
      data.time.restart    = restart;
      data.time.output_due = output_due;
      if (rank_files.size() != data.n_ranks || rank_files.empty() || in.bad())
        return "meta.txt lists no checksums of the rank files";
      return "";
    }

    /// Read one rank file into @p state; returns what is wrong with it ("" if intact).
    std::string read_rank_state(const std::string &name,
                                const size_t       bytes,
                                const std::string &crc,
                                std::string       &state)
    {
      std::ifstream in(name, std::ios::binary);
      if (!in)
        return name.substr(name.rfind('/') + 1) + " is missing";
      std::stringstream ss;
      ss << in.rdbuf();
      state = ss.str();
      if (state.size() != bytes)
        return name.substr(name.rfind('/') + 1) + " has " + std::to_string(state.size()) +
               " bytes, not " + std::to_string(bytes) + " (truncated)";
      if (crc32_hex(state.data(), state.size()) != crc)
        return name.substr(name.rfind('/') + 1) + " fails its checksum";
      return "";
    }
  } // namespace

  CheckpointData Checkpointer::read() const
  {
    const unsigned int rank    = Utilities::MPI::this_mpi_process(comm);
    const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);
    // Rank 0 lists the checkpoints (newest first) for everybody.
    const std::vector<std::string> names =
      Utilities::MPI::broadcast(comm,
                                rank == 0 ? complete_checkpoints(dir) : std::vector<std::string>(),
                                0);
    require(!names.empty(),
            dir,
            "--resume",
            "no complete checkpoint to resume from in this output directory");
    std::string first_problem;
    for (const std::string &name : names)
      {
        const std::string                           ckpt = dir + "/" + name;
        CheckpointData                              data;
        std::vector<std::pair<size_t, std::string>> rank_files;
        std::string problem = parse_meta(ckpt, data, rank_files); // same on every rank
        // Its own rank file on the same number of ranks, else all of them.
        const bool same_partition = data.n_ranks == n_ranks;
        for (unsigned int r = 0; problem.empty() && r < data.n_ranks; ++r)
          if (!same_partition || r == rank)
            {
              data.solver_states.emplace_back();
              problem = read_rank_state(rank_file(ckpt, r),
                                        rank_files[r].first,
                                        rank_files[r].second,
                                        data.solver_states.back());
            }
        // the checkpoint is used only if it is intact on every rank
        const auto problems = Utilities::MPI::all_gather(comm, problem);
        problem.clear();
        for (const std::string &p : problems)
          if (problem.empty() && !p.empty())
            problem = p;
        if (problem.empty())
          {
            if (!first_problem.empty() && rank == 0)
              {
                std::cerr << "geoheat: warning: " << dir << "/" << names.front() << ": "
                          << first_problem << "; resumed from the previous checkpoint " << name
                          << " (the damaged ones are removed)" << std::endl;
                for (const std::string &damaged : names)
                  if (damaged > name)
                    remove_tree(dir + "/" + damaged);
              }
            if (data.n_ranks != n_ranks && rank == 0)
              std::cout << "geoheat: checkpoint " << name << " was written on " << data.n_ranks
                        << " ranks; each of the " << n_ranks
                        << " ranks of this run reads all its rank files" << std::endl;
            MPI_Barrier(comm);
            return data;
          }
        if (first_problem.empty())
          first_problem = problem;
      }
    input_error(dir + "/" + names.front(),
                "--resume",
                first_problem + ", and no older checkpoint is intact");
  }

  std::string parameter_lines(const ParameterHandler                              &prm,
                              const std::function<bool(const std::string &entry)> &keep)
  {
    std::ostringstream all;
    prm.print_parameters(all, ParameterHandler::ShortPRM);
    std::istringstream       in(all.str());
    std::vector<std::string> path;
    std::ostringstream       out;
    std::string              line;
    while (std::getline(in, line))
      {
        const auto b = line.find_first_not_of(' ');
        if (b == std::string::npos)
          continue;
        line = line.substr(b);
        if (line.rfind("subsection ", 0) == 0)
          path.push_back(line.substr(11));
        else if (line == "end")
          path.pop_back();
        else if (line.rfind("set ", 0) == 0)
          {
            std::string section;
            for (const auto &p : path)
              section += p + "/";
            const std::string entry = section + line.substr(4);
            if (!keep(entry))
              continue;
            out << entry << '\n';
            out << file_content_line(entry);
          }
      }
    return out.str();
  }

  std::string physics_parameters(const ParameterHandler &prm)
  {
    return parameter_lines(prm, [](const std::string &entry) {
      return entry.rfind("Output/", 0) != 0 && entry.rfind("Checkpoint/", 0) != 0 &&
             entry.rfind("Time/End time", 0) != 0 &&
             entry.rfind("Time/Response cache directory", 0) != 0;
    });
  }

  void require_compatible(const std::string &old_parameters,
                          const std::string &new_parameters,
                          const std::string &file)
  {
    auto split = [](const std::string &text) {
      std::map<std::string, std::string> m;
      std::istringstream                 in(text);
      std::string                        line;
      while (std::getline(in, line))
        {
          const auto eq = line.find(" = ");
          const auto k  = line.substr(0, line.find_last_not_of(' ', eq) + 1);
          m[k]          = eq == std::string::npos ? "" : line.substr(eq + 3);
        }
      return m;
    };
    const auto a = split(old_parameters), b = split(new_parameters);
    for (const auto &[key, value] : b)
      {
        const auto        it      = a.find(key);
        const std::string was     = it == a.end() ? "(absent)" : it->second;
        const auto        content = key.find(content_key);
        if (content != std::string::npos)
          {
            const std::string entry = key.substr(0, content);
            const auto        named = b.find(entry);
            require(was == value,
                    file,
                    entry,
                    "the file " + (named == b.end() ? std::string("it names") : named->second) +
                      " changed since the checkpoint was written (CRC-32 " + was + ", now " +
                      value + "); restore it, or start the run afresh");
            continue;
          }
        require(was == value,
                file,
                key,
                "differs from the checkpoint being resumed (checkpoint: '" + was + "', now: '" +
                  value +
                  "'); only Time/End time and the Output "
                  "and Checkpoint entries may change on --resume");
      }
  }

  void remove_checkpoints(const std::string &run_directory)
  {
    const std::string dir = run_directory + "/checkpoint";
    (void)std::remove((dir + "/latest").c_str()); // may not exist
    if (DIR *d = ::opendir(dir.c_str()))
      {
        std::vector<std::string> names;
        while (dirent *e = ::readdir(d))
          if (std::string(e->d_name).rfind("ckpt-", 0) == 0)
            names.push_back(e->d_name);
        ::closedir(d);
        for (const std::string &n : names)
          remove_tree(dir + "/" + n);
      }
  }

  void install_stop_signal_handlers()
  {
    if (std::signal(SIGTERM, on_stop_signal) == SIG_ERR ||
        std::signal(SIGUSR1, on_stop_signal) == SIG_ERR)
      throw std::runtime_error("cannot install the SIGTERM/SIGUSR1 handlers (checkpoint on stop)");
  }

  bool stop_requested(MPI_Comm comm, const unsigned int call_number, const unsigned int every)
  {
    if (Utilities::MPI::n_mpi_processes(comm) == 1)
      return stop_signal != 0;
    if (call_number % every != 0)
      return false;
    return Utilities::MPI::max(int(stop_signal != 0), comm) != 0;
  }
} // namespace geoheat

#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/io/checkpoint.h>

#include <sys/stat.h>

#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <unistd.h>

namespace geoheat
{
  using namespace dealii;

  void CheckpointParameters::declare(ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpoint");
    prm.declare_entry("Interval", "365", Patterns::Double(0),
                      "Simulated days between checkpoints; 0 = none. A stop "
                      "signal (SIGTERM, SIGUSR1) always writes one.");
    prm.declare_entry("Steps", "0", Patterns::Integer(0),
                      "Time steps between checkpoints; 0 = none.");
    prm.declare_entry("Keep", "2", Patterns::Integer(1),
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
    extern "C" void on_stop_signal(int sig) { stop_signal = sig; }

    /// Write a file and flush it to disk before returning.
    void write_synced(const std::string &name, const void *data, const size_t bytes)
    {
      std::FILE *f = std::fopen(name.c_str(), "wb");
      if (!f || std::fwrite(data, 1, bytes, f) != bytes || std::fflush(f) != 0 ||
          ::fsync(fileno(f)) != 0)
        {
          if (f)
            std::fclose(f);
          throw std::runtime_error("cannot write checkpoint file " + name);
        }
      std::fclose(f);
    }

    std::string read_file(const std::string &name)
    {
      std::ifstream in(name, std::ios::binary);
      require(bool(in), name, "", "cannot read the checkpoint file");
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }

    void remove_tree(const std::string &path)
    {
      if (DIR *d = ::opendir(path.c_str()))
        {
          while (dirent *e = ::readdir(d))
            {
              const std::string n = e->d_name;
              if (n != "." && n != "..")
                std::remove((path + "/" + n).c_str());
            }
          ::closedir(d);
        }
      ::rmdir(path.c_str());
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
    std::vector<double> get_vector(std::istream &in)
    {
      size_t n = 0;
      in >> n;
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
      std::string s(n, '\0');
      in.read(s.data(), n);
      return s;
    }
  } // namespace

  Checkpointer::Checkpointer(MPI_Comm comm, const std::string &run_directory,
                             const unsigned int keep)
    : comm(comm), dir(run_directory + "/checkpoint"), keep(keep)
  {}

  void Checkpointer::write(const CheckpointData &data)
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
    write_synced(rank_file(tmp, rank), data.solver_state.data(),
                 data.solver_state.size() * sizeof(double));
    MPI_Barrier(comm);
    if (rank == 0)
      {
        std::ostringstream o;
        o << std::setprecision(17);
        o << "geoheat-checkpoint 1\n"
          << "n_ranks " << data.n_ranks << '\n'
          << "solver_state_size " << data.solver_state.size() << '\n'
          << "time " << data.time.t << ' ' << data.time.dt << ' '
          << data.time.dt_previous << ' ' << data.time.step << ' '
          << int(data.time.restart) << ' ' << int(data.time.output_due) << '\n'
          << "timeseries_bytes " << data.timeseries_bytes << '\n'
          << "wells_bytes " << data.wells_bytes << '\n'
          << "n_profiles " << data.n_profiles << '\n'
          << "wall_time_s " << data.wall_time_s << '\n'
          << "n_factorizations " << data.n_factorizations << '\n';
        put_vector(o, "statistics", data.statistics);
        put_block(o, "field_writer", data.field_writer);
        put_block(o, "borehole_lines", data.borehole_lines);
        put_block(o, "parameters", data.parameters);
        const std::string meta = o.str();
        write_synced(tmp + "/meta.txt", meta.data(), meta.size());
        std::rename(tmp.c_str(), (dir + "/" + name).c_str());
        const std::string latest = name + "\n";
        write_synced(dir + "/latest.tmp", latest.data(), latest.size());
        std::rename((dir + "/latest.tmp").c_str(), (dir + "/latest").c_str());

        // Rotation: keep the newest `keep` complete checkpoints.
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
        std::sort(all.begin(), all.end());
        for (size_t i = 0; i + keep < all.size(); ++i)
          remove_tree(dir + "/" + all[i]);
      }
    MPI_Barrier(comm);
  }

  CheckpointData Checkpointer::read() const
  {
    const unsigned int rank = Utilities::MPI::this_mpi_process(comm);
    std::ifstream      latest(dir + "/latest");
    std::string        name;
    require(bool(latest >> name), dir, "--resume",
            "no complete checkpoint to resume from in this output directory");
    const std::string ckpt = dir + "/" + name;
    std::istringstream in(read_file(ckpt + "/meta.txt"));
    CheckpointData     data;
    std::string        key, magic;
    size_t             state_size = 0;
    int                restart = 0, output_due = 0;
    in >> magic >> key;
    require(magic == "geoheat-checkpoint", ckpt + "/meta.txt", "", "not a geoheat checkpoint");
    while (in >> key)
      {
        if (key == "n_ranks")
          in >> data.n_ranks;
        else if (key == "solver_state_size")
          in >> state_size;
        else if (key == "time")
          in >> data.time.t >> data.time.dt >> data.time.dt_previous >>
            data.time.step >> restart >> output_due;
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
      }
    data.time.restart    = restart;
    data.time.output_due = output_due;
    const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);
    require(data.n_ranks == n_ranks, ckpt, "--resume",
            "the checkpoint was written by " + std::to_string(data.n_ranks) +
              " MPI ranks; resume with mpirun -np " + std::to_string(data.n_ranks) +
              " (this run has " + std::to_string(n_ranks) + ")");
    const std::string bin = read_file(rank_file(ckpt, rank));
    data.solver_state.resize(bin.size() / sizeof(double));
    std::copy(bin.data(), bin.data() + bin.size(),
              reinterpret_cast<char *>(data.solver_state.data()));
    return data;
  }

  std::string physics_parameters(const ParameterHandler &prm)
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
            if (section == "Output/" || section == "Checkpoint/" ||
                entry.rfind("Time/End time", 0) == 0)
              continue;
            out << entry << '\n';
          }
      }
    return out.str();
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
        const auto it = a.find(key);
        const std::string was = it == a.end() ? "(absent)" : it->second;
        require(was == value, file, key,
                "differs from the checkpoint being resumed (checkpoint: '" + was +
                  "', now: '" + value + "'); only Time/End time and the Output "
                  "and Checkpoint entries may change on --resume");
      }
  }

  void install_stop_signal_handlers()
  {
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGUSR1, on_stop_signal);
  }

  bool stop_requested(MPI_Comm comm, const unsigned int call_number,
                      const unsigned int every)
  {
    if (Utilities::MPI::n_mpi_processes(comm) == 1)
      return stop_signal != 0;
    if (call_number % every != 0)
      return false;
    return Utilities::MPI::max(int(stop_signal != 0), comm) != 0;
  }
} // namespace geoheat

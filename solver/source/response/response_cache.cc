#include <deal.II/base/mpi.h>

#include <geoheat/base/parameter_tools.h>
#include <geoheat/io/checked_io.h>
#include <geoheat/io/checkpoint.h>
#include <geoheat/io/state_stream.h>
#include <geoheat/response/response_cache.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace geoheat
{
  using namespace dealii;

  namespace
  {
    /// Bump when the response's computation changes (its steps, passes, channels).
    constexpr std::uint64_t cache_version = 1;
    constexpr std::uint64_t cache_tag     = 0x6768726573703031ULL; // "ghresp01"

    bool starts_with(const std::string &s, const char *prefix)
    {
      return s.rfind(prefix, 0) == 0;
    }

    /// Whether entry "Section/Name = value" can change the step response.
    bool shapes_response(const std::string &entry)
    {
      for (const char *ignored : {"Output/",
                                  "Checkpoint/",
                                  "Building load/",
                                  "Heat pump/",
                                  "Design/",
                                  "G-function/",
                                  "Time/Output interval",
                                  "Time/Maximum time step when idle",
                                  "Time/Step growth factor",
                                  "Time/Method",
                                  "Time/Response cache directory"})
        if (starts_with(entry, ignored))
          return false;
      return !starts_with(entry, "Operation/") || starts_with(entry, "Operation/Flow rate");
    }

    std::uint64_t fnv1a(const std::string &s)
    {
      std::uint64_t h = 1469598103934665603ULL;
      for (const unsigned char c : s)
        h = (h ^ c) * 1099511628211ULL;
      return h;
    }

    std::string cache_file(const std::string &directory, const std::string &key)
    {
      std::ostringstream name;
      name << directory << "/step_response_" << std::hex << std::setw(16) << std::setfill('0')
           << fnv1a(key) << ".bin";
      return name.str();
    }

    void put_text(StateWriter &out, const std::string &text)
    {
      out.put<std::uint64_t>(text.size());
      for (const char c : text)
        out.put(c);
    }

    std::string get_text(StateReader &in)
    {
      const auto n = in.get<std::uint64_t>();
      if (n > in.remaining())
        throw std::runtime_error("cached response ends early");
      std::string text(n, ' ');
      for (char &c : text)
        c = in.get<char>();
      return text;
    }

    void put_table(StateWriter &out, const std::vector<std::vector<double>> &table)
    {
      out.put<std::uint64_t>(table.size());
      for (const auto &row : table)
        out.put_vector(row);
    }

    std::vector<std::vector<double>> get_table(StateReader &in)
    {
      const auto n = in.get<std::uint64_t>();
      if (n > in.remaining())
        throw std::runtime_error("cached response ends early");
      std::vector<std::vector<double>> table(n);
      for (auto &row : table)
        row = in.get_vector();
      return table;
    }

    std::string serialize(const std::string &key, const FieldStepResponse &r)
    {
      StateWriter out;
      out.put(cache_tag);
      out.put(cache_version);
      put_text(out, key);
      out.put_vector(r.samples.time);
      put_table(out, r.samples.step);
      put_table(out, r.samples.free);
      out.put_vector(r.samples.free_initial);
      out.put(r.capacity_rate);
      out.put_vector(r.borehole_flow);
      out.put(r.friction_W);
      out.put<std::uint64_t>(r.free_pass ? 1 : 0);
      out.put<std::uint64_t>(r.steps);
      out.put(r.wall_time_s);
      return out.str();
    }

    /// The response in @p bytes if they hold one for @p key.
    std::optional<FieldStepResponse> deserialize(const std::string &bytes, const std::string &key)
    {
      StateReader in(bytes);
      if (in.get<std::uint64_t>() != cache_tag || in.get<std::uint64_t>() != cache_version ||
          get_text(in) != key)
        return std::nullopt;
      FieldStepResponse r;
      r.samples.time         = in.get_vector();
      r.samples.step         = get_table(in);
      r.samples.free         = get_table(in);
      r.samples.free_initial = in.get_vector();
      r.capacity_rate        = in.get<double>();
      r.borehole_flow        = in.get_vector();
      r.friction_W           = in.get<double>();
      r.free_pass            = in.get<std::uint64_t>() != 0;
      r.steps                = in.get<std::uint64_t>();
      r.wall_time_s          = in.get<double>();
      const std::size_t m    = r.samples.time.size();
      bool              fits = m > 0 && r.samples.step.size() == r.samples.free_initial.size() &&
                  (r.samples.free.empty() || r.samples.free.size() == r.samples.step.size());
      for (const auto &row : r.samples.step)
        fits = fits && row.size() == m;
      for (const auto &row : r.samples.free)
        fits = fits && row.size() == m;
      if (!fits || in.remaining() != 0)
        throw std::runtime_error("cached response is inconsistent");
      r.from_cache = true;
      return r;
    }
  } // namespace

  std::string response_cache_key(const ParameterHandler &prm)
  {
    return parameter_lines(prm, shapes_response);
  }

  std::optional<FieldStepResponse>
  read_cached_response(const std::string &directory, const std::string &key, MPI_Comm comm)
  {
    const std::string                file = cache_file(directory, key);
    std::string                      problem;
    std::optional<FieldStepResponse> r;
    try
      {
        std::ifstream f(file, std::ios::binary);
        if (!f)
          return std::nullopt; // not computed yet (the same answer on every rank)
        std::stringstream bytes;
        bytes << f.rdbuf();
        r = deserialize(bytes.str(), key);
      }
    catch (const std::exception &e)
      {
        problem = e.what();
      }
    // Every rank must take the same branch.
    const bool ok = Utilities::MPI::min(problem.empty() && r ? 1 : 0, comm) == 1;
    if (!problem.empty() && Utilities::MPI::this_mpi_process(comm) == 0)
      std::cerr << "geoheat: warning: " << file << ": " << problem
                << "; computing the response anew" << std::endl;
    return ok ? r : std::nullopt;
  }

  void write_cached_response(const std::string       &directory,
                             const std::string       &key,
                             const FieldStepResponse &response,
                             MPI_Comm                 comm)
  {
    if (Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    try
      {
        if (!make_directories(directory))
          throw std::runtime_error("cannot create the directory");
        replace_file(cache_file(directory, key), serialize(key, response));
      }
    catch (const std::exception &e)
      {
        std::cerr << "geoheat: warning: cannot keep the step response in " << directory << ": "
                  << e.what() << std::endl;
      }
  }
} // namespace geoheat

#include "fuzz_common.h"

#include <deal.II/base/exceptions.h>

#include <geoheat/base/input_error.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <typeinfo>

namespace geoheat_fuzz
{
  const std::string &scratch_directory()
  {
    static const std::string dir = [] {
      struct stat       st;
      const std::string base = ::stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
      // Messages name files in this directory: a seeded run (fuzz.sh
      // --seed, CI's fuzz.parsers) names a fixed one, so that its inputs
      // do not change with the pid (they did) or the machine's paths
      const char       *fixed = std::getenv("GEOHEAT_FUZZ_SCRATCH");
      const std::string d =
        fixed && *fixed ? std::string(fixed) : base + "/geoheat-fuzz-" + std::to_string(::getpid());
      ::mkdir(d.c_str(), 0700);
      // deal.II exceptions: no abort in release builds anyway, no stack
      // trace in what() (as in geoheat's main)
      dealii::deal_II_exceptions::disable_abort_on_exception();
      dealii::deal_II_exceptions::suppress_stacktrace_in_exceptions();
      return d;
    }();
    return dir;
  }

  std::string write_file(const std::string &name, const uint8_t *data, const size_t size)
  {
    const std::string path = scratch_directory() + "/" + name;
    std::ofstream     out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), size);
    if (!out)
      {
        std::cerr << "fuzz: cannot write " << path << '\n';
        std::abort();
      }
    return path;
  }

  std::string write_file(const std::string &name, const std::string &content)
  {
    return write_file(name, reinterpret_cast<const uint8_t *>(content.data()), content.size());
  }

  namespace
  {
    [[noreturn]] void finding(const std::string &what, const std::string &message)
    {
      std::cerr << "\n==== geoheat fuzz finding: " << what << "\n---- message:\n"
                << message << "\n----\n";
      std::abort();
    }

    /// What is wrong with an InputError message, or "" if it reads well.
    std::string message_problem(const std::string &m)
    {
      if (m.empty())
        return "empty message";
      if (m.size() > max_message_length)
        return "message of " + std::to_string(m.size()) + " characters (more than " +
               std::to_string(max_message_length) + ")";
      for (const char c : m)
        {
          const auto u = static_cast<unsigned char>(c);
          if (u < 0x20 || u == 0x7F)
            return "control character " + std::to_string(int(u)) + " in the message";
        }
      // invalid UTF-8 (a binary file's bytes) would be a terminal's mojibake
      if (geoheat::printable_excerpts(m, m.size()) != m)
        return "non-printable or invalid UTF-8 bytes in the message";
      return "";
    }
  } // namespace

  void expect_accepted_or_input_error(const std::function<void()> &parse)
  {
    // GEOHEAT_FUZZ_VERBOSE=1: print what each input gives (to inspect a corpus)
    static const bool verbose = std::getenv("GEOHEAT_FUZZ_VERBOSE") != nullptr;
    try
      {
        parse();
        if (verbose)
          std::cerr << "fuzz: accepted\n";
      }
    catch (const geoheat::InputError &e)
      {
        if (verbose)
          std::cerr << "fuzz: InputError: " << e.what() << '\n';
        const std::string problem = message_problem(e.what());
        if (!problem.empty())
          finding("InputError with a bad message: " + problem, e.what());
      }
    catch (const dealii::ExceptionBase &e)
      {
        finding("deal.II exception escaped (" + std::string(typeid(e).name()) + ")", e.what());
      }
    catch (const std::exception &e)
      {
        finding("exception other than InputError escaped (" + std::string(typeid(e).name()) + ")",
                e.what());
      }
    catch (...)
      {
        finding("unknown exception type escaped", "");
      }
  }
} // namespace geoheat_fuzz

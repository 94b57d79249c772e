#include <geoheat/base/input_error.h>
#include <geoheat/design/deep_well_design.h>
#include <geoheat/gfunction/gfunction_parameters.h>
#include <geoheat/simulation/deep_well_simulation.h>
#include <geoheat/simulation/field_simulation.h>
#include <geoheat/simulation/parameter_file.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <vector>

namespace geoheat
{
  void declare_all_parameters(dealii::ParameterHandler &prm)
  {
    RunParameters::declare(prm);
    DeepWellParameters::declare(prm);
    FieldParameters::declare(prm);
    DesignParameters::declare(prm);
    GFunctionParameters::declare(prm);
  }

  namespace
  {
    /// deal.II follows the "include FILE" lines of a .prm file without a
    /// limit: a file that includes itself (or a cycle of files) recursed
    /// until the stack overflowed (a segmentation fault), and an include of
    /// /dev/zero never ended. Check the chain of includes first, as deal.II
    /// reads them ('\' continuations joined, '#' comments dropped, "include " or
    /// "INCLUDE " at the start, the rest the path as given): regular files,
    /// no cycle, at most 8 levels. `chain`: canonical paths from the top.
    void check_includes(const std::string &file, std::vector<std::string> &chain)
    {
      std::ifstream in(file);
      std::string   line, raw;
      for (unsigned int line_no = 1; std::getline(in, raw); ++line_no)
        {
          line += raw;
          while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
          if (!line.empty() && line.back() == '\\')
            {
              line.pop_back(); // continued on the next line
              continue;
            }
          line.erase(std::min(line.find('#'), line.size()));
          const auto b = line.find_first_not_of(" \t");
          if (b != std::string::npos &&
              (line.compare(b, 8, "include ") == 0 || line.compare(b, 8, "INCLUDE ") == 0))
            {
              // the path: what follows "include ", without surrounding blanks
              // (the comment was cut above, so "include  # x" leaves none)
              const auto        first = line.find_first_not_of(" \t", b + 8);
              const auto        last  = line.find_last_not_of(" \t");
              const std::string name =
                first == std::string::npos ? "" : line.substr(first, last + 1 - first);
              const std::string where = "line " + std::to_string(line_no);
              require(!name.empty(), file, where, "include: no file named after 'include'");
              std::error_code ec;
              require(std::filesystem::is_regular_file(name, ec),
                      file,
                      where,
                      "include: " + quoted(name, 200) + " is not a readable file");
              const std::string id = std::filesystem::canonical(name, ec).string();
              require(std::find(chain.begin(), chain.end(), id) == chain.end(),
                      file,
                      where,
                      "include: " + quoted(name, 200) +
                        " is already being read (an include cycle)");
              require(chain.size() < 8, file, where, "include: nested more than 8 levels");
              chain.push_back(id);
              check_includes(name, chain);
              chain.pop_back();
            }
          line.clear();
        }
    }
  } // namespace

  void read_parameter_file(dealii::ParameterHandler &prm, const std::string &file)
  {
    {
      std::ifstream probe(file, std::ios::binary);
      require(probe.good(), file, "", "cannot open the parameter file");
      // A binary file (an output, an archive) is not worth parsing: say so
      std::string head(4096, '\0');
      probe.read(head.data(), head.size());
      head.resize(probe.gcount());
      const auto nul = head.find('\0');
      require(nul == std::string::npos,
              file,
              "",
              "not a text parameter file (binary data: a NUL byte at offset " +
                std::to_string(nul) + ")");
    }
    const std::string extension = std::filesystem::path(file).extension();
    if (extension != ".json" && extension != ".xml") // deal.II reads the rest as .prm
      {
        std::error_code          ec;
        std::vector<std::string> chain = {std::filesystem::canonical(file, ec).string()};
        check_includes(file, chain);
      }
    try
      {
        prm.parse_input(file, "", false, false);
      }
    catch (const std::exception &e)
      {
        input_error(file, "", one_line_message(e));
      }
  }
} // namespace geoheat

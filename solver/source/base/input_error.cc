#include <geoheat/base/input_error.h>

#include <cctype>

namespace geoheat
{
  void input_error(const std::string &file,
                   const std::string &entry,
                   const std::string &reason)
  {
    std::string msg = file;
    if (!entry.empty())
      msg += (msg.empty() ? "" : ": ") + entry;
    msg += (msg.empty() ? "" : ": ") + reason;
    throw InputError(msg);
  }

  std::string one_line_message(const std::exception &e)
  {
    std::string text = e.what();
    // deal.II exceptions: keep the "Additional information" paragraph only.
    const auto info = text.find("Additional information:");
    if (info != std::string::npos)
      text = text.substr(info + std::string("Additional information:").size());
    const auto stack = text.find("Stacktrace:");
    if (stack != std::string::npos)
      text = text.substr(0, stack);
    // Fold all white space (including newlines) into single blanks.
    std::string out;
    bool        blank = false;
    for (const char c : text)
      {
        if (std::isspace(static_cast<unsigned char>(c)))
          blank = !out.empty();
        else
          {
            if (blank)
              out += ' ';
            out += c;
            blank = false;
          }
      }
    while (!out.empty() && (out.back() == '-' || out.back() == ' '))
      out.pop_back();
    return out;
  }
} // namespace geoheat

#include <geoheat/base/input_error.h>

#include <cctype>
#include <cstdio>

namespace geoheat
{
  void input_error(const std::string &file, const std::string &entry, const std::string &reason)
  {
    std::string msg = file;
    if (!entry.empty())
      msg += (msg.empty() ? "" : ": ") + entry;
    msg += (msg.empty() ? "" : ": ") + reason;
    // no raw bytes of a (binary) file reach the terminal; <...> parts are
    // cut to 200 bytes, user text is cut earlier by quoted()
    throw InputError(printable_excerpts(msg, 200));
  }

  namespace
  {
    /// The first `n` bytes of UTF-8 text `s` (all of it if shorter), fewer
    /// where byte n falls inside a multi-byte sequence: a cut never leaves a
    /// lone lead byte (an unclosed '<' quote cut that way made a message of
    /// invalid UTF-8, found by fuzzing).
    std::string utf8_prefix(const std::string &s, size_t n)
    {
      if (s.size() <= n)
        return s;
      while (n > 0 && (static_cast<unsigned char>(s[n]) >> 6) == 0x2)
        --n;
      return s.substr(0, n);
    }

    /// `text` with the part between the first `before` and the last `after`
    /// cut to 60 bytes and written as <part> (without any '<' '>' of
    /// `before`/`after` themselves); `text` unchanged if either is missing.
    std::string
    requote_between(const std::string &text, const std::string &before, const std::string &after)
    {
      const auto b0 = text.find(before);
      const auto b1 = b0 == std::string::npos ? b0 : text.rfind(after);
      if (b1 == std::string::npos || b1 < b0 + before.size())
        return text;
      const auto  begin = b0 + before.size();
      std::string part  = text.substr(begin, b1 - begin);
      if (part.size() > 60)
        part = utf8_prefix(part, 60) + "...";
      std::string lead = before, tail = after; // without their own '<' '>'
      if (!lead.empty() && lead.back() == '<')
        lead.pop_back();
      if (!tail.empty() && tail.front() == '>')
        tail.erase(0, 1);
      return text.substr(0, b0) + lead + "<" + part + ">" + tail + text.substr(b1 + after.size());
    }
  } // namespace

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
    // deal.II echoes user text between fixed words, where the text may hold
    // '<' or '>' itself: cut it to 60 bytes and quote it (a 3 kB value made a
    // 3 kB message; a '>' in an unparsable line ended its quote early and
    // kept the rest of the line; both found by fuzzing)
    // (also a value or an XML element name holding '>', found by fuzzing)
    out = requote_between(out, "The entry value ", " for the entry named");
    out = requote_between(out, "The line <", "> could not be parsed");
    out = requote_between(out, "The string <", "> does not match the given pattern");
    out = requote_between(out, "You can't ask for entry <", "> you have not yet declared");
    out = requote_between(out, "file to include <", "> cannot be opened");
    out = printable_excerpts(out);
    // a message that still runs long (a deal.II wording not listed above)
    // is cut: one line a user can read, not the whole input echoed
    if (out.size() > max_condensed_length)
      out = utf8_prefix(out, max_condensed_length) + "...";
    return out;
  }

  namespace
  {
    /// Length of the printable UTF-8 sequence starting at s[i]; 0 if it is
    /// not valid UTF-8 (overlong forms, surrogates and values beyond
    /// U+10FFFF included) or a control character (C0, DEL, C1).
    size_t printable_utf8_length(const std::string &s, const size_t i)
    {
      const auto   c = static_cast<unsigned char>(s[i]);
      const size_t n = c < 0x80         ? 1 :
                       (c >> 5) == 0x6  ? 2 :
                       (c >> 4) == 0xE  ? 3 :
                       (c >> 3) == 0x1E ? 4 :
                                          0;
      if (n == 0 || i + n > s.size())
        return 0;
      unsigned long code = n == 1 ? c : c & (0x7F >> n);
      for (size_t k = 1; k < n; ++k)
        {
          const auto d = static_cast<unsigned char>(s[i + k]);
          if ((d >> 6) != 0x2)
            return 0;
          code = (code << 6) | (d & 0x3F);
        }
      static const unsigned long smallest[] = {0, 0, 0x80, 0x800, 0x10000};
      if (code < smallest[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) ||
          code < 0x20 || (code >= 0x7F && code <= 0x9F))
        return 0;
      return n;
    }
  } // namespace

  std::string printable_excerpts(const std::string &text, const size_t max_quote)
  {
    // Control characters and bytes that are not UTF-8 (a binary file given
    // as a parameter file) become '?': the terminal gets no raw bytes.
    std::string clean;
    for (size_t i = 0; i < text.size();)
      {
        const size_t n = printable_utf8_length(text, i);
        if (n == 0)
          {
            clean += '?';
            ++i;
          }
        else
          {
            clean.append(text, i, n);
            i += n;
          }
      }
    // deal.II quotes the offending line as <...>: keep its first characters.
    std::string out;
    size_t      pos = 0;
    while (pos < clean.size())
      {
        const auto open  = clean.find('<', pos);
        const auto close = open == std::string::npos ? open : clean.find('>', open);
        if (open == std::string::npos)
          {
            out += clean.substr(pos);
            break;
          }
        if (close == std::string::npos)
          {
            // an unclosed quote (the message was cut, e.g. at a NUL byte)
            const std::string rest = clean.substr(pos);
            out += rest.size() > max_quote + 40 ? utf8_prefix(rest, max_quote + 40) + "..." : rest;
            break;
          }
        out += clean.substr(pos, open + 1 - pos);
        const std::string quote = clean.substr(open + 1, close - open - 1);
        out += quote.size() > max_quote ? utf8_prefix(quote, max_quote) + "..." : quote;
        out += '>';
        pos = close + 1;
      }
    return out;
  }

  std::string quoted(const std::string &text, const size_t max_length)
  {
    const std::string clean = printable_excerpts(text, max_length);
    if (clean.size() <= max_length)
      return "'" + clean + "'";
    return "'" + utf8_prefix(clean, max_length) + "...'";
  }

  std::string number_text(const double value)
  {
    char buffer[32];
    (void)std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
  }
} // namespace geoheat

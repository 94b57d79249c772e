#pragma once
/**
 * @file input_error.h
 * Errors caused by the user's input. They end a run with one line naming
 * the file, the entry and what is wrong, and a non-zero exit code.
 */
#include <cstddef>
#include <stdexcept>
#include <string>

namespace geoheat
{
  /// An error in the user's input (parameter file, load file, output
  /// location). The message is a single line without a stack trace.
  class InputError : public std::runtime_error
  {
  public:
    explicit InputError(const std::string &message)
      : std::runtime_error(message)
    {}
  };

  /// Throw an InputError built from a file name, an entry and a reason:
  /// "FILE: ENTRY: REASON". Control characters and invalid UTF-8 in the
  /// message become '?' (see printable_excerpts).
  [[noreturn]] void
  input_error(const std::string &file, const std::string &entry, const std::string &reason);

  /// Require a condition on user input; throws InputError otherwise.
  inline void require(const bool         condition,
                      const std::string &file,
                      const std::string &entry,
                      const std::string &reason)
  {
    if (!condition)
      input_error(file, entry, reason);
  }

  /// Longest line one_line_message returns (bytes, before its "..."):
  /// with the file name in front, an error stays one terminal line or two.
  constexpr std::size_t max_condensed_length = 240;

  /// Condense any exception text (deal.II exceptions are multi-line with a
  /// stack trace) into the single line that matters to the user, at most
  /// max_condensed_length bytes (+ "...").
  std::string one_line_message(const std::exception &e);

  /// text with control characters and invalid UTF-8 bytes replaced by '?'
  /// and every <quoted> part cut to max_quote bytes (+ "..."): what a
  /// message may echo of a user's (possibly binary) file.
  std::string printable_excerpts(const std::string &text, size_t max_quote = 60);

  /// Text from a user's file for a message: in single quotes, printable
  /// (as printable_excerpts) and cut to max_length bytes (+ "..."), so that
  /// a message stays one readable line whatever the file holds.
  std::string quoted(const std::string &text, size_t max_length = 60);

  /// A number read from a user's file, for a message: 6 significant digits
  /// (std::to_string of 1e120 prints 121 digits; found by fuzzing).
  std::string number_text(double value);
} // namespace geoheat

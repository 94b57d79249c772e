#pragma once
/**
 * @file fuzz_common.h
 * What every geoheat fuzz target checks: whatever the input, the parser
 * accepts it or throws geoheat's InputError with a message a user can read
 * (one printable line, at most max_message_length characters). Any other
 * exception, a crash, a hang or a sanitizer report is a finding.
 */
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace geoheat_fuzz
{
  /// Longest acceptable error message (characters).
  constexpr size_t max_message_length = 400;

  /// A scratch directory of this process (in /dev/shm if it exists).
  const std::string &scratch_directory();

  /// Write data to scratch_directory()/name and return the path.
  std::string write_file(const std::string &name, const uint8_t *data, size_t size);
  std::string write_file(const std::string &name, const std::string &content);

  /// Run parse(); return normally if it succeeds or throws an InputError
  /// with a good message; otherwise print the finding and abort() (libFuzzer
  /// saves the input as a crash).
  void expect_accepted_or_input_error(const std::function<void()> &parse);
} // namespace geoheat_fuzz

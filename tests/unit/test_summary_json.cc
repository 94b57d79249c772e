// summary.json is written by a JSON library (nlohmann-json): strings that
// need escaping (quotes, backslashes, control characters, invalid UTF-8 from
// a garbled input) come back intact or replaced, never as broken JSON;
// undefined numbers are null. Consistency of the writer with a reader, not
// validation.
#include <boost/test/unit_test.hpp>

#include <geoheat/io/run_records.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace geoheat;

BOOST_AUTO_TEST_SUITE(summary_json)

BOOST_AUTO_TEST_CASE(message_with_quotes_and_garbage_round_trips)
{
  const std::string dir =
    (std::filesystem::temp_directory_path() / "geoheat_summary_json_test").string();
  std::filesystem::create_directories(dir);
  {
    RunRecords  records(dir, true);
    SummaryInfo info;
    info.status            = "failed";
    info.message           = "file \"a\\b.prm\": entry 'x'\tbad \x01 and \xff\xfe bytes";
    info.checkpoint_time_s = NAN;
    RunStatistics stats;
    records.write_summary(info, stats);
  }
  std::ifstream in(dir + "/summary.json");
  BOOST_REQUIRE(in.good());
  const nlohmann::json j = nlohmann::json::parse(in); // throws on broken JSON
  BOOST_TEST(j["status"] == "failed");
  const std::string m = j["message"];
  BOOST_TEST(m.substr(0, 28) == "file \"a\\b.prm\": entry 'x'\tba");
  BOOST_TEST(m.find("\x01") != std::string::npos);
  BOOST_TEST(m.find("\xef\xbf\xbd") != std::string::npos); // U+FFFD for the invalid bytes
  BOOST_TEST(j["checkpoint_time_s"].is_null());
  BOOST_TEST(!std::filesystem::exists(dir + "/summary.json.tmp"));
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

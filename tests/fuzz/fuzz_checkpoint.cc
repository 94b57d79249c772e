/**
 * Fuzz target: a checkpoint's meta.txt, read by Checkpointer::read (as
 * `geoheat --resume` does on one rank) and, when accepted, restored as the
 * run loop does: parameters compared, statistics and writer bookkeeping
 * restored. The rank file rank-0000.bin is fixed (16 bytes, size and CRC-32
 * as in the seed corpus). An input without a "meta_crc32 " line gets a
 * correct checksum trailer appended, so that the fuzzer also reaches the
 * parser behind the checksum (only a hand-edited checkpoint with a
 * recomputed checksum gets there in practice); an input with one is used as
 * it is (damaged files: the checksum must catch them).
 */
#include <boost/crc.hpp>

#include <geoheat/io/borehole_lines_writer.h>
#include <geoheat/io/checkpoint.h>
#include <geoheat/io/field_writer.h>
#include <geoheat/io/run_records.h>

#include <mpi.h>

#include <sys/stat.h>

#include <cstdio>
#include <iomanip>
#include <sstream>

#include "fuzz_common.h"

using namespace geoheat_fuzz;

namespace
{
  std::string crc32_hex(const std::string &s)
  {
    boost::crc_32_type crc;
    crc.process_bytes(s.data(), s.size());
    std::ostringstream o;
    o << std::hex << std::setw(8) << std::setfill('0') << crc.checksum();
    return o.str();
  }
  std::string run_directory()
  {
    return scratch_directory() + "/run";
  }
  const std::string checkpoint = "/checkpoint/ckpt-00000010";
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
  // MPI only (no PETSc): the checkpoint reader's collectives on one rank
  MPI_Init(nullptr, nullptr);
  ::mkdir(run_directory().c_str(), 0700);
  ::mkdir((run_directory() + "/checkpoint").c_str(), 0700);
  ::mkdir((run_directory() + checkpoint).c_str(), 0700);
  const double state[2] = {1.5, -2.25}; // CRC-32 b7fa2809, as listed by the seeds
  write_file("run" + checkpoint + "/rank-0000.bin",
             reinterpret_cast<const uint8_t *>(state),
             sizeof(state));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  std::string meta(reinterpret_cast<const char *>(data), size);
  if (meta.find("meta_crc32 ") == std::string::npos)
    {
      if (!meta.empty() && meta.back() != '\n')
        meta += '\n';
      meta += "meta_crc32 " + crc32_hex(meta) + "\n";
    }
  write_file("run" + checkpoint + "/meta.txt", meta);
  expect_accepted_or_input_error([&] {
    geoheat::Checkpointer         reader(MPI_COMM_WORLD, run_directory(), 2);
    const geoheat::CheckpointData c = reader.read();
    geoheat::require_compatible(c.parameters,
                                "Ground/Thermal conductivities = 2.5\nWell/Depth = 2000\n",
                                run_directory() + "/checkpoint");
    geoheat::RunStatistics stats;
    stats.deserialize(c.statistics, run_directory() + "/checkpoint");
    geoheat::FieldWriter fields(MPI_COMM_WORLD, run_directory(), false, false);
    fields.restore(c.field_writer);
    geoheat::BoreholeLinesWriter lines(run_directory(), false, {});
    lines.restore(c.borehole_lines);
  });
  return 0;
}

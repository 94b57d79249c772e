// Shared Boost.Test main: starts MPI (tests may run under mpirun) and traps
// invalid floating-point operations so NaNs fail loudly.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <deal.II/base/mpi.h>

#include <boost/test/unit_test.hpp>

#include <cfenv>

bool init_unit_test()
{
  return true;
}

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  feenableexcept(FE_INVALID | FE_DIVBYZERO);
  return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}

// Borehole field layouts (generators, coordinates file, input errors) and
// field hydraulics (U-tube pressure drop, flow split among strings).
// Expected figures are worked out by hand in the comments.
#include <deal.II/base/parameter_handler.h>

#include <boost/test/unit_test.hpp>

#include <geoheat/base/input_error.h>
#include <geoheat/base/units.h>
#include <geoheat/network/field_hydraulics.h>
#include <geoheat/network/field_layout.h>
#include <geoheat/wells/common/convection.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

using namespace geoheat;

namespace
{
  using XY = std::pair<double, double>;

  std::vector<XY> positions(const std::vector<BoreholePlacement> &b)
  {
    std::vector<XY> xy;
    for (const auto &p : b)
      xy.emplace_back(p.x, p.y);
    return xy;
  }

  void check_positions(const std::vector<BoreholePlacement> &b, const std::vector<XY> &expected)
  {
    BOOST_TEST_REQUIRE(b.size() == expected.size());
    for (unsigned int i = 0; i < b.size(); ++i)
      {
        BOOST_TEST_CONTEXT("borehole " << i)
        {
          BOOST_TEST(b[i].x == expected[i].first, boost::test_tools::tolerance(1e-12));
          BOOST_TEST(b[i].y == expected[i].second, boost::test_tools::tolerance(1e-12));
        }
      }
  }

  /// A folder of its own under /tmp for the files of this test run,
  /// removed at exit.
  const std::string &scratch_dir()
  {
    struct Folder
    {
      std::string path = "/tmp/geoheat_test_field_layout_" + std::to_string(::getpid());
      Folder()
      {
        std::filesystem::create_directories(path);
      }
      ~Folder()
      {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
      }
    };
    static const Folder folder;
    return folder.path;
  }

  /// Write @p content to a file @p name in the scratch folder; its path.
  std::string write_file(const std::string &name, const std::string &content)
  {
    std::string path = scratch_dir() + "/" + name;
    std::ofstream(path) << content;
    return path;
  }

  /// Predicate for BOOST_CHECK_EXCEPTION: the message holds every part.
  auto message_has(const std::vector<std::string> &parts)
  {
    return [parts](const InputError &e) {
      const std::string what = e.what();
      bool              all  = what.find('\n') == std::string::npos;
      for (const auto &p : parts)
        all = all && what.find(p) != std::string::npos;
      if (!all)
        BOOST_TEST_MESSAGE("message was: " << what);
      return all;
    };
  }

  /// Read a coordinates file with defaults H = 150 m, D = 1.5 m, d = 0.15 m.
  std::vector<BoreholePlacement> read_csv(const std::string &path)
  {
    return read_borehole_coordinates(path, 150.0, 1.5, 0.15);
  }

  /// A valid generated field to break one setting of at a time.
  FieldLayout grid(FieldShape shape, unsigned int n_x, unsigned int n_y)
  {
    FieldLayout f;
    f.shape     = shape;
    f.n_x       = n_x;
    f.n_y       = n_y;
    f.spacing_x = 5;
    f.spacing_y = 4;
    return f;
  }
} // namespace

BOOST_AUTO_TEST_SUITE(field_layout)

// B_x = 5 m, B_y = 4 m: different spacings catch swapped axes.
BOOST_AUTO_TEST_CASE(rectangle_3x2)
{
  const auto b = generate_field(FieldShape::rectangle, 3, 2, 5, 4, 120, 2);
  check_positions(b, {{0, 0}, {5, 0}, {10, 0}, {0, 4}, {5, 4}, {10, 4}});
  for (const auto &p : b)
    {
      BOOST_TEST(p.length == 120.0);
      BOOST_TEST(p.buried_depth == 2.0);
    }
}

BOOST_AUTO_TEST_CASE(L_4x3_has_6)
{
  // first row (4) + first column above it (2)
  check_positions(generate_field(FieldShape::L, 4, 3, 5, 4, 150, 1.5),
                  {{0, 0}, {5, 0}, {10, 0}, {15, 0}, {0, 4}, {0, 8}});
}

BOOST_AUTO_TEST_CASE(U_4x3_has_8)
{
  // first row (4) + first and last column above it (2 x 2), row by row
  check_positions(generate_field(FieldShape::U, 4, 3, 5, 4, 150, 1.5),
                  {{0, 0}, {5, 0}, {10, 0}, {15, 0}, {0, 4}, {15, 4}, {0, 8}, {15, 8}});
}

BOOST_AUTO_TEST_CASE(box_4x3_has_10)
{
  // perimeter: 2 x 4 + 2 x 1 (pygfunction's docstring layout 0-3 / 4,5 / 6-9)
  check_positions(
    generate_field(FieldShape::box, 4, 3, 5, 4, 150, 1.5),
    {{0, 0}, {5, 0}, {10, 0}, {15, 0}, {0, 4}, {15, 4}, {0, 8}, {5, 8}, {10, 8}, {15, 8}});
  // 4 x 4: 2 x 4 + 2 x 2 = 12; 5 x 5: 4 x 4 = 16
  BOOST_TEST(generate_field(FieldShape::box, 4, 4, 5, 4, 150, 1.5).size() == 12u);
  BOOST_TEST(generate_field(FieldShape::box, 5, 5, 5, 4, 150, 1.5).size() == 16u);
}

BOOST_AUTO_TEST_CASE(staggered_3x3)
{
  // odd rows shifted by B_x / 2 = 2.5 m, every row keeps 3 boreholes
  check_positions(
    generate_field(FieldShape::staggered, 3, 3, 5, 4, 150, 1.5),
    {{0, 0}, {5, 0}, {10, 0}, {2.5, 4}, {7.5, 4}, {12.5, 4}, {0, 8}, {5, 8}, {10, 8}});
  // a single column is not shifted (as in pygfunction)
  check_positions(generate_field(FieldShape::staggered, 1, 3, 5, 4, 150, 1.5),
                  {{0, 0}, {0, 4}, {0, 8}});
}

BOOST_AUTO_TEST_CASE(degenerate_shapes_are_rectangles)
{
  // U and box of 2 columns, and L/U/box of one row or column, are full grids
  const auto rect_2x3 = positions(generate_field(FieldShape::rectangle, 2, 3, 5, 4, 150, 1.5));
  BOOST_TEST(rect_2x3.size() == 6u);
  BOOST_TEST((positions(generate_field(FieldShape::U, 2, 3, 5, 4, 150, 1.5)) == rect_2x3));
  BOOST_TEST((positions(generate_field(FieldShape::box, 2, 3, 5, 4, 150, 1.5)) == rect_2x3));
  BOOST_TEST(generate_field(FieldShape::L, 1, 1, 5, 4, 150, 1.5).size() == 1u);
  BOOST_TEST(generate_field(FieldShape::box, 1, 4, 5, 4, 150, 1.5).size() == 4u);
  BOOST_TEST(generate_field(FieldShape::L, 5, 1, 5, 4, 150, 1.5).size() == 5u);
}

BOOST_AUTO_TEST_CASE(build_fills_and_numbers_row_by_row)
{
  FieldLayout f     = grid(FieldShape::L, 4, 3);
  f.borehole_length = 100;
  f.buried_depth    = 2;
  f.build("field.prm");
  BOOST_TEST(f.n_boreholes() == 6u);
  BOOST_TEST(f.boreholes[4].x == 0.0);
  BOOST_TEST(f.boreholes[4].y == 4.0);
  BOOST_TEST(f.boreholes[5].length == 100.0);
  BOOST_TEST(f.boreholes[5].buried_depth == 2.0);
}

BOOST_AUTO_TEST_CASE(coordinates_file_two_columns)
{
  const auto b = read_csv(write_file("xy.csv", "x,y\n0,0\n6,0\n0,6.5\n"));
  check_positions(b, {{0, 0}, {6, 0}, {0, 6.5}});
  BOOST_TEST(b[2].length == 150.0); // the defaults
  BOOST_TEST(b[2].buried_depth == 1.5);
}

BOOST_AUTO_TEST_CASE(coordinates_file_optional_columns)
{
  // comments, blank lines, spaces and CRLF are accepted
  const auto b = read_csv(write_file("xyl.csv",
                                     "# field of 2\r\nx, y, length\r\n\r\n"
                                     "0, 0, 100\r\n 8 ,1.5, 120.5\r\n"));
  check_positions(b, {{0, 0}, {8, 1.5}});
  BOOST_TEST(b[0].length == 100.0);
  BOOST_TEST(b[1].length == 120.5);
  BOOST_TEST(b[1].buried_depth == 1.5);

  const auto c = read_csv(write_file("xyld.csv", "x,y,length,buried_depth\n0,0,90,4\n5,5,80,0\n"));
  BOOST_TEST(c[0].length == 90.0);
  BOOST_TEST(c[0].buried_depth == 4.0);
  BOOST_TEST(c[1].buried_depth == 0.0);

  const auto d = read_csv(write_file("xyd.csv", "x,y,buried_depth\n0,0,3\n"));
  BOOST_TEST(d[0].length == 150.0);
  BOOST_TEST(d[0].buried_depth == 3.0);
}

BOOST_AUTO_TEST_CASE(coordinates_file_errors)
{
  using V    = std::vector<std::string>;
  auto check = [](const std::string &name, const std::string &content, const V &parts) {
    const std::string path = write_file(name, content);
    V                 all  = parts;
    all.push_back(path);
    BOOST_TEST_CONTEXT(name)
    {
      BOOST_CHECK_EXCEPTION(read_csv(path), InputError, message_has(all));
    }
  };
  check("missing.csv", "", {"the file is empty"});
  BOOST_CHECK_EXCEPTION(read_csv(scratch_dir() + "/does_not_exist.csv"),
                        InputError,
                        message_has({"does_not_exist.csv", "cannot open"}));
  check("header_only.csv", "x,y\n", {"no data rows"});
  check("no_header.csv", "0,0\n5,0\n", {"line 1", "must be a header"});
  check("bad_header.csv", "# c\nx,z\n0,0\n", {"line 2", "must start with x,y"});
  check("unknown_column.csv", "x,y,depth\n0,0,1\n", {"line 1", "column 'depth'"});
  check("twice.csv", "x,y,length,length\n0,0,1,1\n", {"line 1", "appears twice"});
  check("malformed.csv",
        "x,y\n0,0\n5,abc\n",
        {"line 3", "'abc' is not a finite number", "column y"});
  check("nan.csv", "x,y\n0,0\nnan,5\n", {"line 3", "'nan' is not a finite number", "column x"});
  check("inf.csv", "x,y\n0,0\n5,inf\n", {"line 3", "'inf' is not a finite number"});
  check("empty_field.csv", "x,y\n0,\n", {"line 2", "'' is not a finite number"});
  check("count.csv", "x,y,length\n0,0,100\n5,0\n", {"line 3", "expected 3 values", "found 2"});
  check("zero_length.csv", "x,y,length\n0,0,100\n5,0,0\n", {"line 3", "length must be positive"});
  check("negative_length.csv", "x,y,length\n0,0,-5\n", {"line 2", "length must be positive", "-5"});
  check("negative_depth.csv",
        "x,y,buried_depth\n0,0,-1\n",
        {"line 2", "buried_depth must not be negative"});
  check("duplicate.csv",
        "x,y\n0,0\n5,0\n0,0\n",
        {"line 4", "duplicate coordinates", "boreholes 0 (line 2) and 2 (line 4)"});
  check("close.csv",
        "x,y\n0,0\n5,0\n5.1,0\n",
        {"line 4",
         "boreholes 1 (line 3) and 2 (line 4)",
         "0.1 m apart",
         "closer than one borehole diameter (0.15 m)"});
}

BOOST_AUTO_TEST_CASE(parameter_errors)
{
  using V    = std::vector<std::string>;
  auto check = [](FieldLayout f, const V &parts) {
    V all = parts;
    all.push_back("field.prm");
    BOOST_CHECK_EXCEPTION(f.build("field.prm"), InputError, message_has(all));
  };
  FieldLayout f = grid(FieldShape::rectangle, 0, 3);
  check(f, {"Borehole field/Number in x", "at least 1"});
  f = grid(FieldShape::box, 3, 0);
  check(f, {"Borehole field/Number in y", "at least 1"});
  f           = grid(FieldShape::rectangle, 3, 3);
  f.spacing_x = 0;
  check(f, {"Borehole field/Spacing x", "must be positive"});
  f           = grid(FieldShape::rectangle, 3, 3);
  f.spacing_y = -2;
  check(f, {"Borehole field/Spacing y", "must be positive", "-2"});
  f           = grid(FieldShape::rectangle, 3, 3);
  f.spacing_x = 0.1;
  check(f,
        {"Borehole field/Spacing x",
         "boreholes 0 and 1 are 0.1 m apart",
         "closer than one borehole diameter (0.15 m)"});
  f           = grid(FieldShape::rectangle, 3, 3);
  f.spacing_y = 0.12;
  check(f, {"Borehole field/Spacing y", "boreholes 0 and 3 are 0.12 m apart"});
  f                 = grid(FieldShape::rectangle, 3, 3);
  f.borehole_length = 0;
  check(f, {"Borehole field/Borehole length", "must be positive"});
  f              = grid(FieldShape::rectangle, 3, 3);
  f.buried_depth = -0.5;
  check(f, {"Borehole field/Buried depth", "must not be negative", "-0.5"});
  f                 = grid(FieldShape::rectangle, 3, 3);
  f.borehole_radius = 0;
  check(f, {"Borehole field/Borehole diameter", "must be positive"});
  f                             = grid(FieldShape::U, 4, 3); // 8 boreholes
  f.piping.connection           = FieldConnection::parallel_strings;
  f.piping.boreholes_per_string = 3;
  check(f, {"Borehole field/Boreholes per string", "3 does not divide the 8 boreholes"});
  f = grid(FieldShape::file, 1, 1);
  check(f, {"Borehole field/Coordinates file", "is required"});

  // a valid one for contrast: 8 boreholes in 4 strings of 2
  f                             = grid(FieldShape::U, 4, 3);
  f.piping.connection           = FieldConnection::parallel_strings;
  f.piping.boreholes_per_string = 2;
  BOOST_CHECK_NO_THROW(f.build("field.prm"));
}

BOOST_AUTO_TEST_CASE(parse_with_relative_coordinates_file)
{
  write_file("coords.csv", "x,y,length\n0,0,100\n7,0,110\n0,7,120\n7,7,130\n");
  dealii::ParameterHandler prm;
  FieldLayout::declare(prm);
  prm.parse_input_from_string("subsection Borehole field\n"
                              "  set Layout = file\n"
                              "  set Coordinates file = coords.csv\n"
                              "  set Buried depth = 2\n"
                              "  set Borehole diameter = 0.14\n"
                              "  set Connection = parallel strings\n"
                              "  set Boreholes per string = 2\n"
                              "  set Flow split = pressure balanced\n"
                              "end\n");
  FieldLayout f;
  f.parse(prm, scratch_dir() + "/field.prm");
  BOOST_TEST(f.coordinates_file == scratch_dir() + "/coords.csv");
  BOOST_TEST(f.n_boreholes() == 4u);
  BOOST_TEST(f.boreholes[3].length == 130.0);
  BOOST_TEST(f.boreholes[3].buried_depth == 2.0);
  BOOST_TEST(f.borehole_radius == 0.07);
  BOOST_TEST((f.piping.connection == FieldConnection::parallel_strings));
  BOOST_TEST(f.piping.boreholes_per_string == 2u);
  BOOST_TEST((f.piping.flow_split == FlowSplitRule::pressure_balanced));

  // generated layout with the defaults: one borehole of 150 m
  dealii::ParameterHandler defaults;
  FieldLayout::declare(defaults);
  FieldLayout g;
  g.parse(defaults, "field.prm");
  BOOST_TEST(g.n_boreholes() == 1u);
  BOOST_TEST(g.boreholes[0].length == 150.0);
  BOOST_TEST(g.boreholes[0].buried_depth == 1.5);
}

BOOST_AUTO_TEST_SUITE_END()


BOOST_AUTO_TEST_SUITE(field_hydraulics)

namespace
{
  // Water at 20 C; PE 32 mm SDR 11 pipe: inner diameter 26.2 mm.
  constexpr double rho = 998.0, mu = 1.0e-3;
  const UTubePipe  pipe{0.0131, 1.5e-6};
  constexpr double d_i = 2 * 0.0131;

  /// Hagen-Poiseuille: Delta p = 128 mu L V / (pi d^4).
  double hagen_poiseuille(double length, double flow)
  {
    return 128 * mu * length * flow / (units::pi * std::pow(d_i, 4));
  }

  /// U-tube boreholes of the given lengths (buried depth 1.5 m), single U.
  BoreholePressureDrop u_tubes(const std::vector<double> &lengths, UTubePipe p = pipe)
  {
    return [lengths, p](unsigned int b, double flow) {
      return u_tube_pressure_drop(UTubeCircuits::single_u, flow, lengths[b], 1.5, p, rho, mu);
    };
  }

  double sum(const std::vector<double> &v)
  {
    double s = 0;
    for (double x : v)
      s += x;
    return s;
  }
} // namespace

BOOST_AUTO_TEST_CASE(u_tube_laminar)
{
  // V = 2e-5 m^3/s: v = 0.0371 m/s, Re = rho v d / mu = 970 (laminar).
  const double V = 2e-5, H = 100, D = 1.5;
  const double v = V / (units::pi * 0.0131 * 0.0131);
  BOOST_TEST(convection::reynolds(V, units::pi * 0.0131 * 0.0131, d_i, rho, mu) < 2300);
  // both legs 2 (H + D) = 203 m of pipe plus one bend K rho v^2 / 2
  const double expected =
    hagen_poiseuille(2 * (H + D), V) + u_bend_loss_coefficient * 0.5 * rho * v * v;
  // by hand: 351.06 Pa of pipe friction + 0.137 Pa of bend = 351.197 Pa
  BOOST_TEST(expected == 351.197, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(u_tube_pressure_drop(UTubeCircuits::single_u, V, H, D, pipe, rho, mu) == expected,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(u_tube_turbulent_and_double_u)
{
  // V = 0.5 l/s: v = 0.927 m/s, Re = 24 300; Colebrook f from convection.
  const double V = 5e-4, H = 150, D = 1.5;
  const double area = units::pi * 0.0131 * 0.0131, v = V / area;
  const double Re = convection::reynolds(V, area, d_i, rho, mu);
  const double f  = convection::darcy_friction_factor(Re, pipe.roughness / d_i);
  // Haaland's explicit approximation agrees with Colebrook to ~1.5 %
  const double f_haaland =
    std::pow(-1.8 * std::log10(6.9 / Re + std::pow(pipe.roughness / d_i / 3.7, 1.11)), -2);
  BOOST_TEST(f == f_haaland, boost::test_tools::tolerance(0.02));
  const double single = (f * 2 * (H + D) / d_i + u_bend_loss_coefficient) * 0.5 * rho * v * v;
  BOOST_TEST(u_tube_pressure_drop(UTubeCircuits::single_u, V, H, D, pipe, rho, mu) == single,
             boost::test_tools::tolerance(1e-12));
  // double U in parallel: a single U at half the flow
  BOOST_TEST(u_tube_pressure_drop(UTubeCircuits::double_u_parallel, V, H, D, pipe, rho, mu) ==
               u_tube_pressure_drop(UTubeCircuits::single_u, V / 2, H, D, pipe, rho, mu),
             boost::test_tools::tolerance(1e-14));
  // double U in series: twice the pipe and two bends at the full flow
  BOOST_TEST(u_tube_pressure_drop(UTubeCircuits::double_u_series, V, H, D, pipe, rho, mu) ==
               2 * single,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(u_tube_pressure_drop(UTubeCircuits::single_u, 0.0, H, D, pipe, rho, mu) == 0.0);
}

BOOST_AUTO_TEST_CASE(piping_topology)
{
  FieldPiping p;
  BOOST_TEST((p.upstream(3) == std::vector<int>{-1, -1, -1}));
  p.connection = FieldConnection::series;
  BOOST_TEST((p.upstream(4) == std::vector<int>{-1, 0, 1, 2}));
  BOOST_TEST(p.n_strings(4) == 1u);
  p.connection           = FieldConnection::parallel_strings;
  p.boreholes_per_string = 3;
  BOOST_TEST((p.upstream(6) == std::vector<int>{-1, 0, 1, -1, 3, 4}));
  BOOST_TEST(p.n_strings(6) == 2u);
  BOOST_CHECK_THROW(p.n_strings(7), std::logic_error);
}

BOOST_AUTO_TEST_CASE(equal_split)
{
  // 6 boreholes of different lengths, 2 l/s
  const auto   dp = u_tubes({80, 100, 120, 140, 160, 180});
  const double V  = 2e-3;
  FieldPiping  p;
  auto         r = split_field_flow(V, 6, p, dp);
  for (double q : r.flow)
    BOOST_TEST(q == V / 6, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(sum(r.flow) == V, boost::test_tools::tolerance(1e-14));
  // equal split: the field loss is that of the longest borehole
  BOOST_TEST(r.pressure_drop == dp(5, V / 6), boost::test_tools::tolerance(1e-14));

  p.connection           = FieldConnection::parallel_strings;
  p.boreholes_per_string = 2;
  r                      = split_field_flow(V, 6, p, dp);
  for (double q : r.flow)
    BOOST_TEST(q == V / 3, boost::test_tools::tolerance(1e-15));
  BOOST_TEST((r.upstream == std::vector<int>{-1, 0, -1, 2, -1, 4}));
  BOOST_TEST(r.string_pressure_drop[1] == dp(2, V / 3) + dp(3, V / 3),
             boost::test_tools::tolerance(1e-14));

  // zero flow (pump off): no flow, no loss
  r = split_field_flow(0.0, 6, p, dp);
  BOOST_TEST(sum(r.flow) == 0.0);
  BOOST_TEST(r.pressure_drop == 0.0);
}

BOOST_AUTO_TEST_CASE(series_carries_full_flow)
{
  const auto   dp = u_tubes({100, 150, 120});
  const double V  = 6e-4;
  FieldPiping  p;
  p.connection = FieldConnection::series;
  p.flow_split = FlowSplitRule::pressure_balanced; // irrelevant with one string
  const auto r = split_field_flow(V, 3, p, dp);
  for (double q : r.flow)
    BOOST_TEST(q == V);
  BOOST_TEST((r.upstream == std::vector<int>{-1, 0, 1}));
  BOOST_TEST(r.pressure_drop == dp(0, V) + dp(1, V) + dp(2, V),
             boost::test_tools::tolerance(1e-14));

  // strings of 2 in series: both boreholes of a string carry its flow
  p.connection           = FieldConnection::parallel_strings;
  p.boreholes_per_string = 2;
  const auto s           = split_field_flow(V, 4, p, u_tubes({100, 150, 120, 60}));
  BOOST_TEST(s.flow[0] == s.flow[1]);
  BOOST_TEST(s.flow[2] == s.flow[3]);
  BOOST_TEST(s.flow[0] + s.flow[2] == V, boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(balanced_laminar_is_hagen_poiseuille)
{
  // Two boreholes of 100 and 150 m (D = 1.5 m), no bend loss, laminar
  // (V = 4e-5 m^3/s in all: Re < 2300 even through one borehole).
  // Delta p = 128 mu L V / (pi d^4) with the same Delta p: V_b ~ 1 / L_b,
  // L_b = 2 (H_b + D): V_0 = V L_1 / (L_0 + L_1) = V 303 / 506.
  UTubePipe no_bend             = pipe;
  no_bend.bend_loss_coefficient = 0;
  const double V                = 4e-5;
  FieldPiping  p;
  p.flow_split    = FlowSplitRule::pressure_balanced;
  const auto   r  = split_field_flow(V, 2, p, u_tubes({100, 150}, no_bend));
  const double L0 = 2 * (100 + 1.5), L1 = 2 * (150 + 1.5);
  BOOST_TEST(r.flow[0] == V * L1 / (L0 + L1), boost::test_tools::tolerance(1e-10));
  BOOST_TEST(r.flow[1] == V * L0 / (L0 + L1), boost::test_tools::tolerance(1e-10));
  BOOST_TEST(r.flow[0] == 2.39526e-5, boost::test_tools::tolerance(1e-5)); // by hand
  BOOST_TEST(r.pressure_drop == hagen_poiseuille(L0, V * L1 / (L0 + L1)),
             boost::test_tools::tolerance(1e-10));
  BOOST_TEST(sum(r.flow) == V, boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(balanced_turbulent_strings)
{
  // 3 strings of 2 boreholes: 100+120, 150+150, 80+200 m, with bends;
  // 1.5 l/s, Re about 24 000 per string.
  const auto   dp = u_tubes({100, 120, 150, 150, 80, 200});
  const double V  = 1.5e-3;
  FieldPiping  p;
  p.connection           = FieldConnection::parallel_strings;
  p.boreholes_per_string = 2;
  p.flow_split           = FlowSplitRule::pressure_balanced;
  const auto r           = split_field_flow(V, 6, p, dp);

  BOOST_TEST(r.flow[0] + r.flow[2] + r.flow[4] == V, boost::test_tools::tolerance(1e-14));
  for (unsigned int s = 0; s < 3; ++s)
    {
      BOOST_TEST(r.flow[2 * s] == r.flow[2 * s + 1]);
      const double string_dp = dp(2 * s, r.flow[2 * s]) + dp(2 * s + 1, r.flow[2 * s]);
      BOOST_TEST(string_dp == r.pressure_drop, boost::test_tools::tolerance(1e-8));
      BOOST_TEST(r.string_pressure_drop[s] == r.pressure_drop, boost::test_tools::tolerance(1e-8));
    }
  // the shortest string (100+120 m) gets the most flow, the longest
  // (150+150 m) the least, 80+200 m in between
  BOOST_TEST(r.flow[0] > r.flow[4]);
  BOOST_TEST(r.flow[4] > r.flow[2]);
  // balancing lowers the field loss below the equal split's worst string
  FieldPiping equal = p;
  equal.flow_split  = FlowSplitRule::equal;
  BOOST_TEST(r.pressure_drop < split_field_flow(V, 6, equal, dp).pressure_drop);
}

BOOST_AUTO_TEST_SUITE_END()

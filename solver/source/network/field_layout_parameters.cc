// Parameters of subsection "Borehole field" (deal.II ParameterHandler).
// The layout itself is built and checked in field_layout.cc.
#include <deal.II/base/parameter_handler.h>

#include <geoheat/base/parameter_tools.h>
#include <geoheat/network/field_layout.h>

namespace geoheat
{
  using namespace dealii::Patterns;

  void FieldLayout::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection(subsection);
    prm.declare_entry("Layout",
                      "rectangle",
                      Selection("rectangle|L|U|box|staggered|file"),
                      "Borehole positions, as in pygfunction: rectangle = the full "
                      "grid of Number in x by Number in y boreholes; L = its first "
                      "row and first column; U = its first row and first and last "
                      "columns; box = its perimeter; staggered = the full grid with "
                      "odd rows shifted by Spacing x / 2; file = the rows of "
                      "Coordinates file. Boreholes are numbered row by row from 0.");
    prm.declare_entry("Number in x",
                      "1",
                      Integer(1),
                      "Boreholes per row, along x (N_1 in pygfunction).");
    prm.declare_entry("Number in y",
                      "1",
                      Integer(1),
                      "Number of rows, along y (N_2 in pygfunction).");
    prm.declare_entry("Spacing x",
                      "6",
                      Double(0),
                      "Distance between neighbouring boreholes of a row (m).");
    prm.declare_entry("Spacing y", "6", Double(0), "Distance between rows (m).");
    prm.declare_entry("Coordinates file",
                      "",
                      Anything(),
                      "With Layout = file: CSV with the header x,y, optionally "
                      "followed by length and/or buried_depth, and one row per "
                      "borehole, all in m; missing columns take Borehole length "
                      "and Buried depth. Relative to the parameter file.");
    prm.declare_entry("Borehole length",
                      "150",
                      Double(0),
                      "Active (heat exchanging) length H of every borehole (m).");
    prm.declare_entry("Buried depth",
                      "1.5",
                      Double(0),
                      "Depth D of the top of the active length below the surface "
                      "(m); the pipes run through it to the header.");
    prm.declare_entry("Borehole diameter",
                      "0.15",
                      Double(0),
                      "Drilled diameter 2 r_b (m); boreholes must be at least one "
                      "diameter apart.");
    prm.declare_entry("Connection",
                      "parallel",
                      Selection("parallel|series|parallel strings"),
                      "parallel: every borehole between the supply and return "
                      "headers; series: one string through all boreholes in their "
                      "numbering order; parallel strings: strings of Boreholes per "
                      "string consecutive boreholes in series, the strings in "
                      "parallel.");
    prm.declare_entry("Boreholes per string",
                      "1",
                      Integer(1),
                      "With Connection = parallel strings: boreholes in series in "
                      "each string; must divide the number of boreholes.");
    prm.declare_entry("Flow split",
                      "equal",
                      Selection("equal|pressure balanced"),
                      "How the flow divides among parallel strings: equal (the same "
                      "flow in each, as with balancing valves) or pressure balanced "
                      "(the same pressure drop in each).");
    prm.declare_entry(
      "Plant",
      "shared",
      Selection("shared|per string"),
      "shared: one plant (heat pump) for the field, one inlet temperature "
      "for every string, the loads following from the flow split; per "
      "string: every parallel string (every well with Connection = "
      "parallel) its own plant, as with one heat pump per well: its inlet "
      "is chosen so that it extracts its flow share of the field's load "
      "(Operation/Inlet control = heat extraction), and it gets the prescribed inlet "
      "temperature with Inlet control = inlet temperature. Full model "
      "only (Time/Method = fast runs the full model); every new step "
      "matrix costs one extra solve per string.");
    prm.leave_subsection();
  }

  void FieldLayout::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection(subsection);
    const std::string layout     = prm.get("Layout");
    shape                        = layout == "rectangle" ? FieldShape::rectangle :
                                   layout == "L"         ? FieldShape::L :
                                   layout == "U"         ? FieldShape::U :
                                   layout == "box"       ? FieldShape::box :
                                   layout == "staggered" ? FieldShape::staggered :
                                                           FieldShape::file;
    n_x                          = prm.get_integer("Number in x");
    n_y                          = prm.get_integer("Number in y");
    spacing_x                    = prm.get_double("Spacing x");
    spacing_y                    = prm.get_double("Spacing y");
    coordinates_file             = resolve_file_entry(prm, "Coordinates file", file);
    borehole_length              = prm.get_double("Borehole length");
    buried_depth                 = prm.get_double("Buried depth");
    borehole_radius              = 0.5 * prm.get_double("Borehole diameter");
    const std::string connection = prm.get("Connection");
    piping.connection            = connection == "parallel" ? FieldConnection::parallel :
                                   connection == "series"   ? FieldConnection::series :
                                                              FieldConnection::parallel_strings;
    piping.boreholes_per_string  = prm.get_integer("Boreholes per string");
    piping.flow_split =
      prm.get("Flow split") == "equal" ? FlowSplitRule::equal : FlowSplitRule::pressure_balanced;
    piping.own_plants = prm.get("Plant") == "per string";
    prm.leave_subsection();

    build(file);
  }
} // namespace geoheat

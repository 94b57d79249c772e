#pragma once
/**
 * @file field_hydraulics.h
 * Pressure drop of a U-tube borehole and the split of the field flow among
 * the boreholes.
 *
 * Piping of a field of N boreholes (numbered as in field_layout.h): strings
 * of k consecutive boreholes in series (borehole b is fed by b-1 unless b is
 * the first of its string, b % k == 0), the N/k strings in parallel between
 * a supply and a return header. "parallel" is k = 1, "series" is k = N.
 *
 * Assumptions:
 *  - headers are reverse return (every string has the same header length in
 *    its path) with negligible loss, K_header = 0, so the strings only
 *    differ by their boreholes; the connecting pipes between the boreholes
 *    of a string are not counted either;
 *  - "equal" split: every string carries V/(N/k) (balancing valves throttle
 *    the strings with the smaller loss); the field pressure drop is the
 *    largest string pressure drop;
 *  - "pressure balanced": no valves, the flow splits so that every string
 *    has the same pressure drop, which is the field pressure drop;
 *  - the borehole pressure drop grows with its flow (true for Darcy-Weisbach
 *    plus bends; across the laminar/turbulent jump of the friction factor at
 *    Re = 2300 it is monotonic but discontinuous, and a string sitting on the
 *    jump gets the flow at the jump).
 *
 * Mixed outlet to the heat pump (computed by the solver, BoreholeNetwork):
 * the return header mixes the outlets T_out,s of the string ends s,
 *     T_out = sum_s (rho c)_f V_s T_out,s / sum_s (rho c)_f V_s
 *           = sum_s V_s T_out,s / V        (constant fluid properties),
 * a flow-weighted mean, V = sum_s V_s the total flow.
 */
#include <functional>
#include <vector>

namespace geoheat
{
  /**
   * Minor-loss coefficient K of the 180 degree bend at the bottom of a
   * U-tube, Delta p = K rho v^2 / 2. Value of a flanged 180 degree return
   * bend, Engineering ToolBox "Minor loss coefficients for pipes and tubes"
   * (engineeringtoolbox.com/minor-loss-coefficients-pipes-d_626.html), the
   * value GHEtool uses for its U-tube bend (MultipleUTube.pressure_drop).
   */
  constexpr double u_bend_loss_coefficient = 0.2;

  /// Relative tolerance of the pressure-balanced split: on the common
  /// pressure drop and on each string's flow (bracket width, TOMS 748).
  constexpr double flow_split_tolerance = 1e-13;

  /// Pipe of a U-tube borehole.
  struct UTubePipe
  {
    double inner_radius;                                    ///< m
    double roughness;                                       ///< m, absolute wall roughness
    double bend_loss_coefficient = u_bend_loss_coefficient; ///< K, -
  };

  /// How the pipes of a borehole form circuits.
  enum class UTubeCircuits
  {
    single_u,          ///< one circuit: down and up, one bend
    double_u_parallel, ///< two circuits, each with half the flow
    double_u_series    ///< one circuit of twice the length with two bends
  };

  /**
   * Pressure drop (Pa) of one U-tube circuit carrying @p flow_m3s (m^3/s)
   * over a pipe length @p pipe_length (m, both legs) with @p n_bends bends:
   *     Delta p = dp/dz L + n_bends K rho v^2 / 2,   v = V / (pi r_i^2),
   * dp/dz from Darcy-Weisbach with Colebrook (convection::pressure_gradient).
   */
  double u_tube_circuit_pressure_drop(double           flow_m3s,
                                      double           pipe_length,
                                      unsigned int     n_bends,
                                      const UTubePipe &pipe,
                                      double           density,
                                      double           viscosity);

  /**
   * Pressure drop (Pa) of a U-tube borehole carrying @p flow_m3s (m^3/s):
   * each leg runs from the surface to the bottom, L_leg = H + D (active
   * length plus buried depth, m), so a circuit has 2 L_leg of pipe:
   *  - single U:        circuit(V, 2 L_leg, 1 bend);
   *  - double U parallel: circuit(V/2, 2 L_leg, 1 bend);
   *  - double U series: circuit(V, 4 L_leg, 2 bends).
   * @p density (kg/m^3), @p viscosity (Pa s).
   */
  double u_tube_pressure_drop(UTubeCircuits    circuits,
                              double           flow_m3s,
                              double           borehole_length,
                              double           buried_depth,
                              const UTubePipe &pipe,
                              double           density,
                              double           viscosity);

  /// How the boreholes are connected (entry "Connection").
  enum class FieldConnection
  {
    parallel,        ///< every borehole on the headers
    series,          ///< one string through all boreholes
    parallel_strings ///< strings of k boreholes in series, in parallel
  };

  /// How the flow divides among the parallel strings (entry "Flow split").
  enum class FlowSplitRule
  {
    equal,            ///< V / n_strings each
    pressure_balanced ///< same pressure drop in every string
  };

  /// Piping of the field: strings of consecutive boreholes.
  struct FieldPiping
  {
    FieldConnection connection           = FieldConnection::parallel;
    unsigned int    boreholes_per_string = 1; ///< k of parallel strings
    FlowSplitRule   flow_split           = FlowSplitRule::equal;
    /// Plant = per string: every parallel string its own plant and supply
    /// temperature (own_plants.h); false: one plant, one supply temperature.
    bool own_plants = false;

    /// Boreholes per string k for a field of @p n_boreholes (1, N or k).
    unsigned int string_size(unsigned int n_boreholes) const;
    /// Number of parallel strings N/k.
    unsigned int n_strings(unsigned int n_boreholes) const;
    /// Per borehole: -1 if fed by the supply header, else the borehole
    /// whose outlet feeds it (always the one before it).
    std::vector<int> upstream(unsigned int n_boreholes) const;
  };

  /// Pressure drop (Pa) of borehole @p b carrying a flow (m^3/s, >= 0);
  /// must be zero at zero flow and grow with the flow.
  using BoreholePressureDrop = std::function<double(unsigned int b, double flow_m3s)>;

  /// Flows through a field at one total flow.
  struct FieldFlow
  {
    std::vector<double> flow;                 ///< m^3/s per borehole
    std::vector<int>    upstream;             ///< per borehole, as FieldPiping::upstream
    std::vector<double> string_pressure_drop; ///< Pa per string
    double              pressure_drop = 0;    ///< Pa, supply to return header
  };

  /**
   * Split @p total_flow (m^3/s, >= 0) among @p n_boreholes boreholes piped
   * as @p piping, each with pressure drop @p dp. Every borehole of a string
   * carries the string's flow. The pressure-balanced split solves
   *     sum_s V_s(Delta p) = V,   with  sum_{b in s} dp_b(V_s) = Delta p,
   * by bracketing TOMS 748 (Alefeld, Potra & Shi 1995, Boost.Math) on the
   * common Delta p between the smallest and largest string pressure drop of
   * the equal split, each V_s(Delta p) by the same method on [0, V] (widened
   * by doubling if needed), both to flow_split_tolerance; the flows are then
   * rescaled to sum to V. The string pressure drops then agree to about
   * 1e-12 relative (tested to 1e-8). Zero total flow gives zero flows.
   * n_boreholes must be a multiple of piping.string_size (checked when the
   * parameters are parsed; std::logic_error here).
   */
  FieldFlow split_field_flow(double                      total_flow,
                             unsigned int                n_boreholes,
                             const FieldPiping          &piping,
                             const BoreholePressureDrop &dp);
} // namespace geoheat

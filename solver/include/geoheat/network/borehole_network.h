#pragma once
/**
 * @file borehole_network.h
 * The boreholes of a run and how the fluid flows through them: each
 * borehole is fed either by the supply header (the fluid returning from the
 * heat pump, temperature T_in) or by the outlet of the borehole before it in
 * a series string; the outlets of the last boreholes of the strings mix in
 * the return header:
 *     T_out = sum_e Cdot_e T_out,e / sum_e Cdot_e      (e = string ends),
 * which goes to the heat pump. The ground load of the field is
 *     Q = Cdot_total (T_out - T_in),  Cdot_total = sum_e Cdot_e.
 * A single deep well is a network of one borehole fed by the supply.
 */
#include <geoheat/wells/borehole_model.h>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace geoheat
{
  class BoreholeNetwork
  {
  public:
    /// Per-borehole flows (m^3/s) for a total flow into the field (m^3/s).
    using FlowSplit = std::function<std::vector<double>(double total_flow)>;

    /// One borehole fed by the supply, carrying the whole flow.
    explicit BoreholeNetwork(std::unique_ptr<BoreholeModel> single);
    /// @param upstream per borehole: -1 = supply header, else the borehole
    ///        whose outlet feeds it (listed before it)
    BoreholeNetwork(std::vector<std::unique_ptr<BoreholeModel>> boreholes,
                    std::vector<int>                            upstream,
                    FlowSplit                                   split);

    unsigned int size() const
    {
      return boreholes.size();
    }
    BoreholeModel &operator[](unsigned int b)
    {
      return *boreholes[b];
    }
    const BoreholeModel &operator[](unsigned int b) const
    {
      return *boreholes[b];
    }
    int upstream(unsigned int b) const
    {
      return feeds[b];
    }
    /// True if the outlet of @p b goes to the return header.
    bool is_string_end(unsigned int b) const
    {
      return string_end[b];
    }

    /// Set the total flow (m^3/s): every borehole gets its share.
    void   set_total_flow(double flow_m3s);
    double total_flow() const
    {
      return flow;
    }
    /// (rho c)_f V of the flow through the heat pump (W/K).
    double capacity_rate() const;
    /// Weight of each string end's outlet in the mixed outlet (sum 1).
    double outlet_weight(unsigned int b) const;
    /// Total unknowns of all boreholes.
    unsigned int n_unknowns() const;
    /// Loop pressure drop (Pa) at a total flow: the largest over the parallel
    /// strings, each the sum over its boreholes (cached per flow).
    double pressure_drop(double total_flow_m3s);
    /// Forget the cached pressure drops (the fluid's viscosity changed).
    void clear_pressure_cache()
    {
      pressure_cache.clear();
    }

  private:
    std::vector<std::unique_ptr<BoreholeModel>> boreholes;
    std::vector<int>                            feeds;
    std::vector<bool>                           string_end;
    FlowSplit                                   split;
    double                                      flow = -1;
    std::map<double, std::vector<double>>       split_cache;
    std::map<double, double>                    pressure_cache;

    const std::vector<double> &flows_at(double total_flow);
  };
} // namespace geoheat

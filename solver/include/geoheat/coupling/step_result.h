#pragma once
/**
 * @file step_result.h
 * Figures of one accepted time step: for the loop through the heat pump
 * (field inlet = supply, outlet = mixed return) and per borehole.
 */
#include <optional>
#include <vector>

namespace geoheat
{
  /// One borehole's figures in a step.
  struct BoreholeStep
  {
    double inlet_C = 0, outlet_C = 0, flow = 0;
    double ground_load_W = 0; ///< (rho c)_f V (T_out - T_in), + = extraction
  };

  /// One step's ground heat flows (W), coupling/ground_heat_budget.h.
  struct GroundBudgetStep
  {
    double groundwater_in_W = 0; ///< heat the water brings in: -(heat it carries out)
    double boundary_in_W    = 0; ///< through the surface and the inflow faces (fixed T)
    double storage_W        = 0; ///< d/dt of the ground's heat content
    double rel_error        = 0; ///< |boreholes + boundary + groundwater - storage| / scale
  };

  /// Figures of one accepted step.
  struct StepResult
  {
    double inlet_C, outlet_C, flow;
    double ground_load_W;       ///< (rho c)_f V (T_out - T_in), + = extraction
    double wall_heat_W;         ///< heat through the borehole walls into the boreholes
    double friction_heat_W = 0; ///< heat dissipated by friction in the flowing fluid
    double balance_rel_error;
    double pump_power_W = 0; ///< circulation pump electric power (set by the run loop)
    /// Ground heat budget: 3D ground with groundwater, full model only
    /// (coupling/ground_heat_budget.h); empty otherwise.
    std::optional<GroundBudgetStep> ground_budget;
    std::vector<BoreholeStep>       boreholes; ///< per borehole (all ranks)
  };
} // namespace geoheat

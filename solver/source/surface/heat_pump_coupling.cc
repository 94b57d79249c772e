#include <geoheat/surface/heat_pump_coupling.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace geoheat
{
  namespace
  {
    /// Ground load per unit of delivered heating and cooling at ground load Q.
    struct Factors
    {
      double heating, cooling, cop, eer; ///< Q/Q_heat = 1-1/COP, Q/Q_cool = 1+1/EER
    };

    Factors
    factors(const HeatPump &hp, const double supply_C, const LinearResponse &resp, const double Q)
    {
      const BrineTemperatures brine{resp.outlet(Q), resp.inlet(Q)};
      const double            cop = hp.cop(brine, supply_C);
      const double            eer = hp.eer(brine);
      return {1 - 1 / cop, 1 + 1 / eer, cop, eer};
    }

    /// Solve Q = a Qh f_h(T_out(Q)) - b Qc f_c(T_out(Q)) for Q.
    double solve_ground_load(const HeatPump       &hp,
                             const double          supply_C,
                             const double          Qh,
                             const double          Qc,
                             const LinearResponse &resp)
    {
      auto F = [&](const double Q) {
        const Factors f = factors(hp, supply_C, resp, Q);
        return Qh * f.heating - Qc * f.cooling;
      };
      const double scale = std::max({Qh, Qc, 1.0});
      double       q0 = F(0.0), g0 = q0 - F(q0); // residual g(Q) = Q - F(Q)
      if (std::abs(g0) <= 1e-13 * scale)
        return q0;
      double q1 = q0 - g0, g1 = q1 - F(q1);
      for (int it = 0; it < 60; ++it)
        {
          if (std::abs(g1) <= 1e-13 * scale)
            return q1;
          const double slope = (g1 - g0) / (q1 - q0);
          // secant step; fall back to the fixed-point step if degenerate
          const double q2 = (slope != 0 && std::isfinite(slope)) ? q1 - g1 / slope : q1 - g1;
          q0              = q1;
          g0              = g1;
          q1              = q2;
          g1              = q1 - F(q1);
          if (q1 == q0)
            return q1;
        }
      throw std::runtime_error(
        "heat pump coupling did not converge (COP model too steep for the step)");
    }
  } // namespace

  SurfaceStep
  solve_heat_pump_step(const HeatPump &hp, const BuildingDemand &demand, const LinearResponse &resp)
  {
    SurfaceStep s;
    s.heating_demand_W = demand.heating_W;
    s.cooling_demand_W = demand.cooling_W;
    s.supply_C         = hp.supply_temperature(demand.outdoor_C);
    // The unit serves at most its capacity; demand beyond it is unmet.
    const double Qh = std::min(demand.heating_W, hp.heating_capacity_W);
    const double Qc = std::min(demand.cooling_W, hp.cooling_capacity_W);
    double       a = 1, b = 1; // delivered fractions of heating and cooling
    double       Q = solve_ground_load(hp, s.supply_C, Qh, Qc, resp);

    // Fluid limits at the well inlet (the coldest point in heating, the
    // warmest in cooling). The inlet is affine in Q, so the limiting load is
    // exact; the delivered fraction follows from Q = a Qh f_h - b Qc f_c.
    const double T_in = resp.inlet(Q);
    if (Q > 0 && T_in < hp.min_fluid_C && Qh > 0)
      {
        const double  Q_lim = (hp.min_fluid_C - resp.inlet0) / resp.inlet_slope;
        const Factors f     = factors(hp, s.supply_C, resp, Q_lim);
        a                   = (Q_lim + Qc * f.cooling) / (Qh * f.heating);
        a                   = std::clamp(a, 0.0, 1.0);
        Q = (a > 0 && a < 1) ? Q_lim : solve_ground_load(hp, s.supply_C, a * Qh, Qc, resp);
      }
    else if (Q < 0 && T_in > hp.max_fluid_C && Qc > 0)
      {
        const double  Q_lim = (hp.max_fluid_C - resp.inlet0) / resp.inlet_slope;
        const Factors f     = factors(hp, s.supply_C, resp, Q_lim);
        b                   = (Qh * f.heating - Q_lim) / (Qc * f.cooling);
        b                   = std::clamp(b, 0.0, 1.0);
        Q = (b > 0 && b < 1) ? Q_lim : solve_ground_load(hp, s.supply_C, Qh, b * Qc, resp);
      }

    const Factors f       = factors(hp, s.supply_C, resp, Q);
    s.ground_load_W       = Q;
    s.heating_delivered_W = a * Qh;
    s.cooling_delivered_W = b * Qc;
    s.heating_electric_W  = s.heating_delivered_W / f.cop;
    s.cooling_electric_W  = s.cooling_delivered_W / f.eer;
    s.cop = s.heating_delivered_W > 0 ? f.cop : s.cooling_delivered_W > 0 ? f.eer : NAN;
    return s;
  }
} // namespace geoheat

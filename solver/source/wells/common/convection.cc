#include <geoheat/base/units.h>
#include <geoheat/wells/common/convection.h>

#include <cmath>
#include <limits>

namespace geoheat::convection
{
  double darcy_friction_factor(const double Re, const double relative_roughness)
  {
    if (Re <= 0)
      return 0.0;
    if (Re < Re_laminar)
      return 64.0 / Re;
    // Colebrook-White, fixed-point iteration on 1/sqrt(f); converges in a
    // handful of iterations from the smooth-pipe guess.
    double f = 0.02;
    for (unsigned int it = 0; it < 100; ++it)
      {
        const double inv_sqrt_f =
          -2.0 * std::log10(relative_roughness / 3.7 + 2.51 / (Re * std::sqrt(f)));
        const double f_new = 1.0 / (inv_sqrt_f * inv_sqrt_f);
        if (std::abs(f_new - f) < 1e-14 * f)
          return f_new;
        f = f_new;
      }
    return f;
  }

  double gnielinski_nusselt(const double Re, const double Pr, const double f)
  {
    return 0.125 * f * (Re - 1000.0) * Pr /
           (1.0 + 12.7 * std::sqrt(0.125 * f) * (std::pow(Pr, 2.0 / 3.0) - 1.0));
  }

  double reynolds(const double flow_m3s,
                  const double area,
                  const double hydraulic_diameter,
                  const double density,
                  const double viscosity)
  {
    return density * (std::abs(flow_m3s) / area) * hydraulic_diameter / viscosity;
  }

  double pressure_gradient(const double flow_m3s,
                           const double area,
                           const double D_h,
                           const double density,
                           const double viscosity,
                           const double roughness)
  {
    if (flow_m3s == 0)
      return 0;
    const double v  = std::abs(flow_m3s) / area;
    const double Re = reynolds(flow_m3s, area, D_h, density, viscosity);
    return darcy_friction_factor(Re, roughness / D_h) / D_h * 0.5 * density * v * v;
  }

  namespace
  {
    /// Nusselt number for laminar value(s) Nu_lam with the regime blend.
    double regime_blend(const double Re, const double Pr, const double f, const double Nu_lam)
    {
      if (Re < Re_laminar)
        return Nu_lam;
      if (Re >= Re_turbulent)
        return gnielinski_nusselt(Re, Pr, f);
      const double w = (Re - Re_laminar) / (Re_turbulent - Re_laminar);
      return (1.0 - w) * Nu_lam + w * gnielinski_nusselt(Re_turbulent, Pr, f);
    }
  } // namespace

  double pipe_h(const double flow_m3s,
                const double r_inner,
                const double density,
                const double viscosity,
                const double conductivity,
                const double Pr,
                const double roughness)
  {
    const double D  = 2.0 * r_inner;
    const double Re = reynolds(flow_m3s, units::pi * r_inner * r_inner, D, density, viscosity);
    const double f  = darcy_friction_factor(Re, roughness / D);
    return regime_blend(Re, Pr, f, 3.66) * conductivity / D;
  }

  AnnulusH annulus_h(const double flow_m3s,
                     const double r_i,
                     const double r_o,
                     const double density,
                     const double viscosity,
                     const double conductivity,
                     const double Pr,
                     const double roughness)
  {
    const double Dh    = 2.0 * (r_o - r_i);
    const double area  = units::pi * (r_o * r_o - r_i * r_i);
    const double Re    = reynolds(flow_m3s, area, Dh, density, viscosity);
    const double f     = darcy_friction_factor(Re, roughness / Dh);
    const double ratio = r_i / r_o;
    return {regime_blend(Re, Pr, f, 3.66 + 1.2 * std::pow(ratio, -0.8)) * conductivity / Dh,
            regime_blend(Re, Pr, f, 3.66 + 1.2 * std::pow(ratio, 0.5)) * conductivity / Dh};
  }

  double wall_resistance(const double r_i, const double r_o, const double conductivity)
  {
    return std::log(r_o / r_i) / (2.0 * units::pi * conductivity);
  }

  double film_resistance(const double r, const double h)
  {
    return h > 0 ? 1.0 / (2.0 * units::pi * r * h) : std::numeric_limits<double>::infinity();
  }
} // namespace geoheat::convection

#include <geoheat/wells/common/fluid_correlations.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace geoheat
{
  namespace
  {
    // ------------------------------------------------------------------
    // Water
    //
    // C. O. Popiel and J. Wojtkowiak (1998), "Simple formulas for
    // thermophysical properties of liquid water for heat transfer
    // calculations (from 0 C to 150 C)", Heat Transfer Engineering
    // 19(3):87-101.
    //
    // t in C, 0 <= t <= 150 (saturated liquid; below 100 C the difference
    // to 1 atm is negligible):
    //   rho    = a + b t + c t^2 + d t^2.5 + e t^3                 kg/m^3
    //   c_p    = a + b t + c t^1.5 + d t^2 + e t^2.5               kJ/(kg K)
    //   lambda = a + b t + c t^1.5 + d t^2 + e t^0.5               W/(m K)
    //   mu     = 1 / (a + b t + c t^2 + d t^3)                     Pa s
    //
    // Against the current IAPWS formulations (IAPWS-95, viscosity 2008,
    // thermal conductivity 2011, at 0.101325 MPa) the formulas are within
    // 0.01 % (rho), 0.1 % (c_p) and 0.1 % (mu) between 5 and 60 C; lambda
    // is 0.2 % high at 60 C, 0.6 % at 20 C and 1.7 % at 0 C (the paper
    // predates IAPWS 2011). See tests/unit/test_fluid_correlations.cc.
    // ------------------------------------------------------------------
    constexpr double water_T_min_C = 0.0;
    constexpr double water_T_max_C = 150.0;

    FluidState water_state(const double t)
    {
      const double t05 = std::sqrt(t);
      const double t15 = t * t05;
      const double t2  = t * t;
      const double t25 = t2 * t05;
      const double t3  = t2 * t;

      FluidState s;
      s.density =
        999.79684 + 0.068317355 * t - 0.010740248 * t2 + 0.00082140905 * t25 - 2.3030988e-5 * t3;
      s.specific_heat = 1e3 * (4.2174356 - 0.0056181625 * t + 0.0012992528 * t15 -
                               0.00011535353 * t2 + 4.14964e-6 * t25);
      s.conductivity =
        0.5650285 + 0.0026363895 * t - 0.00012516934 * t15 - 1.5154918e-6 * t2 - 0.0009412945 * t05;
      s.viscosity = 1.0 / (557.82468 + 19.408782 * t + 0.1360459 * t2 - 3.1160832e-4 * t3);
      return s;
    }

    // ------------------------------------------------------------------
    // Propylene glycol - water and ethylene glycol - water
    //
    // A. Melinder (2010), "Properties of secondary working fluids
    // (secondary refrigerants or coolants, heat transfer fluids) for
    // indirect systems", 2nd ed., International Institute of Refrigeration
    // (IIR/IIF), Paris.
    //
    // Each property is one polynomial in the mass percentage x (0 ... 60)
    // and the temperature T (C), centred on (x_m, T_m):
    //
    //   f(x, T) = sum_{i=0..5} sum_{j=0..3, i+j<=5} c_ij (x - x_m)^i (T - T_m)^j
    //
    // 18 coefficients; f is rho (kg/m^3), c_p (J/(kg K)), lambda (W/(m K))
    // and ln(mu / mPa s) for the viscosity. Range: 0 ... 60 % by mass, from
    // the freezing point t_F(x) up to 100 C.
    //
    // The coefficients below are Melinder's, as tabulated by
    // SecondaryCoolantProps (github.com/mitchute/SecondaryCoolantProps,
    // scp/propylene_glycol.py, scp/ethylene_glycol.py; used by pygfunction)
    // and, identically, by CoolProp (dev/incompressible_liquids/CPIncomp/
    // SecCoolFluids.py, fluids MPG and MEG). The Modelica IBPSA library
    // (IBPSA.Media.Antifreeze.EthyleneGlycolWater) lists five ethylene
    // glycol coefficients differently (mu: c21, c22 with opposite sign, c30
    // 1.695e-6; rho: c41 -7.221e-8; t_F: c31 sign); with those the
    // viscosity at x = 0, 100 C is 22 % below that of water, with the ones
    // here 2 %, so the SCP/CoolProp values are taken.
    //
    // Freezing point: Melinder fits t_F with the same 18-term form, but it
    // is a function of x alone; as in CoolProp only the c_i0 terms are
    // used (the polynomial at T = T_m). Evaluating the T terms as well
    // (at T = 2 T_m as in SecondaryCoolantProps, or self-consistently at
    // T = t_F) changes t_F by less than 0.01 K over 0 ... 60 %.
    // ------------------------------------------------------------------
    constexpr double glycol_T_max_C = 100.0;

    struct MelinderFit
    {
      double x_m;                 ///< centre of the fit, mass-%
      double T_m;                 ///< centre of the fit, C
      double freezing[6];         ///< t_F, C: c_i0 only (see above)
      double density[6][4];       ///< kg/m^3
      double specific_heat[6][4]; ///< J/(kg K)
      double conductivity[6][4];  ///< W/(m K)
      double log_viscosity[6][4]; ///< ln(mu / (mPa s))
    };

    // Rows i = 0..5 (power of x - x_m), columns j = 0..3 (power of T - T_m);
    // entries with i + j > 5 are not part of the fit and are zero.
    constexpr MelinderFit propylene_glycol_fit{
      30.7031,
      32.7083,
      {-1.3250e+01, -6.6310e-01, -1.0940e-02, -2.2830e-04, -3.4090e-06, 1.4650e-08},
      {{1.0180e+03, -5.4060e-01, -2.6660e-03, 1.3470e-05},
       {7.6040e-01, -9.4500e-03, 5.5410e-05, -1.3430e-07},
       {-2.4980e-03, 2.7000e-05, -4.0180e-07, 3.3760e-09},
       {-1.5500e-04, 2.8290e-06, -7.1750e-09, 0},
       {-1.1310e-06, -2.2210e-08, 0, 0},
       {2.3420e-08, 0, 0, 0}},
      {{3.8820e+03, 2.6990e+00, -1.6590e-03, -1.0320e-05},
       {-1.3040e+01, 5.0700e-02, -4.7520e-05, 1.5220e-06},
       {-1.5980e-01, 9.5340e-05, 1.1670e-05, -4.8700e-08},
       {3.5390e-04, 3.1020e-05, -2.9500e-07, 0},
       {5.0000e-05, -7.1350e-07, 0, 0},
       {-4.9590e-07, 0, 0, 0}},
      {{4.5130e-01, 7.9550e-04, 3.4820e-08, -5.9660e-09},
       {-4.7950e-03, -1.6780e-05, 8.9410e-08, 1.4930e-10},
       {2.0760e-05, 1.5630e-07, -4.6150e-09, 9.8970e-12},
       {-9.0830e-08, -2.5180e-09, 6.5430e-11, 0},
       {-5.9520e-10, -3.6050e-11, 0, 0},
       {2.1040e-11, 0, 0, 0}},
      {{6.8370e-01, -3.0450e-02, 2.5250e-04, -1.3990e-06},
       {3.3280e-02, -3.9840e-04, 4.3320e-06, -1.8600e-08},
       {5.4530e-05, -8.6000e-08, -1.5930e-08, -4.4650e-11},
       {-3.9000e-06, 1.0540e-07, -1.5890e-09, 0},
       {-1.5870e-08, 4.4750e-10, 0, 0},
       {3.5640e-09, 0, 0, 0}}};

    constexpr MelinderFit ethylene_glycol_fit{
      30.8462,
      31.728,
      {-1.5250e+01, -8.0800e-01, -1.3340e-02, -7.2930e-05, 1.0060e-06, 1.1400e-09},
      {{1.0340e+03, -4.7810e-01, -2.6920e-03, 4.7250e-06},
       {1.3110e+00, -6.8760e-03, 4.8050e-05, 1.6900e-08},
       {7.4900e-05, 7.8550e-05, -3.9950e-07, 4.9820e-09},
       {-1.0620e-04, 1.2290e-06, -1.1530e-08, 0},
       {-9.6230e-07, -7.2110e-08, 0, 0},
       {4.8910e-08, 0, 0, 0}},
      {{3.7370e+03, 2.9300e+00, -4.6750e-03, -1.3890e-05},
       {-1.7990e+01, 1.0460e-01, -4.1470e-04, 1.8470e-07},
       {-9.9330e-02, 3.5160e-04, 5.1090e-06, -7.1380e-08},
       {2.6100e-03, -1.1890e-06, -1.6430e-07, 0},
       {1.5370e-05, -4.2720e-07, 0, 0},
       {-1.6180e-06, 0, 0, 0}},
      {{4.7200e-01, 8.9030e-04, -1.0580e-06, -2.7890e-09},
       {-4.2860e-03, -1.4730e-05, 1.0590e-07, -1.1420e-10},
       {1.7470e-05, 6.8140e-08, -3.6120e-09, 2.3650e-12},
       {3.0170e-08, -2.4120e-09, 4.0040e-11, 0},
       {-1.3220e-09, 2.5550e-11, 0, 0},
       {2.6780e-11, 0, 0, 0}},
      {{4.7050e-01, -2.5500e-02, 1.7820e-04, -7.6690e-07},
       {2.4710e-02, -1.1710e-04, 1.0520e-06, -1.6340e-08},
       {3.3280e-06, 1.0860e-06, 1.0510e-08, -6.4750e-10},
       {1.6590e-06, 3.1570e-09, 4.0630e-10, 0},
       {3.0890e-08, 1.8310e-10, 0, 0},
       {-1.8650e-09, 0, 0, 0}}};

    /// sum_ij c_ij dx^i dT^j, Horner in both variables.
    double melinder_polynomial(const double (&c)[6][4], const double dx, const double dT)
    {
      double f = 0.0;
      for (int i = 5; i >= 0; --i)
        {
          double row = 0.0;
          for (int j = 3; j >= 0; --j)
            row = row * dT + c[i][j];
          f = f * dx + row;
        }
      return f;
    }

    double melinder_freezing_point(const MelinderFit &fit, const double x_percent)
    {
      const double dx = x_percent - fit.x_m;
      double       f  = 0.0;
      for (int i = 5; i >= 0; --i)
        f = f * dx + fit.freezing[i];
      return f;
    }

    FluidState melinder_state(const MelinderFit &fit, const double x_percent, const double T_C)
    {
      const double dx = x_percent - fit.x_m;
      const double dT = T_C - fit.T_m;
      FluidState   s;
      s.density       = melinder_polynomial(fit.density, dx, dT);
      s.specific_heat = melinder_polynomial(fit.specific_heat, dx, dT);
      s.conductivity  = melinder_polynomial(fit.conductivity, dx, dT);
      s.viscosity     = 1e-3 * std::exp(melinder_polynomial(fit.log_viscosity, dx, dT));
      return s;
    }

    const char *name(const FluidKind kind)
    {
      switch (kind)
        {
          case FluidKind::water:
            return "water";
          case FluidKind::propylene_glycol:
            return "propylene glycol";
          case FluidKind::ethylene_glycol:
            return "ethylene glycol";
        }
      throw std::invalid_argument("fluid correlations: unknown FluidKind");
    }

    /// Checks the arguments common to all functions; returns the Melinder
    /// fit to use, or nullptr when the water correlation applies (water,
    /// or a glycol at mass fraction 0).
    const MelinderFit *
    select_fit(const char *caller, const FluidKind kind, const double mass_fraction)
    {
      // isfinite first: an ordered comparison with NaN raises FE_INVALID,
      // which the unit tests trap.
      if (kind == FluidKind::water)
        {
          if (!std::isfinite(mass_fraction) || mass_fraction != 0.0)
            {
              std::ostringstream msg;
              msg << caller << ": water takes mass fraction 0, not " << mass_fraction
                  << " (choose propylene glycol or ethylene glycol for a solution)";
              throw std::invalid_argument(msg.str());
            }
          return nullptr;
        }
      if (!std::isfinite(mass_fraction) || mass_fraction < 0.0 ||
          mass_fraction > max_glycol_mass_fraction)
        {
          std::ostringstream msg;
          msg << caller << ": " << name(kind) << " mass fraction " << mass_fraction
              << " is outside the range [0, " << max_glycol_mass_fraction
              << "] of the Melinder (2010) correlations (a fraction: 0.25 for 25 % by mass)";
          throw std::invalid_argument(msg.str());
        }
      if (mass_fraction == 0.0)
        return nullptr;
      return kind == FluidKind::propylene_glycol ? &propylene_glycol_fit : &ethylene_glycol_fit;
    }

    TemperatureRange range_of(const MelinderFit *fit, const double mass_fraction)
    {
      if (fit == nullptr)
        return {water_T_min_C, water_T_max_C};
      return {melinder_freezing_point(*fit, 100.0 * mass_fraction), glycol_T_max_C};
    }
  } // namespace

  FluidState fluid_state(const FluidKind kind, const double mass_fraction, const double T_C)
  {
    const MelinderFit *fit = select_fit("fluid_state", kind, mass_fraction);
    if (!std::isfinite(T_C))
      throw std::invalid_argument("fluid_state: temperature is not finite");
    const TemperatureRange range = range_of(fit, mass_fraction);
    const double           T     = std::clamp(T_C, range.T_min_C, range.T_max_C);
    if (fit == nullptr)
      return water_state(T);
    return melinder_state(*fit, 100.0 * mass_fraction, T);
  }

  double freezing_point_C(const FluidKind kind, const double mass_fraction)
  {
    const MelinderFit *fit = select_fit("freezing_point_C", kind, mass_fraction);
    return fit == nullptr ? 0.0 : melinder_freezing_point(*fit, 100.0 * mass_fraction);
  }

  TemperatureRange valid_temperature_range(const FluidKind kind, const double mass_fraction)
  {
    return range_of(select_fit("valid_temperature_range", kind, mass_fraction), mass_fraction);
  }

  std::string fluid_correlation_reference(const FluidKind kind)
  {
    std::string water = // not const: returned by move
      "Popiel, C. O. and Wojtkowiak, J. (1998): Simple formulas for thermophysical "
      "properties of liquid water for heat transfer calculations (from 0 C to 150 C). "
      "Heat Transfer Engineering 19(3), 87-101.";
    if (kind == FluidKind::water)
      return water;
    return std::string("Melinder, A. (2010): Properties of secondary working fluids "
                       "(secondary refrigerants or coolants, heat transfer fluids) for "
                       "indirect systems, 2nd ed. International Institute of "
                       "Refrigeration, Paris (") +
           name(kind) +
           " - water, mass fraction 0 ... 0.6, freezing point ... 100 C). "
           "At mass fraction 0: " +
           water;
  }
} // namespace geoheat

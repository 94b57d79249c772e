#include <geoheat/base/units.h>
#include <geoheat/wells/utube/multipole.h>
#include <geoheat/wells/utube/small_dense.h>

#include <cmath>
#include <complex>
#include <stdexcept>
#include <string>

namespace geoheat::multipole
{
  namespace
  {
    using Complex = std::complex<double>;
    using Matrix  = small_dense::Matrix;

    /// The cross-section in the complex notation of Claesson & Hellström.
    struct Setup
    {
      explicit Setup(const BoreholeCrossSection &s)
        : r_p(s.pipe_outer_radius)
        , r_b(s.borehole_radius)
        , sigma((s.grout_conductivity - s.ground_conductivity) /
                (s.grout_conductivity + s.ground_conductivity))
        , line_factor(1.0 / (2.0 * units::pi * s.grout_conductivity))
        , J(s.order)
      {
        for (const auto &c : s.pipe_centres)
          z.emplace_back(c[0], c[1]);
        for (const double R_fp : s.fluid_to_pipe_resistance)
          beta.push_back(2.0 * units::pi * s.grout_conductivity * R_fp);
      }

      unsigned int n_pipes() const
      {
        return z.size();
      }
      /// Index of the multipole P_nj (j = 1..J) in the unknown vector.
      unsigned int index(const unsigned int n, const unsigned int j) const
      {
        return n * J + (j - 1);
      }

      std::vector<Complex> z;           ///< pipe centres x + i y, m
      std::vector<double>  beta;        ///< 2 pi lambda_b R_fp per pipe
      double               r_p, r_b;    ///< pipe outer and borehole radius, m
      double               sigma;       ///< (lambda_b - lambda)/(lambda_b + lambda)
      double               line_factor; ///< 1/(2 pi lambda_b), m K/W
      unsigned int         J;           ///< multipole order
    };

    /// x^k by repeated multiplication: exact for x = 0 (a pipe on the axis),
    /// where std::pow(complex, int) would go through log(0).
    Complex power(const Complex x, const unsigned int k)
    {
      Complex result = 1.0;
      for (unsigned int i = 0; i < k; ++i)
        result *= x;
      return result;
    }

    double binomial(const unsigned int n, const unsigned int k)
    {
      double b = 1.0;
      for (unsigned int i = 1; i <= k; ++i)
        b = b * (n - k + i) / i;
      return b;
    }

    /// Line-source (order 0) resistance matrix R0 (eq. 33 of the paper):
    ///  R0_mm = [ln(r_b/r_p) + beta_m + sigma ln(r_b^2/(r_b^2 - |z_m|^2))] / (2 pi lambda_b)
    ///  R0_mn = [ln(r_b/|z_m - z_n|) + sigma ln(r_b^2/|r_b^2 - z_m conj(z_n)|)] / (2 pi lambda_b)
    Matrix line_source_resistances(const Setup &s)
    {
      const unsigned int n   = s.n_pipes();
      const double       rb2 = s.r_b * s.r_b;
      Matrix             R0  = small_dense::zeros(n);
      for (unsigned int m = 0; m < n; ++m)
        for (unsigned int k = 0; k < n; ++k)
          if (m == k)
            R0[m][m] = s.line_factor * (std::log(s.r_b / s.r_p) + s.beta[m] +
                                        s.sigma * std::log(rb2 / (rb2 - std::norm(s.z[m]))));
          else
            R0[m][k] = s.line_factor *
                       (std::log(s.r_b / std::abs(s.z[m] - s.z[k])) +
                        s.sigma * std::log(rb2 / std::abs(rb2 - s.z[m] * std::conj(s.z[k]))));
      return R0;
    }

    /// F_mk of eq. 34: coefficient of ((z - z_m)/r_p)^k, k >= 1, in the
    /// Taylor expansion about z_m of the parts of W(z) regular at z_m, for
    /// line sources q (W/m) and multipoles P. With w = z - z_m, a = conj(z_n),
    /// D = r_b^2 - a z_m, the contributions to the coefficient of w^k are
    ///  - line source n != m:    q_n/(2 pi lambda_b) / (k (z_n - z_m)^k)
    ///  - its image (all n):     sigma q_n/(2 pi lambda_b) a^k / (k D^k)
    ///  - multipole n != m:      P_nj r_p^j C(j+k-1, k) (-1)^k / (z_m - z_n)^(j+k)
    ///  - its image (all n):     sigma conj(P_nj) r_p^j
    ///        sum_{p=0}^{min(j,k)} C(j,p) z_m^(j-p) C(j+k-p-1, k-p) a^(k-p) / D^(j+k-p)
    Complex regular_coefficient(const Setup                &s,
                                const unsigned int          m,
                                const unsigned int          k,
                                const std::vector<double>  &q,
                                const std::vector<Complex> &P)
    {
      const double rb2   = s.r_b * s.r_b;
      const double sign  = (k % 2 == 0) ? 1.0 : -1.0;
      Complex      coeff = 0.0;
      for (unsigned int n = 0; n < s.n_pipes(); ++n)
        {
          const Complex a = std::conj(s.z[n]);
          const Complex D = rb2 - a * s.z[m];
          if (q[n] != 0.0)
            {
              if (n != m)
                coeff += q[n] * s.line_factor / (double(k) * power(s.z[n] - s.z[m], k));
              coeff += s.sigma * q[n] * s.line_factor * power(a, k) / (double(k) * power(D, k));
            }
          for (unsigned int j = 1; j <= s.J; ++j)
            {
              const Complex P_nj = P[s.index(n, j)];
              if (P_nj == 0.0)
                continue;
              const double r_j = std::pow(s.r_p, j);
              if (n != m)
                coeff += P_nj * r_j * binomial(j + k - 1, k) * sign / power(s.z[m] - s.z[n], j + k);
              Complex image = 0.0;
              for (unsigned int p = 0; p <= std::min(j, k); ++p)
                image += binomial(j, p) * power(s.z[m], j - p) * binomial(j + k - p - 1, k - p) *
                         power(a, k - p) / power(D, j + k - p);
              coeff += s.sigma * std::conj(P_nj) * r_j * image;
            }
        }
      return coeff * std::pow(s.r_p, k);
    }

    /// Pipe-wall condition of eq. 38 written as a residual,
    ///  P_mk + c_mk conj(F_mk(q, P)),  c_mk = (1 - k beta_m)/(1 + k beta_m),
    /// for every (m, k); zero for the true multipoles.
    std::vector<Complex>
    wall_condition(const Setup &s, const std::vector<double> &q, const std::vector<Complex> &P)
    {
      std::vector<Complex> residual(P.size());
      for (unsigned int m = 0; m < s.n_pipes(); ++m)
        for (unsigned int k = 1; k <= s.J; ++k)
          {
            const double c = (1.0 - k * s.beta[m]) / (1.0 + k * s.beta[m]);
            residual[s.index(m, k)] =
              P[s.index(m, k)] + c * std::conj(regular_coefficient(s, m, k, q, P));
          }
      return residual;
    }

    /// Multipoles for each unit line source q = e_s (column s). The wall
    /// condition is linear in (Re P, Im P) but not complex-linear (it holds
    /// conj(P)), so it is assembled as a real system of size 2 n J, one
    /// column per unit real or imaginary multipole, and solved with dgesv.
    std::vector<std::vector<Complex>> multipoles_for_unit_sources(const Setup &s)
    {
      const unsigned int        n_unknowns = s.n_pipes() * s.J;
      const unsigned int        size       = 2 * n_unknowns;
      const std::vector<double> no_source(s.n_pipes(), 0.0);

      Matrix A(size, std::vector<double>(size));
      for (unsigned int u = 0; u < n_unknowns; ++u)
        for (unsigned int part = 0; part < 2; ++part)
          {
            std::vector<Complex> P(n_unknowns, 0.0);
            P[u]                              = part == 0 ? Complex(1.0, 0.0) : Complex(0.0, 1.0);
            const std::vector<Complex> column = wall_condition(s, no_source, P);
            for (unsigned int v = 0; v < n_unknowns; ++v)
              {
                A[2 * v][2 * u + part]     = column[v].real();
                A[2 * v + 1][2 * u + part] = column[v].imag();
              }
          }

      Matrix                     B(size, std::vector<double>(s.n_pipes()));
      const std::vector<Complex> no_multipoles(n_unknowns, 0.0);
      for (unsigned int source = 0; source < s.n_pipes(); ++source)
        {
          std::vector<double> q(s.n_pipes(), 0.0);
          q[source]                    = 1.0;
          const std::vector<Complex> r = wall_condition(s, q, no_multipoles);
          for (unsigned int v = 0; v < n_unknowns; ++v)
            {
              B[2 * v][source]     = -r[v].real();
              B[2 * v + 1][source] = -r[v].imag();
            }
        }

      const Matrix                      X = small_dense::solve(A, B);
      std::vector<std::vector<Complex>> P(s.n_pipes(), std::vector<Complex>(n_unknowns));
      for (unsigned int source = 0; source < s.n_pipes(); ++source)
        for (unsigned int v = 0; v < n_unknowns; ++v)
          P[source][v] = Complex(X[2 * v][source], X[2 * v + 1][source]);
      return P;
    }

    /// Multipole part of the fluid temperature of pipe m (eq. 32):
    ///  Re{ sum_{n != m, j} P_nj (r_p/(z_m - z_n))^j
    ///      + sum_{n, j} sigma conj(P_nj) (r_p z_m/(r_b^2 - z_m conj(z_n)))^j }.
    double
    multipole_temperature(const Setup &s, const unsigned int m, const std::vector<Complex> &P)
    {
      const double rb2 = s.r_b * s.r_b;
      Complex      sum = 0.0;
      for (unsigned int n = 0; n < s.n_pipes(); ++n)
        for (unsigned int j = 1; j <= s.J; ++j)
          {
            const Complex P_nj = P[s.index(n, j)];
            if (n != m)
              sum += P_nj * power(s.r_p / (s.z[m] - s.z[n]), j);
            sum += s.sigma * std::conj(P_nj) *
                   power(s.r_p * s.z[m] / (rb2 - s.z[m] * std::conj(s.z[n])), j);
          }
      return sum.real();
    }
  } // namespace

  void check(const BoreholeCrossSection &section)
  {
    auto fail = [](const std::string &what) {
      throw std::invalid_argument("multipole cross-section: " + what);
    };
    const unsigned int n = section.pipe_centres.size();
    if (n == 0)
      fail("no pipes");
    if (!(section.pipe_outer_radius > 0))
      fail("pipe outer radius must be positive");
    if (!(section.borehole_radius > section.pipe_outer_radius))
      fail("borehole radius must exceed the pipe outer radius");
    if (!(section.grout_conductivity > 0) || !(section.ground_conductivity > 0))
      fail("conductivities must be positive");
    if (section.fluid_to_pipe_resistance.size() != n)
      fail("one fluid-to-pipe resistance per pipe is needed");
    for (const double R_fp : section.fluid_to_pipe_resistance)
      if (!(R_fp >= 0) || !std::isfinite(R_fp))
        fail("fluid-to-pipe resistances must be finite and non-negative");
    // Touching is allowed: relative slack of 1e-12 for rounded inputs.
    const double slack = 1e-12 * section.borehole_radius;
    const double r_p   = section.pipe_outer_radius;
    for (unsigned int i = 0; i < n; ++i)
      {
        const auto &a = section.pipe_centres[i];
        if (std::hypot(a[0], a[1]) + r_p > section.borehole_radius + slack)
          fail("pipe " + std::to_string(i) + " reaches outside the borehole");
        for (unsigned int j = 0; j < i; ++j)
          {
            const auto &b = section.pipe_centres[j];
            if (std::hypot(a[0] - b[0], a[1] - b[1]) < 2 * r_p - slack)
              fail("pipes " + std::to_string(j) + " and " + std::to_string(i) + " overlap");
          }
      }
  }

  std::vector<std::vector<double>> resistance_matrix(const BoreholeCrossSection &section)
  {
    check(section);
    const Setup s(section);
    Matrix      R = line_source_resistances(s);
    if (s.J == 0)
      return R;
    const auto P = multipoles_for_unit_sources(s);
    for (unsigned int source = 0; source < s.n_pipes(); ++source)
      for (unsigned int m = 0; m < s.n_pipes(); ++m)
        R[m][source] += multipole_temperature(s, m, P[source]);
    return R;
  }

  std::vector<double> fluid_temperatures(const BoreholeCrossSection &section,
                                         const std::vector<double>  &q,
                                         const double                T_b)
  {
    if (q.size() != section.pipe_centres.size())
      throw std::invalid_argument("fluid_temperatures: one heat rate per pipe is needed");
    std::vector<double> T = small_dense::multiply(resistance_matrix(section), q);
    for (double &T_i : T)
      T_i += T_b;
    return T;
  }

  DeltaCircuit delta_circuit(const std::vector<std::vector<double>> &R)
  {
    const Matrix       K = small_dense::inverse(R);
    const unsigned int n = K.size();
    DeltaCircuit       circuit{std::vector<double>(n, 0.0), small_dense::zeros(n)};
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int j = 0; j < n; ++j)
        {
          circuit.to_wall[i] += K[i][j];
          // K is symmetric up to rounding; average so 'between' is exactly so.
          if (i != j)
            circuit.between[i][j] = -0.5 * (K[i][j] + K[j][i]);
        }
    return circuit;
  }

  DeltaCircuit delta_circuit(const BoreholeCrossSection &section)
  {
    return delta_circuit(resistance_matrix(section));
  }

  std::vector<std::vector<double>> conductance_matrix(const DeltaCircuit &circuit)
  {
    const unsigned int n = circuit.to_wall.size();
    Matrix             K = small_dense::zeros(n);
    for (unsigned int i = 0; i < n; ++i)
      {
        K[i][i] = circuit.to_wall[i];
        for (unsigned int j = 0; j < n; ++j)
          if (j != i)
            {
              K[i][i] += circuit.between[i][j];
              K[i][j] = -circuit.between[i][j];
            }
      }
    return K;
  }
} // namespace geoheat::multipole

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>
#include <deal.II/lac/householder.h>
#include <deal.II/lac/sparse_direct.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/sparsity_pattern.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/matrix_tools.h>
#include <deal.II/numerics/vector_tools.h>

#include <boost/math/special_functions/bessel.hpp>

#include <geoheat/base/units.h>
#include <geoheat/coupling/line_response_kernel.h>

#include <cmath>
#include <map>

namespace geoheat
{
  using namespace dealii;

  double cylinder_source_G(const double Fo)
  {
    // Stehfest (1970) weights for N = 14 terms.
    constexpr int     N = 14;
    static const auto V = [] {
      const int           H = N / 2;
      std::vector<double> v(N + 1, 0.0);
      auto                fact = [](int n) { return std::tgamma(n + 1.0); };
      for (int i = 1; i <= N; ++i)
        {
          for (int k = (i + 1) / 2; k <= std::min(i, H); ++k)
            v[i] += std::pow(k, H) * fact(2 * k) /
                    (fact(H - k) * fact(k) * fact(k - 1) * fact(i - k) * fact(2 * k - i));
          v[i] *= ((N / 2 + i) % 2 == 0) ? 1.0 : -1.0;
        }
      return v;
    }();
    if (Fo <= 0)
      return 0.0;
    const double a = std::log(2.0) / Fo;
    double       G = 0;
    for (int i = 1; i <= N; ++i)
      {
        const double p = i * a, s = std::sqrt(p);
        // K0/K1 -> 1 - 1/(2s) for large s (Bessel functions underflow there)
        const double ratio = s < 600 ?
                               boost::math::cyl_bessel_k(0, s) / boost::math::cyl_bessel_k(1, s) :
                               1.0 - 0.5 / s + 0.375 / (s * s);
        G += V[i] * ratio / (2 * units::pi * p * s);
      }
    return a * G;
  }

  double LineResponseKernel::value(const double s) const
  {
    double D = steady;
    for (unsigned int k = 0; k < b.size(); ++k)
      D -= b[k] * std::exp(-s / tau[k]);
    return D;
  }

  double LineResponseKernel::step_resistance(const double s) const
  {
    double R = R0;
    for (unsigned int k = 0; k < b.size(); ++k)
      R += b[k] * (1.0 - std::exp(-s / tau[k]));
    return R;
  }

  namespace
  {
    /// Widths of up to @p P cells on each side of node @p i, continued by
    /// cells growing by 1.2 until the patch reaches @p reach on both sides
    /// (coarser far cells misrepresent the log tail at late times).
    /// Returns the widths and the patch's left end relative to the node.
    std::pair<std::vector<double>, double> patch_widths(const std::vector<double> &nodes,
                                                        const unsigned int         i,
                                                        const unsigned int         P,
                                                        const double               reach)
    {
      const unsigned int  i0     = i > P ? i - P : 0;
      const unsigned int  i1     = std::min<unsigned int>(nodes.size() - 1, i + P);
      const double        growth = 1.2;
      std::vector<double> w;
      for (unsigned int k = i0; k < i1; ++k)
        w.push_back(nodes[k + 1] - nodes[k]);
      double left = nodes[i0] - nodes[i], right = nodes[i1] - nodes[i];
      while (-left < reach)
        {
          w.insert(w.begin(), growth * w.front());
          left -= w.front();
        }
      while (right < reach)
        {
          w.push_back(growth * w.back());
          right += w.back();
        }
      return {w, left};
    }

    /// A 2D cross section with its stiffness K (lambda = 1), consistent
    /// capacity M (rho c = 1) and a unit point source at the origin.
    struct CrossSection
    {
      Triangulation<2>     tria;
      FE_Q<2>              fe;
      DoFHandler<2>        dofs;
      SparsityPattern      sp;
      SparseMatrix<double> K, M;
      Vector<double>       source;

      CrossSection(const std::vector<double> &x,
                   const std::vector<double> &y,
                   const unsigned int         ix,
                   const unsigned int         iy,
                   const unsigned int         degree,
                   const unsigned int         P,
                   const double               reach)
        : fe(degree)
        , dofs(tria)
      {
        const auto [dx, x0] = patch_widths(x, ix, P, reach);
        const auto [dy, y0] = patch_widths(y, iy, P, reach);
        double x1 = x0, y1 = y0;
        for (const double w : dx)
          x1 += w;
        for (const double w : dy)
          y1 += w;
        GridGenerator::subdivided_hyper_rectangle(tria,
                                                  {dx, dy},
                                                  Point<2>(x0, y0),
                                                  Point<2>(x1, y1));
        dofs.distribute_dofs(fe);
        DynamicSparsityPattern dsp(dofs.n_dofs());
        DoFTools::make_sparsity_pattern(dofs, dsp);
        sp.copy_from(dsp);
        K.reinit(sp);
        M.reinit(sp);
        source.reinit(dofs.n_dofs());

        const QGauss<2>    quadrature(degree + 1);
        FEValues<2>        fv(fe, quadrature, update_values | update_gradients | update_JxW_values);
        const unsigned int n = fe.n_dofs_per_cell();
        FullMatrix<double> k(n, n), m(n, n);
        std::vector<types::global_dof_index> idx(n);
        for (const auto &cell : dofs.active_cell_iterators())
          {
            fv.reinit(cell);
            k = 0;
            m = 0;
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              for (unsigned int i = 0; i < n; ++i)
                for (unsigned int j = 0; j < n; ++j)
                  {
                    k(i, j) += fv.shape_grad(i, q) * fv.shape_grad(j, q) * fv.JxW(q);
                    m(i, j) += fv.shape_value(i, q) * fv.shape_value(j, q) * fv.JxW(q);
                  }
            cell->get_dof_indices(idx);
            K.add(idx, k);
            M.add(idx, m);
          }
        VectorTools::create_point_source_vector(dofs, Point<2>(0, 0), source);
      }

      double at_origin(const Vector<double> &u) const
      {
        return VectorTools::point_value(dofs, u, Point<2>(0, 0));
      }
    };

    /// Exact field of a unit line source at the origin: -ln(r)/(2 pi).
    class LineSourceField : public Function<2>
    {
    public:
      double value(const Point<2> &p, const unsigned int) const override
      {
        return -std::log(p.norm()) / (2 * units::pi);
      }
    };

    /// Node response T(s) of the cross section to a unit source switched on
    /// at s = 0, zero far boundary, by the L-stable SDIRK2 (Alexander 1977)
    /// with steps from s_first doubling every 8 steps (one factorisation
    /// per 8 steps) up to s_end: pairs (s, T).
    std::vector<std::pair<double, double>>
    node_step_response(CrossSection &cs, const double s_first, const double s_end)
    {
      std::map<types::global_dof_index, double> boundary;
      VectorTools::interpolate_boundary_values(cs.dofs, 0, Functions::ZeroFunction<2>(), boundary);
      const double                           g = 1.0 - 1.0 / std::sqrt(2.0);
      const unsigned int                     n = cs.dofs.n_dofs();
      Vector<double>                         u(n), U1(n), rhs(n), Mu(n), KU1(n);
      SparseMatrix<double>                   A(cs.sp);
      Vector<double>                         r1(n);
      std::vector<std::pair<double, double>> out;
      double                                 s = 0, ds = s_first;
      SparseDirectUMFPACK                    lu;
      for (unsigned int step = 0; s < s_end; ++step)
        {
          // (M + g ds K) U1 = M u + g ds f
          // (M + g ds K) U2 = M u + (1 - g) ds (f - K U1) + g ds f,  u <- U2
          cs.M.vmult(Mu, u);
          r1 = Mu;
          r1.add(g * ds, cs.source);
          if (step % 8 == 0)
            {
              A.copy_from(cs.M);
              A.add(g * ds, cs.K);
              MatrixTools::apply_boundary_values(boundary, A, U1, r1); // zero values
              lu.initialize(A);
            }
          for (const auto &entry : boundary)
            r1(entry.first) = 0.0;
          lu.vmult(U1, r1);
          cs.K.vmult(KU1, U1);
          rhs = Mu;
          rhs.add(ds, cs.source);
          rhs.add(-(1 - g) * ds, KU1);
          for (const auto &entry : boundary)
            rhs(entry.first) = 0.0;
          lu.vmult(u, rhs);
          s += ds;
          out.emplace_back(s, cs.at_origin(u));
          if (step % 8 == 7)
            ds *= 2;
        }
      return out;
    }
  } // namespace

  double peaceman_equivalent_radius(const std::vector<double> &x,
                                    const std::vector<double> &y,
                                    const unsigned int         ix,
                                    const unsigned int         iy,
                                    const unsigned int         degree)
  {
    // Patch of up to 8 cells on each side, with the mesh's own widths, and
    // the exact line-source field on its boundary.
    CrossSection                              cs(x, y, ix, iy, degree, 8, 0.0);
    Vector<double>                            u(cs.dofs.n_dofs()), rhs = cs.source;
    std::map<types::global_dof_index, double> boundary;
    VectorTools::interpolate_boundary_values(cs.dofs, 0, LineSourceField(), boundary);
    MatrixTools::apply_boundary_values(boundary, cs.K, u, rhs);
    SparseDirectUMFPACK solver;
    solver.initialize(cs.K);
    solver.vmult(u, rhs);
    return std::exp(-2 * units::pi * cs.at_origin(u));
  }

  LineResponseKernel line_response_kernel(const std::vector<double>              &x,
                                          const std::vector<double>              &y,
                                          const unsigned int                      ix,
                                          const unsigned int                      iy,
                                          const unsigned int                      degree,
                                          const double                            r_b,
                                          std::vector<std::pair<double, double>> *samples)
  {
    LineResponseKernel kernel;
    kernel.r_eq   = peaceman_equivalent_radius(x, y, ix, iy, degree);
    kernel.steady = std::log(kernel.r_eq / r_b) / (2 * units::pi);

    // The cells next to the node set the time scale h^2 (alpha = 1).
    double h = 0;
    for (const auto &[nodes, i] : {std::pair(&x, ix), std::pair(&y, iy)})
      {
        if (i > 0)
          h = std::max(h, (*nodes)[i] - (*nodes)[i - 1]);
        if (i + 1 < nodes->size())
          h = std::max(h, (*nodes)[i + 1] - (*nodes)[i]);
      }
    // Samples up to 20 h^2, when D has reached D_inf within a few per mille
    // (beyond that, differences of the patch's far field from the real mesh's
    // would show); a zero far boundary 30 h away is not felt by then
    // (E1(30^2 / (4 * 20)) ~ 1e-6).
    const double                           s_end = 20 * h * h, s_first = 1e-4 * r_b * r_b;
    CrossSection                           cs(x, y, ix, iy, degree, 8, 30 * h);
    std::vector<std::pair<double, double>> D;
    for (const auto &[s, T] : node_step_response(cs, s_first, s_end))
      if (s >= 1e-3 * r_b * r_b)
        D.emplace_back(s, cylinder_source_G(s / (r_b * r_b)) - T);
    if (samples)
      *samples = D;

    // Least squares: D_inf - sum_k b_k exp(-s / tau_k) ~ D(s), 3 tau per
    // decade up to 10 h^2, and D = D_inf at 40, 80, 160 h^2.
    for (double tau = 1e-3 * r_b * r_b; tau < 10 * h * h; tau *= std::pow(10.0, 1.0 / 3))
      kernel.tau.push_back(tau);
    std::vector<std::pair<double, double>> fit = D;
    for (const double f : {40.0, 80.0, 160.0})
      fit.emplace_back(f * h * h, kernel.steady);
    FullMatrix<double> A(fit.size(), kernel.tau.size());
    Vector<double>     rhs(fit.size()), b(kernel.tau.size());
    for (unsigned int j = 0; j < fit.size(); ++j)
      {
        for (unsigned int k = 0; k < kernel.tau.size(); ++k)
          A(j, k) = std::exp(-fit[j].first / kernel.tau[k]);
        rhs(j) = kernel.steady - fit[j].second;
      }
    Householder<double> qr(A);
    qr.least_squares(b, rhs);
    kernel.b.assign(b.begin(), b.end());
    kernel.R0 = kernel.steady;
    for (const double bk : kernel.b)
      kernel.R0 -= bk;
    for (const auto &[s, d] : D)
      kernel.fit_error = std::max(kernel.fit_error, std::abs(kernel.value(s) - d) / kernel.steady);
    return kernel;
  }
} // namespace geoheat

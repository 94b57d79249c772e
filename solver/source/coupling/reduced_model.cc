#include <deal.II/lac/lapack_templates.h>

#include <geoheat/coupling/reduced_model.h>

#include <cmath>
#include <stdexcept>

namespace geoheat
{
  using namespace dealii;

  void dense_vmult(const FullMatrix<double> &A, const Vector<double> &x, Vector<double> &y)
  {
    AssertDimension(A.n(), x.size());
    AssertDimension(A.m(), y.size());
    if (A.m() == 0 || A.n() == 0)
      {
        y = 0;
        return;
      }
    // row-major A (m x n) is column-major A^T (n x m): y = (A^T)^T x
    const types::blas_int m = A.n(), n = A.m(), one = 1;
    const double          alpha = 1, beta = 0;
    gemv("T", &m, &n, &alpha, &A(0, 0), &m, x.begin(), &one, &beta, y.begin(), &one);
  }

  ReducedModel::ReducedModel(std::map<double, ReducedOperators> by_flow,
                             FullMatrix<double>                 outputs,
                             Vector<double>                     energy)
    : operators(std::move(by_flow))
    , output_rows(std::move(outputs))
    , energy_weights(std::move(energy))
  {
    const unsigned int k = energy_weights.size();
    for (auto *v : {&z_n, &z_nm1, &z0, &rhs, &work})
      v->reinit(k);
    if (operators.empty())
      throw std::logic_error("internal: a reduced model without flow states");
    current = &operators.begin()->second;
  }

  void ReducedModel::set_state(const Vector<double> &state_n, const Vector<double> &state_nm1)
  {
    z_n   = state_n;
    z_nm1 = state_nm1;
  }

  void ReducedModel::replace_operators(const double flow, ReducedOperators op)
  {
    auto it = operators.find(flow);
    if (it == operators.end())
      throw std::logic_error("internal: no reduced operators for flow " + std::to_string(flow));
    it->second = std::move(op); // the same map node: `current` stays valid
    cache.remove_if([flow](const Factorization &f) { return f.flow == flow; });
    solved = nullptr;
  }

  void ReducedModel::set_energy_weights(const Vector<double> &energy)
  {
    energy_weights = energy;
  }

  ReducedModel::Factorization &ReducedModel::factorization(const double flow,
                                                           const double capacity_factor)
  {
    for (auto it = cache.begin(); it != cache.end(); ++it)
      if (it->flow == flow &&
          std::abs(it->capacity_factor - capacity_factor) <= 1e-12 * std::abs(capacity_factor))
        {
          cache.splice(cache.begin(), cache, it);
          return cache.front();
        }
    const ReducedOperators &op = operators.at(flow);
    // A_r = c M_r + K_r
    FullMatrix<double> A(op.conductance);
    A.add(capacity_factor, op.capacity);
    cache.emplace_front();
    Factorization &f  = cache.front();
    f.flow            = flow;
    f.capacity_factor = capacity_factor;
    f.lu.reinit(A.m(), A.n());
    f.lu = A;
    f.lu.compute_lu_factorization();
    f.unit = op.supply;
    if (flow > 0)
      f.lu.solve(f.unit);
    ++factorized;
    if (cache.size() > cache_size)
      cache.pop_back();
    return cache.front();
  }

  void ReducedModel::solve(const BDFCoefficients &bdf, const double dt, const double flow)
  {
    const auto op = operators.find(flow);
    if (op == operators.end())
      throw std::runtime_error("internal: the reduced model has no operators for flow " +
                               std::to_string(flow) + " m^3/s");
    current = &op->second;
    // rhs = M_r w + b_r, w = -(beta1 z^n + beta2 z^{n-1}) / dt
    work.equ(-bdf.beta1 / dt, z_n);
    if (bdf.beta2 != 0.0)
      work.add(-bdf.beta2 / dt, z_nm1);
    dense_vmult(current->capacity, work, rhs);
    rhs += current->load;
    solved = &factorization(flow, bdf.beta0 / dt);
    z0     = rhs;
    solved->lu.solve(z0);
  }

  namespace
  {
    std::vector<double> rows_times(const FullMatrix<double> &rows, const Vector<double> &z)
    {
      Vector<double> out(rows.m());
      dense_vmult(rows, z, out);
      return std::vector<double>(out.begin(), out.end());
    }
  } // namespace

  std::vector<double> ReducedModel::inlets_outlets_of_solution(const bool unit) const
  {
    return rows_times(output_rows, unit ? solved->unit : z0);
  }

  void ReducedModel::accept(const double supply)
  {
    z_nm1.swap(z_n);
    z_n = z0;
    if (supply != 0.0)
      z_n.add(supply, solved->unit);
  }

  std::vector<double> ReducedModel::inlets_outlets() const
  {
    return rows_times(output_rows, z_n);
  }

  double ReducedModel::wall_heat() const
  {
    return current->wall_heat * z_n + current->wall_heat0;
  }

  double ReducedModel::energy() const
  {
    return energy_weights * z_n;
  }
} // namespace geoheat

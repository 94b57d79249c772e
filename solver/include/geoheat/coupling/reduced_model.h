#pragma once
/**
 * @file reduced_model.h
 * The coupled step system projected on a basis V (n x k, k << n) of the full
 * model's states, x ~ V z (Galerkin: the residual is orthogonal to V).
 *
 * A full step at flow f solves (c M_f + K_f) x^{n+1} = M_f w + b_f + v e_f
 * with c = beta0/dt, w = -(beta1 x^n + beta2 x^{n-1})/dt, b_f the wall and
 * flow loads and e_f the unit supply (coupled_problem.h). Projected:
 *     (c M_r + K_r) z^{n+1} = M_r w_z + b_r + v e_r,
 * M_r = V^T M_f V, K_r = V^T K_f V, b_r = V^T b_f, e_r = V^T e_f: k x k, dense,
 * the same on every rank. A step costs two triangular solves of order k
 * (the unit response z1 is kept with each factorisation) and a few k-vectors
 * products; outputs are rows of V (C V z), the energy and the wall heat are
 * linear functionals of z. Building V and projecting is CoupledProblem's
 * part (coupled_problem_reduction.cc); this class holds no full-size data.
 */
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/lapack_full_matrix.h>
#include <deal.II/lac/vector.h>

#include <geoheat/time/time_control.h>

#include <list>
#include <map>
#include <vector>

namespace geoheat
{
  /// y = A x for a dense A (row-major, deal.II's FullMatrix) through BLAS
  /// dgemv: the reduced step's products of order k ~ 100, ~30 % of a fast
  /// run with FullMatrix::vmult's own loop.
  void dense_vmult(const dealii::FullMatrix<double> &A,
                   const dealii::Vector<double>     &x,
                   dealii::Vector<double>           &y);

  /// One flow state's projected operators, loads and functionals.
  struct ReducedOperators
  {
    dealii::FullMatrix<double> capacity;    ///< M_r = V^T M_f V (J/K)
    dealii::FullMatrix<double> conductance; ///< K_r = V^T K_f V (W/K)
    dealii::Vector<double>     load;        ///< b_r: wall and flow loads (W)
    dealii::Vector<double>     supply;      ///< e_r: unit supply (W/K); zero when idle
    dealii::Vector<double>     wall_heat;   ///< wall heat (W) = wall_heat . z + wall_heat0
    double                     wall_heat0 = 0;
    double                     friction_W = 0; ///< friction heat of a step at this flow (W)
  };

  class ReducedModel
  {
  public:
    /// @param by_flow   the operators of every flow the run uses (m^3/s)
    /// @param outputs   rows of V at every borehole's inlet and outlet:
    ///                  [T_in,0; T_out,0; T_in,1; ...] (2 n_boreholes x k)
    /// @param energy    the boreholes' energy E = energy . z (J)
    ReducedModel(std::map<double, ReducedOperators> by_flow,
                 dealii::FullMatrix<double>         outputs,
                 dealii::Vector<double>             energy);

    unsigned int size() const
    {
      return energy_weights.size();
    }
    bool has_flow(const double flow) const
    {
      return operators.count(flow) > 0;
    }
    void set_state(const dealii::Vector<double> &z_n, const dealii::Vector<double> &z_nm1);
    /// New operators of @p flow (the fluid's properties changed); forgets
    /// its factorisations. New energy weights.
    void                          replace_operators(double flow, ReducedOperators op);
    void                          set_energy_weights(const dealii::Vector<double> &energy);
    const dealii::Vector<double> &state() const
    {
      return z_n;
    }
    const dealii::Vector<double> &previous_state() const
    {
      return z_nm1;
    }

    /// Solve a step at @p flow for supply 0 (z0) and a unit supply (z1, zero
    /// when idle); the state does not change until accept().
    void solve(const BDFCoefficients &bdf, double dt, double flow);
    /// Every borehole's inlet and outlet of z0 (or of z1 with @p unit).
    std::vector<double> inlets_outlets_of_solution(bool unit) const;
    /// Take z^{n+1} = z0 + v z1 as the new state (z^{n-1} <- z^n).
    void accept(double supply);

    /// Every borehole's inlet and outlet, the wall heat (W) and the boreholes'
    /// energy (J) of the state, at the flow of the last step solved.
    std::vector<double> inlets_outlets() const;
    double              wall_heat() const;
    double              energy() const;
    double              friction_W() const
    {
      return current->friction_W;
    }
    /// Dense factorisations computed so far.
    unsigned int n_factorizations() const
    {
      return factorized;
    }

  private:
    struct Factorization
    {
      double                           flow, capacity_factor;
      dealii::LAPACKFullMatrix<double> lu;
      dealii::Vector<double>           unit; ///< z1
    };
    Factorization &factorization(double flow, double capacity_factor);

    std::map<double, ReducedOperators> operators;
    dealii::FullMatrix<double>         output_rows;
    dealii::Vector<double>             energy_weights;
    std::list<Factorization>           cache; ///< most recently used first
    static constexpr unsigned int      cache_size = 64;
    unsigned int                       factorized = 0;
    const ReducedOperators            *current    = nullptr;
    const Factorization               *solved     = nullptr;
    dealii::Vector<double>             z_n, z_nm1, z0, rhs, work;
  };
} // namespace geoheat

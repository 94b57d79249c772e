#pragma once
// A dense SystemBuilder for small unit tests: K + factor*M and f.
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <geoheat/base/system_builder.h>

struct DenseBuilder : geoheat::SystemBuilder
{
  explicit DenseBuilder(unsigned int n)
    : A(n, n)
    , f(n)
  {}
  void add_capacity(unsigned int i, unsigned int j, double v) override
  {
    A(i, j) += capacity_factor * v;
  }
  void add_conductance(unsigned int i, unsigned int j, double v) override
  {
    A(i, j) += v;
  }
  void add_load(unsigned int i, double v) override
  {
    f(i) += v;
  }
  dealii::Vector<double> solve() const
  {
    dealii::FullMatrix<double> inv(A.m());
    inv.invert(A);
    dealii::Vector<double> x(f.size());
    inv.vmult(x, f);
    return x;
  }
  double                     capacity_factor = 0;
  dealii::FullMatrix<double> A;
  dealii::Vector<double>     f;
};

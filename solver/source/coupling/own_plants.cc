#include <deal.II/lac/lapack_full_matrix.h>
#include <deal.II/lac/vector.h>

#include <geoheat/coupling/own_plants.h>


namespace geoheat
{
  OwnPlants::OwnPlants(const BoreholeNetwork &network_in)
    : network(network_in)
  {
    // A string runs from a head (fed by the supply) along the feeds to its
    // string end; boreholes feed only later ones (borehole_network.h).
    std::vector<int> string_of(network.size(), -1);
    for (unsigned int b = 0; b < network.size(); ++b)
      {
        if (network.upstream(b) < 0)
          {
            string_of[b] = heads.size();
            heads.push_back(b);
            ends.push_back(b);
          }
        else
          string_of[b] = string_of[network.upstream(b)];
        if (network.is_string_end(b))
          ends[string_of[b]] = b;
      }
  }

  std::vector<double> OwnPlants::weights() const
  {
    std::vector<double> w(size()); // equal weights without flow (idle)
    for (unsigned int l = 0; l < size(); ++l)
      w[l] = network.outlet_weight(ends[l]);
    return w;
  }

  double OwnPlants::mixed_inlet(const std::vector<double> &io) const
  {
    const std::vector<double> w = weights();
    double                    T = 0;
    for (unsigned int l = 0; l < size(); ++l)
      T += w[l] * io[2 * heads[l]];
    return T;
  }

  std::vector<double>
  OwnPlants::choose(const std::vector<double>                           &io0,
                    const std::vector<std::vector<double>>              &unit_io,
                    const InletControl                                   control,
                    const std::function<double(const LinearResponse &)> &choose_value) const
  {
    const unsigned int        n = size();
    const std::vector<double> w = weights();
    // String l's inlet and outlet in io: 2 head_l and 2 end_l + 1.
    const auto in = [&](const std::vector<double> &io, unsigned int l) { return io[2 * heads[l]]; };
    const auto out = [&](const std::vector<double> &io, unsigned int l) {
      return io[2 * ends[l] + 1];
    };
    // Mixed inlet and outlet sum_l w_l (.)_l of the supplies v, with the
    // state at v = 0 (base) or without it (the slope of an affine response).
    const auto mixed = [&](const std::vector<double> &v, const bool base) {
      double i = 0, o = 0;
      for (unsigned int l = 0; l < n; ++l)
        {
          double il = base ? in(io0, l) : 0.0, ol = base ? out(io0, l) : 0.0;
          for (unsigned int m = 0; m < n; ++m)
            {
              il += v[m] * in(unit_io[m], l);
              ol += v[m] * out(unit_io[m], l);
            }
          i += w[l] * il;
          o += w[l] * ol;
        }
      return std::make_pair(i, o);
    };

    if (control == InletControl::temperature)
      {
        // v_l = T for every string.
        const auto   at0   = mixed(std::vector<double>(n, 0.0), true);
        const auto   slope = mixed(std::vector<double>(n, 1.0), false);
        const double T =
          choose_value(LinearResponse{at0.first, slope.first, at0.second, slope.second});
        return std::vector<double>(n, T);
      }

    // D v = Q / Cdot 1 - d0 (see the header): v = v_0 + Q dv.
    dealii::LAPACKFullMatrix<double> D(n, n);
    dealii::Vector<double>           v0(n), dv(n);
    for (unsigned int l = 0; l < n; ++l)
      {
        for (unsigned int m = 0; m < n; ++m)
          D(l, m) = out(unit_io[m], l) - in(unit_io[m], l);
        v0[l] = -(out(io0, l) - in(io0, l));
        dv[l] = 1.0 / network.capacity_rate();
      }
    D.compute_lu_factorization();
    D.solve(v0);
    D.solve(dv);
    const auto   at0   = mixed(std::vector<double>(v0.begin(), v0.end()), true);  // Q = 0
    const auto   slope = mixed(std::vector<double>(dv.begin(), dv.end()), false); // per W
    const double Q = choose_value(LinearResponse{at0.first, slope.first, at0.second, slope.second});
    std::vector<double> v(n);
    for (unsigned int l = 0; l < n; ++l)
      v[l] = v0[l] + Q * dv[l];
    return v;
  }
} // namespace geoheat

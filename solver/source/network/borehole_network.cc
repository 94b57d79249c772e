#include <geoheat/network/borehole_network.h>

#include <algorithm>
#include <stdexcept>

namespace geoheat
{
  BoreholeNetwork::BoreholeNetwork(std::unique_ptr<BoreholeModel> single)
  {
    boreholes.push_back(std::move(single));
    feeds      = {-1};
    string_end = {true};
    split      = [](const double total) { return std::vector<double>{total}; };
    set_total_flow(0.0);
  }

  BoreholeNetwork::BoreholeNetwork(std::vector<std::unique_ptr<BoreholeModel>> bh,
                                   std::vector<int>                            upstream,
                                   FlowSplit                                   flow_split)
    : boreholes(std::move(bh))
    , feeds(std::move(upstream))
    , split(std::move(flow_split))
  {
    if (feeds.size() != boreholes.size() || boreholes.empty())
      throw std::logic_error("BoreholeNetwork: one upstream entry per borehole");
    string_end.assign(boreholes.size(), true);
    for (unsigned int b = 0; b < feeds.size(); ++b)
      if (feeds[b] >= 0)
        {
          if (feeds[b] >= int(b) || !string_end[feeds[b]])
            throw std::logic_error("BoreholeNetwork: a borehole is fed by a later one or twice");
          string_end[feeds[b]] = false;
        }
    set_total_flow(0.0);
  }

  const std::vector<double> &BoreholeNetwork::flows_at(const double total)
  {
    auto it = split_cache.find(total);
    if (it == split_cache.end())
      it = split_cache.emplace(total, split(total)).first;
    return it->second;
  }

  void BoreholeNetwork::set_total_flow(const double total)
  {
    if (total == flow)
      return;
    flow               = total;
    const auto &per_bh = flows_at(total);
    for (unsigned int b = 0; b < size(); ++b)
      boreholes[b]->set_flow(per_bh[b]);
  }

  double BoreholeNetwork::capacity_rate() const
  {
    double c = 0;
    for (unsigned int b = 0; b < size(); ++b)
      if (string_end[b])
        c += boreholes[b]->capacity_rate();
    return c;
  }

  double BoreholeNetwork::outlet_weight(const unsigned int b) const
  {
    if (!string_end[b])
      return 0.0;
    const double total = capacity_rate();
    return total > 0 ? boreholes[b]->capacity_rate() / total :
                       1.0 / std::count(string_end.begin(), string_end.end(), true);
  }

  unsigned int BoreholeNetwork::n_unknowns() const
  {
    unsigned int n = 0;
    for (const auto &b : boreholes)
      n += b->n_unknowns();
    return n;
  }

  double BoreholeNetwork::pressure_drop(const double total)
  {
    if (total <= 0)
      return 0.0;
    auto it = pressure_cache.find(total);
    if (it != pressure_cache.end())
      return it->second;
    const auto         &per_bh = flows_at(total);
    std::vector<double> along(size(), 0.0); // pressure drop from the supply
    double              worst = 0;
    for (unsigned int b = 0; b < size(); ++b)
      {
        along[b] = (feeds[b] >= 0 ? along[feeds[b]] : 0.0) + boreholes[b]->pressure_drop(per_bh[b]);
        if (string_end[b])
          worst = std::max(worst, along[b]);
      }
    return pressure_cache.emplace(total, worst).first->second;
  }
} // namespace geoheat

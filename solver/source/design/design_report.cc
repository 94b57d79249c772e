#include <deal.II/base/mpi.h>

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/design/deep_well_design.h>
#include <geoheat/design/design_report.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace geoheat
{
  void write_design_report(MPI_Comm                       comm,
                           const DesignParameters        &d,
                           const std::string             &dir,
                           const double                   years,
                           const double                   min_fluid_C,
                           const DesignEffort            &effort,
                           const std::vector<DesignCase> &rows)
  {
    const unsigned int n_simulations = effort.simulations;
    const double       wall          = effort.wall_s;
    const bool         root          = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
    std::ostringstream table, csv;
    using Json         = nlohmann::ordered_json;
    auto        number = [](const double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
    Json        json   = {{"find", d.find},
                          {"years", number(years)},
                          {"min_fluid_temperature_C", number(min_fluid_C)},
                          {"min_spf", number(d.min_spf)},
                          {"total_simulations", n_simulations},
                          {"wall_time_s", number(wall)},
                          {"reduced_models",
                           {{"built", effort.reduced_built}, {"reused", effort.reduced_reused}}}};
    Json        cases  = Json::array();
    const char *unit   = d.find == "depth" ? "m" : "x load";
    table << std::left << std::setw(26) << "case" << std::setw(16) << "answer" << std::setw(14)
          << "tolerance" << std::setw(12) << "margin K" << std::setw(8) << "SPF" << std::setw(6)
          << "runs"
          << "limited by\n";
    csv
      << "study,parameter,parameter_value,answer,tolerance,margin_K,spf,simulations,limited_by,note\n";
    for (size_t i = 0; i < rows.size(); ++i)
      {
        const auto        &r = rows[i];
        const auto        &a = r.answer;
        std::ostringstream name;
        name << r.parameter;
        if (r.parameter != "base")
          name << " " << r.parameter_value;
        table << std::left << std::setw(26) << name.str() << std::setw(16)
              << (std::to_string(a.value).substr(0, 8) + " " + unit) << std::setw(14)
              << ("+-" + std::to_string(a.tolerance).substr(0, 7)) << std::setw(12)
              << std::setprecision(4) << a.margin << std::setw(8) << a.spf << std::setw(6)
              << a.simulations << a.limited_by << (a.note.empty() ? "" : " (" + a.note + ")")
              << "\n";
        csv << std::setprecision(10) << r.study << ',' << r.parameter << ',' << r.parameter_value
            << ',' << a.value << ',' << a.tolerance << ',' << a.margin << ',' << a.spf << ','
            << a.simulations << ',' << a.limited_by << ',' << a.note << '\n';
        Json probes = Json::array();
        for (const auto &[value, margin] : a.probes)
          probes.push_back({number(value), number(margin)});
        cases.push_back({{"parameter", r.parameter},
                         {"parameter_value", number(r.parameter_value)},
                         {"answer", number(a.value)},
                         {"tolerance", number(a.tolerance)},
                         {"margin_K", number(a.margin)},
                         {"spf", number(a.spf)},
                         {"simulations", a.simulations},
                         {"limited_by", a.limited_by},
                         {"note", a.note},
                         {"probes", probes}});
      }
    json["cases"] = cases;

    std::ostringstream tail;
    tail << "geoheat design: " << n_simulations << " simulations of " << years << " years in "
         << std::setprecision(3) << wall << " s (" << wall / std::max(1u, n_simulations)
         << " s each"
         << (effort.reduced_reused > 0 ? "; fast path: " + std::to_string(effort.reduced_built) +
                                           " reduced model(s) built, reused in " +
                                           std::to_string(effort.reduced_reused) + " runs" :
                                         std::string())
         << "). Tolerances: the answer leaves a fluid-temperature margin of 0.."
         << d.temperature_tolerance << " K"
         << (d.find == "depth" ? "; depth within the stated tolerance above the exact one" : "")
         << ".";
    int ok = 1;
    if (root)
      {
        std::cout << table.str() << '\n' << tail.str() << std::endl;
        make_directories(dir);
        std::ofstream c(dir + "/design.csv"), j(dir + "/design.json");
        ok = bool(c << csv.str()) &&
             bool(j << json.dump(2, ' ', false, Json::error_handler_t::replace) << '\n');
        if (ok)
          std::cout << "geoheat design: wrote " << dir << "/design.csv and design.json (plot: "
                    << "postprocess/plot_design.py " << dir << ")" << std::endl;
      }
    ok = dealii::Utilities::MPI::min(ok, comm);
    require(ok, dir, "Output/Directory", "cannot write design.csv/design.json");
  }
} // namespace geoheat

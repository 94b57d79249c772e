#include <geoheat/gfunction/gfunction_tables.h>
#include <geoheat/io/checked_io.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace geoheat
{
  std::string matlab_v4_matrix(const std::string         &name,
                               const unsigned int         rows,
                               const unsigned int         columns,
                               const std::vector<double> &data)
  {
    // Header: type (0: little-endian IEEE doubles, full real matrix), rows,
    // columns, imaginary flag, name length with its terminating NUL.
    const std::int32_t header[5] = {
      0, std::int32_t(rows), std::int32_t(columns), 0, std::int32_t(name.size() + 1)};
    std::string out(reinterpret_cast<const char *>(header), sizeof header);
    out.append(name.c_str(), name.size() + 1);
    out.append(reinterpret_cast<const char *>(data.data()), data.size() * sizeof(double));
    return out;
  }

  double interpolate_in_log_time(const std::vector<double> &t,
                                 const std::vector<double> &g,
                                 const double               ln_t)
  {
    if (ln_t <= std::log(t.front()))
      return g.front();
    for (unsigned int i = 1; i < t.size(); ++i)
      if (ln_t <= std::log(t[i]))
        {
          const double a = std::log(t[i - 1]), b = std::log(t[i]);
          return g[i - 1] + (g[i] - g[i - 1]) * (ln_t - a) / (b - a);
        }
    return g.back();
  }

  void write_gfunction_tables(const std::string                 &dir,
                              const GFunctionScales             &s,
                              const std::vector<GFunctionCurve> &curves,
                              const double                       peak_memory_MB,
                              const unsigned int                 n_ranks)
  {
    const std::vector<double> &t = curves.front().time;

    std::ostringstream csv;
    csv << std::setprecision(10);
    csv << "# geoheat gfunction: g = 2 pi lambda (T0 - T_b) / q' for a constant extraction q'\n"
        << "# boreholes " << s.n_boreholes << ", mean length H " << s.mean_length
        << " m, total length " << s.total_length << " m, radius " << s.radius << " m\n"
        << "# lambda " << s.conductivity << " W/(m K), alpha " << s.diffusivity
        << " m^2/s (means along the boreholes), t_s = H^2/(9 alpha) " << s.t_s << " s\n";
    for (const GFunctionCurve &c : curves)
      if (c.condition == GFunctionCondition::MIFT)
        csv << "# MIFT: T_b = T_f + q' R_b*, R_b* " << c.effective_resistance << " m K/W\n";
    csv << "time_s,t_over_ts,ln_t_over_ts";
    for (const GFunctionCurve &c : curves)
      csv << ",g_" << condition_name(c.condition);
    csv << "\n";
    for (unsigned int i = 0; i < t.size(); ++i)
      {
        csv << t[i] << "," << t[i] / s.t_s << "," << std::log(t[i] / s.t_s);
        for (const GFunctionCurve &c : curves)
          csv << "," << c.g[i];
        csv << "\n";
      }
    replace_file(dir + "/gfunction.csv", csv.str());

    nlohmann::ordered_json j;
    j["status"]                = "completed";
    j["n_boreholes"]           = s.n_boreholes;
    j["mean_length_m"]         = s.mean_length;
    j["total_length_m"]        = s.total_length;
    j["borehole_radius_m"]     = s.radius;
    j["conductivity_W_per_mK"] = s.conductivity;
    j["diffusivity_m2_per_s"]  = s.diffusivity;
    j["t_s_s"]                 = s.t_s;
    j["n_ranks"]               = n_ranks;
    j["peak_memory_MB"]        = peak_memory_MB;
    j["time_s"]                = t;
    for (const GFunctionCurve &c : curves)
      {
        nlohmann::ordered_json k;
        k["g"]                     = c.g;
        k["steps"]                 = c.steps;
        k["unknowns"]              = c.n_unknowns;
        k["ground_dofs"]           = c.ground_dofs;
        k["wall_time_s"]           = c.wall_time_s;
        k["setup_s"]               = c.setup_s;
        k["assembly_s"]            = c.assembly_s;
        k["solver_setup_s"]        = c.solver_setup_s;
        k["solve_s"]               = c.solve_s;
        k["linear_iterations"]     = c.linear_iterations;
        k["max_balance_rel_error"] = c.max_balance_error;
        if (c.condition == GFunctionCondition::MIFT)
          k["effective_resistance_mK_per_W"] = c.effective_resistance;
        j["conditions"][condition_name(c.condition)] = k;
      }
    replace_file(dir + "/gfunction.json", j.dump(1) + "\n");

    // Modelica Buildings: TStep = [t, g / (2 pi lambda H_total)] (K/W) with
    // exactly its nTimTot = 76 rows: t = 0, then 75 times log-spaced from the
    // first step to the end, g interpolated linearly in ln t.
    const unsigned int rows = 76;
    for (const GFunctionCurve &c : curves)
      {
        std::vector<double> times = {0.0}, values = {0.0};
        const double        a = std::log(t.front()), b = std::log(t.back());
        for (unsigned int i = 0; i + 1 < rows; ++i)
          {
            const double ln_t = a + (b - a) * i / (rows - 2);
            times.push_back(std::exp(ln_t));
            values.push_back(interpolate_in_log_time(t, c.g, ln_t) /
                             (2 * M_PI * s.conductivity * s.total_length));
          }
        times.insert(times.end(), values.begin(), values.end()); // column-major
        replace_file(dir + "/gfunction_" + condition_name(c.condition) + "_TStep.mat",
                     matlab_v4_matrix("TStep", rows, 2, times));
      }
  }
} // namespace geoheat

#include <geoheat/base/input_error.h>
#include <geoheat/base/parameter_tools.h>
#include <geoheat/base/units.h>
#include <geoheat/ground/ground_properties.h>
#include <geoheat/operation/time_series.h>

#include <algorithm>
#include <cmath>
#include <complex>

namespace geoheat
{
  using dealii::Patterns::Anything;
  using dealii::Patterns::Double;
  using dealii::Patterns::List;
  using dealii::Patterns::Selection;

  void GroundProperties::declare(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Ground");
    prm.declare_entry("Surface temperature",
                      "10",
                      Double(-50, 60),
                      "Mean annual ground surface temperature T_s (deg C).");
    prm.declare_entry("Geotherm",
                      "heat flux",
                      Selection("heat flux|gradient|temperature log"),
                      "How the undisturbed temperature grows with depth: from a "
                      "basal heat flux through the layers, a uniform gradient, or "
                      "a measured temperature log.");
    prm.declare_entry("Temperature log file",
                      "",
                      Anything(),
                      "CSV with a header and columns depth_m, temperature_C (depth "
                      "strictly increasing), relative to this file; Geotherm = "
                      "temperature log.");
    prm.declare_entry("Temperature log extension",
                      "heat flux",
                      Selection("heat flux|none"),
                      "Below the log's last point: the basal heat flux through the "
                      "layers, or none (the log must reach the model bottom).");
    prm.declare_entry("Temperature log maximum gap",
                      "100",
                      Double(0),
                      "Largest depth interval (m) between log points; a wider gap "
                      "is refused as missing data.");
    prm.declare_entry("Basal heat flux",
                      "0.065",
                      Double(0, 1),
                      "Geothermal heat flux q_geo (W/m^2), used with "
                      "Geotherm = heat flux.");
    prm.declare_entry("Geothermal gradient",
                      "0.03",
                      Double(0, 0.2),
                      "Uniform geothermal gradient G (K/m), used with "
                      "Geotherm = gradient.");
    prm.declare_entry("Surface temperature amplitude",
                      "0",
                      Double(0, 40),
                      "Amplitude A (K) of the annual surface temperature wave "
                      "T_s - A cos(2 pi (day - coldest day)/365); 0 = constant "
                      "(Beijing ground surface: about 14 K).");
    prm.declare_entry("Coldest day",
                      "01-20",
                      Anything(),
                      "Date MM-DD of the lowest surface temperature (Beijing: late January).");
    prm.declare_entry("Layer bottom depths",
                      "",
                      List(Double(0)),
                      "Depths (m) of the bottoms of all layers but the last, "
                      "increasing; the last layer reaches the model bottom.");
    prm.declare_entry("Thermal conductivities",
                      "2.5",
                      List(Double(0), 1),
                      "Thermal conductivity lambda of each layer, top to bottom "
                      "(W/(m K)).");
    prm.declare_entry("Volumetric heat capacities",
                      "2.4e6",
                      List(Double(0), 1),
                      "Volumetric heat capacity rho c of each layer, top to "
                      "bottom (J/(m^3 K)).");
    Groundwater::declare(prm);
    prm.leave_subsection();
  }

  void GroundProperties::parse(dealii::ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Ground");
    surface_temperature_C = prm.get_double("Surface temperature");
    use_heat_flux         = prm.get("Geotherm") == "heat flux";
    basal_heat_flux       = prm.get_double("Basal heat flux");
    gradient              = prm.get_double("Geothermal gradient");
    layer_bottom_depths =
      parse_double_list(prm.get("Layer bottom depths"), file, "Ground/Layer bottom depths");
    conductivity =
      parse_double_list(prm.get("Thermal conductivities"), file, "Ground/Thermal conductivities");
    heat_capacity       = parse_double_list(prm.get("Volumetric heat capacities"),
                                      file,
                                      "Ground/Volumetric heat capacities");
    surface_amplitude   = prm.get_double("Surface temperature amplitude");
    coldest_day_of_year = day_of_year_from_date(prm.get("Coldest day"));
    require(coldest_day_of_year >= 0,
            file,
            "Ground/Coldest day",
            quoted(prm.get("Coldest day")) + " is not a date MM-DD");
    groundwater.parse(prm, file, layer_bottom_depths.size() + 1);
    use_log              = prm.get("Geotherm") == "temperature log";
    extend_log_by_flux   = prm.get("Temperature log extension") == "heat flux";
    const double max_gap = prm.get_double("Temperature log maximum gap");
    if (use_log)
      {
        use_heat_flux = false;
        log_file      = resolve_file_entry(prm, "Temperature log file", file);
        require(!log_file.empty(),
                file,
                "Ground/Temperature log file",
                "is required with Geotherm = temperature log");
      }
    prm.leave_subsection();
    if (use_log)
      read_log(max_gap);

    const std::string where = "Ground";
    require(conductivity.size() == layer_bottom_depths.size() + 1,
            file,
            where + "/Thermal conductivities",
            "needs one value per layer (" + std::to_string(layer_bottom_depths.size() + 1) +
              " layers from "
              "'Layer bottom depths'), got " +
              std::to_string(conductivity.size()));
    require(heat_capacity.size() == conductivity.size(),
            file,
            where + "/Volumetric heat capacities",
            "needs one value per layer (" + std::to_string(conductivity.size()) + "), got " +
              std::to_string(heat_capacity.size()));
    for (unsigned int i = 0; i < conductivity.size(); ++i)
      {
        // Bounds with their reason: rocks and soils lie between ~0.2 (dry peat,
        // dry sand) and ~8 W/(m K) (quartzite, rock salt), and between ~5e5
        // (dry porous soil) and ~4.2e6 J/(m3 K) (water).
        require(conductivity[i] >= 0.05 && conductivity[i] <= 20,
                file,
                where + "/Thermal conductivities",
                "values must lie between 0.05 and 20 W/(m K) (rocks and soils: ~0.2 to ~8)");
        require(heat_capacity[i] >= 2e5 && heat_capacity[i] <= 1e7,
                file,
                where + "/Volumetric heat capacities",
                "values must lie between 2e5 and 1e7 J/(m3 K) (soils and rocks: ~5e5 to "
                "~4.2e6, water 4.2e6)");
      }
    for (unsigned int i = 0; i < layer_bottom_depths.size(); ++i)
      require(layer_bottom_depths[i] > (i == 0 ? 0.0 : layer_bottom_depths[i - 1]),
              file,
              where + "/Layer bottom depths",
              "depths must be positive and strictly increasing");
  }

  unsigned int GroundProperties::add_solid(const double lambda, const double rho_c)
  {
    for (unsigned int k = 0; k < solid_conductivity.size(); ++k)
      if (solid_conductivity[k] == lambda && solid_heat_capacity[k] == rho_c)
        return n_layers() + k;
    solid_conductivity.push_back(lambda);
    solid_heat_capacity.push_back(rho_c);
    return n_layers() + solid_conductivity.size() - 1;
  }

  double GroundProperties::conductivity_of(const unsigned int material) const
  {
    return material < n_layers() ? conductivity[material] :
                                   solid_conductivity.at(material - n_layers());
  }

  double GroundProperties::heat_capacity_of(const unsigned int material) const
  {
    return material < n_layers() ? heat_capacity[material] :
                                   solid_heat_capacity.at(material - n_layers());
  }

  unsigned int GroundProperties::layer_at(const double depth) const
  {
    return std::upper_bound(layer_bottom_depths.begin(), layer_bottom_depths.end(), depth) -
           layer_bottom_depths.begin();
  }

  void GroundProperties::read_log(const double max_gap)
  {
    TimeSeriesLayout layout;
    layout.min_columns = layout.max_columns = 2;
    layout.description                      = "depth_m, temperature_C";
    layout.key_name                         = "depth";
    layout.file_kind                        = "temperature log";
    layout.non_negative  = [](unsigned int, const std::string &) { return std::string(); };
    const TimeSeries log = TimeSeries::read_csv(log_file, 1.0, true, 0.0, layout);
    log_depth.clear();
    log_temperature.clear();
    for (unsigned int i = 0; i < log.keys().size(); ++i)
      {
        const double      z = log.keys()[i], T = log.data(0)[i];
        const std::string where =
          "row " + std::to_string(i + 1) + " (depth " + number_text(z) + " m)";
        require(z >= 0, log_file, where, "depths must not be negative");
        require(T > -60 && T < 400,
                log_file,
                where,
                "temperature " + number_text(T) + " C is outside -60 ... 400 C");
        const double gap = log_depth.empty() ? 0.0 : z - log_depth.back();
        require(gap <= max_gap,
                log_file,
                where,
                "gap of " + number_text(gap) +
                  " m after the previous point (more than 'Temperature log maximum "
                  "gap' = " +
                  number_text(max_gap) + " m)");
        log_depth.push_back(z);
        log_temperature.push_back(T);
      }
  }

  void GroundProperties::check_log_reaches(const double model_bottom, const std::string &file) const
  {
    if (use_log && !extend_log_by_flux)
      require(log_depth.back() >= model_bottom,
              file,
              "Ground/Temperature log file",
              "the log ends at " + number_text(log_depth.back()) + " m but the model reaches " +
                number_text(model_bottom) +
                " m; extend the log or set 'Temperature log extension = heat flux'");
  }

  double GroundProperties::thermal_depth(const double a, const double b) const
  {
    double sum = 0.0, top = 0.0;
    for (unsigned int i = 0; i < n_layers(); ++i)
      {
        const double bottom = i < layer_bottom_depths.size() ? layer_bottom_depths[i] : 1e300;
        const double lo = std::max(top, a), hi = std::min(bottom, b);
        if (hi > lo)
          sum += (hi - lo) / conductivity[i];
        top = bottom;
      }
    return sum;
  }

  double GroundProperties::seasonal(const double depth, const double t) const
  {
    if (surface_amplitude <= 0)
      return 0.0;
    using C                  = std::complex<double>;
    const double       omega = 2 * units::pi / units::seconds_per_year;
    const unsigned int n     = n_layers();
    auto top_of    = [&](unsigned int i) { return i == 0 ? 0.0 : layer_bottom_depths[i - 1]; };
    auto bottom_of = [&](unsigned int i) { return i + 1 < n ? layer_bottom_depths[i] : 1e300; };
    auto k_of      = [&](unsigned int i) {
      return std::sqrt(C(0, omega * heat_capacity[i] / conductivity[i]));
    };
    // Y = lambda Theta'/Theta at the top of each layer, from the bottom up;
    // a layer more than 30 decay lengths thick is semi-infinite for the wave.
    std::vector<C> Y(n);
    for (int i = int(n) - 1; i >= 0; --i)
      {
        const C      k = k_of(i), lk = conductivity[i] * k;
        const double h = bottom_of(i) - top_of(i);
        if (i == int(n) - 1 || h * k.real() > 30)
          Y[i] = -lk;
        else
          {
            // Theta = a e^{k s} + b e^{-k s}, s from the layer bottom upward
            // written as cosh/sinh from the bottom: Y_top from Y_bottom
            const C r = Y[i + 1] / lk;
            const C c = std::cosh(k * h), sh = std::sinh(k * h);
            Y[i] = lk * (r * c - sh) / (c - r * sh);
          }
      }
    // Theta downward from Theta(0) = -A (minimum on the coldest day)
    C theta_top(-surface_amplitude, 0);
    for (unsigned int i = 0; i < n; ++i)
      {
        const C      k = k_of(i), lk = conductivity[i] * k;
        const double z0 = top_of(i), z1 = std::min(bottom_of(i), depth);
        const double h = bottom_of(i) - z0;
        const double s = z1 - z0;
        C            theta;
        if (i == n - 1 || h * k.real() > 30)
          theta = theta_top * std::exp(-k * s);
        else
          theta = theta_top * (std::cosh(k * s) + Y[i] / lk * std::sinh(k * s));
        if (depth <= bottom_of(i) || std::abs(theta) < 1e-15 * surface_amplitude)
          {
            const double day   = start_day_of_year + t / units::seconds_per_day;
            const double phase = omega * (day - coldest_day_of_year) * units::seconds_per_day;
            return (theta * std::exp(C(0, phase))).real();
          }
        theta_top = theta;
      }
    return 0.0;
  }

  double GroundProperties::undisturbed_temperature(const double depth) const
  {
    if (use_log)
      {
        const double z0 = log_depth.front(), z1 = log_depth.back();
        if (depth <= z0)
          return z0 > 0 ? surface_temperature_C +
                            (log_temperature.front() - surface_temperature_C) * depth / z0 :
                          log_temperature.front();
        if (depth >= z1)
          return log_temperature.back() + basal_heat_flux * thermal_depth(z1, depth);
        const auto   it = std::upper_bound(log_depth.begin(), log_depth.end(), depth);
        const size_t i  = it - log_depth.begin();
        const double w  = (depth - log_depth[i - 1]) / (log_depth[i] - log_depth[i - 1]);
        return (1 - w) * log_temperature[i - 1] + w * log_temperature[i];
      }
    if (!use_heat_flux)
      return surface_temperature_C + gradient * depth;
    // T0 = T_s + q_geo * sum over layers of thickness_i / lambda_i
    double T   = surface_temperature_C;
    double top = 0.0;
    for (unsigned int i = 0; i < n_layers(); ++i)
      {
        const double bottom = (i < layer_bottom_depths.size()) ? layer_bottom_depths[i] : depth;
        const double b      = std::min(bottom, depth);
        if (b > top)
          T += basal_heat_flux * (b - top) / conductivity[i];
        if (bottom >= depth)
          break;
        top = bottom;
      }
    return T;
  }

} // namespace geoheat

#pragma once
/**
 * @file own_plants.h
 * Borehole field/Plant = per string: every parallel string (a single well
 * with Connection = parallel) has its own plant, as with one heat pump per
 * well, and so its own supply temperature v_l. The step is affine in every
 * v_l:
 *     x = x_0 + sum_m v_m u_m,   u_m = A^{-1} e_m
 * (e_m: the inlet row of string m's head, as the one supply vector of a
 * shared plant), so string l's inlet and outlet are
 *     T_in,l = I0_l + sum_m I_lm v_m,   T_out,l = O0_l + sum_m O_lm v_m.
 *
 * Heat extraction (prescribed; the building load through one heat pump is
 * refused in FieldParameters::parse, its fluid limits would hold only for
 * the mixed inlet): every string extracts its flow share s_l = Cdot_l / Cdot
 * of the field's ground load Q,
 *     Cdot_l (T_out,l - T_in,l) = s_l Q  <=>  sum_m D_lm v_m = Q / Cdot - d0_l,
 * D = O - I, d0 = O0 - I0: every string is cooled by the same Q / Cdot. So
 * v = v_0 + Q dv, v_0 = -D^{-1} d0, dv = D^{-1} 1 / Cdot, and the field's
 * mixed inlet and outlet (Cdot_l-weighted) are affine in Q: the control
 * chooses Q from them as for one plant (LinearResponse).
 * Inlet temperature: every string gets the prescribed T_in (which is what a
 * shared plant of parallel strings does too).
 *
 * Against a shared plant (one inlet temperature, the flow split): there the
 * strings next to more neighbours, whose outlets are colder, extract less;
 * here every string extracts its share and its inlet is colder instead.
 */
#include <geoheat/coupling/linear_response.h>
#include <geoheat/network/borehole_network.h>

#include <functional>
#include <vector>

namespace geoheat
{
  class OwnPlants
  {
  public:
    /// The strings of @p network: heads are the boreholes fed by the supply.
    explicit OwnPlants(const BoreholeNetwork &network);

    unsigned int size() const
    {
      return heads.size();
    }
    /// The borehole fed by the supply at the head of string @p l.
    unsigned int head(unsigned int l) const
    {
      return heads[l];
    }

    /// Flow-weighted mixed inlet (deg C) of every borehole's [T_in, T_out]
    /// @p io at the network's current flow.
    double mixed_inlet(const std::vector<double> &io) const;

    /// The strings' supply temperatures v (deg C) of a flowing step whose
    /// boreholes' [T_in, T_out] are @p io0 at v = 0 and @p io0 + v_m
    /// @p unit_io[m] for a unit v_m, from the control's choice.
    std::vector<double>
    choose(const std::vector<double>                           &io0,
           const std::vector<std::vector<double>>              &unit_io,
           InletControl                                         control,
           const std::function<double(const LinearResponse &)> &choose_value) const;

  private:
    const BoreholeNetwork    &network;
    std::vector<unsigned int> heads; ///< per string: its head
    std::vector<unsigned int> ends;  ///< per string: its last borehole

    /// Cdot_l / Cdot per string at the network's current flow (equal without flow).
    std::vector<double> weights() const;
  };
} // namespace geoheat

#pragma once
/**
 * @file linear_response.h
 * Inlet and outlet temperature of one time step as exact affine functions
 * of the inlet control value v (inlet temperature in deg C, or heat taken
 * from the ground in W): T = T(0) + v dT/dv. The coupled step is linear in
 * v, so a controller can pick v knowing the end-of-step temperatures.
 */
namespace geoheat
{
  struct LinearResponse
  {
    double inlet0, inlet_slope, outlet0, outlet_slope;
    double inlet(double v) const
    {
      return inlet0 + v * inlet_slope;
    }
    double outlet(double v) const
    {
      return outlet0 + v * outlet_slope;
    }
  };
} // namespace geoheat

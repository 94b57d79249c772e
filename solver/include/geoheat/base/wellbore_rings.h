#pragma once
/**
 * @file wellbore_rings.h
 * The solid rings of a wellbore (steel casings, cement) that the axisymmetric
 * ground mesh resolves as material zones between the fluid and the rock, so
 * that their heat capacity is kept (issue #9). Each depth section of a well
 * has its own wall radius (where the fluid touches the innermost solid) and
 * its own rings from there out to the rock.
 */
#include <vector>

namespace geoheat
{
  struct RadialRing
  {
    double       r_inner, r_outer; ///< m
    double       conductivity;     ///< W/(m K)
    double       heat_capacity;    ///< rho c, J/(m^3 K)
    unsigned int material = 0;     ///< mesh material id (set when registered)
  };

  struct WellboreSection
  {
    double                  bottom;      ///< m below the surface
    double                  wall_radius; ///< m: the mesh wall the fluid exchanges with
    std::vector<RadialRing> rings;       ///< wall_radius outwards, contiguous
    /// Outer radius of the rings (the rock starts there).
    double rock_radius() const
    {
      return rings.empty() ? wall_radius : rings.back().r_outer;
    }
  };
} // namespace geoheat

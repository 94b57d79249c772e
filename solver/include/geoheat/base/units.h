#pragma once
/**
 * @file units.h
 * SI inside, units at the edges: the only place where calendar and
 * temperature conversions are defined.
 */
namespace geoheat::units
{
  constexpr double seconds_per_hour = 3600.0;
  constexpr double seconds_per_day  = 86400.0;
  /// geoheat uses 365-day years (no leap days) so that yearly load
  /// profiles repeat exactly.
  constexpr double days_per_year    = 365.0;
  constexpr double seconds_per_year = days_per_year * seconds_per_day;
  constexpr double joule_per_MWh    = 3.6e9;
  constexpr double pi               = 3.14159265358979323846;
} // namespace geoheat::units

// The simulator's risk-free rate: a step schedule of rounded calendar-year averages of the 3-month US Treasury
// bill (FRED series TB3MS, approximate), 0.04 from 2026 on. Good enough for option prices; not a data source.
import { dateParts, newYorkDateOf } from '../calendar';

const BY_YEAR: Readonly<Record<number, number>> = {
  1990: 0.075,
  1991: 0.054,
  1992: 0.034,
  1993: 0.03,
  1994: 0.043,
  1995: 0.055,
  1996: 0.05,
  1997: 0.051,
  1998: 0.048,
  1999: 0.046,
  2000: 0.058,
  2001: 0.034,
  2002: 0.016,
  2003: 0.01,
  2004: 0.014,
  2005: 0.032,
  2006: 0.047,
  2007: 0.044,
  2008: 0.014,
  2009: 0.0015,
  2010: 0.0014,
  2011: 0.0005,
  2012: 0.0009,
  2013: 0.0006,
  2014: 0.0003,
  2015: 0.0005,
  2016: 0.0032,
  2017: 0.0093,
  2018: 0.0194,
  2019: 0.0206,
  2020: 0.0037,
  2021: 0.0005,
  2022: 0.0202,
  2023: 0.0507,
  2024: 0.0497,
  2025: 0.042,
};
export const DEFAULT_RISK_FREE_RATE = 0.04;

/** Continuous rate used for pricing at `atMs` (the table's value for the New York calendar year). */
export function riskFreeRateAt(atMs: number): number {
  return BY_YEAR[dateParts(newYorkDateOf(atMs)).year] ?? DEFAULT_RISK_FREE_RATE;
}

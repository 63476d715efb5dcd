/** The one seam through which application code learns the time; tests and backtests pass their own. */
export interface Clock {
  now(): Date;
}

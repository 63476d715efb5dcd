/** A historical-data file that cannot be used as it is: the message names the line (and the file, once loaded). */
export class HistoryDataError extends Error {
  override name = 'HistoryDataError';
}

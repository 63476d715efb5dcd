// Historical data a backtest runs on: underlier bars with their dividends, a VIX-style implied-vol index and real
// end-of-day option quotes, each selected by a dataset id. The server's adapter reads the files shipped in data/.
import type { BacktestDatasetView } from '@optionstrader/contracts';
import type { IvPoint, OptionEodQuote, UnderlierHistory } from '@optionstrader/domain';

/** No dataset with this id, or it is not of the kind asked for (an option-quotes id passed as an underlier). */
export class UnknownDatasetError extends Error {
  override name = 'UnknownDatasetError';
  constructor(
    readonly datasetId: string,
    expectedKind?: BacktestDatasetView['kind'],
  ) {
    super(expectedKind ? `No ${expectedKind} dataset "${datasetId}"` : `Unknown dataset "${datasetId}"`);
  }
}

export interface BacktestDataSource {
  /** Every dataset with the range and row count of its file. */
  datasets(): Promise<BacktestDatasetView[]>;
  /** Bars and cash dividends; UnknownDatasetError for an id that is not an underlier dataset. */
  underlier(id: string): Promise<UnderlierHistory>;
  /** A VIX-style index as 30-day ATM vol fractions (atm30 = CLOSE / 100). */
  ivIndex(id: string): Promise<IvPoint[]>;
  /** One underlier's own 30-day ATM implied-vol history, as fractions. */
  ivHistory(id: string): Promise<IvPoint[]>;
  optionQuotes(id: string): Promise<OptionEodQuote[]>;
}

// Historical data for backtests from CSV files: the shipped catalog behind the BacktestDataSource port, the parsers,
// and file loaders for the CLI.
export { HistoryDataError } from './history-data-error';
export { parseHistoryCsv, type ParsedHistory } from './csv-history';
export { deriveDividends, parseDividendsCsv, scaleDividends } from './dividends';
export { parseIvHistoryCsv, parseIvIndexCsv } from './iv-index';
export { parseOptionQuotesCsv } from './option-quotes-csv';
export {
  loadIvHistoryFile,
  loadIvIndexFile,
  loadOptionQuotesFile,
  loadUnderlierFile,
  readDividendsFile,
  readHistoryFile,
  type UnderlierFileOptions,
} from './load-files';
export {
  BACKTEST_DATASETS,
  createFileBacktestData,
  DEFAULT_DATA_DIR,
  type CatalogEntry,
  type DividendSource,
} from './catalog';

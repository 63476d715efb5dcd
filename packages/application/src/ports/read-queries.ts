// Read-side ports: what the API's read screens (dashboard, accounts, positions, portfolios, chains) ask of storage.
// Money and quantities are canonical decimal strings, market data (greeks, IV) numbers; null always means unknown.
import type { SyncRunRecord } from './sync-runs.repository';

export interface SnapshotRecord {
  asOf: Date;
  currency: string;
  netLiquidation: string | null;
  cash: string | null;
  buyingPower: string | null;
  initMargin: string | null;
  maintMargin: string | null;
  excessLiquidity: string | null;
  grossPositionValue: string | null;
}

export interface AccountRecord {
  id: string;
  broker: 'ibkr' | 'sim';
  accountCode: string;
  type: 'margin_pm' | 'margin_regt' | 'cash' | 'tfsa' | 'rrsp';
  baseCurrency: string;
  paper: boolean;
  label: string | null;
  /** Open positions (quantity ≠ 0). */
  positionsCount: number;
  latestSnapshot: SnapshotRecord | null;
}

export interface AccountsQuery {
  /** Every client's accounts: for background work (risk monitor, demo set-up), never an API list. */
  list(): Promise<AccountRecord[]>;
  /** One client's accounts (what its users may see). */
  listClientAccounts(clientId: string): Promise<AccountRecord[]>;
  /** One account as `list` gives it, any client's (the API checks the caller's client first); undefined if unknown. */
  get(accountId: string): Promise<AccountRecord | undefined>;
  exists(accountId: string): Promise<boolean>;
  /** The newest `limit` snapshots, oldest first (ready for a chart). */
  snapshots(accountId: string, limit: number): Promise<SnapshotRecord[]>;
  /** The newest snapshot strictly before `before` (the day P&L baseline). */
  snapshotBefore(accountId: string, before: Date): Promise<SnapshotRecord | undefined>;
  /** The highest net liquidation of any snapshot (the drawdown peak); null when none is known. */
  peakNetLiquidation(accountId: string): Promise<string | null>;
}

export interface QuoteRecord {
  bid: string | null;
  ask: string | null;
  last: string | null;
  mark: string | null;
  volume: number | null;
  openInterest: number | null;
  impliedVol: number | null;
  delta: number | null;
  gamma: number | null;
  theta: number | null;
  vega: number | null;
  underlyingPrice: string | null;
  dataType: 'live' | 'delayed' | 'frozen' | 'model';
  asOf: Date;
}

export interface PositionFilter {
  accountId?: string | undefined;
  portfolioId?: string | undefined;
  /** Underlier symbol (upper case): the stock itself and the options on it. */
  underlying?: string | undefined;
}

export interface PositionRecord {
  id: string;
  accountId: string;
  accountCode: string;
  accountLabel: string | null;
  portfolioId: string | null;
  portfolioName: string | null;
  instrumentId: string;
  symbol: string;
  /** The underlier's symbol for options (the symbol itself for anything else). */
  underlying: string;
  assetClass: 'STK' | 'ETF' | 'IND' | 'OPT' | 'FUT';
  expiry: string | null;
  strike: string | null;
  right: 'C' | 'P' | null;
  multiplier: string;
  currency: string;
  occSymbol: string | null;
  /** Net of the broker's book and the paper book (the paper Order Manager's fills). */
  quantity: string;
  /** The paper book's part of `quantity` (0 when only the broker holds it). */
  paperQuantity: number;
  /** As the broker reports it (IBKR: per contract, multiplier included). */
  avgCost: string | null;
  /** Average cost per unit of the instrument (avg cost ÷ multiplier), comparable with the mark. */
  avgPrice: string | null;
  /** The broker's cost basis, else quantity × avg cost. */
  costBasis: string | null;
  /** Price per unit: the latest quote's mark, else its bid/ask mid; null without a usable quote. */
  mark: string | null;
  /** quantity × mark × multiplier when there is a mark, else what the broker last reported. */
  marketValue: string | null;
  /** market value − cost basis when there is a mark, else what the broker last reported. */
  unrealizedPnl: string | null;
  /** Where market value and P&L come from. */
  valuation: 'quote' | 'broker' | null;
  positionAsOf: Date;
  /** Latest quote of the instrument itself. */
  quote: QuoteRecord | null;
  /** Latest price of the underlier (its mark, else last), for options' moneyness. */
  underlyingPrice: string | null;
}

export interface PositionsQuery {
  /** Any client's: for background work and for callers that name an account already checked to be the caller's. */
  list(filter: PositionFilter): Promise<PositionRecord[]>;
  /** One client's positions (those on its broker accounts), filtered further by `filter`. */
  listClientPositions(clientId: string, filter: PositionFilter): Promise<PositionRecord[]>;
}

export interface PortfolioRecord {
  id: string;
  name: string;
  accountId: string;
  accountCode: string;
  accountLabel: string | null;
  positionsCount: number;
  strategiesCount: number;
  createdAt: Date;
}

export interface PortfoliosQuery {
  /** One client's portfolios (those in its broker accounts). */
  list(clientId: string): Promise<PortfolioRecord[]>;
  exists(portfolioId: string): Promise<boolean>;
}

export interface UnderlyingRecord {
  symbol: string;
  /** Option expirations on or after the given day. */
  expirations: number;
}

export interface ChainOptionRecord {
  instrumentId: string;
  strike: string;
  right: 'C' | 'P';
  occSymbol: string | null;
  multiplier: string;
  quote: QuoteRecord | null;
}

export interface ChainsQuery {
  /** Symbols that have option instruments expiring on or after `fromDate`. */
  underlyings(fromDate: string): Promise<UnderlyingRecord[]>;
  /** True when any instrument (underlier or option) carries this symbol. */
  symbolExists(symbol: string): Promise<boolean>;
  /** Distinct option expiries (YYYY-MM-DD) on or after `fromDate`, ascending. */
  expirations(symbol: string, fromDate: string): Promise<string[]>;
  /** Every option of one expiry with its latest quote. */
  options(symbol: string, expiry: string): Promise<ChainOptionRecord[]>;
  /** Latest quote of the underlier itself, if it is an instrument with quotes. */
  underlyingQuote(symbol: string): Promise<QuoteRecord | null>;
}

export interface MarketDataQuery {
  /** as_of of the newest quote in the store; null when there are none. */
  newestQuoteAt(): Promise<Date | null>;
}

export interface SyncRunsQuery {
  /**
   * When the last synchronisation finished, overall and per account. Null/empty when nothing is recorded,
   * including when the store has no sync history at all.
   */
  lastSync(): Promise<{ at: Date | null; byAccount: ReadonlyMap<string, Date> }>;
  /**
   * Recent runs as one client may see them, newest first: full syncs (their counts are the whole broker's) and
   * syncs of its own accounts. Other clients' account-filtered runs are left out, and so are the parts of an error
   * that name another client's account.
   */
  recent(clientId: string, limit: number): Promise<SyncRunRecord[]>;
  /** One run as `recent` shows it to this client; undefined when unknown or another client's. */
  get(clientId: string, runId: string): Promise<SyncRunRecord | undefined>;
}

export interface ReadQueries {
  accounts: AccountsQuery;
  positions: PositionsQuery;
  portfolios: PortfoliosQuery;
  chains: ChainsQuery;
  marketData: MarketDataQuery;
  syncRuns: SyncRunsQuery;
}

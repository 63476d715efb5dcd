// All read-side queries of the API's screens, built on one database handle.
import type { ReadQueries } from '@optionstrader/application';
import type { Db } from '../client';
import { createAccountsQuery } from './accounts.query';
import { createChainsQuery } from './chains.query';
import { createMarketDataQuery } from './market-data.query';
import { createPortfoliosQuery } from './portfolios.query';
import { createPositionsQuery } from './positions.query';
import { createSyncRunsQuery } from './sync-runs.query';

export function createReadQueries(db: Db): ReadQueries {
  return {
    accounts: createAccountsQuery(db),
    positions: createPositionsQuery(db),
    portfolios: createPortfoliosQuery(db),
    chains: createChainsQuery(db),
    marketData: createMarketDataQuery(db),
    syncRuns: createSyncRunsQuery(db),
  };
}

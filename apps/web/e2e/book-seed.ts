// A small book seeded straight into the e2e server's in-memory database (there is no write API for it):
// one margin account with two snapshots, a sleeve, SPY with an option chain, positions and fresh quotes.
import { startTestServer, type RunningTestServer } from './server';

export const SEEDED = {
  accountCode: 'DU123456',
  accountLabel: 'Main margin',
  netLiquidation: '125,000.00',
  marginUsage: '25.0%',
  dayPnl: '+25,000.00',
  spyStockPnl: '+5,125.00',
  putPnl: '+50.00',
  strikes: [490, 495, 500, 505, 510],
  atmStrike: '500.00',
} as const;

/** The option expiry used by the seed: 30 days from today (UTC), so it is never in the past. */
export const seededExpiry = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const ids = {
  client: '11111111-1111-4111-8111-111111111111',
  account: '22222222-2222-4222-8222-222222222222',
  portfolio: '33333333-3333-4333-8333-333333333333',
  spy: '44444444-4444-4444-8444-444444444444',
  aapl: '55555555-5555-4555-8555-555555555555',
};
const optionId = (right: 'C' | 'P', strike: number) =>
  `66666666-6666-4666-8666-${right === 'C' ? '1' : '2'}${String(strike).padStart(11, '0')}`;

function seedSql(): string[] {
  const options = SEEDED.strikes.flatMap((strike) =>
    (['C', 'P'] as const).map((right) => ({ strike, right, id: optionId(right, strike) })),
  );
  const optionRows = options
    .map(
      (o) =>
        `('${o.id}', 'SPY', 'OPT', '${ids.spy}', '${seededExpiry}', ${o.strike}, '${o.right}', 100, 'OPT:SPY:${seededExpiry}:${o.right}:${o.strike}')`,
    )
    .join(',\n');
  const quoteRows = options
    .map((o) => {
      const moneyness = (o.strike - 500) / 500;
      const iv = 0.17 + 4 * moneyness * moneyness - (o.right === 'P' ? 0 : 0.002);
      const intrinsic = Math.max(0, o.right === 'C' ? 501.25 - o.strike : o.strike - 501.25);
      const mid = intrinsic + 6 - Math.abs(o.strike - 500) * 0.3;
      const delta = (o.right === 'C' ? 0.55 : -0.45) - (o.strike - 500) * 0.03;
      return `('${o.id}', ${(mid - 0.05).toFixed(2)}, ${(mid + 0.05).toFixed(2)}, ${mid.toFixed(2)}, ${iv.toFixed(4)}, ${delta.toFixed(3)}, 0.012, -0.15, 0.55, 1200, 8000, 501.25, 'live', now() - interval '15 seconds')`;
    })
    .join(',\n');
  return [
    `insert into clients (id, name) values ('${ids.client}', 'E2E household')`,
    `insert into broker_accounts (id, client_id, broker, account_code, type, label)
       values ('${ids.account}', '${ids.client}', 'sim', '${SEEDED.accountCode}', 'margin_pm', '${SEEDED.accountLabel}')`,
    `insert into account_snapshots (account_id, as_of, net_liquidation, currency)
       values ('${ids.account}', now() - interval '3 days', 100000, 'USD')`,
    `insert into account_snapshots (account_id, as_of, net_liquidation, cash, buying_power, maint_margin, excess_liquidity, currency)
       values ('${ids.account}', now() - interval '1 minute', 125000, 40000, 250000, 31250, 93750, 'USD')`,
    `insert into portfolios (id, account_id, name) values ('${ids.portfolio}', '${ids.account}', 'Wheel book')`,
    `insert into instruments (id, symbol, asset_class, canonical_key) values
       ('${ids.spy}', 'SPY', 'ETF', 'STK:SPY'), ('${ids.aapl}', 'AAPL', 'STK', 'STK:AAPL')`,
    `insert into instruments (id, symbol, asset_class, underlying_instrument_id, expiry, strike, "right", multiplier, canonical_key) values
       ${optionRows}`,
    `insert into market_quotes (instrument_id, bid, ask, mark, data_type, as_of)
       values ('${ids.spy}', 501.2, 501.3, 501.25, 'live', now() - interval '10 seconds')`,
    `insert into market_quotes (instrument_id, bid, ask, mark, implied_vol, delta, gamma, theta, vega, volume, open_interest, underlying_price, data_type, as_of) values
       ${quoteRows}`,
    `insert into positions (account_id, portfolio_id, instrument_id, quantity, avg_cost, as_of) values
       ('${ids.account}', '${ids.portfolio}', '${ids.spy}', 100, 450, now()),
       ('${ids.account}', '${ids.portfolio}', '${optionId('P', 490)}', -1, 350, now())`,
    `insert into positions (account_id, instrument_id, quantity, avg_cost, market_value, unrealized_pnl, as_of)
       values ('${ids.account}', '${ids.aapl}', 50, 200, 10250, 250, now() - interval '1 hour')`,
  ];
}

/** A second server on its own in-memory database holding the seeded book (the shared one stays empty). */
export function startSeededServer(): Promise<RunningTestServer> {
  return startTestServer({
    onDatabaseReady: async (database) => {
      for (const statement of seedSql()) await database.db.execute(statement);
    },
  });
}

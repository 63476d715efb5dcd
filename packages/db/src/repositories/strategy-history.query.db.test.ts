// The trading history strategies read, on a real database (PGlite and PostgreSQL), with premiums worked by hand.
import { describeDb } from '@optionstrader/testkit';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../client';
import * as schema from '../schema/index';

const T0 = new Date('2026-03-02T15:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const EXPIRY = '2026-03-20';

async function insertAccount(db: Db, accountCode: string) {
  const [client] = await db.insert(schema.clients).values({ name: accountCode }).returning();
  const [account] = await db
    .insert(schema.brokerAccounts)
    .values({ clientId: client!.id, broker: 'sim', accountCode, type: 'margin_pm' })
    .returning();
  return account!.id;
}

async function insertUnderlier(db: Db, symbol: string, assetClass: 'STK' | 'IND') {
  const [row] = await db
    .insert(schema.instruments)
    .values({ symbol, assetClass, canonicalKey: `${assetClass}:${symbol}` })
    .returning();
  return row!.id;
}

async function insertOption(db: Db, symbol: string, right: 'C' | 'P', strike: string, underlierId: string | null) {
  const [row] = await db
    .insert(schema.instruments)
    .values({
      symbol,
      assetClass: 'OPT',
      underlyingInstrumentId: underlierId,
      expiry: EXPIRY,
      right,
      strike,
      multiplier: '100',
      canonicalKey: `OPT:${symbol}:${EXPIRY}:${right}:${strike}`,
    })
    .returning();
  return row!.id;
}

describeDb('strategy history query', (use) => {
  let accountId = '';

  beforeAll(async () => {
    const { db } = use().database;
    accountId = await insertAccount(db, 'U1');
    const otherAccountId = await insertAccount(db, 'U2');
    const aapl = await insertUnderlier(db, 'AAPL', 'STK');
    const spx = await insertUnderlier(db, 'SPX', 'IND');
    const put180 = await insertOption(db, 'AAPL', 'P', '180', aapl);
    const put170 = await insertOption(db, 'AAPL', 'P', '170', aapl);
    // Not linked to an underlier row: it belongs to MSFT by its own symbol.
    const msftCall = await insertOption(db, 'MSFT', 'C', '400', null);
    // Linked to SPX under another trading symbol: it belongs to SPX.
    const spxwPut = await insertOption(db, 'SPXW', 'P', '5500', spx);

    let execution = 0;
    const fill = (
      account: string,
      instrumentId: string,
      side: 'buy' | 'sell',
      quantity: string,
      price: string,
      commission: string | null,
      minute: number,
    ) => ({
      execId: `E${(execution += 1)}`,
      accountId: account,
      instrumentId,
      side,
      quantity,
      price,
      commission,
      executedAt: at(minute),
    });
    await db
      .insert(schema.executions)
      .values([
        fill(accountId, put180, 'sell', '2', '2.35', '1.30', 10),
        fill(accountId, put170, 'buy', '1', '0.80', '0.65', 20),
        fill(accountId, put170, 'sell', '1', '0.333333', '0', 0),
        fill(accountId, aapl, 'buy', '100', '190', '1', 30),
        fill(accountId, put180, 'sell', '1', '3', '1', -10),
        fill(otherAccountId, put180, 'sell', '1', '2', '1', 10),
        fill(accountId, msftCall, 'sell', '1', '3.10', null, 40),
        fill(accountId, spxwPut, 'sell', '1', '10.5', '1.00', 50),
      ]);

    const event = (
      account: string,
      instrumentId: string,
      kind: 'assignment' | 'exercise' | 'expiration' | 'early_assignment',
      minute: number,
    ) => ({
      accountId: account,
      instrumentId,
      kind,
      quantity: '1',
      occurredAt: at(minute),
      dedupeKey: `broker:${account}:${instrumentId}:${minute}`,
    });
    await db
      .insert(schema.optionEvents)
      .values([
        event(accountId, put180, 'assignment', 60),
        event(accountId, msftCall, 'expiration', 30),
        event(accountId, spxwPut, 'early_assignment', 70),
        event(accountId, put170, 'assignment', -5),
        event(otherAccountId, put180, 'exercise', 40),
      ]);
  });

  it('nets option premiums per underlier from the fills at or after `since`', async () => {
    const premiums = await use().repositories.strategyHistory.optionPremiums(accountId, at(0));
    expect(Object.fromEntries(premiums)).toEqual({
      // Sold 2 × 2.35 × 100 = 470 − 1.30 = 468.70; bought 1 × 0.80 × 100 = −80 − 0.65 = −80.65;
      // sold 1 × 0.333333 × 100 = 33.3333 exactly at `since`. 468.70 − 80.65 + 33.3333 = 421.3833.
      // Not counted: the stock fill, the fill before `since` and the other account's.
      AAPL: 421.3833,
      // 1 × 3.10 × 100, no commission reported yet.
      MSFT: 310,
      // 1 × 10.5 × 100 − 1.00.
      SPX: 1049,
    });
    expect((await use().repositories.strategyHistory.optionPremiums(accountId, at(60))).size).toBe(0);
  });

  it('lists the option events of the account at or after `since`, oldest first', async () => {
    const events = await use().repositories.strategyHistory.optionEvents(accountId, at(0));
    expect(events).toEqual([
      { kind: 'expiration', symbol: 'MSFT', right: 'call', strike: 400, expiry: EXPIRY, quantity: 1, at: at(30) },
      { kind: 'assignment', symbol: 'AAPL', right: 'put', strike: 180, expiry: EXPIRY, quantity: 1, at: at(60) },
      { kind: 'early_assignment', symbol: 'SPX', right: 'put', strike: 5500, expiry: EXPIRY, quantity: 1, at: at(70) },
    ]);
    expect(await use().repositories.strategyHistory.optionEvents(accountId, at(71))).toEqual([]);
  });
});

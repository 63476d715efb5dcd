import { describe, expect, it } from 'vitest';
import { type IsoDate, newYorkToUtc, parseIsoDate } from '../calendar';
import { parseMoney } from '../money';
import type { AccountType } from './account-type';
import { type BookCheckInput, checkBook } from './book-rules';
import type { MarginMarket, MarginPosition } from './margin';
import { checkOrder } from './rules';

const nowMs = newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60);
const expiry = '2026-04-17' as IsoDate;
const spots: Record<string, number> = { KO: 100, SPY: 500, AAPL: 200 };
const market: MarginMarket = {
  nowMs,
  spot: (symbol) => spots[symbol] ?? null,
  kind: (symbol) => (symbol === 'SPY' ? 'index_etf' : 'stock'),
  vol: () => 0.25,
  rate: 0.04,
  dividendYield: () => 0,
};
const stock = (symbol: string, quantity: number, mark: number | null): MarginPosition => ({
  symbol,
  quantity,
  mark,
  instrument: { kind: 'stock' },
});
const option = (right: 'call' | 'put', strike: number, quantity: number, mark: number | null): MarginPosition => ({
  symbol: 'KO',
  quantity,
  mark,
  instrument: { kind: 'option', right, strike, expiry, multiplier: 100 },
});
const check = (
  type: AccountType,
  cash: string,
  positions: MarginPosition[],
  extra: Partial<Omit<BookCheckInput, 'type' | 'cash' | 'positions'>> = {},
) => checkBook({ type, cash: parseMoney(cash), positions, market, ...extra });
const rule = (reasons: ReturnType<typeof checkBook>, name: string) => {
  const found = reasons.filter((r) => r.rule === name);
  expect(found, `one ${name} reason`).toHaveLength(1);
  return found[0]!;
};
const noConcentration = { limits: { tickerExposureWarn: null, tickerExposureMax: null } };

describe('checkBook: margin accounts', () => {
  // Short KO 95 puts at 2.00 with KO at 100: Reg-T 1,700 each; cash chosen so that NLV = 10,000.
  const puts = (contracts: number) =>
    check('margin_regt', String(10000 + 200 * contracts), [option('put', 95, -contracts, 2)], noConcentration);

  it('rates margin usage against the warning level and the limit', () => {
    expect(rule(puts(1), 'margin_usage')).toEqual({
      rule: 'margin_usage',
      verdict: 'allow',
      message: 'Margin usage is 17.0% of NLV (maintenance 1,700.00 / NLV 10,000.00)',
    });
    expect(rule(puts(3), 'margin_usage').verdict).toBe('warn'); // 51% > 50%
    expect(rule(puts(5), 'margin_usage')).toEqual({
      rule: 'margin_usage',
      verdict: 'block',
      message: 'Margin usage is 85.0% of NLV (maintenance 8,500.00 / NLV 10,000.00), above the 70.0% limit',
    });
    expect(rule(puts(5), 'min_excess_liquidity')).toMatchObject({ verdict: 'allow' }); // 1,500 = 15%
  });

  it('blocks excess liquidity under the minimum', () => {
    // 6 puts: maintenance 10,200 > NLV 10,000.
    expect(rule(puts(6), 'min_excess_liquidity')).toEqual({
      rule: 'min_excess_liquidity',
      verdict: 'block',
      message: 'Excess liquidity is -200.00, -2.0% of NLV 10,000.00, below the 10.0% minimum',
    });
  });

  it('blocks what it cannot check', () => {
    const reasons = check('margin_pm', '10000', [option('put', 95, -1, null)]);
    expect(rule(reasons, 'margin_usage').message).toBe(
      'Margin usage cannot be checked: a mark or spot price is unknown',
    );
    expect(rule(reasons, 'min_excess_liquidity').verdict).toBe('block');
    expect(rule(reasons, 'ticker_concentration')).toEqual({
      rule: 'ticker_concentration',
      verdict: 'block',
      message: 'Concentration in KO cannot be checked: a mark or spot price is unknown',
      symbol: 'KO',
    });
  });

  it('applies no cash-account rule', () => {
    const rules = check('margin_regt', '100000', []).map((r) => r.rule);
    expect(rules).toEqual(['margin_usage', 'min_excess_liquidity']);
  });
});

describe('checkBook: cash, TFSA and RRSP accounts', () => {
  it('blocks borrowing', () => {
    expect(rule(check('tfsa', '-200', []), 'no_margin')).toEqual({
      rule: 'no_margin',
      verdict: 'block',
      message: 'TFSA accounts cannot borrow: cash is -200.00',
    });
    expect(check('cash', '1000', [])).toEqual([
      { rule: 'no_margin', verdict: 'allow', message: 'Cash: 1,000.00, nothing borrowed' },
    ]);
  });

  it('blocks short stock and naked calls, per ticker', () => {
    const reasons = check('rrsp', '1000000', [
      stock('KO', 200, 100),
      option('call', 110, -3, 1),
      stock('SPY', -10, 500),
    ]);
    expect(rule(reasons, 'naked_call')).toEqual({
      rule: 'naked_call',
      verdict: 'block',
      message: 'RRSP accounts cannot hold naked calls: 1 KO call is uncovered (200 shares cover 2 calls, 3 short)',
      symbol: 'KO',
    });
    expect(rule(reasons, 'no_short_stock')).toEqual({
      rule: 'no_short_stock',
      verdict: 'block',
      message: 'RRSP accounts cannot hold stock short: 10 shares SPY short',
      symbol: 'SPY',
    });
    const covered = check('tfsa', '1000000', [stock('KO', 100, 100), option('call', 110, -1, 1)]);
    expect(rule(covered, 'naked_call')).toMatchObject({
      verdict: 'allow',
      message: '1 KO call short, covered by 100 shares held in the account',
    });
  });

  it('needs the full strike of short puts in cash', () => {
    const reasons = check('cash', '9000', [option('put', 95, -1, 2)], noConcentration);
    expect(rule(reasons, 'short_put_cash')).toEqual({
      rule: 'short_put_cash',
      verdict: 'block',
      message:
        'Cash accounts must hold the full strike of short puts in cash: 9,500.00 of short put strikes (strike × multiplier × contracts), 9,000.00 cash, 500.00 short',
    });
    expect(rule(check('cash', '9500', [option('put', 95, -1, 2)]), 'short_put_cash').verdict).toBe('allow');
  });

  it('limits the synthetic delta per ticker', () => {
    // 400 shares + 8 deep in-the-money calls (K 50, S 100, delta ≈ 1) ≈ 1,200 shares > 1,000.
    const book = [stock('KO', 400, 100), option('call', 50, 8, 50.5)];
    expect(rule(check('tfsa', '1000000', book), 'synthetic_delta')).toEqual({
      rule: 'synthetic_delta',
      verdict: 'block',
      message: 'Synthetic delta of KO is 1200 shares, beyond the ±1000 share limit',
      symbol: 'KO',
    });
    const limits = { maxSyntheticDeltaShares: 1500 };
    expect(rule(check('tfsa', '1000000', book, { limits }), 'synthetic_delta').verdict).toBe('allow');
  });
});

describe('checkBook: every account type', () => {
  it('rates the concentration of every ticker in the book', () => {
    // NLV 50,000 + 20,000 + 25,000 + 5,000 = 100,000: AAPL 20% (warn > 15%), KO 25% (block > 20%); SPY is a broad
    // index ETF, which has no per-ticker limit by default.
    const book = [stock('AAPL', 100, 200), stock('KO', 250, 100), stock('SPY', 10, 500)];
    const reasons = check('margin_regt', '50000', book).filter((r) => r.rule === 'ticker_concentration');
    expect(reasons.map((r) => [r.symbol, r.verdict])).toEqual([
      ['AAPL', 'warn'],
      ['KO', 'block'],
    ]);
    expect(reasons[1]?.message).toBe(
      'KO exposure is 25,000.00, 25.0% of NLV 100,000.00, above the 20.0% per-ticker limit',
    );
  });

  it('measures a broad index ETF against its own limit, off by default', () => {
    // SPY 60,000 of NLV 100,000: 60%, far above the 20% per-ticker limit of a single stock.
    const book = [stock('SPY', 120, 500)];
    expect(check('margin_pm', '40000', book).some((r) => r.rule === 'ticker_concentration')).toBe(false);
    const limited = rule(
      check('margin_pm', '40000', book, { limits: { indexEtfExposureMax: 0.5 } }),
      'ticker_concentration',
    );
    expect(limited).toMatchObject({ verdict: 'block', symbol: 'SPY' });
    expect(limited?.message).toMatch(/above the 50\.0% broad index ETF limit$/);
  });

  it('measures a book as checkOrder measures the book after an order', () => {
    // Buying 250 KO with 100,000 cash leaves the book above: 75,000 cash + 25,000 of KO.
    const order = checkOrder({
      type: 'margin_regt',
      cash: parseMoney('100000'),
      positions: [],
      market,
      order: { legs: [{ symbol: 'KO', instrument: { kind: 'stock' }, quantity: 250, price: 100 }] },
    });
    const book = rule(check('margin_regt', '75000', [stock('KO', 250, 100)]), 'ticker_concentration');
    const after = order.reasons.find((r) => r.rule === 'ticker_concentration');
    expect(book).toEqual({ ...after, message: after?.message.replace('would be', 'is') });
  });

  it('reports the drawdown throttle when a drawdown is given', () => {
    expect(check('tfsa', '1000', []).some((r) => r.rule === 'drawdown_throttle')).toBe(false);
    expect(rule(check('tfsa', '1000', [], { drawdown: 0.12 }), 'drawdown_throttle')).toEqual({
      rule: 'drawdown_throttle',
      verdict: 'warn',
      message: 'Drawdown 12.0% from peak reaches 10.0%: new positions are scaled by 0.5',
    });
    expect(rule(check('margin_pm', '1000', [], { drawdown: 0.3 }), 'drawdown_throttle')).toMatchObject({
      verdict: 'block',
      message: 'Drawdown 30.0% from peak reaches 25.0%: no new positions',
    });
    expect(rule(check('tfsa', '1000', [], { drawdown: 0.05 }), 'drawdown_throttle').verdict).toBe('allow');
    expect(() => check('tfsa', '1000', [], { drawdown: 1.5 })).toThrow(RangeError);
  });
});

import { type IsoDate, price } from '@optionstrader/domain';
import { describe, expect, it } from 'vitest';
import type { UnderlierReference } from '../ports';
import { buildMarketInputs, type MarketInputsArgs, type OptionPoint } from './market-inputs';

const NOW = Date.parse('2026-11-20T16:00:00Z');
const EXPIRY = '2026-12-18' as IsoDate;

const reference: UnderlierReference = {
  kind: (symbol) => (symbol === 'SPY' ? 'index_etf' : 'stock'),
  dividendYield: (symbol) => (symbol === 'KO' ? 0.03 : null),
  dividends: (symbol) => (symbol === 'KO' ? [{ exDate: '2026-12-01' as IsoDate, amount: 0.51 }] : null),
  rate: () => 0.04,
};

const option = (symbol: string, strike: number, extra: Partial<OptionPoint> = {}): OptionPoint => ({
  symbol,
  expiry: EXPIRY,
  strike,
  right: 'put',
  impliedVol: null,
  mark: null,
  ...extra,
});

function build(options: OptionPoint[], extra: Partial<MarketInputsArgs> = {}) {
  return buildMarketInputs({
    nowMs: NOW,
    reference,
    symbols: [...new Set(options.map((o) => o.symbol))].sort(),
    spots: new Map([
      ['KO', { spot: 60, source: 'position' as const }],
      ['AAPL', { spot: 200, source: 'quote' as const }],
    ]),
    options,
    dailyVolBySymbol: {},
    betaBySymbol: {},
    vix: null,
    dividendHorizon: EXPIRY,
    ...extra,
  });
}

describe('market inputs', () => {
  it("uses the quote's IV first", () => {
    const { market, inputs } = build([option('KO', 55, { impliedVol: 0.21, mark: 0.4 })]);
    expect(market.vol('KO', EXPIRY, 55)).toBe(0.21);
    expect(inputs[0]).toMatchObject({ symbol: 'KO', volSource: 'quote', spot: 60, spotSource: 'position' });
  });

  it('implies the vol from the mark when the quote has no IV (round trip)', () => {
    const T = (Date.parse('2026-12-18T21:00:00Z') - NOW) / (365.25 * 86_400_000);
    const mark = price({ right: 'put', S: 60, K: 55, T, r: 0.04, q: 0.03, sigma: 0.27 });
    const { market, inputs } = build([option('KO', 55, { mark })]);
    expect(market.vol('KO', EXPIRY, 55)).toBeCloseTo(0.27, 2);
    expect(inputs[0]?.volSource).toBe('implied_from_mark');
  });

  it('falls back to realized vol, then the VIX, then an assumed 30% — and says which', () => {
    expect(
      build([option('AAPL', 190)], { dailyVolBySymbol: { AAPL: 0.02 } }).market.vol('AAPL', EXPIRY, 190),
    ).toBeCloseTo(0.02 * Math.sqrt(252), 12);
    const vix = build([option('AAPL', 190)], { vix: 18 });
    expect(vix.market.vol('AAPL', EXPIRY, 190)).toBe(0.18);
    expect(vix.inputs[0]?.volSource).toBe('vix_proxy');
    const assumed = build([option('AAPL', 190)]);
    expect(assumed.market.vol('AAPL', EXPIRY, 190)).toBe(0.3);
    expect(assumed.inputs[0]?.volSource).toBe('assumed');
  });

  it('reports the weakest source of an underlier', () => {
    const { inputs } = build([option('KO', 55, { impliedVol: 0.2 }), option('KO', 50)], { vix: 20 });
    expect(inputs[0]?.volSource).toBe('vix_proxy');
  });

  it('keeps an unknown spot unknown and passes dividends and yields through', () => {
    const { market, inputs } = build([option('KO', 55, { impliedVol: 0.2 })], {
      symbols: ['KO', 'TSLA'],
    });
    expect(market.spot('TSLA')).toBeNull();
    expect(market.dividendYield('KO')).toBe(0.03);
    expect(market.dividendYield('TSLA')).toBe(0);
    expect(inputs.find((i) => i.symbol === 'TSLA')).toMatchObject({
      spot: null,
      spotSource: 'none',
      volSource: 'none',
      dividendsKnown: false,
    });
    expect(inputs.find((i) => i.symbol === 'KO')?.nextExDividend).toEqual({ exDate: '2026-12-01', amount: 0.51 });
  });
});

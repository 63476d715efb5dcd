// Real-market check: implied vols from quoted mids of a real SPX chain against the vendor's IV column.
// Data: data/options/SPX_chain_cboe_20190620.csv (Cboe delayed quotes of 2019-06-20 via
// lambdaclass/options_backtester, MIT; provenance in data/options/README.md).
//
// Conventions that reproduce the vendor's numbers (found by calibration, see the test names):
// T = calendar days / 365 from the quote date to the expiry date; the forward per expiry is implied by
// put-call parity at the six strikes nearest spot with r = 2% (the 3-month T-bill was ~2.1% that day);
// Black-76 on that forward. The snapshot's time of day is unknown, so expiries within 7 days — where
// hours matter — are reported but not held to the tolerance.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { black76Greeks } from './black-scholes';
import { black76ImpliedVolResult } from './implied-vol';

const RATE = 0.02;
const file = new URL('../../../../data/options/SPX_chain_cboe_20190620.csv', import.meta.url);

interface Quote {
  root: string;
  right: 'call' | 'put';
  expiry: string;
  days: number;
  strike: number;
  bid: number;
  ask: number;
  vendorIv: number;
  spot: number;
}

function toDayNumber(mdy: string): number {
  const [m, d, y] = mdy.split('/').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

function loadChain(): Quote[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const col = (name: string) => columns.indexOf(name);
  const [iRoot, iType, iExp, iQuote, iStrike, iBid, iAsk, iIv, iSpot] = [
    'optionroot',
    'type',
    'expiration',
    'quotedate',
    'strike',
    'bid',
    'ask',
    'impliedvol',
    'underlying_last',
  ].map(col);
  return lines.map((line) => {
    const f = line.split(',');
    const get = (i: number | undefined) => f[i ?? -1] ?? '';
    return {
      root: /^[A-Z]+/.exec(get(iRoot))?.[0] ?? '',
      right: get(iType) === 'call' ? 'call' : 'put',
      expiry: get(iExp),
      days: toDayNumber(get(iExp)) - toDayNumber(get(iQuote)),
      strike: Number(get(iStrike)),
      bid: Number(get(iBid)),
      ask: Number(get(iAsk)),
      vendorIv: Number(get(iIv)),
      spot: Number(get(iSpot)),
    };
  });
}

/** Forward implied by put-call parity near the money: F = K + (C − P)·e^{rT}. */
function impliedForward(quotes: Quote[], T: number): number | undefined {
  const spot = quotes[0]?.spot ?? NaN;
  const calls = new Map(quotes.filter((q) => q.right === 'call' && q.bid > 0).map((q) => [q.strike, q]));
  const pairs = quotes
    .filter((q) => q.right === 'put' && q.bid > 0 && calls.has(q.strike))
    .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))
    .slice(0, 6);
  if (pairs.length < 3) return undefined;
  const forwards = pairs.map((put) => {
    const call = calls.get(put.strike) as Quote;
    const diff = (call.bid + call.ask) / 2 - (put.bid + put.ask) / 2;
    return put.strike + diff * Math.exp(RATE * T);
  });
  return forwards.reduce((a, b) => a + b, 0) / forwards.length;
}

interface Comparison {
  days: number;
  diff: number;
}

function compare(): { compared: Comparison[]; unsolved: number; reasons: Set<string> } {
  const chains = new Map<string, Quote[]>();
  for (const q of loadChain()) {
    const key = `${q.root} ${q.expiry}`;
    chains.set(key, [...(chains.get(key) ?? []), q]);
  }
  const compared: Comparison[] = [];
  let unsolved = 0;
  const reasons = new Set<string>();
  for (const quotes of chains.values()) {
    const days = quotes[0]?.days ?? 0;
    const T = days / 365;
    const F = T > 0 ? impliedForward(quotes, T) : undefined;
    if (F === undefined) continue;
    for (const q of quotes) {
      if (!(q.bid > 0) || !(q.vendorIv > 0)) continue;
      const input = { right: q.right, S: F, K: q.strike, T, r: RATE, q: RATE };
      const result = black76ImpliedVolResult({ ...input, price: (q.bid + q.ask) / 2 });
      if (!result.ok) {
        unsolved++;
        reasons.add(result.reason);
        continue;
      }
      // The |delta| < 0.98 filter uses our delta: the vendor's deltas are unreliable deep in the money.
      if (Math.abs(black76Greeks({ ...input, sigma: result.iv }).delta) >= 0.98) continue;
      compared.push({ days, diff: Math.abs(result.iv - q.vendorIv) });
    }
  }
  return { compared, unsolved, reasons };
}

const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

describe('SPX 2019-06-20 chain (Cboe delayed quotes): IV from mids vs the vendor IV column', () => {
  const { compared, unsolved, reasons } = compare();
  const beyondWeek = compared.filter((c) => c.days > 7).map((c) => c.diff);
  const sorted = [...beyondWeek].sort((a, b) => a - b);
  const within = beyondWeek.filter((d) => d <= 0.001).length / beyondWeek.length;

  it('reports the agreement', () => {
    // Printed so the closing note and README can quote it.
    console.info(
      `SPX check: ${beyondWeek.length} quotes beyond 7 days, median |Δiv| ${quantile(sorted, 0.5).toFixed(5)}, p90 ${quantile(sorted, 0.9).toFixed(5)}, max ${(sorted.at(-1) ?? NaN).toFixed(4)}, within 0.001: ${(within * 100).toFixed(1)}%; unsolved ${unsolved}`,
    );
    expect(beyondWeek.length).toBeGreaterThan(0);
  });

  it('solves every mid inside the arbitrage bounds; the few it refuses are outside them (wide deep-ITM quotes)', () => {
    expect(compared.length).toBeGreaterThan(9_000);
    expect([...reasons].every((r) => r === 'below_intrinsic' || r === 'above_maximum')).toBe(true);
    expect(unsolved / (compared.length + unsolved)).toBeLessThan(0.05);
  });

  it('agrees to 0.001 (0.1 vol point) for most quotes beyond a week, with a median gap of a few hundredths of a point', () => {
    // Measured: median ~0.0003, ~80% within 0.001; the rest are wide wings where the vendor's price
    // (timestamp, rate) differs from the mid, and a few vendor rows floored at 0.02.
    expect(quantile(sorted, 0.5)).toBeLessThan(0.0005);
    expect(within).toBeGreaterThan(0.75);
    expect(quantile(sorted, 0.9)).toBeLessThan(0.005);
  });
});

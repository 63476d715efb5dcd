import type { RecommendationLegView, RecommendationView } from '@optionstrader/contracts';
import { describe, expect, test } from 'vitest';
import {
  breakevens,
  payoffLegs,
  pnlAtExpiry,
  positionExtremes,
  positionPayoffSeries,
  positionRange,
  type PayoffLeg,
} from './position-payoff';

const option = (overrides: Partial<RecommendationLegView>): RecommendationLegView => ({
  symbol: 'KO',
  kind: 'option',
  right: 'put',
  strike: 60,
  expiry: '2026-06-19',
  multiplier: 100,
  side: 'SELL',
  ratio: 1,
  bid: null,
  ask: null,
  mid: null,
  ...overrides,
});

const recommendation = (overrides: Partial<RecommendationView>): RecommendationView => ({
  id: '00000000-0000-4000-8000-000000000001',
  instanceId: null,
  instanceName: 'Wheel KO',
  strategySlug: 'wheel',
  accountId: '00000000-0000-4000-8000-000000000002',
  accountCode: 'DU-SIM-PM',
  runId: null,
  opportunityId: null,
  symbol: 'KO',
  action: 'sell_put',
  legs: [option({ mid: 1.2 })],
  quantity: 1,
  limitPrice: '1.2',
  spread: { bid: 1.15, ask: 1.25 },
  rationale: null,
  confidence: 0.8,
  params: null,
  risk: null,
  status: 'pending',
  decidedAt: null,
  decisionReason: null,
  expiresAt: null,
  createdAt: '2026-05-01T14:00:00.000Z',
  ...overrides,
});

const legsOf = (r: RecommendationView): PayoffLeg[] => {
  const plan = payoffLegs(r);
  if (!plan.ok) throw new Error(plan.reason);
  return plan.legs;
};

describe('a cash-secured put (sell KO 60 put at 1.20)', () => {
  const legs = legsOf(recommendation({}));

  test('P&L per contract: the premium kept above the strike, intrinsic value lost below', () => {
    // (1.20 − 0) × 100 above 60; (1.20 − (60 − 50)) × 100 = −880 at 50.
    expect(pnlAtExpiry(legs, 70)).toBeCloseTo(120, 9);
    expect(pnlAtExpiry(legs, 50)).toBeCloseTo(-880, 9);
  });

  test('breakeven at strike − premium = 58.80; max profit the premium, max loss the strike less the premium', () => {
    expect(breakevens(legs)).toHaveLength(1);
    expect(breakevens(legs)[0]).toBeCloseTo(58.8, 9);
    const extremes = positionExtremes(legs);
    expect(extremes.maxProfit).toBeCloseTo(120, 9);
    // At S = 0: (1.20 − 60) × 100.
    expect(extremes.maxLoss).toBeCloseTo(-5880, 9);
  });

  test('the series runs through 0 at the breakeven and has the strike on its grid', () => {
    const { from, to } = positionRange(legs, 61);
    // Marks 58.8, 60 and 61: from 58.8 × 0.8, to 61 × 1.2.
    expect(from).toBeCloseTo(47.04, 9);
    expect(to).toBeCloseTo(73.2, 9);
    const series = positionPayoffSeries(legs, from, to, 61);
    expect(series.today).toBeNull();
    expect(series.breakeven).toBeCloseTo(58.8, 9);
    const at = (S: number) => series.expiry.find(([x]) => Math.abs(x - S) < 1e-9)?.[1];
    expect(at(60)).toBeCloseTo(120, 9);
    expect(at(series.breakeven ?? 0)).toBeCloseTo(0, 9);
  });
});

test('a roll keeps only its new leg; with the shares’ average cost in the params the covered call includes them', () => {
  const roll = recommendation({
    action: 'roll_call',
    legs: [
      option({ right: 'call', strike: 62, expiry: '2026-06-19', side: 'BUY', mid: 0.5 }),
      option({ right: 'call', strike: 65, expiry: '2026-07-17', side: 'SELL', mid: 1.1 }),
    ],
    limitPrice: '-0.6',
    params: { averageCost: 58 },
  });
  const plan = payoffLegs(roll);
  expect(plan.ok && plan.expiry).toBe('2026-07-17');
  expect(plan.ok && plan.notes).toEqual([
    'After the roll: the new leg alone (the old one is bought back).',
    'Includes the 100 covering shares at their average cost.',
  ]);
  const legs = legsOf(roll);
  expect(legs).toEqual([
    { kind: 'option', right: 'call', strike: 65, side: 'SELL', shares: 100, price: 1.1 },
    { kind: 'stock', right: null, strike: null, side: 'BUY', shares: 100, price: 58 },
  ]);
  // Above 65 the call caps the shares: (1.10 + 65 − 58) × 100 = 810; at 0: (1.10 − 58) × 100 = −5,690.
  expect(positionExtremes(legs).maxProfit).toBeCloseTo(810, 9);
  expect(positionExtremes(legs).maxLoss).toBeCloseTo(-5690, 9);
  // S − 58 + 1.10 = 0.
  expect(breakevens(legs)[0]).toBeCloseTo(56.9, 9);
});

test('a covered call without the shares’ cost charts the call alone and says so', () => {
  const plan = payoffLegs(
    recommendation({
      action: 'sell_call',
      legs: [option({ right: 'call', strike: 65, mid: 1.1 })],
      params: { shares: 300 },
    }),
  );
  expect(plan.ok && plan.legs).toHaveLength(1);
  expect(plan.ok && plan.notes[0]).toMatch(/not in the recommendation/);
});

test('a long LEAPS call: unlimited profit, the premium at risk, breakeven strike + premium', () => {
  const legs = legsOf(
    recommendation({
      action: 'buy_leaps',
      legs: [option({ right: 'call', strike: 100, expiry: '2027-12-17', side: 'BUY', mid: 25 })],
      limitPrice: '25',
    }),
  );
  // (150 − 100 − 25) × 100.
  expect(pnlAtExpiry(legs, 150)).toBeCloseTo(2500, 9);
  expect(positionExtremes(legs)).toEqual({ maxProfit: null, maxLoss: -2500 });
  expect(breakevens(legs)).toEqual([125]);
});

test('a put credit spread: sell 100 at 3.00, buy 95 at 1.00 — credit 2, width 5', () => {
  const legs = legsOf(
    recommendation({
      legs: [option({ strike: 100, mid: 3 }), option({ strike: 95, side: 'BUY', mid: 1 })],
      limitPrice: '-2',
    }),
  );
  // Max profit the credit (200), max loss width − credit (300), breakeven short strike − credit (98).
  expect(positionExtremes(legs).maxProfit).toBeCloseTo(200, 9);
  expect(positionExtremes(legs).maxLoss).toBeCloseTo(-300, 9);
  expect(breakevens(legs)).toEqual([98]);
});

test('a short strangle breaks even on both sides; its upside loss is unlimited', () => {
  const legs = legsOf(
    recommendation({
      legs: [option({ strike: 90, mid: 2 }), option({ right: 'call', strike: 110, mid: 2 })],
      limitPrice: '-4',
    }),
  );
  // Credit 4 per share: 90 − 4 and 110 + 4.
  expect(breakevens(legs)).toEqual([86, 114]);
  expect(positionExtremes(legs)).toEqual({ maxProfit: 400, maxLoss: null });
  // The chart marks the breakeven nearer the spot.
  expect(positionPayoffSeries(legs, 50, 150, 112).breakeven).toBe(114);
});

test('closing charts nothing; a leg without a price cannot be charted', () => {
  const close = payoffLegs(recommendation({ action: 'close', legs: [option({ side: 'BUY', mid: 0.3 })] }));
  expect(close.ok).toBe(false);
  const unpriced = payoffLegs(
    recommendation({ legs: [option({ strike: 100 }), option({ strike: 95, side: 'BUY' })], limitPrice: null }),
  );
  expect(unpriced).toMatchObject({ ok: false, reason: expect.stringMatching(/No price/) });
});

test('a single leg without a mid is priced at the limit', () => {
  expect(legsOf(recommendation({ legs: [option({})], limitPrice: '1.35' }))[0]?.price).toBe(1.35);
});

test('legs expiring after the first expiry are left out of the chart, with a note', () => {
  const plan = payoffLegs(
    recommendation({
      action: 'sell_call',
      legs: [
        option({ right: 'call', strike: 50, expiry: '2027-12-17', side: 'BUY', mid: 12 }),
        option({ right: 'call', strike: 60, expiry: '2026-06-19', mid: 1 }),
      ],
      limitPrice: '11',
    }),
  );
  expect(plan.ok && plan.expiry).toBe('2026-06-19');
  expect(plan.ok && plan.legs.map((l) => l.strike)).toEqual([60]);
  expect(plan.ok && plan.notes[0]).toBe('The 2027-12-17 call leg expires later and is not in the chart.');
});

import { describe, expect, it } from 'vitest';
import { calcLine } from './calc.command';

const run = (request: unknown) => {
  const { output, ok } = calcLine(typeof request === 'string' ? request : JSON.stringify(request));
  return { ok, body: JSON.parse(output) as Record<string, unknown> };
};

describe('optionstrader calc, one line', () => {
  it('prices Hull’s Example 15.6 (Options, Futures and Other Derivatives): call 4.76', () => {
    const { ok, body } = run({ op: 'price', right: 'call', S: 42, K: 40, T: 0.5, r: 0.1, q: 0, sigma: 0.2 });
    expect(ok).toBe(true);
    expect(body.price).toBeCloseTo(4.7594, 4);
  });

  it('gives the greeks of Hull’s greeks example (S=49, K=50, T=20 weeks, r=5%, σ=20%)', () => {
    const { body } = run({ op: 'greeks', right: 'call', S: 49, K: 50, T: 0.3846, r: 0.05, sigma: 0.2 });
    expect(body).toMatchObject({
      delta: expect.closeTo(0.522, 3),
      gamma: expect.closeTo(0.066, 3),
      vega: expect.closeTo(12.1, 1),
      theta: expect.closeTo(-4.31, 2),
      rho: expect.closeTo(8.91, 2),
    });
    expect(body.thetaPerDay).toBeCloseTo((body.theta as number) / 365, 12);
  });

  it('round-trips a price to its implied vol, European and American', () => {
    for (const style of ['european', 'american'] as const) {
      const contract = { style, right: 'put', S: 100, K: 105, T: 0.25, r: 0.05, q: 0.01 } as const;
      const { body: priced } = run({ op: 'price', ...contract, sigma: 0.3 });
      const { body } = run({ op: 'iv', ...contract, price: priced.price });
      expect(body.iv).toBeCloseTo(0.3, 6);
    }
  });

  it('American put is worth more than the European one when early exercise pays', () => {
    const contract = { op: 'price', right: 'put', S: 80, K: 100, T: 1, r: 0.08, q: 0, sigma: 0.2 } as const;
    const european = run({ ...contract, style: 'european' }).body.price as number;
    const american = run({ ...contract, style: 'american' }).body.price as number;
    expect(american).toBeGreaterThan(european + 0.5);
  });

  it('an IV outside the arbitrage bounds is null with the reason, never 0', () => {
    const { ok, body } = run({ op: 'iv', right: 'call', S: 42, K: 40, T: 0.5, r: 0.1, price: 1 });
    expect(ok).toBe(true);
    expect(body).toEqual({ iv: null, reason: 'below_intrinsic' });
    expect(run({ op: 'iv', right: 'call', S: 42, K: 40, T: 0.5, r: 0.1, price: 50 }).body).toEqual({
      iv: null,
      reason: 'above_maximum',
    });
  });

  it.each([
    ['not json', /malformed JSON/],
    [{ op: 'vega', right: 'call' }, /op: /],
    [{ op: 'price', right: 'call', S: -1, K: 40, T: 0.5, r: 0.1, sigma: 0.2 }, /^S: /],
    [{ op: 'price', right: 'straddle', S: 1, K: 40, T: 0.5, r: 0.1, sigma: 0.2 }, /^right: /],
    [{ op: 'price', right: 'call', S: 1, K: 40, T: 0.5, r: 0.1 }, /^sigma: /],
    [{ op: 'iv', right: 'call', S: 1, K: 40, T: 0.5, r: 0.1, sigma: 0.2, price: 1 }, /sigma/],
    [{ op: 'price', right: 'call', S: 1, K: 40, T: 0.5, r: 0.1, sigma: 0.2, extra: 1 }, /extra/],
  ])('bad input %j → an error line naming the problem', (request, message) => {
    const { ok, body } = run(request);
    expect(ok).toBe(false);
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatch(message);
  });
});

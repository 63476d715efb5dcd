// `npm run bench`: implied vols and greeks per second, ours against the npm packages a TypeScript user
// would otherwise pick, on the same seeded inputs, with the worst error of each. Numbers, not assertions.
import {
  greeks,
  greeksBatch,
  impliedVol,
  impliedVolBatch,
  price,
  priceBatch,
  type GreeksBatchOutput,
  type OptionRight,
} from '@optionstrader/domain';
import { blackScholesPackage, greeksPackage, impliedVolatilityPackage } from './competitors';

/** mulberry32: a small seeded generator, so every run prices the same contracts. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Contracts {
  n: number;
  right: Uint8Array;
  S: Float64Array;
  K: Float64Array;
  T: Float64Array;
  r: Float64Array;
  q: Float64Array;
  sigma: Float64Array;
}

/** Mixed listed-style contracts: 1 day to 2 years, strikes within ±3 sd, vols 5%–150%. */
function makeContracts(n: number, seed: number, withDividends: boolean): Contracts {
  const rnd = seeded(seed);
  const c: Contracts = {
    n,
    right: new Uint8Array(n),
    S: new Float64Array(n),
    K: new Float64Array(n),
    T: new Float64Array(n),
    r: new Float64Array(n),
    q: new Float64Array(n),
    sigma: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const T = 1 / 365 + 2 * rnd() ** 2;
    const sigma = 0.05 + 1.45 * rnd();
    const S = 20 + 480 * rnd();
    c.right[i] = rnd() < 0.5 ? 1 : 0;
    c.S[i] = S;
    c.T[i] = T;
    c.sigma[i] = sigma;
    c.r[i] = 0.06 * rnd();
    c.q[i] = withDividends ? 0.04 * rnd() : 0;
    c.K[i] = S * Math.exp(sigma * Math.sqrt(T) * 6 * (rnd() - 0.5));
  }
  return c;
}

const rightOf = (c: Contracts, i: number): OptionRight => (c.right[i] === 1 ? 'call' : 'put');
const at = (a: Float64Array, i: number) => a[i] ?? NaN;

/** Best of `reps` runs, in nanoseconds per item (best-of filters out noise from a shared machine). */
function timeNs(items: number, reps: number, run: () => void): number {
  let best = Infinity;
  for (let k = 0; k < reps; k++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / items);
  }
  return best;
}

const rows: string[][] = [];
const report = (what: string, library: string, ns: number, error: string) =>
  rows.push([
    what,
    library,
    ns < 1000 ? `${ns.toFixed(0)} ns` : `${(ns / 1000).toFixed(1)} µs`,
    `${(1e9 / ns / 1e6).toFixed(3)} M/s`,
    error,
  ]);

// --- implied volatility over 1M mixed contracts (with dividend yields) ---
const N = 1_000_000;
const all = makeContracts(N, 20261121, true);
const prices = priceBatch({ ...all, sigma: all.sigma });
const ivOut = new Float64Array(N);

const maxIvError = (iv: Float64Array, c: Contracts, count: number) => {
  let worst = 0;
  let solved = 0;
  for (let i = 0; i < count; i++) {
    const e = Math.abs(at(iv, i) - at(c.sigma, i));
    if (Number.isFinite(e)) {
      solved++;
      worst = Math.max(worst, e);
    }
  }
  return `max |Δσ| ${worst.toExponential(1)} (${solved}/${count} solved)`;
};

const ivBatchNs = timeNs(N, 3, () => impliedVolBatch({ ...all, price: prices }, ivOut));
report('IV, 1M mixed (batch)', 'ours (Let’s Be Rational)', ivBatchNs, maxIvError(ivOut, all, N));
const ivScalarNs = timeNs(N, 2, () => {
  for (let i = 0; i < N; i++) {
    ivOut[i] = impliedVol({
      right: rightOf(all, i),
      S: at(all.S, i),
      K: at(all.K, i),
      T: at(all.T, i),
      r: at(all.r, i),
      q: at(all.q, i),
      price: at(prices, i),
    });
  }
});
report('IV, 1M mixed (scalar API)', 'ours (Let’s Be Rational)', ivScalarNs, maxIvError(ivOut, all, N));

// The npm packages know no dividend yield: compare on contracts with q = 0.
const noDiv = makeContracts(N, 42, false);
const noDivPrices = priceBatch({ ...noDiv, sigma: noDiv.sigma });
// Quotes come in cents, and that is where a stopping rule shows: both libraries get cent-rounded prices,
// and the reference is the exact IV of the rounded price (ours is validated to ~1e-13 against published values).
const SAMPLE = 2_000; // implied-volatility takes milliseconds per contract: a sample says enough
const quoted = new Float64Array(SAMPLE);
const referenceIv = new Float64Array(SAMPLE);
for (let i = 0; i < SAMPLE; i++) quoted[i] = Math.max(0.01, Math.round(at(noDivPrices, i) * 100) / 100);
const sampleContracts = {
  ...noDiv,
  right: noDiv.right.subarray(0, SAMPLE),
  S: noDiv.S.subarray(0, SAMPLE),
  K: noDiv.K.subarray(0, SAMPLE),
  T: noDiv.T.subarray(0, SAMPLE),
  r: noDiv.r.subarray(0, SAMPLE),
  q: noDiv.q.subarray(0, SAMPLE),
};
impliedVolBatch({ ...sampleContracts, price: quoted }, referenceIv);
const quotedError = (iv: Float64Array) => {
  let worstAbs = 0;
  let worstRel = 0;
  let compared = 0;
  for (let i = 0; i < SAMPLE; i++) {
    const ref = at(referenceIv, i);
    if (!Number.isFinite(ref) || ref <= 0) continue; // the rounded price fell outside the bounds
    compared++;
    worstAbs = Math.max(worstAbs, Math.abs(at(iv, i) - ref));
    worstRel = Math.max(worstRel, Math.abs(at(iv, i) / ref - 1));
  }
  return `vs exact IV of the cent price: max |Δσ| ${worstAbs.toExponential(1)}, worst relative ${(worstRel * 100).toPrecision(2)}% (${compared} quotes)`;
};
const theirIv = new Float64Array(SAMPLE);
const theirIvNs = timeNs(SAMPLE, 1, () => {
  for (let i = 0; i < SAMPLE; i++) {
    theirIv[i] = impliedVolatilityPackage.getImpliedVolatility(
      at(quoted, i),
      at(noDiv.S, i),
      at(noDiv.K, i),
      at(noDiv.T, i),
      at(noDiv.r, i),
      rightOf(noDiv, i),
    );
  }
});
report(`IV, ${SAMPLE} cent-rounded quotes, q=0`, 'implied-volatility@1.0.0', theirIvNs, quotedError(theirIv));
const ourQuotedIv = new Float64Array(SAMPLE);
const ourQuotedNs = timeNs(SAMPLE * 100, 3, () => {
  for (let k = 0; k < 100; k++) {
    for (let i = 0; i < SAMPLE; i++) {
      ourQuotedIv[i] = impliedVol({
        right: rightOf(noDiv, i),
        S: at(noDiv.S, i),
        K: at(noDiv.K, i),
        T: at(noDiv.T, i),
        r: at(noDiv.r, i),
        q: 0,
        price: at(quoted, i),
      });
    }
  }
});
report(
  `IV, same ${SAMPLE} quotes (scalar API)`,
  'ours (Let’s Be Rational)',
  ourQuotedNs,
  'the reference itself (its accuracy: the exact-price rows above)',
);
const oursNoDiv = new Float64Array(N);
const ourNoDivNs = timeNs(N, 3, () => impliedVolBatch({ ...noDiv, price: noDivPrices }, oursNoDiv));
report('IV, 1M of the q=0 set (batch)', 'ours (Let’s Be Rational)', ourNoDivNs, maxIvError(oursNoDiv, noDiv, N));

// --- greeks: a 2,000-contract chain, and per contract against the greeks package ---
const CHAIN = 2_000;
const chain = makeContracts(CHAIN, 7, false);
const columns = (): GreeksBatchOutput => ({
  price: new Float64Array(CHAIN),
  delta: new Float64Array(CHAIN),
  gamma: new Float64Array(CHAIN),
  vega: new Float64Array(CHAIN),
  theta: new Float64Array(CHAIN),
  thetaPerDay: new Float64Array(CHAIN),
  rho: new Float64Array(CHAIN),
  dividendRho: new Float64Array(CHAIN),
});
const g = columns();
const chainNs = timeNs(CHAIN * 200, 5, () => {
  for (let k = 0; k < 200; k++) greeksBatch({ ...chain, sigma: chain.sigma }, g);
});
rows.push([
  `greeks, ${CHAIN}-contract chain (batch)`,
  'ours',
  `${((chainNs * CHAIN) / 1000).toFixed(0)} µs / chain`,
  `${(1e9 / chainNs / 1e6).toFixed(2)} M/s`,
  'price + 7 greeks',
]);

let worst = { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
const theirNs = timeNs(CHAIN * 50, 3, () => {
  for (let k = 0; k < 50; k++) {
    for (let i = 0; i < CHAIN; i++) {
      const args = [at(chain.S, i), at(chain.K, i), at(chain.T, i), at(chain.sigma, i), at(chain.r, i)] as const;
      const right = rightOf(chain, i);
      blackScholesPackage.blackScholes(...args, right);
      greeksPackage.getDelta(...args, right);
      greeksPackage.getGamma(...args);
      greeksPackage.getVega(...args);
      greeksPackage.getTheta(...args, right);
      greeksPackage.getRho(...args, right);
    }
  }
});
for (let i = 0; i < CHAIN; i++) {
  const args = [at(chain.S, i), at(chain.K, i), at(chain.T, i), at(chain.sigma, i), at(chain.r, i)] as const;
  const right = rightOf(chain, i);
  const diff = (theirs: number, ours: number) => Math.abs(theirs - ours) || 0;
  worst = {
    price: Math.max(worst.price, diff(blackScholesPackage.blackScholes(...args, right), at(g.price, i))),
    delta: Math.max(worst.delta, diff(greeksPackage.getDelta(...args, right), at(g.delta, i))),
    gamma: Math.max(worst.gamma, diff(greeksPackage.getGamma(...args), at(g.gamma, i))),
    vega: Math.max(worst.vega, diff(greeksPackage.getVega(...args) * 100, at(g.vega, i))),
    theta: Math.max(worst.theta, diff(greeksPackage.getTheta(...args, right) * 365, at(g.theta, i))),
    rho: Math.max(worst.rho, diff(greeksPackage.getRho(...args, right) * 100, at(g.rho, i))),
  };
}
rows.push([
  `greeks, same chain, per contract`,
  'black-scholes@1.1.0 + greeks@1.0.0',
  `${((theirNs * CHAIN) / 1000).toFixed(0)} µs / chain`,
  `${(1e9 / theirNs / 1e6).toFixed(2)} M/s`,
  `max |diff| vs ours: price ${worst.price.toExponential(1)}, delta ${worst.delta.toExponential(1)}, vega ${worst.vega.toExponential(1)}, theta ${worst.theta.toExponential(1)}`,
]);

const scalarGreeksNs = timeNs(CHAIN * 50, 3, () => {
  for (let k = 0; k < 50; k++) {
    for (let i = 0; i < CHAIN; i++) {
      greeks({
        right: rightOf(chain, i),
        S: at(chain.S, i),
        K: at(chain.K, i),
        T: at(chain.T, i),
        r: at(chain.r, i),
        q: 0,
        sigma: at(chain.sigma, i),
      });
    }
  }
});
report('greeks, same chain (scalar API)', 'ours', scalarGreeksNs, 'price + 7 greeks, one object each');

// --- American: the engines a chain scan would call ---
const AM = 2_000;
const am = makeContracts(AM, 99, true);
const amNs = timeNs(AM, 2, () => {
  for (let i = 0; i < AM; i++) {
    price(
      {
        right: rightOf(am, i),
        S: at(am.S, i),
        K: at(am.K, i),
        T: at(am.T, i),
        r: at(am.r, i),
        q: at(am.q, i),
        sigma: at(am.sigma, i),
      },
      { style: 'american' },
    );
  }
});
report(`American price, ${AM} mixed`, 'ours (default engine)', amNs, '');

const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0), 8)) ?? [];
const header = ['what', 'library', 'time per item', 'throughput', 'accuracy'];
const line = (cells: string[]) =>
  cells.map((cell, col) => cell.padEnd(Math.max(widths[col] ?? 0, header[col]?.length ?? 0))).join('  ');
process.stdout.write(
  `OptionsTrader option-math benchmark — node ${process.version}, single thread, best of several runs\n\n`,
);
process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
process.stdout.write(
  `\nTarget from the issue: ≤ 400 ns per IV (2× Jäckel's reference C++ at ~200 ns on these machines); greeks for a 2,000-contract chain well under 1 ms.\n`,
);

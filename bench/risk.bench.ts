// `npm run bench`: the full risk state (margin, concentration, greeks, historical and delta-gamma VaR, 13 stress
// scenarios) of a synthetic 500-position book: 50 underliers × (stock + 9 options), 250 days of seeded returns each.
// Numbers, not assertions; the bar is "well under a second".
import { performance } from 'node:perf_hooks';
import {
  computeRiskState,
  newYorkToUtc,
  parseIsoDate,
  parseMoney,
  type IsoDate,
  type MarginMarket,
  type MarginPosition,
  type RiskStateInput,
} from '../packages/domain/src/index';

const UNDERLIERS = 50;
const DAYS = 250;
const RUNS = 10;

/** mulberry32: the same book on every run. */
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

function syntheticInput(): RiskStateInput {
  const rnd = seeded(7);
  const expiries = ['2026-03-20', '2026-04-17', '2026-06-18'] as IsoDate[];
  const spots: Record<string, number> = { SPY: 680 };
  const returnsBySymbol: Record<string, number[]> = {};
  const dailyVolBySymbol: Record<string, number> = {};
  const betaBySymbol: Record<string, number> = {};
  const positions: MarginPosition[] = [];
  for (let i = 0; i < UNDERLIERS; i++) {
    const symbol = `S${String(i).padStart(2, '0')}`;
    const spot = 20 + 480 * rnd();
    const vol = 0.01 + 0.03 * rnd();
    spots[symbol] = spot;
    dailyVolBySymbol[symbol] = vol;
    betaBySymbol[symbol] = 0.5 + rnd();
    // Box-Muller normals scaled to the daily vol.
    returnsBySymbol[symbol] = Array.from(
      { length: DAYS },
      () => vol * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()),
    );
    positions.push({ symbol, quantity: 100 * (1 + Math.floor(rnd() * 10)), mark: spot, instrument: { kind: 'stock' } });
    for (let j = 0; j < 9; j++) {
      const right = j % 2 === 0 ? 'put' : 'call';
      const strike = Math.round(spot * (0.8 + 0.4 * rnd()));
      positions.push({
        symbol,
        quantity: (1 + Math.floor(rnd() * 5)) * (rnd() < 0.6 ? -1 : 1),
        mark: Math.max(0.05, Math.abs(spot - strike) * 0.1 + spot * 0.02),
        instrument: {
          kind: 'option',
          right,
          strike,
          expiry: expiries[j % expiries.length] ?? ('2026-04-17' as IsoDate),
          multiplier: 100,
        },
      });
    }
  }
  const market: MarginMarket = {
    nowMs: newYorkToUtc(parseIsoDate('2026-03-02'), 12 * 60),
    spot: (symbol) => spots[symbol] ?? null,
    kind: (symbol) => (symbol === 'SPY' ? 'index_etf' : 'stock'),
    vol: (_symbol, _expiry, strike) => 0.2 + 0.0001 * (strike % 100),
    rate: 0.04,
    dividendYield: () => 0.01,
  };
  return {
    type: 'margin_pm',
    cash: parseMoney('1000000'),
    positions,
    market,
    returnsBySymbol,
    dailyVolBySymbol,
    betaBySymbol,
  };
}

const input = syntheticInput();
const warm = computeRiskState(input);
const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  computeRiskState(input);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = ((times[RUNS / 2 - 1] ?? 0) + (times[RUNS / 2] ?? 0)) / 2;
process.stdout.write(
  `risk state, ${input.positions.length} positions, ${UNDERLIERS} underliers, ${DAYS} days: ` +
    `median ${median.toFixed(1)} ms of ${RUNS} runs (min ${(times[0] ?? 0).toFixed(1)} ms)\n` +
    `  NLV ${warm.margin.netLiquidation}, maintenance ${warm.margin.maintenanceMargin}, ` +
    `historical VaR99 ${warm.var.historical?.var99.toFixed(0) ?? 'n/a'}, ` +
    `delta-gamma VaR99 ${warm.var.deltaGamma?.var99.toFixed(0) ?? 'n/a'}, ` +
    `worst stress ${warm.worstStress?.scenarioId ?? 'n/a'} ${warm.worstStress?.pnl.toFixed(0) ?? ''}\n`,
);

// `npm run bench`: a 20-year daily Wheel on 10 underliers over the shipped data (model-priced chains from the VIX,
// commissions, early assignment, the risk rules on every order) — wall time and simulated days per second; then the
// Cboe-style reference runs (put-write and buy-write on the S&P 500, 2000–2022) next to the index itself. Numbers,
// not assertions.
import { performance } from 'node:perf_hooks';
import { BACKTEST_PRESETS, type BacktestRequestParsed, backtestRequestSchema } from '@optionstrader/contracts';
import { prepareBacktest, simulatePrepared } from '../packages/application/src/index';
import { createFileBacktestData } from '../apps/server/src/adapters/backtest-data/index';

const print = (line: string) => process.stdout.write(`${line}\n`);
const data = createFileBacktestData();
const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);

async function timed(raw: unknown) {
  const request: BacktestRequestParsed = backtestRequestSchema.parse(raw);
  const t0 = performance.now();
  const prepared = await prepareBacktest(data, request);
  if (!prepared.ok) throw new Error(`${prepared.message} ${JSON.stringify(prepared)}`);
  const t1 = performance.now();
  const result = await simulatePrepared(prepared.value, { sliceDays: 250, yieldToEventLoop: immediate });
  const t2 = performance.now();
  return { result, loadMs: t1 - t0, simMs: t2 - t1 };
}

const TEN = ['SPY', 'QQQ', 'AAPL', 'MSFT', 'KO', 'JPM', 'XOM', 'JNJ', 'PG', 'WMT'];
// Warm the file cache and the JIT on a short run first.
await timed({ strategy: 'wheel', underliers: ['KO'], from: '2010-01-04', to: '2010-06-30' });
const wheel = await timed({
  strategy: 'wheel',
  config: { symbols: TEN, targetDelta: 0.3, maxNewPctOfBuyingPower: 0.3 },
  underliers: TEN,
  from: '2002-11-18',
  to: '2022-11-18',
  initialCash: '1000000',
  riskLimits: { maxNewContractsPerRun: null },
});
const days = wheel.result.equity.length;
print(`Backtest: Wheel on 10 underliers (${TEN.join(', ')}), ${wheel.result.from} → ${wheel.result.to}`);
print(`  ${days} trading days, ${days * TEN.length} underlier-days, ${wheel.result.fills.length} fills`);
print(`  data load ${wheel.loadMs.toFixed(0)} ms; simulation ${(wheel.simMs / 1000).toFixed(2)} s`);
print(
  `  ${(days / (wheel.simMs / 1000)).toFixed(0)} simulated days/s, ${((days * TEN.length) / (wheel.simMs / 1000)).toFixed(0)} underlier-days/s`,
);
print(
  `  CAGR ${pct(wheel.result.stats.cagr)}, volatility ${pct(wheel.result.stats.volatility)}, max drawdown ${pct(wheel.result.stats.maxDrawdown)}`,
);

const preset = (id: string) => BACKTEST_PRESETS.find((p) => p.id === id)!.request;
const put = await timed(preset('cboe-put'));
const bxm = await timed(preset('cboe-bxm'));
print(
  '\nCboe-style reference runs on the S&P 500 (the presets: GSPC + SPY-derived dividends, 0.83 × VIX, mid fills), 2000-01-03 → 2022-11-18',
);
print('  run                 CAGR     volatility  max drawdown  Sharpe   sim time');
const row = (name: string, r: Awaited<ReturnType<typeof timed>>, s = r.result.stats) =>
  print(
    `  ${name.padEnd(18)}  ${pct(s.cagr).padStart(7)}  ${pct(s.volatility).padStart(10)}  ${pct(s.maxDrawdown).padStart(12)}  ${(s.sharpe ?? NaN).toFixed(2).padStart(6)}   ${(r.simMs / 1000).toFixed(2)} s`,
  );
row('put-write (PUT)', put);
row('buy-write (BXM)', bxm);
const b = put.result.stats.benchmark!;
print(
  `  ${'S&P 500 TR'.padEnd(18)}  ${pct(b.cagr).padStart(7)}  ${pct(b.volatility).padStart(10)}  ${pct(b.maxDrawdown).padStart(12)}  ${(b.sharpe ?? NaN).toFixed(2).padStart(6)}`,
);

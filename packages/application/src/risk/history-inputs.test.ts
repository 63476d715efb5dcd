import { addDays, type IsoDate } from '@optionstrader/domain';
import { describe, expect, it } from 'vitest';
import type { DailyClose } from '../ports';
import { betaOf, historyInputs, sampleStdev } from './history-inputs';

const START = '2024-01-01' as IsoDate;
/** Closes from a list of daily returns, starting at 100. */
function closesFrom(returns: readonly number[], start = START, skip: ReadonlySet<number> = new Set()): DailyClose[] {
  const out: DailyClose[] = [{ date: start, close: 100 }];
  returns.forEach((r, i) => {
    const previous = out[out.length - 1] as DailyClose;
    out.push({ date: addDays(start, i + 1), close: previous.close * (1 + r) });
  });
  return out.filter((_, i) => !skip.has(i));
}
const wave = (n: number, amplitude: number) => Array.from({ length: n }, (_, i) => amplitude * Math.sin(i * 1.7));

describe('history inputs', () => {
  it('computes beta and stdev by the textbook formulas (hand-checked)', () => {
    expect(betaOf([0.02, -0.02, 0.04], [0.01, -0.01, 0.02])).toBeCloseTo(2, 12);
    // Mean 0.5, squared deviations 0.25 + 0.25 → sample variance 0.5.
    expect(sampleStdev([0, 1])).toBeCloseTo(Math.sqrt(0.5), 12);
  });

  it('gives a stock that moves twice the benchmark a beta of 2 and twice its vol', () => {
    const spy = wave(300, 0.01);
    const closes = new Map([
      ['SPY', closesFrom(spy)],
      ['TWICE', closesFrom(spy.map((r) => 2 * r))],
    ]);
    const inputs = historyInputs(closes, ['SPY', 'TWICE']);
    expect(inputs.betaBySymbol.SPY).toBe(1);
    expect(inputs.betaBySymbol.TWICE).toBeCloseTo(2, 10);
    expect(inputs.dailyVolBySymbol.TWICE).toBeCloseTo(2 * (inputs.dailyVolBySymbol.SPY ?? 0), 10);
    expect(inputs.missing).toEqual([]);
  });

  it('aligns the VaR returns on the common days and keeps the newest window', () => {
    const a = closesFrom(wave(700, 0.01));
    // B misses day 650: both series are read on the common days only (the gap becomes one two-day scenario).
    const b = closesFrom(wave(700, 0.02), START, new Set([650]));
    const inputs = historyInputs(
      new Map([
        ['A', a],
        ['B', b],
      ]),
      ['A', 'B'],
      { varWindow: 500 },
    );
    expect(inputs.returnsBySymbol.A).toHaveLength(500);
    expect(inputs.returnsBySymbol.B).toHaveLength(500);
    expect(inputs.through).toBe(addDays(START, 700));
  });

  it('lists the symbols without history and gives them no beta or vol', () => {
    const inputs = historyInputs(new Map([['SPY', closesFrom(wave(300, 0.01))]]), ['SPY', 'TSLA']);
    expect(inputs.missing).toEqual(['TSLA']);
    expect(inputs.betaBySymbol.TSLA).toBeUndefined();
    expect(inputs.dailyVolBySymbol.TSLA).toBeUndefined();
    expect(inputs.returnsBySymbol.SPY).toHaveLength(300);
  });

  it('has no beta without the benchmark, and nothing from too short a history', () => {
    const inputs = historyInputs(
      new Map([
        ['KO', closesFrom(wave(300, 0.01))],
        ['NEW', closesFrom(wave(20, 0.01))],
      ]),
      ['KO', 'NEW'],
    );
    expect(inputs.betaBySymbol.KO).toBeUndefined();
    expect(inputs.missing).toEqual(['NEW']);
  });
});

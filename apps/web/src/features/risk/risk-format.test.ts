import { describe, expect, it } from 'vitest';
import {
  barPercent,
  estimateLabel,
  formatPointsChange,
  levelAbove,
  levelBelow,
  moneyDifference,
  ratioOf,
  tickerExposureOfNlv,
} from './risk-format';

describe('levelBelow (a ratio that must stay under its limits)', () => {
  it.each([
    [0.3, 'ok'],
    [0.5, 'ok'], // at the warning level is not above it
    [0.55, 'warn'],
    [0.7, 'warn'],
    [0.71, 'breach'],
  ] as const)('usage %s against warn 50%% / max 70%% is %s', (usage, level) => {
    expect(levelBelow(usage, 0.5, 0.7)).toBe(level);
  });

  it('is unknown for an unknown ratio, never ok', () => {
    expect(levelBelow(null, 0.5, 0.7)).toBe('unknown');
    expect(levelBelow(Number.NaN, 0.5, 0.7)).toBe('unknown');
  });

  it('a limit switched off (null) is never crossed', () => {
    expect(levelBelow(0.95, null, null)).toBe('ok');
    expect(levelBelow(0.95, 0.5, null)).toBe('warn');
  });
});

describe('levelAbove (a ratio that must stay over its floor)', () => {
  it('breaches below the floor, is ok at or above it, unknown without a value', () => {
    expect(levelAbove(0.05, 0.1)).toBe('breach');
    expect(levelAbove(0.1, 0.1)).toBe('ok');
    expect(levelAbove(0.05, null)).toBe('ok');
    expect(levelAbove(null, 0.1)).toBe('unknown');
  });
});

describe('moneyDifference', () => {
  it('subtracts decimal strings exactly (no float noise)', () => {
    expect(moneyDifference('0.30', '0.10')).toBe('0.20');
    expect(moneyDifference('12500.10', '12750.35')).toBe('-250.25');
    expect(moneyDifference('100', '100.00')).toBe('0.00');
  });

  it('is null when either side is unknown (never a difference against 0)', () => {
    expect(moneyDifference(null, '100')).toBeNull();
    expect(moneyDifference('100', null)).toBeNull();
  });
});

describe('ratioOf', () => {
  it('divides, and is null for an unknown part or a whole that is not positive', () => {
    expect(ratioOf('25000', '250000')).toBe(0.1);
    expect(ratioOf(null, '250000')).toBeNull();
    expect(ratioOf('1', null)).toBeNull();
    expect(ratioOf('1', '0')).toBeNull();
    expect(ratioOf('1', '-5')).toBeNull();
  });
});

describe('tickerExposureOfNlv', () => {
  const row = {
    symbol: 'KO',
    notional: 12_000,
    notionalOfNlv: 0.048,
    deltaAdjustedNotional: 14_000,
    deltaAdjustedNotionalOfNlv: 0.056,
    shortPutAssignment: 5_800,
    shortPutAssignmentOfNlv: 0.0232,
  };

  it('adds the short-put assignment share to the notional share', () => {
    expect(tickerExposureOfNlv(row)).toBeCloseTo(0.0712, 10);
  });

  it('is null when a share it needs is unknown', () => {
    expect(tickerExposureOfNlv({ ...row, notionalOfNlv: null })).toBeNull();
    expect(tickerExposureOfNlv({ ...row, shortPutAssignmentOfNlv: null })).toBeNull();
  });

  it('needs no assignment share when there are no short puts', () => {
    expect(tickerExposureOfNlv({ ...row, shortPutAssignment: 0, shortPutAssignmentOfNlv: null })).toBe(0.048);
  });
});

describe('formatting', () => {
  it('labels the estimate by the account type', () => {
    expect(estimateLabel('margin_pm')).toBe('Estimate (TIMS-like scan)');
    expect(estimateLabel('margin_regt')).toBe('Estimate (Reg-T rules)');
    expect(estimateLabel('tfsa')).toBe('Estimate (cash rules)');
  });

  it('shows a change of a ratio in signed percentage points, unknown as "—"', () => {
    expect(formatPointsChange(0.012)).toBe('+1.20 pp');
    expect(formatPointsChange(-0.0005)).toBe('−0.05 pp');
    expect(formatPointsChange(0.000001)).toBe('0.00 pp');
    expect(formatPointsChange(null)).toBe('—');
  });

  it('clamps bar positions to 0–100 and shows an unknown ratio as an empty bar', () => {
    expect(barPercent(0.345)).toBeCloseTo(34.5, 10);
    expect(barPercent(1.4)).toBe(100);
    expect(barPercent(-0.1)).toBe(0);
    expect(barPercent(null)).toBe(0);
  });
});

import { describe, expect, test } from 'vitest';
import { defaultCalculatorForm, parseCalculatorForm, type CalculatorForm } from './calculator-form';

const form = (overrides: Partial<CalculatorForm> = {}): CalculatorForm => ({ ...defaultCalculatorForm, ...overrides });

describe('parseCalculatorForm', () => {
  test('the defaults are a valid at-the-money call, with percentages and days converted to model units', () => {
    const { input, errors, observedPrice } = parseCalculatorForm(form());
    expect(errors).toEqual({});
    expect(observedPrice).toBeNull();
    expect(input).toEqual({ right: 'call', S: 100, K: 100, T: 30 / 365, r: 0.04, q: 0, sigma: 0.2 });
  });

  test('182.5 days is exactly half a year (Hull 15.6 needs T = 0.5)', () => {
    const { input } = parseCalculatorForm(form({ spot: 42, strike: 40, days: '182.5', ratePct: 10 }));
    expect(input?.T).toBe(0.5);
  });

  test('empty, negative and non-numeric fields give inline errors and no input', () => {
    const { input, errors } = parseCalculatorForm(
      form({ spot: '', strike: -40, days: 0, volatilityPct: '-', dividendYieldPct: -1 }),
    );
    expect(input).toBeNull();
    expect(errors).toEqual({
      spot: 'Required',
      strike: 'Must be greater than 0',
      days: 'Must be greater than 0',
      volatilityPct: 'Not a number',
      dividendYieldPct: 'Cannot be negative',
    });
  });

  test('a negative rate is allowed within bounds', () => {
    expect(parseCalculatorForm(form({ ratePct: -0.5 })).input?.r).toBe(-0.005);
    expect(parseCalculatorForm(form({ ratePct: -50 })).errors.ratePct).toBe('At least -20');
  });

  test('the observed price is optional; a bad one is an error that leaves the pricing input intact', () => {
    expect(parseCalculatorForm(form({ observedPrice: 4.76 })).observedPrice).toBe(4.76);
    const bad = parseCalculatorForm(form({ observedPrice: -1 }));
    expect(bad.errors).toEqual({ observedPrice: 'Must be greater than 0' });
    expect(bad.observedPrice).toBeNull();
    expect(bad.input).not.toBeNull();
  });
});

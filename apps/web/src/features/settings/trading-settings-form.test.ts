import { describe, expect, test } from 'vitest';
import {
  confirmsAccount,
  confirmsAutotrade,
  errorsFromIssues,
  limitsFormFrom,
  parseLimitsForm,
  parsePolicyForm,
  policyFormFrom,
  type PolicyForm,
} from './trading-settings-form';

describe('automation limits', () => {
  test('no cap shows as a blank field, and a blank field is no cap', () => {
    const form = limitsFormFrom({
      maxContractsPerOrder: 5,
      maxNotionalPerOrder: null,
      maxContractsPerDay: 20,
      maxNotionalPerDay: null,
    });
    expect(form).toEqual({
      maxContractsPerOrder: 5,
      maxNotionalPerOrder: '',
      maxContractsPerDay: 20,
      maxNotionalPerDay: '',
    });
    expect(parseLimitsForm({ ...form, maxNotionalPerDay: '  ' })).toEqual({
      ok: true,
      value: { maxContractsPerOrder: 5, maxNotionalPerOrder: null, maxContractsPerDay: 20, maxNotionalPerDay: null },
    });
  });

  test('contracts are whole numbers ≥ 1; notional more than 0', () => {
    const parsed = parseLimitsForm({
      maxContractsPerOrder: 0,
      maxNotionalPerOrder: 0,
      maxContractsPerDay: 2.5,
      maxNotionalPerDay: 'lots',
    });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        maxContractsPerOrder: 'A whole number of at least 1, or blank for no cap',
        maxNotionalPerOrder: 'More than 0, or blank for no cap',
        maxContractsPerDay: 'A whole number of at least 1, or blank for no cap',
        maxNotionalPerDay: 'Not a number',
      },
    });
    expect(
      parseLimitsForm({
        maxContractsPerOrder: '',
        maxNotionalPerOrder: 50_000.5,
        maxContractsPerDay: '',
        maxNotionalPerDay: '',
      }),
    ).toMatchObject({ ok: true, value: { maxNotionalPerOrder: 50_000.5 } });
  });
});

describe('order policy', () => {
  const stored = {
    priceBandFraction: 0.07,
    priceBandTicks: 3,
    repriceEnabled: true,
    repriceStepFraction: 0.25,
    repriceMaxSteps: 4,
    repriceDelaySeconds: 60,
  };

  test('fractions show as percent without float noise and come back as the same fractions', () => {
    const form = policyFormFrom(stored);
    // 0.07 × 100 is 7.000000000000001 in floating point.
    expect(form.priceBandFraction).toBe(7);
    expect(form.repriceStepFraction).toBe(25);
    expect(parsePolicyForm(form)).toEqual({ ok: true, value: stored });
  });

  test('bounds as the API has them: band 0–100%, step above 0%, up to 20 steps, 5–3600 s', () => {
    const form: PolicyForm = {
      priceBandFraction: 101,
      priceBandTicks: -1,
      repriceEnabled: false,
      repriceStepFraction: 0,
      repriceMaxSteps: 21,
      repriceDelaySeconds: 4,
    };
    expect(parsePolicyForm(form)).toEqual({
      ok: false,
      errors: {
        priceBandFraction: 'From 0% to 100%',
        priceBandTicks: 'A whole number from 0 to 1000',
        repriceStepFraction: 'From more than 0% to 100%',
        repriceMaxSteps: 'A whole number from 0 to 20',
        repriceDelaySeconds: 'A whole number from 5 to 3600',
      },
    });
    const blank = parsePolicyForm({ ...policyFormFrom(stored), priceBandTicks: '' });
    expect(blank).toEqual({ ok: false, errors: { priceBandTicks: 'Required' } });
  });
});

test('server issues land on the field named in their path', () => {
  expect(
    errorsFromIssues(
      [
        { path: 'body.policy.repriceDelaySeconds', message: 'Too small: expected number to be >=5' },
        { path: 'body.limits.maxContractsPerDay', message: 'Too small' },
        { path: 'body', message: 'Unrecognized key' },
      ],
      ['repriceDelaySeconds', 'priceBandTicks'] as const,
    ),
  ).toEqual({ repriceDelaySeconds: 'Too small: expected number to be >=5' });
});

test('confirmations are typed in full: the words for auto-trading, the account code for live', () => {
  expect(confirmsAutotrade('ENABLE AUTOTRADE')).toBe(true);
  expect(confirmsAutotrade('  ENABLE AUTOTRADE ')).toBe(true);
  expect(confirmsAutotrade('enable autotrade')).toBe(false);
  expect(confirmsAutotrade('ENABLE')).toBe(false);
  expect(confirmsAccount('DU-SIM-PM', 'DU-SIM-PM')).toBe(true);
  expect(confirmsAccount('du-sim-pm', 'DU-SIM-PM')).toBe(false);
  expect(confirmsAccount('', 'DU-SIM-PM')).toBe(false);
});

import type { ResolvedRiskLimits } from '@optionstrader/contracts';
import { describe, expect, it } from 'vitest';
import { errorsFromIssues, formatLimit, formFromLimits, LIMIT_FIELDS, overridesFromForm } from './limits';

// The margin-account defaults of the domain (packages/domain/src/risk/rules.ts).
const MARGIN_DEFAULTS: ResolvedRiskLimits = {
  marginUsageWarn: 0.5,
  marginUsageMax: 0.7,
  minExcessLiquidity: 0.1,
  tickerExposureWarn: 0.15,
  tickerExposureMax: 0.2,
  indexEtfExposureMax: null,
  maxNewContractsPerRun: 10,
  maxSyntheticDeltaShares: null,
  drawdownThrottleAt: 0.1,
  drawdownThrottleScale: 0.5,
  drawdownBlockAt: 0.25,
};

describe('formFromLimits', () => {
  it('shows fractions as percent without float noise, and a rule that is off as off', () => {
    const form = formFromLimits(MARGIN_DEFAULTS);
    expect(form.tickerExposureWarn).toEqual({ enabled: true, value: 15 }); // not 15.000000000000002
    expect(form.maxNewContractsPerRun).toEqual({ enabled: true, value: 10 });
    expect(form.maxSyntheticDeltaShares).toEqual({ enabled: false, value: '' });
  });

  it('covers every limit of the contract', () => {
    expect(Object.keys(formFromLimits(MARGIN_DEFAULTS)).sort()).toEqual(Object.keys(MARGIN_DEFAULTS).sort());
    expect(LIMIT_FIELDS).toHaveLength(Object.keys(MARGIN_DEFAULTS).length);
  });
});

describe('overridesFromForm', () => {
  it('sends nothing when every limit is at its default (the account then follows the defaults)', () => {
    expect(overridesFromForm(formFromLimits(MARGIN_DEFAULTS), MARGIN_DEFAULTS)).toEqual({ ok: true, overrides: {} });
  });

  it('sends only what differs: a changed percent as a fraction, a rule switched off as null, one switched on', () => {
    const form = formFromLimits(MARGIN_DEFAULTS);
    form.marginUsageWarn = { enabled: true, value: 45 };
    form.drawdownBlockAt = { enabled: false, value: 25 };
    form.maxSyntheticDeltaShares = { enabled: true, value: 5000 };
    form.drawdownThrottleScale = { enabled: true, value: '25' };
    expect(overridesFromForm(form, MARGIN_DEFAULTS)).toEqual({
      ok: true,
      overrides: {
        marginUsageWarn: 0.45,
        drawdownBlockAt: null,
        maxSyntheticDeltaShares: 5000,
        drawdownThrottleScale: 0.25,
      },
    });
  });

  it('converts percent exactly enough to compare with the default (7 / 100 is 0.07)', () => {
    const form = formFromLimits(MARGIN_DEFAULTS);
    form.marginUsageMax = { enabled: true, value: 70.0 };
    form.tickerExposureMax = { enabled: true, value: 7 };
    expect(overridesFromForm(form, MARGIN_DEFAULTS)).toEqual({ ok: true, overrides: { tickerExposureMax: 0.07 } });
  });

  it.each([
    ['marginUsageWarn', { enabled: true, value: '' }, 'Required (or turn the rule off)'],
    ['marginUsageWarn', { enabled: true, value: 120 }, 'At most 100%'],
    ['tickerExposureMax', { enabled: true, value: 1200 }, 'At most 1,000%'],
    ['maxNewContractsPerRun', { enabled: true, value: 2.5 }, 'Must be a whole number'],
    ['maxNewContractsPerRun', { enabled: true, value: -1 }, 'At least 0'],
    ['drawdownThrottleScale', { enabled: true, value: 0 }, 'Must be above 0%'],
    ['drawdownThrottleScale', { enabled: true, value: '' }, 'Required'],
    ['minExcessLiquidity', { enabled: true, value: 'abc' }, 'Not a number'],
  ] as const)('%s = %j is refused: %s', (key, entry, message) => {
    const form = formFromLimits(MARGIN_DEFAULTS);
    form[key] = { ...entry };
    expect(overridesFromForm(form, MARGIN_DEFAULTS)).toEqual({ ok: false, errors: { [key]: message } });
  });

  it('does not check the value of a rule that is off', () => {
    const form = formFromLimits(MARGIN_DEFAULTS);
    form.marginUsageWarn = { enabled: false, value: 'junk' };
    expect(overridesFromForm(form, MARGIN_DEFAULTS)).toEqual({ ok: true, overrides: { marginUsageWarn: null } });
  });
});

describe('formatLimit', () => {
  it('says what a limit is in its unit, or off', () => {
    expect(formatLimit('marginUsageWarn', 0.5)).toBe('50%');
    expect(formatLimit('tickerExposureWarn', 0.15)).toBe('15%');
    expect(formatLimit('drawdownThrottleAt', 0.125)).toBe('12.5%');
    expect(formatLimit('maxNewContractsPerRun', 10)).toBe('10 contracts');
    expect(formatLimit('maxSyntheticDeltaShares', 1000)).toBe('1,000 shares');
    expect(formatLimit('marginUsageMax', null)).toBe('off');
  });
});

describe('errorsFromIssues', () => {
  it('puts the server’s validation messages on the fields they name, first one wins', () => {
    expect(
      errorsFromIssues([
        { path: 'body.marginUsageWarn', message: 'Too big: expected number to be <=1' },
        { path: 'body.marginUsageWarn', message: 'second' },
        { path: 'body.unknownKey', message: 'Unrecognized key' },
        { path: 'body', message: 'marginUsageWarn must not exceed marginUsageMax' },
      ]),
    ).toEqual({ marginUsageWarn: 'Too big: expected number to be <=1' });
  });
});

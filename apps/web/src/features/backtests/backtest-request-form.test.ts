import { backtestRequestSchema, type BacktestDatasetView } from '@optionstrader/contracts';
import { describe, expect, test } from 'vitest';
import { BACKTEST_PRESETS, presetForm } from './backtest-presets';
import {
  commonRange,
  DEFAULT_FORM,
  errorKeysOf,
  formFromRequest,
  mapServerIssues,
  mergeConfig,
  rangeDatasetIds,
  requestFromForm,
  withoutErrors,
  type BacktestForm,
} from './backtest-request-form';

const dataset = (id: string, kind: BacktestDatasetView['kind'], from: string, to: string): BacktestDatasetView => ({
  id,
  kind,
  symbol: kind === 'iv_index' ? null : id,
  underlierKind: kind === 'underlier' ? 'stock' : null,
  style: kind === 'underlier' ? 'american_physical' : null,
  from,
  to,
  rows: 1000,
  dividends: kind === 'underlier' ? 'derived' : null,
  source: 'test',
});

const datasets = [
  dataset('KO', 'underlier', '1990-01-02', '2022-12-30'),
  dataset('SPY', 'underlier', '1993-01-29', '2026-01-30'),
  dataset('VIX', 'iv_index', '1990-01-02', '2026-02-27'),
  dataset('SPX-Q', 'option_quotes', '2014-01-02', '2015-12-31'),
];

const form = (over: Partial<BacktestForm> = {}): BacktestForm => ({
  ...DEFAULT_FORM,
  strategy: 'wheel',
  underliers: ['KO'],
  ...over,
});

describe('the data’s common range', () => {
  test('latest start and earliest end of every dataset the run reads', () => {
    expect(commonRange(datasets, ['KO', 'SPY', 'VIX'])).toEqual({ from: '1993-01-29', to: '2022-12-30' });
    expect(commonRange(datasets, ['KO', 'SPX-Q'])).toEqual({ from: '2014-01-02', to: '2015-12-31' });
  });

  test('null when nothing is chosen, a dataset is unknown, or they share no day', () => {
    expect(commonRange(datasets, [])).toBeNull();
    expect(commonRange(datasets, ['KO', 'NOPE'])).toBeNull();
    const late = dataset('LATE', 'underlier', '2023-01-03', '2024-01-02');
    expect(commonRange([...datasets, late], ['KO', 'LATE'])).toBeNull();
  });

  test('the IV index counts only when it is the IV source; option quotes when chosen', () => {
    expect(rangeDatasetIds(form())).toEqual(['KO', 'VIX']);
    expect(rangeDatasetIds(form({ ivSource: 'realized' }))).toEqual(['KO']);
    expect(rangeDatasetIds(form({ optionQuotes: 'SPX-Q' }))).toEqual(['KO', 'VIX', 'SPX-Q']);
  });
});

describe('the request a form describes', () => {
  test('the defaults make a request the contract accepts, with the contract’s defaults', () => {
    const parsed = requestFromForm(form(), { symbols: ['KO'] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toEqual({
      strategy: 'wheel',
      config: { symbols: ['KO'] },
      underliers: ['KO'],
      iv: { source: 'index', dataset: 'VIX', ratios: {} },
      optionQuotes: null,
      initialCash: '100000',
      accountType: 'margin_regt',
      fill: { kind: 'spread_fraction', fraction: 0.25 },
      slippagePerShare: 0,
      commissions: true,
      earlyAssignment: true,
      cashInterest: true,
      rate: null,
      seed: 1,
      benchmark: null,
      riskLimits: {},
    });
    const contractDefaults = backtestRequestSchema.parse({ strategy: 'wheel', underliers: ['KO'] });
    const { config: _c, ...rest } = backtestRequestSchema.parse(parsed.request);
    const { config: _d, ...defaults } = contractDefaults;
    expect(rest).toEqual(defaults);
  });

  test('dates, name, IV ratios other than 1, a constant rate and a chosen benchmark are sent', () => {
    const parsed = requestFromForm(
      form({
        name: '  KO wheel  ',
        underliers: ['KO', 'SPY'],
        ivRatios: { KO: 1.2, SPY: 1 },
        from: '2015-01-02',
        to: '2016-12-30',
        rate: 0.02,
        benchmark: 'SPY',
        fillKind: 'mid',
        initialCash: '250000.50',
      }),
      {},
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toMatchObject({
      name: 'KO wheel',
      from: '2015-01-02',
      to: '2016-12-30',
      iv: { source: 'index', dataset: 'VIX', ratios: { KO: 1.2 } },
      rate: 0.02,
      benchmark: 'SPY',
      fill: { kind: 'mid' },
      initialCash: '250000.5',
    });
  });

  test('realized vol sends its window and ratio', () => {
    const parsed = requestFromForm(form({ ivSource: 'realized', realizedWindow: 63, realizedRatio: 1.2 }), {});
    expect(parsed.ok && parsed.request.iv).toEqual({ source: 'realized', window: 63, ratio: 1.2 });
  });

  test('a benchmark no longer among the underliers is dropped', () => {
    const parsed = requestFromForm(form({ benchmark: 'SPY' }), {});
    expect(parsed.ok && parsed.request.benchmark).toBeNull();
  });

  test('what is missing or not a number is refused beside its input', () => {
    const parsed = requestFromForm(
      form({ strategy: null, underliers: [], seed: 'abc', initialCash: '', ivDataset: null }),
      {},
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchObject({
      strategy: 'Choose a strategy',
      underliers: 'Choose at least one underlier',
      seed: 'Not a number',
      initialCash: 'Required',
      'iv.dataset': 'Choose an IV index',
    });
  });

  test('the contract’s ranges are checked here too, under the input they concern', () => {
    const parsed = requestFromForm(
      form({ seed: 2 ** 31, fillFraction: 0.7, ivRatios: { KO: 6 }, slippagePerShare: -1, initialCash: 0 }),
      {},
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(
      ['fill.fraction', 'initialCash', 'iv.ratios.KO', 'seed', 'slippagePerShare'].sort(),
    );
  });

  test('from after to is left to the server (the contract has no rule for it; the data decide)', () => {
    expect(requestFromForm(form({ from: '2016-12-30', to: '2015-01-02' }), {}).ok).toBe(true);
  });

  test('a past run’s request loads back into the same request', () => {
    const original = backtestRequestSchema.parse({
      name: 'Again',
      strategy: 'wheel',
      config: { symbols: ['KO'] },
      underliers: ['KO'],
      iv: { source: 'index', dataset: 'VIX', ratios: { KO: 1.1 } },
      from: '2015-01-02',
      to: '2016-12-30',
      initialCash: '100000',
      fill: { kind: 'natural' },
      rate: 0.03,
      seed: 42,
      commissions: false,
    });
    const again = requestFromForm(formFromRequest(original, null), original.config);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(backtestRequestSchema.parse(again.request)).toEqual(original);
  });
});

describe('presets', () => {
  const preset = (id: string) => {
    const found = BACKTEST_PRESETS.find((p) => p.id === id);
    if (!found) throw new Error(id);
    return found;
  };

  test('every preset makes a valid request', () => {
    for (const p of BACKTEST_PRESETS) {
      expect(requestFromForm(presetForm(p), p.config).ok, p.id).toBe(true);
    }
  });

  test('Cboe PUT and BXM: SPX 2000-01-03 to 2022-11-18, $10M, mid fills, no commissions, Reg-T', () => {
    for (const [id, strategy] of [
      ['cboe-put', 'putwrite'],
      ['cboe-bxm', 'buywrite'],
    ] as const) {
      const parsed = requestFromForm(presetForm(preset(id)), {});
      expect(parsed.ok && parsed.request, id).toMatchObject({
        strategy,
        underliers: ['SPX'],
        from: '2000-01-03',
        to: '2022-11-18',
        initialCash: '10000000',
        fill: { kind: 'mid' },
        commissions: false,
        accountType: 'margin_regt',
      });
    }
  });

  test('Wheel on KO: |Δ| 0.30, profit target 50%, 2010-01-04 to 2022-12-30, $100k', () => {
    const wheel = preset('wheel-ko');
    expect(wheel.config).toMatchObject({ symbols: ['KO'], targetDelta: 0.3, rollRules: { profitTargetPct: 0.5 } });
    const parsed = requestFromForm(presetForm(wheel), wheel.config);
    expect(parsed.ok && parsed.request).toMatchObject({
      strategy: 'wheel',
      underliers: ['KO'],
      from: '2010-01-04',
      to: '2022-12-30',
      initialCash: '100000',
      riskLimits: { tickerExposureWarn: 0.5, tickerExposureMax: 0.6 },
    });
  });

  test('risk-limit overrides: empty keeps the default, "off" turns a rule off, a number sets it', () => {
    const put = preset('cboe-put');
    expect(presetForm(put).riskLimits).toEqual({
      maxNewContractsPerRun: 'off',
      tickerExposureMax: '',
      drawdownBlockAt: 'off',
    });
    const parsed = requestFromForm(presetForm(put), put.config);
    expect(parsed.ok && parsed.request.riskLimits).toEqual({
      maxNewContractsPerRun: null,
      drawdownThrottleAt: null,
      drawdownBlockAt: null,
    });
    const bad = requestFromForm(
      {
        ...presetForm(put),
        riskLimits: { maxNewContractsPerRun: 'lots', tickerExposureMax: '0.5', drawdownBlockAt: '' },
      },
      put.config,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors['riskLimits.maxNewContractsPerRun']).toMatch(/number/);
  });
});

describe('server issues', () => {
  const configKeys = new Set(['targetDelta', 'rollRules', 'rollRules.profitTargetPct']);

  test('land beside the request input, the config field, or in the banner', () => {
    const mapped = mapServerIssues(
      [
        { path: 'body.from', message: 'from must be on or before to' },
        { path: 'body.iv.ratios.KO', message: 'Too big' },
        { path: 'body.fill.fraction', message: 'Too big' },
        { path: 'body.underliers.0', message: 'Unknown dataset NOPE' },
        { path: 'body.config.rollRules.profitTargetPct', message: 'Too big' },
        { path: 'body.config.nonsense', message: 'Unrecognized key' },
        { path: 'body.something', message: 'Odd' },
        { path: '', message: 'Plain' },
      ],
      { underliers: ['KO'] },
      configKeys,
    );
    expect(mapped.form).toEqual({
      from: 'from must be on or before to',
      'iv.ratios.KO': 'Too big',
      'fill.fraction': 'Too big',
      underliers: 'Unknown dataset NOPE',
    });
    expect(mapped.config).toEqual({ 'rollRules.profitTargetPct': 'Too big' });
    expect(mapped.other).toEqual(['body.something: Odd', 'Plain', 'body.config.nonsense: Unrecognized key']);
  });

  test('an edit clears the errors of what it changed, and those under it', () => {
    const errors = { 'iv.ratios.KO': 'x', 'iv.dataset': 'y', from: 'z', 'fill.fraction': 'w' };
    expect(withoutErrors(errors, errorKeysOf(['ivRatios']))).toEqual({
      'iv.dataset': 'y',
      from: 'z',
      'fill.fraction': 'w',
    });
    expect(withoutErrors(errors, errorKeysOf(['fillKind', 'from']))).toEqual({
      'iv.ratios.KO': 'x',
      'iv.dataset': 'y',
    });
  });
});

test('a preset’s config is laid over the strategy’s defaults, nested objects key by key', () => {
  expect(
    mergeConfig(
      { symbols: [], targetDelta: 0.3, rollRules: { profitTargetPct: 0.8, rollAtDte: 21 } },
      { symbols: ['KO'], rollRules: { profitTargetPct: 0.5 } },
    ),
  ).toEqual({ symbols: ['KO'], targetDelta: 0.3, rollRules: { profitTargetPct: 0.5, rollAtDte: 21 } });
});

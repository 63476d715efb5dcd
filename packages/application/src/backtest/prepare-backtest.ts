// A backtest request (API or CLI) → everything the domain simulation needs: the plugin and its parsed config, the
// loaded histories, the implied-vol source, real quotes, the rate and the settings. Everything the user can get
// wrong is found here, before a run is stored, and comes back as a refusal naming the field.
import type { BacktestRequestParsed } from '@optionstrader/contracts';
import {
  type BacktestInputs,
  type BacktestSettings,
  type IsoDate,
  type IvSpec,
  type OptionEodQuote,
  type RateSpec,
  type StrategyPlugin,
  type UnderlierHistory,
  isoDate,
  parseStrategyConfig,
  pluginBySlug,
  riskFreeRateAt,
  runDays,
  utcInstant,
} from '@optionstrader/domain';
import { type BacktestDataSource, UnknownDatasetError } from '../ports/backtest-data';
import type { Refusal } from '../strategies/strategies.service';

/** A margin loan costs the risk-free rate plus this (IBKR charges benchmark + 1.5% on small balances). */
export const MARGIN_SPREAD = 0.015;
const RATE_YEARS = { first: 1990, last: 2035 };

export interface PreparedBacktest {
  name: string;
  plugin: StrategyPlugin<unknown>;
  config: Record<string, unknown>;
  inputs: BacktestInputs;
  settings: BacktestSettings;
  /** The request with the defaults it ran with filled in (dates, name, config). */
  request: BacktestRequestParsed;
}

export type Prepared = { ok: true; value: PreparedBacktest } | ({ ok: false } & Refusal);

const invalid = (path: string, message: string): Prepared => ({
  ok: false,
  kind: 'invalid',
  message,
  issues: [{ path, message }],
});

/** The 3-month T-bill history the simulator also prices with (one step a year), as a rate series. */
export function tbillRateSeries(): RateSpec {
  const points: { date: IsoDate; rate: number }[] = [];
  for (let year = RATE_YEARS.first; year <= RATE_YEARS.last; year++) {
    const date = isoDate(year, 1, 1);
    points.push({ date, rate: riskFreeRateAt(utcInstant(isoDate(year, 7, 1))) });
  }
  return { kind: 'series', points };
}

async function loadAll<T>(
  ids: readonly string[],
  load: (id: string) => Promise<T>,
  path: (index: number) => string,
): Promise<{ ok: true; values: T[] } | { ok: false; refusal: Prepared }> {
  const values: T[] = [];
  for (const [index, id] of ids.entries()) {
    try {
      values.push(await load(id));
    } catch (error) {
      if (error instanceof UnknownDatasetError)
        return {
          ok: false,
          refusal: { ok: false, kind: 'not_found', message: `No dataset ${id} (${path(index)})` },
        };
      throw error;
    }
  }
  return { ok: true, values };
}

export async function prepareBacktest(data: BacktestDataSource, request: BacktestRequestParsed): Promise<Prepared> {
  const plugin = pluginBySlug(request.strategy);
  if (!plugin) return { ok: false, kind: 'not_found', message: `No strategy plugin ${request.strategy}` };

  const loaded = await loadAll(
    request.underliers,
    (id) => data.underlier(id),
    (i) => `body.underliers.${i}`,
  );
  if (!loaded.ok) return loaded.refusal;
  const underliers: UnderlierHistory[] = loaded.values;
  const symbols = underliers.map((u) => u.symbol);
  if (new Set(symbols).size !== symbols.length) return invalid('body.underliers', 'An underlier is selected twice');

  // A plugin that trades a symbol list trades the selected underliers unless the config names its own.
  const raw: Record<string, unknown> = { ...request.config };
  const shape = (plugin.configSchema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape && 'symbols' in shape && (!Array.isArray(raw.symbols) || raw.symbols.length === 0)) raw.symbols = symbols;
  const parsed = parseStrategyConfig(plugin, raw);
  if (!parsed.ok)
    return {
      ok: false,
      kind: 'invalid',
      message: `The ${plugin.slug} config is not valid`,
      issues: parsed.issues.map((i) => ({ path: ['body', 'config', ...i.path].join('.'), message: i.message })),
    };
  const config = parsed.config as unknown as Record<string, unknown>;
  const missing = (Array.isArray(config.symbols) ? (config.symbols as string[]) : []).filter(
    (s) => !symbols.includes(s),
  );
  if (missing.length > 0)
    return invalid(
      'body.config.symbols',
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among the selected underliers`,
    );

  const iv: Record<string, IvSpec> = {};
  let ivFrom: IsoDate | null = null;
  if (request.iv.source === 'index') {
    const index = await loadAll(
      [request.iv.dataset],
      (id) => data.ivIndex(id),
      () => 'body.iv.dataset',
    );
    if (!index.ok) return index.refusal;
    const points = index.values[0]!;
    ivFrom = points[0]?.date ?? null;
    for (const symbol of Object.keys(request.iv.ratios))
      if (!symbols.includes(symbol))
        return invalid(`body.iv.ratios.${symbol}`, `${symbol} is not a selected underlier`);
    for (const symbol of symbols) iv[symbol] = { kind: 'index', points, ratio: request.iv.ratios[symbol] ?? 1 };
  } else if (request.iv.source === 'history') {
    const { datasets } = request.iv;
    for (const symbol of Object.keys(datasets))
      if (!symbols.includes(symbol))
        return invalid(`body.iv.datasets.${symbol}`, `${symbol} is not a selected underlier`);
    for (const symbol of symbols) {
      const id = datasets[symbol];
      if (id === undefined) return invalid(`body.iv.datasets.${symbol}`, `No implied-vol history chosen for ${symbol}`);
      const history = await loadAll(
        [id],
        (dataset) => data.ivHistory(dataset),
        () => `body.iv.datasets.${symbol}`,
      );
      if (!history.ok) return history.refusal;
      iv[symbol] = { kind: 'history', points: history.values[0]! };
    }
  } else {
    for (const symbol of symbols) iv[symbol] = { kind: 'realized', window: request.iv.window, ratio: request.iv.ratio };
  }

  let optionQuotes: OptionEodQuote[] = [];
  if (request.optionQuotes !== null) {
    const quotes = await loadAll(
      [request.optionQuotes],
      (id) => data.optionQuotes(id),
      () => 'body.optionQuotes',
    );
    if (!quotes.ok) return quotes.refusal;
    optionQuotes = quotes.values[0]!;
    if (!optionQuotes.some((q) => symbols.includes(q.symbol)))
      return invalid(
        'body.optionQuotes',
        `The quotes are for ${optionQuotes[0]?.symbol ?? 'nothing'}, not a selected underlier`,
      );
  }

  const benchmarkId = request.benchmark ?? request.underliers[0]!;
  const benchmarkIndex = request.underliers.indexOf(benchmarkId);
  if (benchmarkIndex < 0) return invalid('body.benchmark', `${benchmarkId} is not a selected underlier`);

  // The default range is what every selected series covers.
  const firsts = underliers.map((u) => u.bars[0]?.date).filter((d): d is IsoDate => d !== undefined);
  const lasts = underliers.map((u) => u.bars[u.bars.length - 1]?.date).filter((d): d is IsoDate => d !== undefined);
  if (firsts.length < underliers.length) return invalid('body.underliers', 'A selected dataset has no rows');
  const dataFrom = [...firsts, ...(ivFrom ? [ivFrom] : [])].sort().at(-1)!;
  const dataTo = [...lasts].sort()[0]!;
  const from = (request.from ?? dataFrom) as IsoDate;
  const to = (request.to ?? dataTo) as IsoDate;
  if (from > to) return invalid('body.from', `from (${from}) is after to (${to})`);
  if (to < dataFrom || from > dataTo)
    return invalid('body.from', `The selected data covers ${dataFrom} to ${dataTo}; ${from}–${to} is outside it`);
  const days = runDays(underliers, from < dataFrom ? dataFrom : from, to > dataTo ? dataTo : to);
  if (days.length < 2) return invalid('body.to', `${from}–${to} holds fewer than two trading days of data`);
  const start = days[0]!;
  const end = days[days.length - 1]!;

  const settings: BacktestSettings = {
    from: start,
    to: end,
    initialCash: request.initialCash,
    accountType: request.accountType,
    fill: request.fill,
    slippagePerShare: request.slippagePerShare,
    commissions: request.commissions,
    earlyAssignment: request.earlyAssignment,
    cashInterest: request.cashInterest,
    marginSpread: MARGIN_SPREAD,
    seed: request.seed,
    skew: {},
    benchmark: underliers[benchmarkIndex]!.symbol,
    riskLimits: request.riskLimits,
  };
  const name = request.name ?? `${plugin.name} · ${symbols.join(', ')} · ${start} → ${end}`;
  return {
    ok: true,
    value: {
      name,
      plugin,
      config: raw,
      inputs: {
        underliers,
        iv,
        rate: request.rate === null ? tbillRateSeries() : { kind: 'constant', rate: request.rate },
        optionQuotes: optionQuotes.filter((q) => symbols.includes(q.symbol)),
      },
      settings,
      request: { ...request, name, from: start, to: end, config: raw },
    },
  };
}

// Broker → database sync: accounts, snapshots, instruments and contracts, positions, orders, executions, quotes, and
// the option events (assignment, exercise, expiration) read off the change of the broker's positions.
// Broker reads happen outside transactions; each account's writes are one transaction, so a sync that fails
// halfway leaves every account either as it was or fully synced, and the next run completes the rest.
//
// Decisions:
// - A broker account the database does not know goes under the client named "Default" (created when missing);
//   an operator moves it to the right client later. Known accounts keep their client.
// - A snapshot is appended only when a reported value differs from the latest one (as_of alone is no change).
// - Positions mirror the broker in the unassigned (portfolio null) row per instrument; a position closed at the
//   broker (absent, or quantity 0) is deleted, not zeroed — the executions keep the history. A new as_of alone
//   does not rewrite a row.
// - Quotes stay append-only (history for charts); one identical to the instrument's latest stored quote, apart from
//   its time, is not written again.
// - Orders upsert by idempotency key (`ext:<broker>:<account>:<permId|orderId>` for orders placed outside the app);
//   only broker state (status, fills, ids) is updated. Executions are insert-or-ignore by exec id, except that a
//   late commission or order link updates the row.
import { type IsoDate, detectOptionEvents, newYorkDateOf } from '@optionstrader/domain';
import type {
  Broker,
  BrokerContract,
  BrokerExecution,
  BrokerOrder,
  BrokerPosition,
  Clock,
  EntityCounts,
  HeldPositionRow,
  NewOptionEvent,
  IngestRepository,
  IngestWriter,
  QuoteInput,
  SyncCounts,
  SyncEntity,
  SyncRunRecord,
  SyncRunsRepository,
  SyncTrigger,
  WriteCounts,
} from '../ports';
import {
  collectInstruments,
  executionOf,
  isZeroDecimal,
  orderOf,
  positionOf,
  quoteValuesOf,
  requireId,
  sameQuote,
  sameSnapshot,
  snapshotValuesOf,
} from './translate';

export interface SyncServiceDeps {
  broker: Broker;
  ingest: IngestRepository;
  syncRuns: SyncRunsRepository;
  clock: Clock;
  /** Client that receives broker accounts the database does not know yet; created when missing. */
  defaultClientName?: string;
  /** Snapshot the option chains of the book's underliers too (the chain viewer reads them); off when absent. */
  chains?: ChainSyncOptions;
}

export interface ChainSyncOptions {
  /** How many of the nearest expirations to snapshot per underlier. */
  expirations: number;
  /** Strikes within this fraction of spot (0.15 = ±15%). */
  strikeRange: number;
  /** Chains matter less often than the book: snapshot them at most this often (full syncs only). */
  minIntervalMs: number;
}

export interface SyncOptions {
  trigger: SyncTrigger;
  /** Only this account (and the quotes of its positions); all accounts when absent. */
  accountCode?: string | undefined;
}

export type SyncResult =
  { ok: true; run: SyncRunRecord } | { ok: false; reason: 'unknown_account'; message: string; run: SyncRunRecord };

export const DEFAULT_CLIENT_NAME = 'Default';

const ENTITIES: readonly SyncEntity[] = [
  'accounts',
  'snapshots',
  'instruments',
  'contracts',
  'positions',
  'orders',
  'executions',
  'quotes',
];

export function emptyCounts(): SyncCounts {
  const counts: Partial<SyncCounts> = {};
  for (const entity of ENTITIES) counts[entity] = { seen: 0, inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  return counts as SyncCounts; // every entity was just filled in
}

/** Total rows a run inserted, updated or deleted. */
export function rowsWritten(counts: SyncCounts): number {
  return ENTITIES.reduce((sum, e) => sum + counts[e].inserted + counts[e].updated + counts[e].deleted, 0);
}

function add(counts: SyncCounts, entity: SyncEntity, seen: number, written: WriteCounts): void {
  const c: EntityCounts = counts[entity];
  c.seen += seen;
  c.inserted += written.inserted;
  c.updated += written.updated;
  c.deleted += written.deleted;
  c.unchanged += Math.max(0, seen - written.inserted - written.updated);
}

function mergeInto(target: SyncCounts, source: SyncCounts): void {
  for (const entity of ENTITIES) {
    const t = target[entity];
    const s = source[entity];
    t.seen += s.seen;
    t.inserted += s.inserted;
    t.updated += s.updated;
    t.deleted += s.deleted;
    t.unchanged += s.unchanged;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Instruments (with option underliers first) and broker contracts of a set of contracts, deduplicated. */

interface AccountData {
  accountId: string;
  accountCode: string;
  summary: Awaited<ReturnType<Broker['accountSummary']>>;
  positions: BrokerPosition[];
  orders: BrokerOrder[];
  executions: BrokerExecution[];
}

export function createSyncService(deps: SyncServiceDeps) {
  const { broker, ingest, syncRuns, clock } = deps;
  const defaultClientName = deps.defaultClientName ?? DEFAULT_CLIENT_NAME;
  const createdAt = clock.now();
  let recovered = false;
  // One sync at a time per process: a second request waits for the first, then runs.
  let tail: Promise<unknown> = Promise.resolve();

  async function syncAccounts(codes: string[] | null, counts: SyncCounts) {
    const all = await broker.accounts();
    const accounts = codes ? all.filter((a) => codes.includes(a.code)) : all;
    const ids = await ingest.transaction(async (w) => {
      const known = await w.accountIds(
        broker.kind,
        accounts.map((a) => a.code),
      );
      const needsClient = accounts.some((a) => !known.has(a.code));
      const clientId = needsClient ? (await w.ensureClient(defaultClientName)).clientId : null;
      const written = await w.upsertAccounts(
        broker.kind,
        accounts.map((a) => ({
          accountCode: a.code,
          type: a.type,
          baseCurrency: a.baseCurrency,
          paper: a.paper,
          label: a.label,
        })),
        clientId,
      );
      add(counts, 'accounts', accounts.length, written);
      return written.ids;
    });
    return { accounts, ids };
  }

  /** Writes one account's broker state; returns the instrument ids it touched (key → id). */
  async function writeAccount(w: IngestWriter, data: AccountData, counts: SyncCounts) {
    const snapshot = snapshotValuesOf(data.summary);
    const latest = await w.latestSnapshot(data.accountId);
    if (latest && sameSnapshot(latest, snapshot)) {
      add(counts, 'snapshots', 1, { inserted: 0, updated: 0, deleted: 0 });
    } else {
      const written = await w.insertSnapshot({
        ...snapshot,
        accountId: data.accountId,
        asOf: data.summary.asOf,
        raw: data.summary.raw ?? null,
      });
      add(counts, 'snapshots', 1, written);
    }

    const open = data.positions.filter((p) => !isZeroDecimal(p.quantity));
    const contracts = [
      ...open.map((p) => p.contract),
      ...data.orders.flatMap((o) => o.legs.map((l) => l.contract)),
      ...data.executions.map((e) => e.contract),
    ];
    const collected = collectInstruments(contracts);
    const instruments = await w.upsertInstruments(collected.instruments);
    add(counts, 'instruments', collected.instruments.length, instruments);
    const contractRows = await w.upsertContracts(collected.contracts, instruments.ids);
    add(counts, 'contracts', collected.contracts.length, contractRows);

    const positions = open.map((p) => positionOf(p, requireId(instruments.ids, p.contract.key)));
    const before = await w.heldPositions(data.accountId);
    add(counts, 'positions', positions.length, await w.replacePositions(data.accountId, positions));
    const optionEvents = optionEventsOf(data, before, open);
    if (optionEvents.length > 0) await w.insertOptionEvents(optionEvents);

    const orderInputs = data.orders.map((o) => orderOf(broker.kind, o, instruments.ids));
    const orders = await w.upsertOrders(data.accountId, orderInputs);
    add(counts, 'orders', orderInputs.length, orders);
    const keyByBrokerId = new Map(orderInputs.map((o) => [o.brokerOrderId, o.idempotencyKey]));

    const executionInputs = data.executions.map((e) => {
      const key = e.idempotencyKey ?? keyByBrokerId.get(e.brokerOrderId);
      const orderId = key === undefined ? null : (orders.ids.get(key) ?? null);
      return executionOf(e, requireId(instruments.ids, e.contract.key), orderId);
    });
    add(counts, 'executions', executionInputs.length, await w.upsertExecutions(data.accountId, executionInputs));

    return { instrumentIds: instruments.ids, quoted: quotedContracts(open, collected.underlierOf) };
  }

  /**
   * Assignments, exercises and expirations of the broker's book, seen as an option position that left without a
   * fill between two syncs (domain `detectOptionEvents`): the broker reports no such event through the API.
   */
  function optionEventsOf(data: AccountData, before: HeldPositionRow[], open: BrokerPosition[]): NewOptionEvent[] {
    if (before.length === 0) return [];
    const now = clock.now();
    const since = Math.min(...before.map((p) => p.asOf.getTime()));
    const tradedKeys = data.executions.filter((e) => e.executedAt.getTime() >= since).map((e) => e.contract.key);
    const after = open.map((p) => ({
      key: p.contract.key,
      symbol: p.contract.symbol,
      kind: p.contract.secType === 'OPT' ? ('option' as const) : ('stock' as const),
      right: p.contract.right,
      strike: p.contract.strike === null ? null : Number(p.contract.strike),
      expiry: p.contract.expiry,
      multiplier: p.contract.multiplier ?? 1,
      quantity: Number(p.quantity),
    }));
    const detected = detectOptionEvents({
      before: before.map((p) => ({ ...p, expiry: p.expiry as IsoDate | null })),
      after,
      tradedKeys,
      today: newYorkDateOf(now.getTime()),
    });
    const idOf = new Map(before.map((p) => [p.key, p.instrumentId]));
    return detected.events.flatMap((e) => {
      const instrumentId = idOf.get(e.key);
      if (instrumentId === undefined) return [];
      return [
        {
          kind: e.kind,
          accountId: data.accountId,
          instrumentId,
          quantity: e.quantity,
          occurredAt: now,
          source: 'broker' as const,
          dedupeKey: `broker:${data.accountId}:${instrumentId}:${e.kind}:${e.expiry}`,
          raw: { shares: e.shares },
        },
      ];
    });
  }

  /** Stock and option positions, plus the underliers of the options. */
  function quotedContracts(open: BrokerPosition[], underlierOf: Map<string, BrokerContract>): BrokerContract[] {
    const out: BrokerContract[] = [];
    for (const p of open) {
      out.push(p.contract);
      const underlier = underlierOf.get(p.contract.key);
      if (underlier) out.push(underlier);
    }
    return out;
  }

  async function syncQuotes(contracts: BrokerContract[], instrumentIds: Map<string, string>, counts: SyncCounts) {
    const unique = [...new Map(contracts.map((c) => [c.key, c])).values()];
    if (unique.length === 0) return;
    const quotes = await broker.quotes(unique);
    const inputs: QuoteInput[] = [];
    for (const quote of quotes) {
      const instrumentId = instrumentIds.get(quote.key);
      if (instrumentId === undefined) continue; // a quote for something not asked for
      inputs.push({ ...quoteValuesOf(quote), instrumentId, asOf: quote.asOf });
    }
    await ingest.transaction(async (w) => {
      const latest = await w.latestQuotes(inputs.map((q) => q.instrumentId));
      const changed = inputs.filter((q) => {
        const stored = latest.get(q.instrumentId);
        return !stored || !sameQuote(stored, q);
      });
      add(counts, 'quotes', inputs.length, await w.insertQuotes(changed));
    });
  }

  /**
   * Listed options of each underlier near its spot, as instruments and quotes. An underlier whose spot is
   * unknown gets no chain: strikes "near an unknown price" would be a guess.
   */
  async function syncChains(underliers: BrokerContract[], options: ChainSyncOptions, counts: SyncCounts) {
    if (underliers.length === 0) return;
    const today = newYorkDateOf(clock.now().getTime());
    const spots = new Map((await broker.quotes(underliers)).map((q) => [q.key, q.mark ?? q.last]));
    const listed: BrokerContract[] = [];
    for (const underlier of underliers) {
      const spot = spots.get(underlier.key) ?? null;
      if (spot === null || !(spot > 0)) continue;
      const params = await broker.optionChainParams(underlier.symbol);
      const chain = params.find((p) => p.tradingClass === underlier.symbol) ?? params[0];
      if (!chain) continue;
      const expiries = chain.expirations
        .filter((e) => e >= today)
        .sort()
        .slice(0, options.expirations);
      for (const expiry of expiries) {
        const contracts = await broker.contractDetails({
          secType: 'OPT',
          symbol: underlier.symbol,
          expiry,
          tradingClass: chain.tradingClass,
        });
        listed.push(
          ...contracts.filter((c) => c.strike !== null && Math.abs(Number(c.strike) / spot - 1) <= options.strikeRange),
        );
      }
    }
    if (listed.length === 0) return;
    const collected = collectInstruments([...underliers, ...listed]);
    const ids = await ingest.transaction(async (w) => {
      const instruments = await w.upsertInstruments(collected.instruments);
      add(counts, 'instruments', collected.instruments.length, instruments);
      add(
        counts,
        'contracts',
        collected.contracts.length,
        await w.upsertContracts(collected.contracts, instruments.ids),
      );
      return instruments.ids;
    });
    await syncQuotes(listed, ids, counts);
  }

  let chainsSyncedAt: number | null = null;

  async function execute(options: SyncOptions): Promise<SyncResult> {
    if (!recovered) {
      await syncRuns.failInterrupted(createdAt, clock.now());
      recovered = true;
    }
    const accountCode = options.accountCode ?? null;
    const started = await syncRuns.start({
      broker: broker.kind,
      accountCode,
      trigger: options.trigger,
      startedAt: clock.now(),
    });
    const counts = emptyCounts();
    const errors: string[] = [];
    const finish = (error: string | null) =>
      syncRuns.finish(started.id, {
        status: error === null ? 'succeeded' : 'failed',
        finishedAt: clock.now(),
        counts,
        error,
      });
    try {
      const { accounts, ids } = await syncAccounts(accountCode === null ? null : [accountCode], counts);
      if (accountCode !== null && accounts.length === 0) {
        const message = `The broker does not know account ${accountCode}`;
        return { ok: false, reason: 'unknown_account', message, run: await finish(message) };
      }
      // Orders are listed broker-wide; each account takes its own.
      const [openOrders, completedOrders] = await Promise.all([broker.openOrders(), broker.completedOrders()]);
      const ordersById = new Map<string, BrokerOrder>();
      for (const o of [...completedOrders, ...openOrders]) ordersById.set(o.brokerOrderId, o);

      const instrumentIds = new Map<string, string>();
      const quoted: BrokerContract[] = [];
      for (const account of accounts) {
        const accountCounts = emptyCounts();
        try {
          const [summary, positions, executions] = await Promise.all([
            broker.accountSummary(account.code),
            broker.positions(account.code),
            broker.executions({ accountCode: account.code }),
          ]);
          const data: AccountData = {
            accountId: requireId(ids, account.code),
            accountCode: account.code,
            summary,
            positions: positions.filter((p) => p.accountCode === account.code),
            orders: [...ordersById.values()].filter((o) => o.accountCode === account.code),
            executions: executions.filter((e) => e.accountCode === account.code),
          };
          const written = await ingest.transaction((w) => writeAccount(w, data, accountCounts));
          for (const [key, id] of written.instrumentIds) instrumentIds.set(key, id);
          quoted.push(...written.quoted);
          mergeInto(counts, accountCounts); // only once committed: a rolled-back account wrote nothing
        } catch (error) {
          errors.push(`${account.code}: ${messageOf(error)}`);
        }
      }
      try {
        await syncQuotes(quoted, instrumentIds, counts);
      } catch (error) {
        errors.push(`quotes: ${messageOf(error)}`);
      }
      const chains = deps.chains;
      const nowMs = clock.now().getTime();
      if (
        chains &&
        accountCode === null &&
        (chainsSyncedAt === null || nowMs - chainsSyncedAt >= chains.minIntervalMs)
      ) {
        try {
          const underliers = [...new Map(quoted.filter((c) => c.secType !== 'OPT').map((c) => [c.key, c])).values()];
          await syncChains(underliers, chains, counts);
          chainsSyncedAt = nowMs;
        } catch (error) {
          errors.push(`chains: ${messageOf(error)}`);
        }
      }
      return { ok: true, run: await finish(errors.length ? errors.join('; ') : null) };
    } catch (error) {
      return { ok: true, run: await finish([...errors, messageOf(error)].join('; ')) };
    }
  }

  return {
    /** Runs one sync now (after any sync already running) and records it in sync_runs. */
    run(options: SyncOptions): Promise<SyncResult> {
      const next = tail.then(() => execute(options));
      tail = next.catch(() => undefined);
      return next;
    },
    recentRuns(limit = 20): Promise<SyncRunRecord[]> {
      return syncRuns.recent(limit);
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;

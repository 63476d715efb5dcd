// Paper trading: working paper orders fill against the broker's current quotes by the sim broker's matching rules
// (domain `matchOrder`: during the regular session, at the natural side once the limit is marketable, at most a
// seeded displayed size per check), with the sim's commission model. Each fill is one transaction (executions with
// deterministic exec ids, the paper positions, the order, its recommendation): a pass that crashes or runs twice
// stores every fill once. DAY orders end at their session's close; repricing moves the limit along its ladder; paper
// options are settled at expiry (assigned, exercised or expired) against the underlier's price.
import {
  type Micros,
  formatMoney,
  incrementalCommission,
  isMarketOpen,
  legCommission,
  matchOrder,
  micros,
  newYorkDateOf,
  nextPrice,
  nextTradingDay,
  orderCommission,
  parseMoney,
  repriceDue,
  sessionFor,
  settleExpiredOptions,
} from '@optionstrader/domain';
import {
  type Broker,
  type BrokerContract,
  type BrokerQuote,
  type Clock,
  type ExecutionRecord,
  type IngestRepository,
  type NewOptionEvent,
  type OrderRecord,
  type OrdersRepository,
  type PaperPositionDelta,
  unknownQuote,
} from '../ports';
import { storeContracts } from '../broker/store-contracts';
import { contractOfLeg } from './order-legs';
import type { TradingEvents } from './order-events';

export interface PaperEngineDeps {
  orders: OrdersRepository;
  broker: Pick<Broker, 'quotes' | 'contractDetails'> | null;
  ingest: IngestRepository;
  clock: Clock;
  events: TradingEvents;
}

export interface PaperPassResult {
  fills: number;
  expired: number;
  repriced: number;
  settled: number;
  errors: string[];
}

/** The close that ends a DAY order placed at `placedMs`: its session's, or the next session's when placed after. */
export function dayOrderEndMs(placedMs: number): number {
  let date = newYorkDateOf(placedMs);
  for (;;) {
    const session = sessionFor(date);
    if (session && placedMs < session.close) return session.close;
    date = nextTradingDay(date);
  }
}

const signOf = (side: 'BUY' | 'SELL') => (side === 'BUY' ? 1n : -1n);

export type PaperEngine = ReturnType<typeof createPaperEngine>;

export function createPaperEngine(deps: PaperEngineDeps) {
  const { orders, clock, events } = deps;

  async function quotesOf(contracts: BrokerContract[], now: Date): Promise<BrokerQuote[]> {
    if (!deps.broker || contracts.length === 0) return contracts.map((c) => unknownQuote(c.key, now));
    return deps.broker.quotes(contracts).catch(() => contracts.map((c) => unknownQuote(c.key, now)));
  }

  /** One matching attempt for one working paper order; true when it filled (some of) it. */
  async function tryFill(order: OrderRecord): Promise<boolean> {
    if (order.mode !== 'paper' || (order.status !== 'submitted' && order.status !== 'partially_filled')) return false;
    const now = clock.now();
    const nowMs = now.getTime();
    if (!isMarketOpen(nowMs) || order.limitPrice === null) return false;
    const contracts = order.legs.map(contractOfLeg);
    const quotes = await quotesOf(contracts, now);
    const remaining = order.quantity - order.filledQuantity;
    const match = matchOrder({
      orderType: 'LMT',
      limit: parseMoney(order.limitPrice),
      remaining,
      legs: order.legs.map((leg, i) => {
        const quote = quotes.find((q) => q.key === leg.key) ?? quotes[i];
        return {
          side: leg.side,
          ratio: leg.ratio,
          kind: leg.kind,
          bid: quote?.bid ?? null,
          ask: quote?.ask ?? null,
          // The displayed size is seeded per order, contract and minute: a re-check in the same minute sees the same.
          seedText: `${order.id}|${leg.key}|${Math.floor(nowMs / 60_000)}`,
        };
      }),
    });
    if (!match) return false;

    const prior = await orders.listExecutions({ orderId: order.id, limit: 10_000 });
    const fillNo = Math.floor(prior.length / Math.max(1, order.legs.length)) + 1;
    const execs = order.legs.map((leg, i) => {
      const price = match.legPrices[i] as Micros; // one per leg
      return { leg, price, quantity: match.quantity * leg.ratio };
    });
    const commissions = commissionsOf(order, prior, execs);
    const executions = execs.map(({ leg, price, quantity }, i) => ({
      execId: `paper:${order.id}:${fillNo}:${i + 1}`,
      instrumentId: leg.instrumentId,
      side: leg.side === 'BUY' ? ('buy' as const) : ('sell' as const),
      quantity,
      price: formatMoney(price),
      commission: formatMoney(commissions[i] ?? micros(0n)),
      executedAt: now,
    }));
    const positions: PaperPositionDelta[] = execs.map(({ leg, price, quantity }, i) => {
      const signed = signOf(leg.side) * BigInt(quantity);
      const cost = price * BigInt(leg.multiplier) * signed + (commissions[i] ?? 0n);
      return { instrumentId: leg.instrumentId, quantity: Number(signed), cost: formatMoney(micros(cost)) };
    });
    // The order's price convention: a single leg's price is positive; a combo's net is signed (+ debit).
    const single = order.legs.length === 1;
    const net = single
      ? (execs[0]?.price ?? 0n)
      : execs.reduce((sum, e) => sum + signOf(e.leg.side) * BigInt(e.leg.ratio) * e.price, 0n);
    const filledQuantity = order.filledQuantity + match.quantity;
    const before = order.avgFillPrice === null ? 0n : parseMoney(order.avgFillPrice) * BigInt(order.filledQuantity);
    const avgFillPrice = formatMoney(micros((before + net * BigInt(match.quantity)) / BigInt(filledQuantity)));
    const status = filledQuantity >= order.quantity ? 'filled' : 'partially_filled';
    const stored = await orders.recordPaperFill({
      orderId: order.id,
      executions,
      positions,
      filledQuantity,
      avgFillPrice,
      status,
      at: now,
    });
    if (stored && status === 'filled') {
      events.publish({
        type: 'order_filled',
        orderId: order.id,
        accountCode: order.accountCode,
        symbol: order.symbol,
        quantity: filledQuantity,
        at: now,
      });
    }
    return stored;
  }

  /** Each leg's commission for this fill: the order's running total (minimum and cap per order) minus what was charged. */
  function commissionsOf(
    order: OrderRecord,
    prior: readonly ExecutionRecord[],
    fills: readonly { leg: OrderRecord['legs'][number]; price: Micros; quantity: number }[],
  ): Micros[] {
    const charged = prior.reduce((sum, e) => sum + (e.commission === null ? 0n : parseMoney(e.commission)), 0n);
    const legFees = order.legs.map((leg) => {
      const earlier = prior.filter((e) => e.instrumentId === leg.instrumentId);
      const parts = earlier.map((e) =>
        legCommission({ kind: leg.kind, quantity: e.quantity, price: parseMoney(e.price) }),
      );
      const fill = fills.find((f) => f.leg.instrumentId === leg.instrumentId);
      if (fill) parts.push(legCommission({ kind: leg.kind, quantity: fill.quantity, price: fill.price }));
      return parts.reduce(
        (acc, p) => ({
          fee: micros(acc.fee + p.fee),
          cap: p.cap === null ? acc.cap : micros((acc.cap ?? 0n) + p.cap),
        }),
        { fee: micros(0n), cap: null as Micros | null },
      );
    });
    const total = incrementalCommission(orderCommission(legFees), micros(charged));
    // The fill's commission is charged on its first leg (brokers report it per execution; the sum is what counts).
    return fills.map((_, i) => (i === 0 ? total : micros(0n)));
  }

  async function expireDayOrder(order: OrderRecord, nowMs: number): Promise<boolean> {
    if (order.tif !== 'day') return false;
    const placed = (order.submittedAt ?? order.createdAt).getTime();
    if (nowMs < dayOrderEndMs(placed)) return false;
    await orders.updateState(
      order.id,
      {
        brokerOrderId: null,
        permId: null,
        status: 'cancelled',
        filledQuantity: order.filledQuantity,
        avgFillPrice: order.avgFillPrice,
        statusMessage: 'DAY order expired at the close',
      },
      new Date(nowMs),
    );
    events.publish({
      type: 'order_cancelled',
      orderId: order.id,
      accountCode: order.accountCode,
      reason: 'DAY order expired at the close',
      at: new Date(nowMs),
    });
    return true;
  }

  async function reprice(order: OrderRecord, nowMs: number): Promise<OrderRecord | null> {
    if (!order.reprice || order.submittedAt === null || !isMarketOpen(nowMs)) return null;
    const due = repriceDue({
      placedAtMs: order.submittedAt.getTime(),
      nowMs,
      delayMs: order.reprice.delayMs,
      attempt: order.priceAttempt,
    });
    const ladder = order.reprice.ladder.map(Number);
    const next = nextPrice(ladder, order.priceAttempt);
    if (!due.due || next === null) return null;
    const limitPrice = order.reprice.ladder[order.priceAttempt + 1] as string; // next !== null: it exists
    await orders.updateLimit(order.id, limitPrice, order.priceAttempt + 1, new Date(nowMs));
    return { ...order, limitPrice, priceAttempt: order.priceAttempt + 1 };
  }

  /** Paper options past their expiry's close are assigned, exercised or expired against the underlier's price. */
  async function settle(nowMs: number): Promise<number> {
    const today = newYorkDateOf(nowMs);
    const held = await orders.paperPositions();
    const due = held.filter((p) => {
      if (p.kind !== 'option' || p.expiry === null || p.expiry > today) return false;
      const session = sessionFor(p.expiry);
      return session === null || nowMs >= session.close;
    });
    if (due.length === 0) return 0;
    const symbols = [...new Set(due.map((p) => p.symbol))];
    const spots = new Map<string, number | null>();
    for (const symbol of symbols) {
      const [contract] = deps.broker
        ? await deps.broker.contractDetails({ secType: 'STK', symbol }).catch(() => [])
        : [];
      const [quote] = contract ? await quotesOf([contract], new Date(nowMs)) : [];
      // After the close, the last trade is the close; a mark is the best stand-in when no trade is known.
      spots.set(symbol, quote?.last ?? quote?.mark ?? null);
    }
    let settled = 0;
    const byAccount = new Map<string, typeof held>();
    for (const p of held) byAccount.set(p.accountId, [...(byAccount.get(p.accountId) ?? []), p]);
    for (const [accountId, positions] of byAccount) {
      if (!positions.some((p) => due.includes(p))) continue;
      const result = settleExpiredOptions(positions, (symbol) => spots.get(symbol) ?? null, today);
      if (result.events.length === 0) continue;
      const occurredAt = new Date(nowMs);
      const events: NewOptionEvent[] = result.events.map((e) => ({
        kind: e.kind,
        accountId,
        instrumentId: e.instrumentId,
        quantity: e.quantity,
        occurredAt,
        source: 'paper',
        dedupeKey: `paper:${accountId}:${e.instrumentId}:${e.expiry}`,
        raw: { close: e.close },
      }));
      const deltas = await positionDeltasOf(result.deltas, positions);
      if (await orders.recordPaperSettlement({ accountId, events, positions: deltas })) {
        settled += events.length;
        for (const e of result.events) {
          deps.events.publish({
            type: 'option_event',
            kind: e.kind,
            accountId,
            symbol: e.symbol,
            quantity: e.quantity,
            at: occurredAt,
          });
        }
      }
    }
    return settled;
  }

  async function stockInstrumentId(symbol: string): Promise<string | undefined> {
    const [contract] = deps.broker
      ? await deps.broker.contractDetails({ secType: 'STK', symbol, currency: 'USD' })
      : [];
    if (!contract) return undefined;
    return (await storeContracts(deps.ingest, [contract], [])).get(contract.key);
  }

  /** Settlement deltas name stock by symbol; stock the paper book does not hold yet is resolved through the broker. */
  async function positionDeltasOf(
    deltas: ReturnType<typeof settleExpiredOptions>['deltas'],
    positions: Awaited<ReturnType<OrdersRepository['paperPositions']>>,
  ): Promise<PaperPositionDelta[]> {
    const out: PaperPositionDelta[] = [];
    for (const d of deltas) {
      if ('instrumentId' in d.target) {
        out.push({ instrumentId: d.target.instrumentId, quantity: d.quantity, cost: d.cost });
        continue;
      }
      const symbol = d.target.stockSymbol;
      const held = positions.find((p) => p.kind === 'stock' && p.symbol === symbol);
      const instrumentId = held?.instrumentId ?? (await stockInstrumentId(symbol));
      if (instrumentId) out.push({ instrumentId, quantity: d.quantity, cost: d.cost });
    }
    return out;
  }

  /** One pass over the working paper orders (expire, reprice, fill) and the paper book's expirations. */
  async function pass(): Promise<PaperPassResult> {
    const result: PaperPassResult = { fills: 0, expired: 0, repriced: 0, settled: 0, errors: [] };
    const nowMs = clock.now().getTime();
    const working = await orders.list({ status: 'working', mode: 'paper', limit: 1000 });
    for (const order of working) {
      try {
        if (await expireDayOrder(order, nowMs)) {
          result.expired += 1;
          continue;
        }
        const repriced = await reprice(order, nowMs);
        if (repriced) result.repriced += 1;
        if (await tryFill(repriced ?? order)) result.fills += 1;
      } catch (error) {
        result.errors.push(`order ${order.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    try {
      result.settled = await settle(nowMs);
    } catch (error) {
      result.errors.push(`expiry settlement: ${error instanceof Error ? error.message : String(error)}`);
    }
    return result;
  }

  return { tryFill, pass };
}

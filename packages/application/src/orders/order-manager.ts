// The Order Manager: a recommendation → exactly one order, paper or live, tracked to its fills.
//
// Approve: the recommendation is read and priced against fresh quotes (the price band around the current mid), the
// final pre-trade risk check runs on the account as stored, and then — in one transaction that locks the
// recommendation — it becomes `approved` and the order row is inserted with its idempotency key `rec:<id>` (status
// `created`). Only then is the order submitted: paper orders start working here (paper-engine.ts fills them);
// live ones go to the broker with the key as IBKR `orderRef`. A crash between the insert and the broker's answer
// leaves a `created` row; `reconcile` (at start, on reconnect, periodically) submits it again, and the adapters
// return the order they already hold for that key instead of placing a second one.
//
// Live order state comes back as broker `order` events and from the sync (by idempotency key); executions and
// positions of live orders come from the sync. The recommendation follows its order (submitted → filled/cancelled).
import {
  type OrderOverrides,
  type OrderSpec,
  formatPrice,
  marketGate,
  newYorkDateOf,
  orderFromRecommendation,
  sessionFor,
  type RecommendationLegInput,
  checkAutomationLimits,
  buildJournal,
  type JournalTrade,
} from '@optionstrader/domain';
import type { RiskCheckLeg, RiskReasonView } from '@optionstrader/contracts';
import {
  type AccountTradingRecord,
  type AppSettings,
  type AppSettingsRepository,
  type AuditRepository,
  type Broker,
  BrokerError,
  type BrokerOrder,
  type Clock,
  type IngestRepository,
  type NewOrder,
  type OrderMode,
  type OrderRecord,
  type OrderRequest,
  type OrdersRepository,
  type RecommendationRecord,
  type StrategyRepository,
  WORKING_ORDER_STATUSES,
} from '../ports';
import type { RiskService } from '../risk/risk.service';
import { ORDER_STATUS } from '../sync/translate';
import { contractOfLeg, netMarket, resolveLegs, type ResolvedLeg } from './order-legs';
import { checkLimit, plannedReprice, signedNet } from './order-pricing';
import type { TradingEvents } from './order-events';

/** A refusal the API answers with its status and stable code; nothing was written. */
export interface OrderRefusal {
  status: 404 | 409 | 422 | 503;
  code:
    | 'NOT_FOUND'
    | 'NOT_PENDING'
    | 'EXPIRED'
    | 'ORDER_NOT_WORKING'
    | 'PRICE_OUT_OF_BAND'
    | 'RISK_BLOCKED'
    | 'ORDER_INVALID'
    | 'LIMIT_EXCEEDED'
    | 'LIVE_TRADING_DISABLED'
    | 'BROKER_UNAVAILABLE'
    | 'CONFIRMATION_REQUIRED';
  message: string;
  issues?: { path: string; message: string }[];
}

export type Decided<T> = { ok: true; value: T } | { ok: false; refusal: OrderRefusal };

export interface TicketOverrides {
  quantity?: number | undefined;
  limitPrice?: number | undefined;
  tif?: 'DAY' | 'GTC' | undefined;
}

export interface OrderPreview {
  ok: boolean;
  refusal: OrderRefusal | null;
  mode: OrderMode;
  quantity: number;
  limitPrice: string | null;
  tif: 'DAY' | 'GTC';
  mid: number | null;
  natural: number | null;
  band: { min: number; max: number } | null;
  risk: { verdict: 'allow' | 'warn' | 'block'; reasons: RiskReasonView[] } | null;
  marketOpen: boolean;
}

/** Crash points tests kill the process at (see the crash tests); a no-op in production. */
export type FaultPoint = 'order_stored' | 'order_acknowledged';

export interface OrderManagerDeps {
  orders: OrdersRepository;
  strategies: Pick<StrategyRepository, 'getRecommendation' | 'listRecommendations' | 'listInstances'>;
  settings: AppSettingsRepository;
  audit: AuditRepository;
  ingest: IngestRepository;
  risk: Pick<RiskService, 'orderChecker'>;
  broker: Broker | null;
  clock: Clock;
  events: TradingEvents;
  faultPoint?: (point: FaultPoint) => void;
  /** Asks for a sync of one account soon (live fills and positions come from the broker through the sync). */
  requestSync?: (accountCode: string) => void;
  /** Paper orders start working: the paper engine tries to fill them at once. */
  onPaperSubmitted?: (order: OrderRecord) => Promise<void>;
}

export const DEFAULT_ORDER_POLICY: AppSettings['order_policy'] = {
  priceBandFraction: 0.25,
  priceBandTicks: 5,
  repriceEnabled: false,
  repriceStepFraction: 0.25,
  repriceMaxSteps: 4,
  repriceDelaySeconds: 60,
};
export const DEFAULT_AUTOMATION_LIMITS: AppSettings['automation_limits'] = {
  maxContractsPerOrder: 10,
  maxNotionalPerOrder: null,
  maxContractsPerDay: 50,
  maxNotionalPerDay: null,
};

export interface TradingSettings {
  autotradeEnabled: boolean;
  reduceOnly: boolean;
  limits: AppSettings['automation_limits'];
  policy: AppSettings['order_policy'];
}

const refuse = (
  status: OrderRefusal['status'],
  code: OrderRefusal['code'],
  message: string,
  issues?: OrderRefusal['issues'],
): { ok: false; refusal: OrderRefusal } => ({
  ok: false,
  refusal: { status, code, message, ...(issues ? { issues } : {}) },
});

const PAYLOAD_FIELD: Record<string, string> = {
  invalid_quantity: 'body.quantity',
  invalid_price: 'body.limitPrice',
  sign_flip: 'body.limitPrice',
};

/** Risk legs of an order: signed units per leg at the order's quantity. */
function riskLegs(spec: OrderSpec, resolved: readonly ResolvedLeg[]): RiskCheckLeg[] {
  return spec.legs.map((leg, index) => {
    const quantity = (leg.side === 'BUY' ? 1 : -1) * leg.ratio * spec.quantity;
    const quote = resolved[index]?.quote;
    const mid = quote && quote.bid !== null && quote.ask !== null ? (quote.bid + quote.ask) / 2 : (quote?.mark ?? null);
    return {
      symbol: leg.symbol,
      kind: leg.kind,
      ...(leg.kind === 'option' ? { right: leg.right, strike: leg.strike, expiry: leg.expiry } : {}),
      multiplier: leg.multiplier,
      quantity,
      ...(mid === null ? {} : { price: mid }),
    };
  });
}

function legsOf(rec: RecommendationRecord): RecommendationLegInput[] {
  return rec.legs as RecommendationLegInput[]; // stored by the runner from the domain's RecommendationLeg
}

/** Σ |limit| × multiplier × ratio × quantity: what the automation limits measure. */
function notionalOf(spec: OrderSpec): number {
  const perUnit = Math.abs(spec.limitPrice);
  return spec.legs.reduce((sum, leg) => sum + perUnit * leg.multiplier * leg.ratio * spec.quantity, 0);
}

function contractsOf(spec: OrderSpec): number {
  return spec.legs.reduce((sum, leg) => sum + leg.ratio * spec.quantity, 0);
}

export type OrderManager = ReturnType<typeof createOrderManager>;

export function createOrderManager(deps: OrderManagerDeps) {
  const { orders, strategies, settings, clock, events } = deps;
  const fault = (point: FaultPoint) => deps.faultPoint?.(point);

  async function tradingSettings(): Promise<TradingSettings> {
    const [autotrade, reduceOnly, limits, policy] = await Promise.all([
      settings.get('autotrade_enabled'),
      settings.get('reduce_only'),
      settings.get('automation_limits'),
      settings.get('order_policy'),
    ]);
    return {
      autotradeEnabled: autotrade === true,
      reduceOnly: reduceOnly === true,
      limits: limits ?? DEFAULT_AUTOMATION_LIMITS,
      policy: policy ?? DEFAULT_ORDER_POLICY,
    };
  }

  async function modeOf(accountId: string): Promise<OrderMode> {
    return (await orders.accountTrading(accountId))?.orderMode ?? 'paper';
  }

  interface Ticket {
    rec: RecommendationRecord;
    spec: OrderSpec;
    resolved: ResolvedLeg[];
    mode: OrderMode;
    preview: OrderPreview;
    reprice: NewOrder['reprice'];
  }

  /** Everything approve checks before it writes; the preview is the same checks without the write. */
  async function ticket(id: string, overrides: TicketOverrides, forAutomation: boolean): Promise<Decided<Ticket>> {
    const rec = await strategies.getRecommendation(id);
    if (!rec) return refuse(404, 'NOT_FOUND', `No recommendation ${id}`);
    const now = clock.now();
    if (rec.status !== 'pending') {
      return refuse(
        409,
        'NOT_PENDING',
        `The recommendation is ${rec.status}, not pending: only pending ones can be approved`,
      );
    }
    if (rec.expiresAt !== null && rec.expiresAt.getTime() <= now.getTime()) {
      return refuse(409, 'EXPIRED', `The recommendation expired at ${rec.expiresAt.toISOString()}`);
    }
    const ov: OrderOverrides = {
      ...(overrides.quantity === undefined ? {} : { quantity: overrides.quantity }),
      ...(overrides.limitPrice === undefined ? {} : { limitPrice: overrides.limitPrice }),
      ...(overrides.tif === undefined ? {} : { tif: overrides.tif }),
    };
    const payload = orderFromRecommendation(
      {
        action: rec.action as never,
        legs: legsOf(rec),
        quantity: rec.quantity,
        limitPrice: rec.limitPrice === null ? null : Number(rec.limitPrice),
        spread: rec.spread,
      },
      ov,
    );
    if (!payload.ok) {
      const path = PAYLOAD_FIELD[payload.code];
      return refuse(422, 'ORDER_INVALID', payload.message, path ? [{ path, message: payload.message }] : undefined);
    }
    const spec = payload.order;
    const mode = await modeOf(rec.accountId);
    const { broker } = deps;
    if (!broker)
      return refuse(503, 'BROKER_UNAVAILABLE', 'No broker is configured: there are no quotes to price the order');
    if (mode === 'live' && broker.connectionState() !== 'ready') {
      return refuse(
        503,
        'BROKER_UNAVAILABLE',
        `The broker connection is ${broker.connectionState()}: live orders are refused until it is ready`,
      );
    }
    let resolved: ResolvedLeg[];
    try {
      resolved = await resolveLegs(broker, deps.ingest, spec.legs, now);
    } catch (error) {
      if (error instanceof BrokerError && error.kind === 'not_found')
        return refuse(422, 'ORDER_INVALID', error.message);
      return refuse(503, 'BROKER_UNAVAILABLE', `The broker could not resolve the order's contracts: ${String(error)}`);
    }
    const policySettings = await tradingSettings();
    const market = netMarket(
      spec.legs.map((leg, i) => ({ side: leg.side, ratio: leg.ratio, quote: resolved[i]!.quote })),
    );
    const price = checkLimit(
      spec.legs,
      spec.limitPrice,
      market,
      policySettings.policy,
      overrides.limitPrice === undefined,
    );
    const gate = marketGate(now.getTime());
    const base: OrderPreview = {
      ok: true,
      refusal: null,
      mode,
      quantity: spec.quantity,
      limitPrice: formatPrice(spec.limitPrice),
      tif: spec.tif,
      mid: market.mid === null ? null : Math.abs(market.mid),
      natural: price.natural,
      band: price.range,
      risk: null,
      marketOpen: gate.open,
    };
    const withRefusal = (refusal: OrderRefusal): Decided<Ticket> => ({
      ok: true,
      value: { rec, spec, resolved, mode, reprice: null, preview: { ...base, ok: false, refusal } },
    });
    if (!price.band.ok) {
      return withRefusal({
        status: 422,
        code: 'PRICE_OUT_OF_BAND',
        message: price.band.message,
        issues: [{ path: 'body.limitPrice', message: price.band.message }],
      });
    }
    const checker = await deps.risk.orderChecker(rec.accountId, riskLegs(spec, resolved));
    if (!checker) return refuse(404, 'NOT_FOUND', `No account ${rec.accountId}`);
    const legs = riskLegs(spec, resolved);
    let risk: OrderPreview['risk'] = null;
    if ('unavailable' in checker) {
      risk = null;
    } else {
      const result = checker.check(legs, 0);
      risk = { verdict: result.verdict, reasons: result.reasons };
      if (policySettings.reduceOnly && !checker.reducesOnly(legs)) {
        return withRefusal({
          status: 422,
          code: 'RISK_BLOCKED',
          message: 'Reduce-only is on: only orders that close part of a held position are accepted',
        });
      }
      if (result.verdict === 'block') {
        const reasons = result.reasons.filter((r) => r.verdict === 'block').map((r) => r.message);
        return {
          ok: true,
          value: {
            rec,
            spec,
            resolved,
            mode,
            reprice: null,
            preview: {
              ...base,
              risk,
              ok: false,
              refusal: {
                status: 422,
                code: 'RISK_BLOCKED',
                message: `Blocked by the risk check: ${reasons.join('; ')}`,
              },
            },
          },
        };
      }
    }
    if (forAutomation) {
      if (!gate.open) {
        return withRefusal({
          status: 422,
          code: 'LIMIT_EXCEEDED',
          message: `Automation waits for the session: ${gate.reason}`,
        });
      }
      const since = sessionFor(newYorkDateOf(now.getTime()))?.open ?? now.getTime();
      const today = await orders.automatedSince(new Date(Math.min(since, now.getTime())));
      const limits = checkAutomationLimits({
        order: { contracts: contractsOf(spec), notional: notionalOf(spec) },
        today,
        limits: policySettings.limits,
      });
      if (!limits.ok) {
        return withRefusal({
          status: 422,
          code: 'LIMIT_EXCEEDED',
          message: limits.reasons.map((r) => r.message).join('; '),
        });
      }
    }
    return {
      ok: true,
      value: {
        rec,
        spec,
        resolved,
        mode,
        reprice: plannedReprice(spec.legs, spec.limitPrice, market, policySettings.policy),
        preview: { ...base, risk },
      },
    };
  }

  async function preview(id: string, overrides: TicketOverrides): Promise<Decided<OrderPreview>> {
    const t = await ticket(id, overrides, false);
    return t.ok ? { ok: true, value: t.value.preview } : t;
  }

  function requestOf(order: OrderRecord, accountCode: string): OrderRequest {
    return {
      accountCode,
      idempotencyKey: order.idempotencyKey,
      legs: order.legs.map((leg) => ({ contract: contractOfLeg(leg), action: leg.side, ratio: leg.ratio })),
      quantity: order.quantity,
      orderType: 'LMT',
      limitPrice: order.limitPrice,
      tif: order.tif === 'gtc' ? 'GTC' : 'DAY',
      ocaGroup: order.ocaGroup,
    };
  }

  async function applyBrokerOrder(order: OrderRecord, broker: BrokerOrder): Promise<OrderRecord> {
    const updated =
      (await orders.updateState(
        order.id,
        {
          brokerOrderId: broker.brokerOrderId,
          permId: broker.permId,
          status: ORDER_STATUS[broker.status],
          filledQuantity: broker.filledQuantity,
          avgFillPrice: broker.averageFillPrice,
          statusMessage: broker.statusMessage,
        },
        clock.now(),
      )) ?? order;
    if (updated.status !== order.status || updated.filledQuantity !== order.filledQuantity) {
      announce(order, updated);
      if (updated.filledQuantity !== order.filledQuantity) deps.requestSync?.(updated.accountCode);
    }
    return updated;
  }

  function announce(before: OrderRecord, after: OrderRecord) {
    const at = clock.now();
    if (after.status === 'filled' && before.status !== 'filled') {
      events.publish({
        type: 'order_filled',
        orderId: after.id,
        accountCode: after.accountCode,
        symbol: after.symbol,
        quantity: after.filledQuantity,
        at,
      });
    } else if (after.status === 'cancelled' && before.status !== 'cancelled') {
      events.publish({
        type: 'order_cancelled',
        orderId: after.id,
        accountCode: after.accountCode,
        reason: after.statusMessage,
        at,
      });
    } else if (after.status === 'rejected' && before.status !== 'rejected') {
      events.publish({
        type: 'order_rejected',
        orderId: after.id,
        accountCode: after.accountCode,
        reason: after.statusMessage,
        at,
      });
    }
  }

  /** Sends a stored order on its way; safe to call again for the same order (the key makes it one). */
  async function submit(order: OrderRecord): Promise<OrderRecord> {
    if (order.mode === 'paper') {
      const submitted =
        (await orders.updateState(
          order.id,
          {
            brokerOrderId: null,
            permId: null,
            status: 'submitted',
            filledQuantity: order.filledQuantity,
            avgFillPrice: order.avgFillPrice,
            statusMessage: null,
          },
          clock.now(),
        )) ?? order;
      events.publish({
        type: 'order_submitted',
        orderId: order.id,
        accountCode: order.accountCode,
        mode: 'paper',
        automated: order.automated,
        at: clock.now(),
      });
      await deps.onPaperSubmitted?.(submitted);
      return (await orders.get(order.id)) ?? submitted;
    }
    const { broker } = deps;
    if (!broker) return order; // stays `created`; reconcile submits it when a broker is back
    try {
      const placed = await broker.placeOrder(requestOf(order, order.accountCode));
      fault('order_acknowledged');
      const updated = await applyBrokerOrder(order, placed);
      if (order.status === 'created') {
        events.publish({
          type: 'order_submitted',
          orderId: order.id,
          accountCode: order.accountCode,
          mode: 'live',
          automated: order.automated,
          at: clock.now(),
        });
      }
      return updated;
    } catch (error) {
      if (error instanceof BrokerError && (error.kind === 'rejected' || error.kind === 'invalid_request')) {
        const rejected =
          (await orders.updateState(
            order.id,
            {
              brokerOrderId: null,
              permId: null,
              status: 'rejected',
              filledQuantity: 0,
              avgFillPrice: null,
              statusMessage: error.message,
            },
            clock.now(),
          )) ?? order;
        announce(order, rejected);
        return rejected;
      }
      // Unavailable or unknown: the broker may or may not have it. It stays `created`; reconcile asks again by key.
      return order;
    }
  }

  async function approve(
    id: string,
    overrides: TicketOverrides,
    actor: { userId: string | null; automated: boolean },
  ): Promise<Decided<{ order: OrderRecord }>> {
    const t = await ticket(id, overrides, actor.automated);
    if (!t.ok) return t;
    const { rec, spec, resolved, mode, preview: checked } = t.value;
    if (!checked.ok && checked.refusal) return { ok: false, refusal: checked.refusal };
    if (mode === 'live') {
      const trading = await orders.accountTrading(rec.accountId);
      if (trading?.orderMode !== 'live') {
        return refuse(409, 'LIVE_TRADING_DISABLED', `Live trading is not enabled for ${rec.accountCode}`);
      }
    }
    const now = clock.now();
    const limitPrice = formatPrice(spec.limitPrice);
    const newOrder: NewOrder = {
      idempotencyKey: `rec:${rec.id}`,
      accountId: rec.accountId,
      portfolioId: null,
      recommendationId: rec.id,
      mode,
      legs: resolved.map((r) => r.record),
      side: signedNet(spec.legs, spec.limitPrice) > 0 ? 'buy' : 'sell',
      limitPrice,
      tif: spec.tif === 'GTC' ? 'gtc' : 'day',
      quantity: spec.quantity,
      ocaGroup: null,
      automated: actor.automated,
      createdBy: actor.userId,
      reprice: t.value.reprice,
    };
    const stored = await orders.approveRecommendation({
      recommendationId: rec.id,
      decidedBy: actor.userId,
      at: now,
      order: newOrder,
      audit: {
        actorUserId: actor.userId,
        action: actor.automated ? 'recommendation.auto_approve' : 'recommendation.approve',
        entityType: 'recommendation',
        entityId: rec.id,
        before: { status: rec.status, quantity: rec.quantity, limitPrice: rec.limitPrice },
        after: {
          status: 'approved',
          mode,
          quantity: spec.quantity,
          limitPrice,
          tif: spec.tif,
          risk: checked.risk?.verdict ?? null,
          overrides,
        },
        at: now,
      },
    });
    if (!stored.ok) {
      if (stored.code === 'not_found') return refuse(404, 'NOT_FOUND', `No recommendation ${id}`);
      if (stored.code === 'expired') {
        return refuse(409, 'EXPIRED', `The recommendation expired at ${stored.expiresAt.toISOString()}`);
      }
      return refuse(
        409,
        'NOT_PENDING',
        `The recommendation is ${stored.status}, not pending: only pending ones can be approved`,
      );
    }
    fault('order_stored');
    return { ok: true, value: { order: await submit(stored.order) } };
  }

  async function reject(id: string, reason: string, userId: string | null): Promise<Decided<true>> {
    const rec = await strategies.getRecommendation(id);
    if (!rec) return refuse(404, 'NOT_FOUND', `No recommendation ${id}`);
    const now = clock.now();
    const done = await orders.rejectRecommendation({
      recommendationId: id,
      decidedBy: userId,
      reason,
      at: now,
      audit: {
        actorUserId: userId,
        action: 'recommendation.reject',
        entityType: 'recommendation',
        entityId: id,
        before: { status: rec.status },
        after: { status: 'rejected', reason },
        at: now,
      },
    });
    if (done.ok) return { ok: true, value: true };
    if (done.code === 'not_found') return refuse(404, 'NOT_FOUND', `No recommendation ${id}`);
    if (done.code === 'expired')
      return refuse(409, 'EXPIRED', `The recommendation expired at ${done.expiresAt.toISOString()}`);
    return refuse(
      409,
      'NOT_PENDING',
      `The recommendation is ${done.status}, not pending: only pending ones can be rejected`,
    );
  }

  async function cancel(orderId: string, userId: string | null, reason: string): Promise<Decided<OrderRecord>> {
    const order = await orders.get(orderId);
    if (!order) return refuse(404, 'NOT_FOUND', `No order ${orderId}`);
    if (!WORKING_ORDER_STATUSES.includes(order.status)) {
      return refuse(409, 'ORDER_NOT_WORKING', `The order is ${order.status}: only working orders can be cancelled`);
    }
    const now = clock.now();
    let updated: OrderRecord | undefined;
    if (order.mode === 'paper' || (order.status === 'created' && order.brokerOrderId === null && !deps.broker)) {
      updated = await orders.updateState(
        order.id,
        {
          brokerOrderId: order.brokerOrderId,
          permId: order.permId,
          status: 'cancelled',
          filledQuantity: order.filledQuantity,
          avgFillPrice: order.avgFillPrice,
          statusMessage: reason,
        },
        now,
      );
    } else {
      const { broker } = deps;
      if (!broker || broker.connectionState() !== 'ready') {
        return refuse(503, 'BROKER_UNAVAILABLE', 'The broker is not connected: the cancel cannot be sent');
      }
      // A `created` order may or may not be at the broker: place-by-key returns the one it has (or places it), so
      // the cancel always has a broker id to name.
      const live = order.brokerOrderId === null ? await submit(order) : order;
      if (live.brokerOrderId === null) {
        return refuse(503, 'BROKER_UNAVAILABLE', 'The order has not reached the broker yet; try again');
      }
      try {
        await broker.cancelOrder(live.brokerOrderId);
      } catch (error) {
        return refuse(503, 'BROKER_UNAVAILABLE', `The broker did not take the cancel: ${String(error)}`);
      }
      updated = await orders.updateState(
        order.id,
        {
          brokerOrderId: live.brokerOrderId,
          permId: live.permId,
          status: WORKING_ORDER_STATUSES.includes(live.status) ? 'cancel_requested' : live.status,
          filledQuantity: live.filledQuantity,
          avgFillPrice: live.avgFillPrice,
          statusMessage: reason,
        },
        now,
      );
    }
    await deps.audit.record({
      actorUserId: userId,
      action: 'order.cancel',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: updated?.status ?? order.status, reason },
      at: now,
    });
    if (updated) announce(order, updated);
    return { ok: true, value: updated ?? order };
  }

  /**
   * Live orders the database holds as working are brought in line with the broker: `created` ones (the process
   * stopped before the broker answered) are submitted again by key, which returns the broker's order when it has it;
   * the others take the broker's state. Then every recommendation follows its order.
   */
  async function reconcile(): Promise<{ resubmitted: number; updated: number }> {
    const { broker } = deps;
    let resubmitted = 0;
    let updated = 0;
    if (broker && broker.connectionState() === 'ready') {
      const working = await orders.list({ status: 'working', mode: 'live', limit: 1000 });
      const atBroker = new Map<string, BrokerOrder>();
      if (working.some((o) => o.status !== 'created')) {
        const [open, done] = await Promise.all([broker.openOrders(), broker.completedOrders()]);
        for (const o of [...done, ...open]) if (o.idempotencyKey) atBroker.set(o.idempotencyKey, o);
      }
      for (const order of working) {
        if (order.status === 'created') {
          const after = await submit(order);
          if (after.status !== 'created') resubmitted += 1;
          continue;
        }
        const known = atBroker.get(order.idempotencyKey);
        if (known) {
          const after = await applyBrokerOrder(order, known);
          if (after.updatedAt.getTime() !== order.updatedAt.getTime()) updated += 1;
        } else if (broker.kind === 'sim' && order.idempotencyKey.startsWith('rec:')) {
          // The sim keeps its book in memory: after a restart it no longer has the order, and never will.
          await orders.updateState(
            order.id,
            {
              brokerOrderId: order.brokerOrderId,
              permId: order.permId,
              status: 'inactive',
              filledQuantity: order.filledQuantity,
              avgFillPrice: order.avgFillPrice,
              statusMessage: 'The simulated broker restarted without this order',
            },
            clock.now(),
          );
          updated += 1;
        }
      }
    }
    await orders.followRecommendations(clock.now());
    return { resubmitted, updated };
  }

  /** A broker `order` event of one of ours → its row (and its recommendation). */
  async function onBrokerOrder(order: BrokerOrder): Promise<void> {
    if (!order.idempotencyKey) return;
    const stored = await orders.getByKey(order.idempotencyKey);
    if (!stored || stored.mode !== 'live') return;
    await applyBrokerOrder(stored, order);
  }

  async function updateTradingSettings(
    patch: Partial<Omit<TradingSettings, 'autotradeEnabled'>> & { autotradeEnabled?: boolean; cancelWorking?: boolean },
    userId: string | null,
  ): Promise<TradingSettings & { cancelledOrders?: number }> {
    const before = await tradingSettings();
    const now = clock.now();
    if (patch.reduceOnly !== undefined) await settings.set('reduce_only', patch.reduceOnly, userId, now);
    if (patch.limits !== undefined) await settings.set('automation_limits', patch.limits, userId, now);
    if (patch.policy !== undefined) await settings.set('order_policy', patch.policy, userId, now);
    if (patch.autotradeEnabled !== undefined)
      await settings.set('autotrade_enabled', patch.autotradeEnabled, userId, now);
    const after = await tradingSettings();
    let cancelledOrders: number | undefined;
    if (patch.autotradeEnabled === false && patch.cancelWorking) {
      cancelledOrders = 0;
      const working = await orders.list({ status: 'working', limit: 1000 });
      for (const order of working.filter((o) => o.automated)) {
        const result = await cancel(order.id, userId, 'Cancelled by the kill switch');
        if (result.ok) cancelledOrders += 1;
      }
    }
    await deps.audit.record({
      actorUserId: userId,
      action: 'settings.trading',
      entityType: 'app_settings',
      entityId: null,
      before,
      after: { ...after, ...(cancelledOrders === undefined ? {} : { cancelledOrders }) },
      at: now,
    });
    if (patch.autotradeEnabled !== undefined && patch.autotradeEnabled !== before.autotradeEnabled) {
      events.publish({
        type: 'kill_switch_changed',
        enabled: patch.autotradeEnabled,
        by: userId,
        cancelledOrders: cancelledOrders ?? 0,
        at: now,
      });
    }
    return { ...after, ...(cancelledOrders === undefined ? {} : { cancelledOrders }) };
  }

  /**
   * Autotrade: pending recommendations of instances with autotrade on are approved without a click — only while the
   * kill switch allows it, through the same checks as a click plus the market gate and the automation limits.
   * A refusal leaves the recommendation pending (a person can still decide) and is reported.
   */
  async function autotrade(): Promise<{ submitted: number; refused: { id: string; message: string }[] }> {
    const refused: { id: string; message: string }[] = [];
    let submitted = 0;
    const instances = (await strategies.listInstances({ enabled: true })).filter((i) => i.autotradeEnabled);
    for (const instance of instances) {
      // Read the switch before each instance: flipping it off stops the rest of this pass at once.
      if ((await settings.get('autotrade_enabled')) !== true) break;
      const pending = await strategies.listRecommendations({ status: 'pending', instanceId: instance.id, limit: 100 });
      for (const rec of pending) {
        if ((await settings.get('autotrade_enabled')) !== true) break;
        const result = await approve(rec.id, {}, { userId: null, automated: true });
        if (result.ok) submitted += 1;
        else refused.push({ id: rec.id, message: result.refusal.message });
      }
    }
    return { submitted, refused };
  }

  /** Live needs the account code typed again (`confirm`); paper never needs a confirmation. Audited. */
  async function setOrderMode(
    accountId: string,
    mode: OrderMode,
    confirm: string | undefined,
    userId: string | null,
  ): Promise<Decided<AccountTradingRecord>> {
    const current = await orders.accountTrading(accountId);
    if (!current) return refuse(404, 'NOT_FOUND', `No account ${accountId}`);
    if (mode === 'live' && confirm !== current.accountCode) {
      return refuse(
        422,
        'CONFIRMATION_REQUIRED',
        `Type the account code ${current.accountCode} to enable live orders`,
        [{ path: 'body.confirm', message: `Type ${current.accountCode}` }],
      );
    }
    const updated = await orders.setOrderMode(accountId, mode, {
      actorUserId: userId,
      action: 'account.order_mode',
      entityType: 'broker_account',
      entityId: accountId,
      before: { orderMode: current.orderMode },
      after: { orderMode: mode },
      at: clock.now(),
    });
    return updated ? { ok: true, value: updated } : refuse(404, 'NOT_FOUND', `No account ${accountId}`);
  }

  /** A client's trade journal: closed round trips from its fills and option events (domain `buildJournal`). */
  async function journal(
    clientId: string,
    filter: { accountId?: string | undefined; limit: number },
  ): Promise<JournalTrade[]> {
    const inputs = await orders.journalInputs(clientId, { accountId: filter.accountId });
    return buildJournal(inputs.fills, inputs.events).slice(0, filter.limit);
  }

  return {
    setOrderMode,
    journal,
    tradingSettings,
    updateTradingSettings,
    preview,
    approve,
    reject,
    cancel,
    submit,
    reconcile,
    onBrokerOrder,
    autotrade,
  };
}

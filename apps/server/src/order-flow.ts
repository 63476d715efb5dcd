// The order flow's moving parts, wired: the Order Manager, the paper engine and their schedule.
// - Paper orders are matched every PAPER_FILL_INTERVAL_SECONDS (and right after an approval).
// - Live orders: broker `order` events update their rows; `reconcile` runs at start, after each reconnect and
//   every minute (a `created` order is resubmitted by key, which never places a second one); after each sync, every
//   recommendation follows its order.
// - Autotrade runs after each strategy run, behind the kill switch.
import {
  type Broker,
  type OrderManager,
  type PaperEngine,
  type RiskService,
  type StrategyRunRecord,
  type TradingEvents,
} from '@optionstrader/application';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Services } from './container';

export interface OrderFlow {
  manager: OrderManager;
  paper: PaperEngine;
  /** What the flow publishes (fills, option events, kill switch, new recommendations): notifications subscribe. */
  events: TradingEvents;
  /** Work for after each sync (recommendations follow live orders the sync updated). */
  afterSync: () => Promise<void>;
  /** After each strategy run: autotrade, if the kill switch and the instances allow it. */
  afterStrategyRuns: (runs: readonly StrategyRunRecord[]) => Promise<void>;
  stop: () => void;
}

export function startOrderFlow(
  config: Config,
  services: Services,
  risk: RiskService,
  broker: Broker | undefined,
  log: Logger,
): OrderFlow {
  const { repositories, clock } = services;
  const crashAt = config.OPTIONSTRADER_CRASH_AT;
  const { manager, paper, events } = services.orderFlow(risk, broker, {
    onListenerError: (error) => log.error({ err: error }, 'trading event listener failed'),
    onPaperError: (error) => log.warn({ err: error }, 'paper fill failed'),
    ...(crashAt
      ? {
          faultPoint: (point) => {
            if (point !== crashAt) return;
            log.warn({ point }, 'OPTIONSTRADER_CRASH_AT: killing the process');
            process.kill(process.pid, 'SIGKILL');
          },
        }
      : {}),
  });
  // The notifications issue delivers these; until then they are logged.
  events.subscribe((event) => log.info({ event }, `trading event: ${event.type}`));

  const failed = (what: string) => (error: unknown) => log.error({ err: error }, `${what} failed`);
  let reconciling = false;
  const reconcile = async () => {
    if (reconciling) return;
    reconciling = true;
    try {
      const result = await manager.reconcile();
      if (result.resubmitted > 0 || result.updated > 0) log.info(result, 'orders reconciled with the broker');
    } finally {
      reconciling = false;
    }
  };
  const unsubscribe =
    broker?.subscribe((event) => {
      if (event.type === 'order') void manager.onBrokerOrder(event.order).catch(failed('order update'));
      else if (event.type === 'connection' && event.state === 'ready') void reconcile().catch(failed('reconcile'));
    }) ?? (() => {});
  void reconcile().catch(failed('reconcile'));
  const reconcileEvery = setInterval(() => void reconcile().catch(failed('reconcile')), 60_000);
  reconcileEvery.unref();

  let passing = false;
  const paperPass = async () => {
    if (passing) return;
    passing = true;
    try {
      const result = await paper.pass();
      for (const error of result.errors) log.warn({ error }, 'paper engine');
      if (result.fills + result.expired + result.repriced + result.settled > 0) log.info(result, 'paper engine');
    } finally {
      passing = false;
    }
  };
  const paperEvery =
    config.PAPER_FILL_INTERVAL_SECONDS > 0
      ? setInterval(() => void paperPass().catch(failed('paper engine')), config.PAPER_FILL_INTERVAL_SECONDS * 1000)
      : undefined;
  paperEvery?.unref();

  return {
    manager,
    paper,
    events,
    afterSync: async () => {
      await repositories.orders.followRecommendations(clock.now());
    },
    afterStrategyRuns: async (runs) => {
      for (const run of runs) {
        const count = run.stats?.recommendations ?? 0;
        if (run.instanceId && count > 0) {
          events.publish({ type: 'recommendations_created', instanceId: run.instanceId, count, at: clock.now() });
        }
      }
      const result = await manager.autotrade();
      if (result.submitted > 0 || result.refused.length > 0) log.info(result, 'autotrade');
    },
    stop: () => {
      unsubscribe();
      clearInterval(reconcileEvery);
      if (paperEvery) clearInterval(paperEvery);
    },
  };
}

// Notifications wired from the configuration: the mailer and webhook adapters, the service, and its delivery path.
import {
  createDailySummarySource,
  createNotificationService,
  notifyingAlerts,
  notifyTradingEvents,
  type AlertsRepository,
  type Clock,
  type Mailer,
  type NotificationService,
  type TradingEvents,
} from '@optionstrader/application';
import type { Repositories } from '@optionstrader/db';
import type { Logger } from 'pino';
import { createMailer, type MailConfig } from './adapters/mailer';
import { createWebhookSender } from './adapters/webhook';
import type { Config } from './config';

export type NotificationsConfig = MailConfig & Pick<Config, 'APP_URL' | 'PORT'>;

export interface NotificationsDeps {
  repositories: Pick<Repositories, 'notifications' | 'access' | 'reads' | 'strategies' | 'orders'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Puts a delivery on the durable queue, whose worker calls `service.deliver(id)` (and retries when it throws). */
  enqueueDelivery: (notificationId: string) => Promise<void>;
  /** Test seam: a mailer instead of the configured one. */
  mailer?: Mailer | null;
}

export interface Notifications {
  service: NotificationService;
  /** null with MAIL_TRANSPORT=none. */
  mailer: Mailer | null;
  /** What the job handlers `notification.deliver` and `notifications.daily_summary` call. */
  jobs: {
    deliver(id: string): Promise<void>;
    dailySummary(asOf: Date): Promise<Record<string, unknown>>;
  };
  /** The alerts repository, notifying every alert it newly raises (risk → risk_alert, the rest → connectivity). */
  alerts(alerts: AlertsRepository): AlertsRepository;
  /** Notifies the order flow's fills, option events, kill switch changes and new recommendations; unsubscribes. */
  subscribe(events: TradingEvents): () => void;
}

export function createNotifications(config: NotificationsConfig, deps: NotificationsDeps): Notifications {
  const mailer = deps.mailer === undefined ? createMailer(config, deps.logger) : deps.mailer;
  const { repositories, logger } = deps;

  const service: NotificationService = createNotificationService({
    repo: repositories.notifications,
    mailer: mailer ?? {
      send: () => Promise.reject(new Error('Email is turned off (MAIL_TRANSPORT=none)')),
      verify: async () => {},
    },
    emailEnabled: mailer !== null,
    webhook: createWebhookSender(),
    clock: deps.clock,
    enqueueDelivery: deps.enqueueDelivery,
    appUrl: config.APP_URL ?? `http://localhost:${config.PORT}`,
    summary: createDailySummarySource({
      access: repositories.access,
      accounts: repositories.reads.accounts,
      strategies: repositories.strategies,
    }),
    onError: (error, context) => logger.error({ err: error, ...context }, 'notification not stored or queued'),
  });
  return {
    service,
    mailer,
    jobs: {
      async deliver(id) {
        await service.deliver(id);
      },
      dailySummary: (asOf) => service.dailySummary(asOf),
    },
    alerts: (alerts) => notifyingAlerts(alerts, service),
    subscribe: (events) =>
      notifyTradingEvents(events, {
        notifications: service,
        orders: repositories.orders,
        accounts: repositories.reads.accounts,
        strategies: repositories.strategies,
        onError: (error) => logger.error({ err: error }, 'trading event not notified'),
      }),
  };
}

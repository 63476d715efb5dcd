// The HTTP app, built by a function from its dependencies so tests can `inject()` without a port.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type {
  AccessService,
  AdminService,
  AuditQuery,
  AuditRepository,
  AuthService,
  BacktestService,
  BrokerStatusTracker,
  Clock,
  ErrorsQuery,
  MetricsQuery,
  RiskService,
} from '@optionstrader/application';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { errorBody, errorHandler } from './error-handler';
import { accountsRoutes, type ReadRoutesDeps } from './routes/accounts.routes';
import { accessRoutes } from './routes/access.routes';
import { adminRoutes } from './routes/admin.routes';
import { auditRoutes } from './routes/audit.routes';
import { authRoutes } from './routes/auth.routes';
import { chainsRoutes } from './routes/chains.routes';
import { healthRoutes, type ReadinessProbe } from './routes/health.routes';
import { portfoliosRoutes } from './routes/portfolios.routes';
import { positionsRoutes } from './routes/positions.routes';
import { alertsRoutes, type AlertsRoutesOptions } from './routes/alerts.routes';
import { jobsRoutes, type JobsRoutesDeps } from './routes/jobs.routes';
import { syncRoutes, type SyncRoutesOptions } from './routes/sync.routes';
import { brokerRoutes } from './routes/broker.routes';
import { riskRoutes } from './routes/risk.routes';
import { ordersRoutes, type OrderRoutesDeps } from './routes/orders.routes';
import { backtestsRoutes } from './routes/backtests.routes';
import { strategiesRoutes, type StrategyRoutesDeps } from './routes/strategies.routes';
import { watchlistsRoutes } from './routes/watchlists.routes';
import { notificationsRoutes, type NotificationRoutesDeps } from './routes/notifications.routes';
import { registerHardening } from './hardening';
import { registerAccessControl, type SessionCookieOptions } from './session';
import { registerWebApp } from './web-app';
import { createMetrics, type Metrics } from '../metrics';
import { registerMetricsEndpoint } from './metrics-endpoint';
import { registerRequestContext, requestIdOf } from './request-context';
import { errorsRoutes } from './routes/errors.routes';

export interface AppDeps {
  logger: FastifyBaseLogger | false;
  auth: AuthService;
  /** Who may do what: the caller's clients and roles, members, API tokens. */
  access: AccessService;
  /** The installation admin's users and clients. */
  admin: AdminService;
  audit: AuditRepository;
  auditLog: AuditQuery;
  clock: Clock;
  /** Read-side queries behind accounts, dashboard, positions, portfolios and chains. */
  reads: ReadRoutesDeps;
  /** Absent when no broker is configured (BROKER=none): then there is nothing to sync. */
  sync?: SyncRoutesOptions['sync'] | undefined;
  /** The broker connection's status (GET /api/broker); absent when no broker is configured. */
  broker?: Pick<BrokerStatusTracker, 'status'> | undefined;
  /** Operational alerts (GET /api/alerts, acknowledge); absent in tests that do not need them. */
  alerts?: AlertsRoutesOptions | undefined;
  /** The risk engine (GET /api/accounts/{id}/risk, limits, pre-trade check); absent in tests that do not need it. */
  risk?: RiskService | undefined;
  /** The strategy engine (definitions, instances, runs, opportunities, recommendations, watchlists). */
  strategies?: StrategyRoutesDeps | undefined;
  /** The order flow (approve/reject, orders, executions, journal, trading settings); absent in tests without it. */
  orders?: OrderRoutesDeps | undefined;
  /** Backtests (datasets, start, list, read, delete); absent in tests without them. */
  backtests?: BacktestService | undefined;
  /** The caller's notification preferences, test and history (/api/me/notifications); absent in tests without them. */
  notifications?: NotificationRoutesDeps | undefined;
  /** Scheduled jobs, Run now, history and the failed list (/api/jobs, admins); absent in tests without them. */
  jobs?: JobsRoutesDeps | undefined;
  probes: ReadinessProbe[];
  /** Prometheus metrics (GET /metrics), made by `createMetrics()`; the job runner records into the same one. */
  metrics?: Metrics | undefined;
  /** Set → GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  /** The errors list (GET /api/errors) and the scrape-time reads of /metrics; absent in tests without them. */
  observability?: { errors: ErrorsQuery; metrics: MetricsQuery } | undefined;
  cookie: SessionCookieOptions;
  loginRateLimitPerMinute: number;
  /** Per client IP, over the whole API. */
  apiRateLimitPerMinute: number;
  /** Per user, for approve / reject / preview / cancel. */
  approveRateLimitPerMinute: number;
  /** Origins besides the server's own that may send cookie-authenticated mutations (a UI behind a proxy). */
  allowedOrigins?: readonly string[] | undefined;
  bodyLimitBytes: number;
  /** Folder of the built web UI; absent → `/` explains how to build it. */
  webDistDir?: string | undefined;
  version: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    bodyLimit: deps.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors Fastify raises before routing (bad percent-encoding, overlong params) get the same error body.
    frameworkErrors: (error, request, reply) => {
      void errorHandler(error, request, reply);
    },
    trustProxy: false,
    genReqId: requestIdOf,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      // Thrown, then shaped by the central error handler like every other 4xx.
      const error = Object.assign(new Error(`Too many requests; try again in ${context.after}`), { statusCode: 429 });
      return error;
    },
  });
  registerHardening(app, {
    allowedOrigins: deps.allowedOrigins ?? [],
    apiRateLimitPerMinute: deps.apiRateLimitPerMinute,
    approveRateLimitPerMinute: deps.approveRateLimitPerMinute,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OptionsTrader API',
        version: deps.version,
        description:
          'JSON API of OptionsTrader. Authenticate with POST /api/auth/login; the session cookie does the rest.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ot_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerAccessControl(app, deps);
  registerRequestContext(app);
  // Without one given (tests build many apps), no process metrics: their collectors would pile up per app.
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: false });
  metrics.watch({
    clock: deps.clock,
    accounts: deps.reads.queries.accounts,
    marketData: deps.reads.queries.marketData,
    syncRuns: deps.reads.queries.syncRuns,
    recommendations: deps.observability?.metrics,
    broker: deps.broker,
  });
  registerMetricsEndpoint(app, metrics, deps.metricsToken);

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes(deps.probes));
  await app.register(authRoutes(deps), { prefix: '/api' });
  await app.register(accessRoutes(deps.access), { prefix: '/api' });
  await app.register(adminRoutes(deps.admin), { prefix: '/api' });
  await app.register(auditRoutes(deps.auditLog), { prefix: '/api' });
  await app.register(accountsRoutes(deps.reads), { prefix: '/api' });
  await app.register(positionsRoutes(deps.reads), { prefix: '/api' });
  await app.register(portfoliosRoutes(deps.reads), { prefix: '/api' });
  await app.register(chainsRoutes(deps.reads), { prefix: '/api' });
  if (deps.sync) await app.register(syncRoutes({ sync: deps.sync, queries: deps.reads.queries }), { prefix: '/api' });
  await app.register(brokerRoutes(deps.broker, deps.reads.queries.accounts), { prefix: '/api' });
  if (deps.alerts) await app.register(alertsRoutes(deps.alerts), { prefix: '/api' });
  if (deps.risk) await app.register(riskRoutes(deps.risk), { prefix: '/api' });
  if (deps.strategies) {
    await app.register(strategiesRoutes(deps.strategies), { prefix: '/api' });
    await app.register(watchlistsRoutes(deps.strategies.strategies.watchlists), { prefix: '/api' });
  }
  if (deps.orders) await app.register(ordersRoutes(deps.orders), { prefix: '/api' });
  if (deps.backtests) await app.register(backtestsRoutes(deps.backtests), { prefix: '/api' });
  if (deps.notifications) await app.register(notificationsRoutes(deps.notifications), { prefix: '/api' });
  if (deps.observability) await app.register(errorsRoutes(deps.observability.errors), { prefix: '/api' });
  if (deps.jobs) await app.register(jobsRoutes(deps.jobs), { prefix: '/api' });
  const servesWebApp = await registerWebApp(app, deps.webDistDir);

  app.setNotFoundHandler((request, reply) => {
    if (servesWebApp && request.method === 'GET' && !request.url.startsWith('/api')) {
      // Client-side routes (/positions, /orders, ...) are served by the single-page app.
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(errorBody(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
  });

  return app;
}

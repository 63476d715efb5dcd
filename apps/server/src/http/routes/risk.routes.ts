// The risk of an account (GET /api/accounts/{id}/risk), its limits (GET/PUT …/risk-limits) and the pre-trade check
// of a proposed order (POST …/risk/check) — the same check the recommendations and the order manager run.
import type { RiskService } from '@optionstrader/application';
import {
  accountRiskResponseSchema,
  errorBodySchema,
  riskCheckRequestSchema,
  riskCheckResponseSchema,
  riskLimitsResponseSchema,
  riskLimitsSchema,
  uuidParamsSchema,
} from '@optionstrader/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../app-error';
import { accessOf } from '../access';

const noAccount = (id: string) => new AppError(404, 'NOT_FOUND', `No broker account ${id}`);

export function riskRoutes(risk: RiskService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/accounts/:id/risk',
      {
        config: { permission: 'read', owns: { 'params.id': 'account' } },
        schema: {
          tags: ['risk'],
          summary: 'Risk of one account: margin, concentration, greeks, VaR/CVaR, stress, max loss, rule verdicts',
          description:
            'Computed on request from the ingested book and the shipped price history. Margin figures are the ' +
            "domain's estimates (Reg-T rules, a TIMS-like portfolio-margin scan, cash-secured rules); `broker` " +
            'holds what the broker itself reports. Unknown inputs are null, never 0.',
          params: uuidParamsSchema,
          response: {
            200: accountRiskResponseSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            404: errorBodySchema,
          },
        },
      },
      async (request) => {
        const result = await risk.accountRisk(request.params.id);
        if (!result) throw noAccount(request.params.id);
        return result;
      },
    );

    app.get(
      '/accounts/:id/risk-limits',
      {
        config: { permission: 'read', owns: { 'params.id': 'account' } },
        schema: {
          tags: ['risk'],
          summary: 'Risk limits of one account: the account type defaults, the overrides and the effective values',
          params: uuidParamsSchema,
          response: { 200: riskLimitsResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const result = await risk.limits(request.params.id);
        if (!result) throw noAccount(request.params.id);
        return result;
      },
    );

    app.put(
      '/accounts/:id/risk-limits',
      {
        config: { permission: 'manage', owns: { 'params.id': 'account' } },
        schema: {
          tags: ['risk'],
          summary: 'Replace the risk-limit overrides of one account',
          description:
            'The body is the whole override set: an absent key takes the account type default, null turns the rule ' +
            'off. Fractions are of NLV (0.5 = 50%). A warning level above its blocking level (after defaults) is ' +
            'refused with 400. Audited.',
          params: uuidParamsSchema,
          body: riskLimitsSchema,
          response: { 200: riskLimitsResponseSchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request) => {
        const { user } = accessOf(request);
        const result = await risk.setLimits(request.params.id, request.body, user.id);
        if (result === null) throw noAccount(request.params.id);
        if (!result.ok) throw new AppError(400, 'VALIDATION_FAILED', result.message);
        return result.limits;
      },
    );

    app.post(
      '/accounts/:id/risk/check',
      {
        config: { permission: 'trade', owns: { 'params.id': 'account' } },
        schema: {
          tags: ['risk'],
          summary: 'Pre-trade check of a proposed order: rule verdicts with reasons, margin before and after',
          description:
            'Legs are signed (+ buys, − sells); an option leg needs right, strike and expiry. The verdict is the ' +
            'worst of the reasons; a figure that cannot be computed blocks. Nothing is stored or sent.',
          params: uuidParamsSchema,
          body: riskCheckRequestSchema,
          response: {
            200: riskCheckResponseSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request) => {
        const result = await risk.checkOrder(request.params.id, request.body);
        if (!result) throw noAccount(request.params.id);
        if ('unavailable' in result) throw new AppError(409, 'CONFLICT', result.unavailable);
        return result;
      },
    );
  };
}

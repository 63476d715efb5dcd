import type { RiskCheckLeg } from '@optionstrader/contracts';
import { describe, expect, it } from 'vitest';
import type { Broker, BrokerContract, ContractQuery, OrderRequest, WhatIfResult } from '../ports';
import { brokerWhatIf } from './broker-what-if';

const ANSWER: WhatIfResult = {
  initialMarginChange: '1700.00',
  maintenanceMarginChange: '1700.00',
  equityWithLoanChange: '-1.05',
  commission: '1.05',
  warning: null,
};

const contract = (query: ContractQuery): BrokerContract =>
  ({
    key: `${query.secType}:${query.symbol}:${query.strike ?? ''}`,
    brokerContractId: null,
    secType: query.secType,
    symbol: query.symbol,
    currency: 'USD',
    exchange: null,
    primaryExchange: null,
    localSymbol: null,
    tradingClass: null,
    expiry: query.expiry ?? null,
    strike: query.strike ?? null,
    right: query.right ?? null,
    multiplier: query.secType === 'OPT' ? 100 : null,
  }) as BrokerContract;

function fakeBroker(state: 'ready' | 'disconnected' = 'ready') {
  const asked: OrderRequest[] = [];
  const broker: Pick<Broker, 'connectionState' | 'contractDetails' | 'whatIf'> = {
    connectionState: () => state,
    contractDetails: async (query: ContractQuery) => {
      if (query.symbol === 'NOPE') return [];
      // Like the sim: an index ETF is listed as ETF, not STK.
      return query.secType === 'STK' ? [] : [contract(query)];
    },
    whatIf: async (request) => {
      asked.push(request);
      return ANSWER;
    },
  };
  return { broker, asked };
}

const put = (quantity: number, strike: number): RiskCheckLeg => ({
  symbol: 'KO',
  kind: 'option',
  right: 'put',
  strike,
  expiry: '2026-12-18',
  multiplier: 100,
  quantity,
});

describe('brokerWhatIf', () => {
  it('sends the legs as one order: quantity = their common factor, ratios and sides from the signs', async () => {
    const { broker, asked } = fakeBroker();
    const outcome = await brokerWhatIf(broker, 'DU1', [put(-4, 60), put(6, 55)], 'what-if:1');
    expect(outcome).toEqual({ result: ANSWER });
    expect(asked[0]).toMatchObject({ accountCode: 'DU1', quantity: 2, orderType: 'MKT', idempotencyKey: 'what-if:1' });
    expect(asked[0]?.legs.map((l) => [l.action, l.ratio, l.contract.strike])).toEqual([
      ['SELL', 2, '60'],
      ['BUY', 3, '55'],
    ]);
  });

  it('finds an ETF listed as ETF when STK has none', async () => {
    const { broker, asked } = fakeBroker();
    await brokerWhatIf(broker, 'DU1', [{ symbol: 'SPY', kind: 'stock', multiplier: 100, quantity: 100 }], 'k');
    expect(asked[0]?.legs[0]?.contract.symbol).toBe('SPY');
  });

  it('reports, never throws: not connected, an unknown contract, a broker refusal', async () => {
    expect(await brokerWhatIf(fakeBroker('disconnected').broker, 'DU1', [put(-1, 60)], 'k')).toEqual({
      error: 'the broker is disconnected',
    });
    const unknown = await brokerWhatIf(fakeBroker().broker, 'DU1', [{ ...put(-1, 60), symbol: 'NOPE' }], 'k');
    expect(unknown).toEqual({ error: 'the broker lists no contract for NOPE 2026-12-18 60 put' });
    const refusing = fakeBroker().broker;
    refusing.whatIf = () => Promise.reject(new Error('no answer within 10 s'));
    expect(await brokerWhatIf(refusing, 'DU1', [put(-1, 60)], 'k')).toEqual({ error: 'no answer within 10 s' });
  });
});

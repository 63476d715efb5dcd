// The broker's own margin impact of a proposed order (IBKR: a what-if order; the sim: its margin rules), asked
// next to the domain's estimate so the two can be compared. Nothing is placed. Every failure (not connected, a
// contract it does not list, the broker's timeout or refusal) is reported as text: the estimate stands on its own.
import type { RiskCheckLeg } from '@optionstrader/contracts';
import type { IsoDate } from '@optionstrader/domain';
import type { Broker, BrokerContract, OrderRequest, WhatIfResult } from '../ports';

export type WhatIfOutcome = { result: WhatIfResult } | { error: string };

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const describe = (leg: RiskCheckLeg): string =>
  leg.kind === 'stock' ? leg.symbol : `${leg.symbol} ${leg.expiry ?? '?'} ${leg.strike ?? '?'} ${leg.right ?? '?'}`;

async function contractOf(broker: Pick<Broker, 'contractDetails'>, leg: RiskCheckLeg): Promise<BrokerContract | null> {
  if (leg.kind === 'option') {
    const [contract] = await broker.contractDetails({
      secType: 'OPT',
      symbol: leg.symbol,
      ...(leg.expiry === undefined ? {} : { expiry: leg.expiry as IsoDate }),
      ...(leg.strike === undefined ? {} : { strike: String(leg.strike) }),
      ...(leg.right === undefined ? {} : { right: leg.right }),
    });
    return contract ?? null;
  }
  // An ETF is listed as STK at IBKR and as ETF by the sim.
  const [stock] = await broker.contractDetails({ secType: 'STK', symbol: leg.symbol });
  if (stock) return stock;
  const [etf] = await broker.contractDetails({ secType: 'ETF', symbol: leg.symbol });
  return etf ?? null;
}

/** The what-if of the legs as one order (quantity = the legs' common factor, ratios the rest). */
export async function brokerWhatIf(
  broker: Pick<Broker, 'connectionState' | 'contractDetails' | 'whatIf'>,
  accountCode: string,
  legs: readonly RiskCheckLeg[],
  idempotencyKey: string,
): Promise<WhatIfOutcome> {
  // No timer here: the adapters bound their own requests (IBKR: whatIfTimeoutMs).
  if (broker.connectionState() !== 'ready') return { error: `the broker is ${broker.connectionState()}` };
  const unit = legs.reduce((common, leg) => gcd(common, Math.abs(leg.quantity)), 0);
  try {
    const orderLegs: OrderRequest['legs'] = [];
    for (const leg of legs) {
      const contract = await contractOf(broker, leg);
      if (!contract) return { error: `the broker lists no contract for ${describe(leg)}` };
      orderLegs.push({ contract, action: leg.quantity > 0 ? 'BUY' : 'SELL', ratio: Math.abs(leg.quantity) / unit });
    }
    const request: OrderRequest = {
      accountCode,
      idempotencyKey,
      legs: orderLegs,
      quantity: unit,
      orderType: 'MKT',
      limitPrice: null,
      tif: 'DAY',
    };
    return { result: await broker.whatIf(request) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

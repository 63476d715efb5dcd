// Public shapes of the simulated brokerage: account specs (the starting book) and option lifecycle events.
import type { AccountType, BrokerContract, Decimal } from '@optionstrader/application';

export interface SimPositionSpec {
  /** Canonical instrument key: 'STK:AAPL:USD', 'OPT:KO:2026-03-20:P:60:100:USD'. */
  key: string;
  /** Signed units: shares or contracts. */
  quantity: number;
  /** Per unit including the multiplier (IBKR's convention: a put sold at 1.50 has average cost '150'). */
  averageCost: Decimal;
}

export interface SimAccountSpec {
  code: string;
  type: AccountType;
  label?: string | null;
  /** Only USD accounts are simulated. */
  baseCurrency?: 'USD';
  cash: Decimal;
  positions?: SimPositionSpec[];
}

export type OptionEventKind = 'assignment' | 'exercise' | 'expiration' | 'early_assignment';

export interface SimOptionEvent {
  kind: OptionEventKind;
  accountCode: string;
  contract: BrokerContract;
  /** The option position that was assigned, exercised or expired, signed (−1: one short contract). */
  quantity: number;
  at: Date;
  /** Shares of the underlier held after the event. */
  resultingStockQuantity: number;
}

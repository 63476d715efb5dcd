// The trade journal's inputs and output: fills and option events in, closed round trips out (see journal.ts).
import type { InstrumentKey } from '../instruments';

export type JournalMode = 'paper' | 'live' | 'external';

export interface JournalFill {
  accountId: string;
  accountCode: string;
  instrumentId: string;
  key: InstrumentKey;
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  kind: 'option' | 'stock';
  multiplier: number;
  side: 'buy' | 'sell';
  /** Units, > 0. */
  quantity: number;
  /** Per share, decimal string. */
  price: string;
  commission: string | null;
  executedAt: Date;
  mode: JournalMode;
}

export interface JournalEvent {
  accountId: string;
  instrumentId: string;
  kind: 'assignment' | 'exercise' | 'expiration' | 'early_assignment';
  /** Signed contracts the event closed (a short assigned: negative). */
  quantity: number;
  occurredAt: Date;
}

/** A closed round trip of one instrument in one account: opened from flat, then brought back to zero. */
export interface JournalTrade {
  accountId: string;
  accountCode: string;
  instrumentId: string;
  key: InstrumentKey;
  symbol: string;
  kind: 'option' | 'stock';
  /** 'short' when the opening fill sold. */
  direction: 'long' | 'short';
  /** Largest open quantity during the trip (units). */
  quantity: number;
  openedAt: Date;
  closedAt: Date;
  /** Calendar days between the opening fill and the close (fractional days rounded down). */
  daysHeld: number;
  /** Money received opening (short, positive) or paid opening (long, negative), × multiplier, before commissions. */
  premium: string;
  commissions: string;
  /** Σ sells − Σ buys (× multiplier) − commissions; an expiry or assignment closes the option at 0. */
  realizedPnl: string;
  closedBy: 'trade' | 'expiration' | 'assignment' | 'exercise';
  mode: JournalMode;
}

// What an order is in domain terms, before any broker sees it: legs, units, a limit per share and a time in force.
// The application turns an `OrderSpec` into the Broker port's `OrderRequest` (contracts resolved, exact decimals).
import type { IsoDate } from '../calendar';
import type { OptionSide } from '../strategies/types';

interface LegCommon {
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  /** 100 for standard options, 1 for stock. */
  multiplier: number;
  side: 'BUY' | 'SELL';
  /** Units of this leg per unit of the order (1 for single legs and simple rolls); a positive integer. */
  ratio: number;
}

export interface OptionOrderLeg extends LegCommon {
  kind: 'option';
  right: OptionSide;
  strike: number;
  expiry: IsoDate;
}

/** Stock legs carry no option fields (null, so the two kinds share one shape). */
export interface StockOrderLeg extends LegCommon {
  kind: 'stock';
  right: null;
  strike: null;
  expiry: null;
}

export type OrderLegSpec = OptionOrderLeg | StockOrderLeg;

export type OrderTif = 'DAY' | 'GTC';

export interface OrderSpec {
  legs: OrderLegSpec[];
  /** Units of the order (contracts, or shares for stock); a positive integer. */
  quantity: number;
  /**
   * Per share, on the price's tick. Single leg: the price (positive; the leg's side says buy or sell). Several legs:
   * the net price, positive = debit paid, negative = credit received (the Broker port's convention).
   */
  limitPrice: number;
  tif: OrderTif;
  /** Only limit orders: options are never sent at market. */
  orderType: 'LMT';
}

// Position and cash bookkeeping of one account, in exact Micros. Average cost is per unit including the multiplier
// (IBKR's convention: an option sold at 1.50 has average cost 150) and includes commissions; it is positive for
// shorts too (the credit per unit). Reducing a position realizes P&L against the average cost. The sim broker keeps
// its accounts with it.
import { type Micros, micros } from '../money';

export interface Holding {
  /** Signed units: shares or contracts. */
  quantity: number;
  /** Total cost of the open units, a magnitude (|quantity| × average cost). */
  costBasis: Micros;
  realized: Micros;
}

export const emptyHolding = (): Holding => ({ quantity: 0, costBasis: micros(0n), realized: micros(0n) });

export function averageCost(holding: Holding): Micros | null {
  if (holding.quantity === 0) return null;
  return micros(holding.costBasis / BigInt(Math.abs(holding.quantity)));
}

/**
 * Applies a trade of `quantity` signed units at `unitPrice` (per unit incl. multiplier) with `commission`.
 * Returns the new holding and the cash change (negative when paying).
 */
export function applyTrade(
  holding: Holding,
  trade: { quantity: number; unitPrice: Micros; commission: Micros },
): { holding: Holding; cashChange: Micros } {
  const { quantity, unitPrice, commission } = trade;
  if (!Number.isSafeInteger(quantity) || quantity === 0) throw new RangeError(`Not a trade quantity: ${quantity}`);
  const cashChange = micros(0n - unitPrice * BigInt(quantity) - commission);
  const sign = Math.sign(holding.quantity);
  let { costBasis, realized } = holding;
  let open = quantity;
  if (sign !== 0 && Math.sign(quantity) !== sign) {
    const closing = Math.min(Math.abs(quantity), Math.abs(holding.quantity));
    const closedCost = (costBasis * BigInt(closing)) / BigInt(Math.abs(holding.quantity));
    const proceeds = unitPrice * BigInt(closing);
    // Long: sold for proceeds, cost closedCost. Short: bought back for proceeds, credit closedCost.
    const pnl = sign > 0 ? proceeds - closedCost : closedCost - proceeds;
    const closingCommission = (commission * BigInt(closing)) / BigInt(Math.abs(quantity));
    realized = micros(realized + pnl - closingCommission);
    costBasis = micros(costBasis - closedCost);
    open = quantity + sign * closing;
    const remainingCommission = commission - closingCommission;
    if (open !== 0) {
      // Flipped through zero: the rest opens a new position at this price.
      costBasis = micros(unitPrice * BigInt(Math.abs(open)) + (open > 0 ? remainingCommission : -remainingCommission));
    }
  } else {
    const added = unitPrice * BigInt(Math.abs(quantity));
    // A long pays the commission on top of the price; a short's credit is reduced by it.
    costBasis = micros(costBasis + (quantity > 0 ? added + commission : added - commission));
  }
  const newQuantity = holding.quantity + quantity;
  return {
    holding: { quantity: newQuantity, costBasis: newQuantity === 0 ? micros(0n) : costBasis, realized },
    cashChange,
  };
}

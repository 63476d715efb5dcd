// Margin rules: account summary figures per account type. ESTIMATES of what IBKR computes, documented here so the numbers can
// be checked by hand; with IBKR, the broker's own figures (and what-if orders) are the truth.
//
// Every account type:
//   market value   = quantity × multiplier × mark (the quote's mark; unknown mark → NLV, gross value and the
//                    margin figures that need it are null, never 0)
//   NLV            = cash + Σ market value;  gross position value = Σ |market value|
//   excess liq.    = NLV − maintenance margin
//
// margin_regt (Reg-T, per underlier):
//   long stock 50% initial / 25% maintenance of value; short stock 50% initial / 30% maintenance;
//   long options: paid in full, no loan value (requirement = their market value);
//   short calls covered by 100 long shares each (lowest strikes covered first): no requirement beyond the stock;
//   naked short options (CBOE/Reg-T rule), per contract, initial = maintenance:
//     call: (max(20% × S − OTM, 10% × S) + premium) × multiplier,   OTM = max(0, K − S)
//     put:  (max(20% × S − OTM, 10% × K) + premium) × multiplier,   OTM = max(0, S − K)
//     e.g. short 1 put K 95, S 100, premium 2.00: max(20 − 5, 9.5) + 2 = 17 → 1,700.00.
//   Short puts are margined as naked puts (as IBKR does in margin accounts) even when cash would secure them.
//   buying power = 2 × (NLV − initial margin)  (stock at 50%).
//
// margin_pm (a TIMS-like portfolio-margin scan, per underlier):
//   move the underlier from −15% to +15% (broad index ETFs: −8% to +6%) in 10 equal steps; reprice every option on
//   it with the domain's European Black-Scholes-Merton at the surface vol of its strike and expiry (vol unchanged);
//   requirement = the worst loss across the points against the unmoved model value, at least USD 37.50 per option
//   contract held on the underlier (long or short). initial = maintenance.
//   buying power = (NLV − initial margin) / 15%.
//
// cash, tfsa, rrsp (no margin, no naked options):
//   cash reserved = Σ short puts K × multiplier × contracts (+ S × multiplier for any short call the account's shares
//   do not cover — the order checks keep those from existing);
//   initial = maintenance = cash reserved;  buying power = cash − cash reserved.
import { type IsoDate, yearFractionToExpiry } from '../calendar';
import { type Micros, addMoney, micros } from '../money';
import { price } from '../pricing/api';
import type { AccountType, UnderlyingKind } from './account-type';

export type MarginInstrument =
  { kind: 'stock' } | { kind: 'option'; right: 'call' | 'put'; strike: number; expiry: IsoDate; multiplier: number };

export interface MarginPosition {
  /** The underlier (the symbol itself for stock). */
  symbol: string;
  quantity: number;
  /** Per share; null when unknown. */
  mark: number | null;
  instrument: MarginInstrument;
}

/** Market inputs of the rules, at one instant. */
export interface MarginMarket {
  nowMs: number;
  spot(symbol: string): number | null;
  kind(symbol: string): UnderlyingKind;
  vol(symbol: string, expiry: IsoDate, strike: number): number;
  rate: number;
  dividendYield(symbol: string): number;
}

export interface UnderlierRequirement {
  symbol: string;
  initial: Micros | null;
  maintenance: Micros | null;
  /** PM: the scan point (fractional move) of the worst loss. */
  worstMove?: number;
}

export interface MarginSummary {
  rule: 'reg_t' | 'portfolio_margin' | 'cash';
  cash: Micros;
  netLiquidation: Micros | null;
  grossPositionValue: Micros | null;
  initialMargin: Micros | null;
  maintenanceMargin: Micros | null;
  excessLiquidity: Micros | null;
  buyingPower: Micros | null;
  cashReserved: Micros | null;
  requirements: UnderlierRequirement[];
}

/** A float amount of money → Micros at cent precision (model outputs are not exact anyway). */
export function moneyFromNumber(value: number): Micros {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  return micros(BigInt(Math.round(value * 100)) * 10_000n);
}

const multiplierOf = (position: MarginPosition): number =>
  position.instrument.kind === 'option' ? position.instrument.multiplier : 1;

export function marketValue(position: MarginPosition): Micros | null {
  return position.mark === null ? null : moneyFromNumber(position.quantity * multiplierOf(position) * position.mark);
}

function sumOrNull(values: (Micros | null)[]): Micros | null {
  if (values.some((value) => value === null)) return null;
  return addMoney(...(values as Micros[]));
}

const abs = (value: Micros): Micros => micros(value < 0n ? 0n - value : value);
const ratio = (value: Micros, numerator: bigint, denominator: bigint): Micros =>
  micros((value * numerator) / denominator);

type OptionPosition = MarginPosition & { instrument: Extract<MarginInstrument, { kind: 'option' }> };
const isOption = (position: MarginPosition): position is OptionPosition => position.instrument.kind === 'option';

/** Short calls of an underlier that its long shares do not cover, lowest strikes covered first. */
export function uncoveredShortCalls(group: MarginPosition[]): { position: OptionPosition; contracts: number }[] {
  const shares = group.filter((p) => p.instrument.kind === 'stock').reduce((sum, p) => sum + p.quantity, 0);
  let coverable = Math.max(0, shares);
  const calls = group
    .filter(isOption)
    .filter((p) => p.instrument.right === 'call' && p.quantity < 0)
    .sort((a, b) => a.instrument.strike - b.instrument.strike);
  const uncovered: { position: OptionPosition; contracts: number }[] = [];
  for (const call of calls) {
    let contracts = -call.quantity;
    const covered = Math.min(contracts, Math.floor(coverable / call.instrument.multiplier));
    coverable -= covered * call.instrument.multiplier;
    contracts -= covered;
    if (contracts > 0) uncovered.push({ position: call, contracts });
  }
  return uncovered;
}

/** The CBOE/Reg-T naked short option requirement of `contracts` contracts (premium included). */
export function nakedOptionRequirement(option: {
  right: 'call' | 'put';
  strike: number;
  spot: number;
  premium: number;
  multiplier: number;
  contracts: number;
}): Micros {
  const { right, strike, spot, premium, multiplier, contracts } = option;
  const otm = right === 'call' ? Math.max(0, strike - spot) : Math.max(0, spot - strike);
  const floor = right === 'call' ? 0.1 * spot : 0.1 * strike;
  const perShare = Math.max(0.2 * spot - otm, floor) + premium;
  return moneyFromNumber(perShare * multiplier * contracts);
}

function regTRequirement(symbol: string, group: MarginPosition[], market: MarginMarket): UnderlierRequirement {
  const spot = market.spot(symbol);
  let initial: Micros | null = micros(0n);
  let maintenance: Micros | null = micros(0n);
  const add = (i: Micros | null, m: Micros | null) => {
    initial = initial === null || i === null ? null : addMoney(initial, i);
    maintenance = maintenance === null || m === null ? null : addMoney(maintenance, m);
  };
  for (const position of group) {
    const value = marketValue(position);
    if (position.instrument.kind === 'stock') {
      if (value === null) add(null, null);
      else if (position.quantity >= 0) add(ratio(value, 1n, 2n), ratio(value, 1n, 4n));
      else add(ratio(abs(value), 1n, 2n), ratio(abs(value), 3n, 10n));
    } else if (position.quantity > 0) {
      add(value, value);
    }
  }
  const naked = (position: OptionPosition, contracts: number) => {
    if (spot === null || position.mark === null) return add(null, null);
    const requirement = nakedOptionRequirement({
      right: position.instrument.right,
      strike: position.instrument.strike,
      spot,
      premium: position.mark,
      multiplier: position.instrument.multiplier,
      contracts,
    });
    add(requirement, requirement);
  };
  for (const { position, contracts } of uncoveredShortCalls(group)) naked(position, contracts);
  for (const position of group.filter(isOption)) {
    if (position.instrument.right === 'put' && position.quantity < 0) naked(position, -position.quantity);
  }
  return { symbol, initial, maintenance };
}

const PM_PER_CONTRACT_MINIMUM = 37.5;
const SCAN_STEPS = 10;

/** The scan range of an underlier: broad index ETFs −8%/+6%, stocks and other ETFs ±15%. */
export function scanRange(kind: UnderlyingKind): { down: number; up: number } {
  return kind === 'index_etf' ? { down: -0.08, up: 0.06 } : { down: -0.15, up: 0.15 };
}

function pmRequirement(symbol: string, group: MarginPosition[], market: MarginMarket): UnderlierRequirement {
  const spot = market.spot(symbol);
  if (spot === null || !Number.isFinite(spot)) return { symbol, initial: null, maintenance: null };
  const q = market.dividendYield(symbol);
  const valueAt = (S: number): number =>
    group.reduce((total, position) => {
      const instrument = position.instrument;
      if (instrument.kind === 'stock') return total + position.quantity * S;
      const T = yearFractionToExpiry(market.nowMs, instrument.expiry);
      const K = instrument.strike;
      const unit =
        T > 0
          ? price({
              right: instrument.right,
              S,
              K,
              T,
              r: market.rate,
              q,
              sigma: market.vol(symbol, instrument.expiry, K),
            })
          : Math.max(0, instrument.right === 'call' ? S - K : K - S);
      return total + position.quantity * instrument.multiplier * unit;
    }, 0);
  const base = valueAt(spot);
  const { down, up } = scanRange(market.kind(symbol));
  let worst = 0;
  let worstMove = 0;
  for (let step = 0; step <= SCAN_STEPS; step++) {
    const move = down + ((up - down) * step) / SCAN_STEPS;
    const loss = base - valueAt(spot * (1 + move));
    if (loss > worst) {
      worst = loss;
      worstMove = move;
    }
  }
  const contracts = group.filter(isOption).reduce((sum, p) => sum + Math.abs(p.quantity), 0);
  const requirement = moneyFromNumber(Math.max(worst, contracts * PM_PER_CONTRACT_MINIMUM));
  return { symbol, initial: requirement, maintenance: requirement, worstMove };
}

function cashReserved(symbol: string, group: MarginPosition[], market: MarginMarket): Micros | null {
  let reserved = 0n;
  for (const position of group.filter(isOption)) {
    if (position.instrument.right === 'put' && position.quantity < 0) {
      reserved += moneyFromNumber(position.instrument.strike * position.instrument.multiplier * -position.quantity);
    }
  }
  for (const { position, contracts } of uncoveredShortCalls(group)) {
    const spot = market.spot(symbol);
    if (spot === null) return null;
    reserved += moneyFromNumber(spot * position.instrument.multiplier * contracts);
  }
  return micros(reserved);
}

/** The account summary of one account by the rules above. */
export function computeMarginSummary(
  type: AccountType,
  cash: Micros,
  positions: MarginPosition[],
  market: MarginMarket,
): MarginSummary {
  const live = positions.filter((p) => p.quantity !== 0);
  const values = live.map(marketValue);
  const positionsValue = sumOrNull(values);
  const netLiquidation = positionsValue === null ? null : addMoney(cash, positionsValue);
  const grossPositionValue = sumOrNull(values.map((v) => (v === null ? null : abs(v))));
  const groups = new Map<string, MarginPosition[]>();
  for (const position of live) groups.set(position.symbol, [...(groups.get(position.symbol) ?? []), position]);

  const rule = type === 'margin_pm' ? 'portfolio_margin' : type === 'margin_regt' ? 'reg_t' : 'cash';
  if (rule === 'cash') {
    const reserved = sumOrNull([...groups].map(([symbol, group]) => cashReserved(symbol, group, market)));
    return {
      rule,
      cash,
      netLiquidation,
      grossPositionValue,
      initialMargin: reserved,
      maintenanceMargin: reserved,
      excessLiquidity: netLiquidation === null || reserved === null ? null : micros(netLiquidation - reserved),
      buyingPower: reserved === null ? null : micros(cash - reserved),
      cashReserved: reserved,
      requirements: [],
    };
  }
  const requirements = [...groups].map(([symbol, group]) =>
    rule === 'reg_t' ? regTRequirement(symbol, group, market) : pmRequirement(symbol, group, market),
  );
  const initialMargin = sumOrNull(requirements.map((r) => r.initial));
  const maintenanceMargin = sumOrNull(requirements.map((r) => r.maintenance));
  const available = netLiquidation === null || initialMargin === null ? null : netLiquidation - initialMargin;
  return {
    rule,
    cash,
    netLiquidation,
    grossPositionValue,
    initialMargin,
    maintenanceMargin,
    excessLiquidity:
      netLiquidation === null || maintenanceMargin === null ? null : micros(netLiquidation - maintenanceMargin),
    buyingPower: available === null ? null : micros(rule === 'reg_t' ? available * 2n : (available * 20n) / 3n),
    cashReserved: null,
    requirements,
  };
}

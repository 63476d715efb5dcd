// The simulated broker: the Broker port over a MarketSimulator, with accounts, order matching, commissions,
// expirations, assignments and dividends, all in memory.
//
// State is not persisted: every start builds the accounts from their specs (the demo book is re-seeded
// deterministically from `demoAccounts`), so the sim "broker" is a fresh account each start; the application
// persists what it ingests. Time comes from `clock` (orders, quotes, summaries); the host moves the simulation
// forward with `advanceTo(atMs)` (a scheduler tick, a test, a backtest), which processes in time order:
// cash dividends at the ex-date's open, resting orders every 30 minutes of the NYSE session (and at `atMs`), and
// at each close: DAY orders expire, early assignment of short calls before an ex-date, expirations.
//
// Matching, commissions and expiry settlement are the domain's rules (orders/matching.ts, commissions.ts,
// expiry-settlement.ts), shared with the Order Manager's paper engine; the books are kept with orders/ledger.ts.
//
// Matching (estimates of a real venue): orders fill only during the regular NYSE session. Single-leg BUY limits fill
// when ask ≤ limit, at the ask; SELL limits when bid ≥ limit, at the bid; market orders at the opposite side.
// Combos (several legs, net limit, positive = debit) fill when the natural net (Σ buy legs at the ask − Σ sell legs
// at the bid, times ratios) ≤ limit, each leg at its natural side. Fill prices are rounded to the cent. Each check
// fills at most a displayed size seeded by (seed, contract, instant): 5–50 option contracts, 200–5,000 shares;
// the rest of the order keeps working. A side without a quote never fills. Account-type rules and margin are
// checked when the order is placed, assuming a full fill (see the domain's risk/margin.ts); reduce-only orders always pass.
//
// Lifecycle: at an expiry's close, options at least 0.01 in the money against the underlier's close are exercised
// (long) or assigned (short) into stock at the strike, the others expire; the option closes at 0 (its premium is
// realized P&L, not folded into the stock's cost) and exercise/assignment carries no commission. A short call
// whose underlier goes ex-dividend the next trading day is assigned early at the close when it is at least 0.01 in
// the money and its extrinsic value (mark − intrinsic) is below the dividend. Cash dividends are credited on long
// shares (debited on short shares) at the ex-date's open.
import {
  type AccountSummary,
  type Broker,
  type BrokerAccount,
  type BrokerContract,
  BrokerError,
  unknownQuote,
  type BrokerEvent,
  type BrokerExecution,
  type BrokerOrder,
  type BrokerPosition,
  type BrokerQuote,
  type ConnectionState,
  type ContractQuery,
  type OptionChainParams,
  type OrderLeg,
  type OrderRequest,
  type WhatIfResult,
} from '@optionstrader/application';
import {
  type InstrumentKey,
  type IsoDate,
  type Micros,
  addDays,
  expiryInstant,
  formatMoney,
  formatStrike,
  isMarketOpen,
  micros,
  newYorkDateOf,
  nextTradingDay,
  parseMoney,
  parseStrike,
  sessionFor,
  strikeToNumber,
  type MarginMarket,
  type MarginPosition,
  type MarginSummary,
  computeMarginSummary,
  marketValue,
  type Holding,
  applyTrade,
  averageCost,
  emptyHolding,
  incrementalCommission,
  legCommission,
  orderCommission,
  type QuotedLeg,
  expiryOutcome,
  hash32,
  matchOrder,
  naturalPrices,
  roundToCents,
  sharesDelivered,
} from '@optionstrader/domain';
import { type SimInstrument, instrumentOfKey, optionContract, stockContract } from './brokerage/contracts';
import type { OptionEventKind, SimAccountSpec, SimOptionEvent } from './brokerage/types';
import type { MarketSimulator } from './market/market-simulator';

export interface SimBrokerOptions {
  market: MarketSimulator;
  clock: { now(): Date };
  accounts: SimAccountSpec[];
  /** Seeds displayed sizes and perm ids; the same seed and history give the same fills. */
  seed?: number;
}

export interface SimBroker extends Broker {
  /** Processes fills, dividends, early assignments, DAY-order expiry and expirations up to `atMs`. */
  advanceTo(atMs: number): Promise<void>;
  /** Assignments, exercises and expirations so far, oldest first. */
  optionEvents(): SimOptionEvent[];
}

interface Position {
  instrument: SimInstrument;
  contract: BrokerContract;
  holding: Holding;
}

interface Account {
  info: BrokerAccount;
  cash: Micros;
  positions: Map<InstrumentKey, Position>;
}

interface ResolvedLeg {
  instrument: SimInstrument;
  contract: BrokerContract;
  action: 'BUY' | 'SELL';
  ratio: number;
  multiplier: number;
}

interface WorkingOrder {
  order: BrokerOrder;
  legs: ResolvedLeg[];
  limit: Micros | null;
  fills: number;
  /** Per leg: running fee and 1% cap (stocks), for the order-level minimum and cap. */
  legFees: { fee: Micros; cap: Micros | null }[];
  charged: Micros;
  netFilled: Micros;
}

const HALF_HOUR = 30 * 60_000;
const ZERO = micros(0n);
const OPEN_STATUSES = new Set(['pending_submit', 'submitted', 'partially_filled']);

const toNumber = (amount: Micros): number => Number(amount) / 1e6;
const orNull = (amount: Micros | null): string | null => (amount === null ? null : formatMoney(amount));

export function createSimBroker(options: SimBrokerOptions): SimBroker {
  const { market, clock } = options;
  const seed = options.seed ?? 1;
  const listeners = new Set<(event: BrokerEvent) => void>();
  const accounts = new Map<string, Account>();
  const orders = new Map<string, WorkingOrder>();
  const orderByKey = new Map<string, string>();
  const executionLog: BrokerExecution[] = [];
  const lifecycleEvents: SimOptionEvent[] = [];
  let state: ConnectionState = 'disconnected';
  let nextOrderId = 1;
  let processedMs = clock.now().getTime();

  const emit = (event: BrokerEvent) => {
    for (const listener of listeners) listener(event);
  };
  const requireReady = () => {
    if (state !== 'ready') throw new BrokerError('unavailable', 'The sim broker is not connected');
  };

  // ---- instruments, quotes and marks -------------------------------------------------------------------------

  const contractOf = (instrument: SimInstrument): BrokerContract | null => {
    const profile = market.profile(instrument.symbol);
    if (!profile) return null;
    return instrument.kind === 'stock' ? stockContract(profile) : optionContract(instrument.option);
  };
  const multiplierOf = (instrument: SimInstrument): number =>
    instrument.kind === 'option' ? instrument.option.multiplier : 1;
  const isExpired = (instrument: SimInstrument, atMs: number): boolean =>
    instrument.kind === 'option' && atMs >= expiryInstant(instrument.option.expiry);

  const nullQuote = (key: InstrumentKey, atMs: number): BrokerQuote => unknownQuote(key, new Date(atMs));
  const quoteOf = (instrument: SimInstrument, atMs: number): BrokerQuote => {
    if (!market.profile(instrument.symbol)) return nullQuote(instrument.key, atMs);
    try {
      if (instrument.kind === 'stock') return market.underlyingQuote(instrument.symbol, atMs);
      if (isExpired(instrument, atMs)) return nullQuote(instrument.key, atMs);
      return market.optionQuote(instrument.option, atMs);
    } catch {
      return nullQuote(instrument.key, atMs);
    }
  };
  /** The mark used for values: the quote's mark; an expired option is worth its intrinsic value at its close. */
  const markOf = (instrument: SimInstrument, atMs: number): number | null => {
    if (instrument.kind === 'option' && isExpired(instrument, atMs)) {
      const close = market.close(instrument.symbol, instrument.option.expiry);
      const strike = strikeToNumber(instrument.option.strike);
      return Math.max(0, instrument.option.right === 'call' ? close - strike : strike - close);
    }
    return quoteOf(instrument, atMs).mark;
  };

  const marginMarket = (atMs: number): MarginMarket => ({
    nowMs: atMs,
    spot: (symbol) => (market.profile(symbol) ? market.spot(symbol, atMs) : null),
    kind: (symbol) => market.profile(symbol)?.kind ?? 'stock',
    vol: (symbol, expiry, strike) => market.impliedVol(symbol, expiry, strike, atMs),
    rate: market.riskFreeRate(atMs),
    dividendYield: (symbol) => market.profile(symbol)?.dividendYield ?? 0,
  });
  const marginPosition = (instrument: SimInstrument, quantity: number, atMs: number): MarginPosition => ({
    symbol: instrument.symbol,
    quantity,
    mark: markOf(instrument, atMs),
    instrument:
      instrument.kind === 'stock'
        ? { kind: 'stock' }
        : {
            kind: 'option',
            right: instrument.option.right,
            strike: strikeToNumber(instrument.option.strike),
            expiry: instrument.option.expiry,
            multiplier: instrument.option.multiplier,
          },
  });
  const summaryOf = (
    account: Account,
    cash: Micros,
    quantities: Map<InstrumentKey, { instrument: SimInstrument; quantity: number }>,
    atMs: number,
  ): MarginSummary =>
    computeMarginSummary(
      account.info.type,
      cash,
      [...quantities.values()].map((p) => marginPosition(p.instrument, p.quantity, atMs)),
      marginMarket(atMs),
    );
  const quantitiesOf = (account: Account) =>
    new Map(
      [...account.positions].map(([key, p]) => [key, { instrument: p.instrument, quantity: p.holding.quantity }]),
    );

  const toSummary = (account: Account, atMs: number): AccountSummary => {
    const summary = summaryOf(account, account.cash, quantitiesOf(account), atMs);
    return {
      accountCode: account.info.code,
      currency: account.info.baseCurrency,
      asOf: new Date(atMs),
      netLiquidation: orNull(summary.netLiquidation),
      cash: formatMoney(summary.cash),
      buyingPower: orNull(summary.buyingPower),
      initialMargin: orNull(summary.initialMargin),
      maintenanceMargin: orNull(summary.maintenanceMargin),
      excessLiquidity: orNull(summary.excessLiquidity),
      grossPositionValue: orNull(summary.grossPositionValue),
      raw: {
        rule: summary.rule,
        cashReserved: orNull(summary.cashReserved),
        requirements: summary.requirements.map((r) => ({
          symbol: r.symbol,
          initial: orNull(r.initial),
          maintenance: orNull(r.maintenance),
          ...(r.worstMove === undefined ? {} : { worstMove: r.worstMove }),
        })),
      },
    };
  };

  const toPosition = (account: Account, position: Position, atMs: number): BrokerPosition => {
    const { holding, instrument } = position;
    const mark = markOf(instrument, atMs);
    const value = marketValue(marginPosition(instrument, holding.quantity, atMs));
    const signedCost = holding.quantity >= 0 ? holding.costBasis : micros(0n - holding.costBasis);
    return {
      accountCode: account.info.code,
      contract: position.contract,
      quantity: String(holding.quantity),
      averageCost: orNull(averageCost(holding)),
      marketPrice: mark,
      marketValue: orNull(value),
      unrealizedPnl: value === null ? null : formatMoney(micros(value - signedCost)),
      realizedPnl: formatMoney(holding.realized),
      asOf: new Date(atMs),
    };
  };

  // ---- accounts from their specs -------------------------------------------------------------------------------

  for (const spec of options.accounts) {
    if (accounts.has(spec.code)) throw new Error(`Duplicate sim account ${spec.code}`);
    const account: Account = {
      info: { code: spec.code, type: spec.type, baseCurrency: 'USD', paper: true, label: spec.label ?? null },
      cash: parseMoney(spec.cash),
      positions: new Map(),
    };
    for (const positionSpec of spec.positions ?? []) {
      const instrument = instrumentOfKey(positionSpec.key);
      const contract = instrument && contractOf(instrument);
      if (!instrument || !contract) throw new Error(`Unknown instrument ${positionSpec.key} in ${spec.code}`);
      if (!Number.isSafeInteger(positionSpec.quantity)) throw new Error(`Bad quantity for ${positionSpec.key}`);
      const cost = parseMoney(positionSpec.averageCost);
      account.positions.set(instrument.key, {
        instrument,
        contract,
        holding: {
          quantity: positionSpec.quantity,
          costBasis: micros(cost * BigInt(Math.abs(positionSpec.quantity))),
          realized: ZERO,
        },
      });
    }
    accounts.set(spec.code, account);
  }

  const requireAccount = (code: string): Account => {
    const account = accounts.get(code);
    if (!account) throw new BrokerError('not_found', `Unknown account ${code}`);
    return account;
  };

  /** Books a trade into an account and returns the position, emitting nothing. */
  const book = (
    account: Account,
    instrument: SimInstrument,
    contract: BrokerContract,
    quantity: number,
    unitPrice: Micros,
    commission: Micros,
  ): Position => {
    const position = account.positions.get(instrument.key) ?? { instrument, contract, holding: emptyHolding() };
    const result = applyTrade(position.holding, { quantity, unitPrice, commission });
    position.holding = result.holding;
    account.cash = micros(account.cash + result.cashChange);
    account.positions.set(instrument.key, position);
    return position;
  };
  const emitPositions = (account: Account, positions: Position[], atMs: number) => {
    for (const position of positions) emit({ type: 'position', position: toPosition(account, position, atMs) });
    emit({ type: 'account', summary: toSummary(account, atMs) });
  };
  const dropFlat = (account: Account) => {
    for (const [key, position] of account.positions) if (position.holding.quantity === 0) account.positions.delete(key);
  };

  // ---- orders ------------------------------------------------------------------------------------------------------

  const validateShape = (request: OrderRequest) => {
    const fail = (message: string) => {
      throw new BrokerError('invalid_request', message);
    };
    if (!request.idempotencyKey) fail('An order needs an idempotency key');
    if (request.legs.length === 0) fail('An order needs at least one leg');
    if (!Number.isSafeInteger(request.quantity) || request.quantity <= 0) {
      fail(`Order quantity must be a positive integer: ${request.quantity}`);
    }
    for (const leg of request.legs) {
      if (!Number.isSafeInteger(leg.ratio) || leg.ratio <= 0)
        fail(`Leg ratio must be a positive integer: ${leg.ratio}`);
    }
    if (request.orderType === 'LMT') {
      if (request.limitPrice === null) fail('A limit order needs a limit price');
      try {
        parseMoney(request.limitPrice ?? '');
      } catch {
        fail(`Not a decimal limit price: "${request.limitPrice}"`);
      }
      if (request.legs.length === 1 && parseMoney(request.limitPrice ?? '0') <= 0n) {
        fail('A single-leg limit price must be positive');
      }
    }
  };

  const resolveLegs = (account: Account | undefined, legs: OrderLeg[], atMs: number): ResolvedLeg[] | string => {
    const resolved: ResolvedLeg[] = [];
    for (const leg of legs) {
      const instrument = instrumentOfKey(leg.contract.key);
      const contract = instrument && contractOf(instrument);
      if (!instrument || !contract) return `Unknown contract ${leg.contract.key}`;
      if (instrument.kind === 'option') {
        if (isExpired(instrument, atMs)) return `Option ${instrument.key} has expired`;
        const held = account?.positions.has(instrument.key) ?? false;
        if (!held && !market.isListed(instrument.option, atMs)) return `Option ${instrument.key} is not listed`;
      }
      resolved.push({
        instrument,
        contract,
        action: leg.action,
        ratio: leg.ratio,
        multiplier: multiplierOf(instrument),
      });
    }
    return resolved;
  };

  /** A leg with its quote at `atMs`, as the domain's matching rules take it. */
  const quotedLeg = (leg: ResolvedLeg, atMs: number): QuotedLeg => {
    const quote = quoteOf(leg.instrument, atMs);
    return { side: leg.action, ratio: leg.ratio, bid: quote.bid, ask: quote.ask };
  };

  const updateOrder = (working: WorkingOrder, patch: Partial<BrokerOrder>, atMs: number) => {
    working.order = { ...working.order, ...patch, updatedAt: new Date(atMs) };
    emit({ type: 'order', order: working.order });
  };

  const fill = (working: WorkingOrder, quantity: number, prices: Micros[], atMs: number) => {
    const account = requireAccount(working.order.accountCode);
    working.fills += 1;
    const touched: Position[] = [];
    let net = 0n;
    working.legs.forEach((leg, index) => {
      const price = prices[index] ?? ZERO;
      const legQuantity = quantity * leg.ratio;
      const fees = working.legFees[index] ?? { fee: ZERO, cap: null };
      const added = legCommission({ kind: leg.instrument.kind, quantity: legQuantity, price });
      working.legFees[index] = {
        fee: micros(fees.fee + added.fee),
        cap: added.cap === null ? null : micros((fees.cap ?? 0n) + added.cap),
      };
      const total = orderCommission(working.legFees);
      const commission = incrementalCommission(total, working.charged);
      working.charged = micros(working.charged + commission);
      const signed = leg.action === 'BUY' ? legQuantity : -legQuantity;
      touched.push(
        book(account, leg.instrument, leg.contract, signed, micros(price * BigInt(leg.multiplier)), commission),
      );
      net += (leg.action === 'BUY' ? 1n : -1n) * BigInt(leg.ratio) * price;
      const execution: BrokerExecution = {
        execId: `${(seed >>> 0).toString(16).padStart(8, '0')}.${working.order.brokerOrderId.padStart(8, '0')}.${String(working.fills).padStart(2, '0')}.${String(index + 1).padStart(2, '0')}`,
        brokerOrderId: working.order.brokerOrderId,
        idempotencyKey: working.order.idempotencyKey,
        accountCode: account.info.code,
        contract: leg.contract,
        side: leg.action,
        quantity: String(legQuantity),
        price: formatMoney(price),
        executedAt: new Date(atMs),
        commission: null,
        commissionCurrency: null,
      };
      emit({ type: 'execution', execution });
      emit({ type: 'commission', execId: execution.execId, commission: formatMoney(commission), currency: 'USD' });
      executionLog.push({ ...execution, commission: formatMoney(commission), commissionCurrency: 'USD' });
    });
    const single = working.legs.length === 1 && working.legs[0]?.action === 'SELL';
    // Single-leg SELL orders report a positive price; combos report the signed net per unit.
    working.netFilled = micros(working.netFilled + (single ? -net : net) * BigInt(quantity));
    const filledQuantity = working.order.filledQuantity + quantity;
    updateOrder(
      working,
      {
        filledQuantity,
        averageFillPrice: formatMoney(micros(working.netFilled / BigInt(filledQuantity))),
        status: filledQuantity >= working.order.quantity ? 'filled' : 'partially_filled',
      },
      atMs,
    );
    emitPositions(account, touched, atMs);
    dropFlat(account);
  };

  const tryFill = (working: WorkingOrder, atMs: number) => {
    if (!OPEN_STATUSES.has(working.order.status) || !isMarketOpen(atMs)) return;
    const match = matchOrder({
      orderType: working.order.orderType,
      limit: working.limit,
      remaining: working.order.quantity - working.order.filledQuantity,
      legs: working.legs.map((leg) => ({
        ...quotedLeg(leg, atMs),
        kind: leg.instrument.kind,
        seedText: `${seed}|${leg.instrument.key}|${atMs}`,
      })),
    });
    if (match) fill(working, match.quantity, match.legPrices, atMs);
  };

  /** The account after a full fill of the order at `unitPrices` (per share), for checks and what-ifs. */
  const simulateFill = (account: Account, legs: ResolvedLeg[], quantity: number, unitPrices: Micros[]) => {
    const quantities = quantitiesOf(account);
    let cash = account.cash as bigint;
    legs.forEach((leg, index) => {
      const signed = (leg.action === 'BUY' ? 1 : -1) * leg.ratio * quantity;
      const current = quantities.get(leg.instrument.key)?.quantity ?? 0;
      quantities.set(leg.instrument.key, { instrument: leg.instrument, quantity: current + signed });
      cash -= (unitPrices[index] ?? 0n) * BigInt(leg.multiplier) * BigInt(signed);
    });
    return { quantities, cash: micros(cash) };
  };
  const estimatePrices = (legs: ResolvedLeg[], request: OrderRequest, atMs: number): Micros[] | null => {
    const natural = naturalPrices(legs.map((leg) => quotedLeg(leg, atMs)));
    if (natural) return natural.legs;
    const marks = legs.map((leg) => markOf(leg.instrument, atMs));
    if (marks.every((m): m is number => m !== null)) return marks.map(roundToCents);
    if (legs.length === 1 && request.limitPrice !== null) return [parseMoney(request.limitPrice)];
    return null;
  };
  const estimateCommission = (legs: ResolvedLeg[], quantity: number, prices: Micros[] | null): Micros =>
    orderCommission(
      legs.map((leg, index) =>
        legCommission({ kind: leg.instrument.kind, quantity: quantity * leg.ratio, price: prices?.[index] ?? ZERO }),
      ),
    );
  const isReduceOnly = (account: Account, legs: ResolvedLeg[], quantity: number): boolean =>
    legs.every((leg) => {
      const held = account.positions.get(leg.instrument.key)?.holding.quantity ?? 0;
      const signed = (leg.action === 'BUY' ? 1 : -1) * leg.ratio * quantity;
      return held !== 0 && Math.sign(signed) !== Math.sign(held) && Math.abs(signed) <= Math.abs(held);
    });

  /** Account-type and margin checks assuming a full fill; a message when the order must be rejected. */
  const accountRuleViolation = (
    account: Account,
    legs: ResolvedLeg[],
    request: OrderRequest,
    atMs: number,
  ): string | null => {
    if (isReduceOnly(account, legs, request.quantity)) return null;
    const prices = estimatePrices(legs, request, atMs);
    const after = simulateFill(account, legs, request.quantity, prices ?? legs.map(() => ZERO));
    const type = account.info.type;
    const label = type === 'tfsa' || type === 'rrsp' ? type.toUpperCase() : type;
    if (type === 'cash' || type === 'tfsa' || type === 'rrsp') {
      const shares = new Map<string, number>();
      const shortCalls = new Map<string, number>();
      let reserved = 0n;
      for (const { instrument, quantity } of after.quantities.values()) {
        if (instrument.kind === 'stock') {
          if (quantity < 0) return `Short stock is not allowed in a ${label} account (${instrument.symbol})`;
          shares.set(instrument.symbol, (shares.get(instrument.symbol) ?? 0) + quantity);
        } else if (quantity < 0 && instrument.option.right === 'call') {
          const units = -quantity * instrument.option.multiplier;
          shortCalls.set(instrument.symbol, (shortCalls.get(instrument.symbol) ?? 0) + units);
        } else if (quantity < 0) {
          reserved += instrument.option.strike * BigInt(instrument.option.multiplier) * BigInt(-quantity);
        }
      }
      for (const [symbol, units] of shortCalls) {
        const held = shares.get(symbol) ?? 0;
        if (units > held) {
          return `Naked calls are not allowed in a ${label} account: short ${symbol} calls need ${units} shares, the account would hold ${held}`;
        }
      }
      const cashAfter = after.cash - estimateCommission(legs, request.quantity, prices);
      if (cashAfter < reserved) {
        return reserved > 0n
          ? `Short puts must be cash-secured in a ${label} account: they need USD ${formatMoney(micros(reserved))} of cash, the account would have USD ${formatMoney(micros(cashAfter))}`
          : `Insufficient cash in a ${label} account: the order needs USD ${formatMoney(micros(account.cash - cashAfter))}, the account has USD ${formatMoney(account.cash)}`;
      }
      return null;
    }
    if (!prices) return null;
    const summary = summaryOf(account, after.cash, after.quantities, atMs);
    // Unknown marks make margin unknown: the sim lets the order through rather than guessing.
    if (summary.netLiquidation === null || summary.initialMargin === null) return null;
    if (summary.initialMargin > summary.netLiquidation) {
      return `Insufficient margin: initial margin after the order would be USD ${formatMoney(summary.initialMargin)}, net liquidation USD ${formatMoney(summary.netLiquidation)}`;
    }
    return null;
  };

  const rejectedOrCreated = (request: OrderRequest, atMs: number): WorkingOrder => {
    const account = accounts.get(request.accountCode);
    const id = String(nextOrderId++);
    const resolved = resolveLegs(account, request.legs, atMs);
    let message: string | null = null;
    if (!account) message = `Unknown account ${request.accountCode}`;
    else if (typeof resolved === 'string') message = resolved;
    else message = accountRuleViolation(account, resolved, request, atMs);
    const legs = typeof resolved === 'string' ? [] : resolved;
    const order: BrokerOrder = {
      brokerOrderId: id,
      permId: String(1_000_000_000 + (hash32(`${seed}|perm|${id}`) % 1_000_000_000)),
      idempotencyKey: request.idempotencyKey,
      accountCode: request.accountCode,
      legs:
        legs.length > 0 ? legs.map((l) => ({ contract: l.contract, action: l.action, ratio: l.ratio })) : request.legs,
      quantity: request.quantity,
      orderType: request.orderType,
      limitPrice:
        request.orderType === 'LMT' && request.limitPrice !== null ? formatMoney(parseMoney(request.limitPrice)) : null,
      tif: request.tif,
      status: message === null ? 'submitted' : 'rejected',
      filledQuantity: 0,
      averageFillPrice: null,
      statusMessage: message,
      createdAt: new Date(atMs),
      updatedAt: new Date(atMs),
    };
    return {
      order,
      legs,
      limit: order.limitPrice === null ? null : parseMoney(order.limitPrice),
      fills: 0,
      legFees: legs.map(() => ({ fee: ZERO, cap: null })),
      charged: ZERO,
      netFilled: ZERO,
    };
  };

  // ---- lifecycle -------------------------------------------------------------------------------------------------

  const stockInstrument = (symbol: string): SimInstrument | null => instrumentOfKey(`STK:${symbol}:USD`);

  const settleOption = (account: Account, position: Position, kind: OptionEventKind, atMs: number) => {
    const { instrument } = position;
    if (instrument.kind !== 'option') return;
    const quantity = position.holding.quantity;
    const touched = [book(account, instrument, position.contract, -quantity, ZERO, ZERO)];
    const stock = stockInstrument(instrument.symbol);
    const stockContractOf = stock && contractOf(stock);
    if (kind !== 'expiration' && stock && stockContractOf) {
      const shares = sharesDelivered(instrument.option.right, quantity, instrument.option.multiplier);
      touched.push(book(account, stock, stockContractOf, shares, instrument.option.strike, ZERO));
    }
    const stockQuantity = stock ? (account.positions.get(stock.key)?.holding.quantity ?? 0) : 0;
    lifecycleEvents.push({
      kind,
      accountCode: account.info.code,
      contract: position.contract,
      quantity,
      at: new Date(atMs),
      resultingStockQuantity: stockQuantity,
    });
    emitPositions(account, touched, atMs);
    dropFlat(account);
  };

  const processDividends = (date: IsoDate, atMs: number) => {
    for (const account of accounts.values()) {
      let changed = false;
      for (const position of account.positions.values()) {
        const { instrument, holding } = position;
        if (instrument.kind !== 'stock' || holding.quantity === 0) continue;
        for (const dividend of market.dividends(instrument.symbol, date, date)) {
          account.cash = micros(account.cash + parseMoney(dividend.amount) * BigInt(holding.quantity));
          changed = true;
        }
      }
      if (changed) emit({ type: 'account', summary: toSummary(account, atMs) });
    }
  };

  const processClose = (date: IsoDate, closeMs: number) => {
    for (const working of orders.values()) {
      if (working.order.tif === 'DAY' && OPEN_STATUSES.has(working.order.status)) {
        updateOrder(working, { status: 'cancelled', statusMessage: 'DAY order expired at the close' }, closeMs);
      }
    }
    const next = nextTradingDay(date);
    for (const account of accounts.values()) {
      for (const position of [...account.positions.values()]) {
        const { instrument, holding } = position;
        if (instrument.kind !== 'option' || holding.quantity >= 0 || instrument.option.right !== 'call') continue;
        if (instrument.option.expiry <= date) continue;
        const dividend = market
          .dividends(instrument.symbol, next, next)
          .reduce((sum, d) => sum + toNumber(parseMoney(d.amount)), 0);
        if (dividend <= 0) continue;
        const intrinsic = market.close(instrument.symbol, date) - strikeToNumber(instrument.option.strike);
        if (intrinsic < 0.01) continue;
        const mark = quoteOf(instrument, closeMs - 1).mark;
        if (mark !== null && mark - intrinsic < dividend) settleOption(account, position, 'early_assignment', closeMs);
      }
      for (const position of [...account.positions.values()]) {
        const { instrument } = position;
        if (instrument.kind !== 'option' || instrument.option.expiry > date || position.holding.quantity === 0)
          continue;
        const close = roundToCents(market.close(instrument.symbol, instrument.option.expiry));
        const { right, strike } = instrument.option;
        const kind = expiryOutcome({ right, strike, quantity: position.holding.quantity }, close);
        settleOption(account, position, kind, closeMs);
      }
    }
  };

  const matchResting = (atMs: number) => {
    for (const working of orders.values()) tryFill(working, atMs);
  };

  const advanceTo = async (atMs: number): Promise<void> => {
    if (!Number.isFinite(atMs)) throw new RangeError(`Not an instant: ${atMs}`);
    const from = processedMs;
    if (atMs <= from) return;
    const last = newYorkDateOf(atMs);
    for (let date = newYorkDateOf(from); date <= last; date = addDays(date, 1)) {
      const session = sessionFor(date);
      if (!session) continue;
      const within = (t: number) => t > from && t <= atMs;
      if (within(session.open)) processDividends(date, session.open);
      for (let t = session.open; t < session.close && t <= atMs; t += HALF_HOUR) if (within(t)) matchResting(t);
      if (within(session.close - 60_000)) matchResting(session.close - 60_000);
      if (atMs >= session.open && atMs < session.close && within(atMs)) matchResting(atMs);
      if (within(session.close)) processClose(date, session.close);
    }
    processedMs = atMs;
  };

  // ---- the port ---------------------------------------------------------------------------------------------------

  const now = () => clock.now().getTime();

  return {
    kind: 'sim',
    async connect() {
      state = 'ready';
      emit({ type: 'connection', state, message: null, at: clock.now() });
    },
    async disconnect() {
      state = 'disconnected';
      emit({ type: 'connection', state, message: null, at: clock.now() });
    },
    connectionState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async accounts() {
      requireReady();
      return [...accounts.values()].map((account) => ({ ...account.info }));
    },
    async accountSummary(accountCode) {
      requireReady();
      return toSummary(requireAccount(accountCode), now());
    },
    async positions(accountCode) {
      requireReady();
      const list = accountCode === undefined ? [...accounts.values()] : [requireAccount(accountCode)];
      const atMs = now();
      return list.flatMap((account) =>
        [...account.positions.values()]
          .filter((position) => position.holding.quantity !== 0)
          .map((position) => toPosition(account, position, atMs)),
      );
    },
    async contractDetails(query: ContractQuery) {
      requireReady();
      if ((query.currency ?? 'USD') !== 'USD') return [];
      const profile = market.profile(query.symbol.trim().toUpperCase());
      if (!profile) return [];
      if (query.secType === 'STK' || query.secType === 'ETF') return [stockContract(profile)];
      if (query.secType !== 'OPT') return [];
      if (query.tradingClass !== undefined && query.tradingClass !== profile.symbol) return [];
      const atMs = now();
      const expiries = market.expirations(profile.symbol, atMs).filter((e) => !query.expiry || e === query.expiry);
      const wantedStrike = query.strike === undefined ? null : formatStrike(parseStrike(query.strike));
      return expiries.flatMap((expiry) =>
        market
          .strikes(profile.symbol, expiry, atMs)
          .filter((strike) => wantedStrike === null || strike === wantedStrike)
          .flatMap((strike) =>
            (query.right ? [query.right] : (['call', 'put'] as const)).map((right) =>
              optionContract({
                secType: 'OPT',
                root: profile.symbol,
                expiry,
                right,
                strike: parseStrike(strike),
                multiplier: 100,
                currency: 'USD',
              }),
            ),
          ),
      );
    },
    async optionChainParams(underlyingSymbol) {
      requireReady();
      const profile = market.profile(underlyingSymbol.trim().toUpperCase());
      if (!profile) return [];
      const atMs = now();
      const expirations = market.expirations(profile.symbol, atMs);
      const strikes = new Map<string, number>();
      for (const expiry of expirations) {
        for (const strike of market.strikes(profile.symbol, expiry, atMs)) strikes.set(strike, Number(strike));
      }
      const params: OptionChainParams = {
        underlying: stockContract(profile),
        tradingClass: profile.symbol,
        exchange: 'SMART',
        multiplier: 100,
        expirations,
        strikes: [...strikes].sort((a, b) => a[1] - b[1]).map(([strike]) => strike),
      };
      return [params];
    },
    async quotes(contracts) {
      requireReady();
      const atMs = now();
      return contracts.map((contract) => {
        const instrument = instrumentOfKey(contract.key);
        return instrument ? quoteOf(instrument, atMs) : nullQuote(contract.key, atMs);
      });
    },

    async openOrders() {
      requireReady();
      return [...orders.values()].filter((w) => OPEN_STATUSES.has(w.order.status)).map((w) => w.order);
    },
    async completedOrders() {
      requireReady();
      return [...orders.values()].filter((w) => !OPEN_STATUSES.has(w.order.status)).map((w) => w.order);
    },
    async executions(filter) {
      requireReady();
      return executionLog.filter(
        (execution) =>
          (filter?.accountCode === undefined || execution.accountCode === filter.accountCode) &&
          (filter?.since === undefined || execution.executedAt.getTime() >= filter.since.getTime()),
      );
    },
    async placeOrder(request) {
      requireReady();
      // Synchronous up to the registration below, so concurrent calls with one key cannot create two orders.
      const existingId = orderByKey.get(request.idempotencyKey);
      const existing = existingId === undefined ? undefined : orders.get(existingId);
      if (existing) return existing.order;
      validateShape(request);
      const atMs = now();
      const working = rejectedOrCreated(request, atMs);
      orders.set(working.order.brokerOrderId, working);
      orderByKey.set(request.idempotencyKey, working.order.brokerOrderId);
      emit({ type: 'order', order: working.order });
      tryFill(working, atMs);
      return working.order;
    },
    async cancelOrder(brokerOrderId) {
      requireReady();
      const working = orders.get(brokerOrderId);
      if (!working) throw new BrokerError('not_found', `Unknown order ${brokerOrderId}`);
      if (!OPEN_STATUSES.has(working.order.status)) {
        throw new BrokerError('rejected', `Order ${brokerOrderId} is ${working.order.status} and cannot be cancelled`);
      }
      updateOrder(working, { status: 'cancelled', statusMessage: 'Cancelled by the user' }, now());
    },
    async whatIf(request) {
      requireReady();
      validateShape(request);
      const atMs = now();
      const account = requireAccount(request.accountCode);
      const legs = resolveLegs(account, request.legs, atMs);
      if (typeof legs === 'string') {
        return {
          initialMarginChange: null,
          maintenanceMarginChange: null,
          equityWithLoanChange: null,
          commission: null,
          warning: legs,
        } satisfies WhatIfResult;
      }
      const prices = estimatePrices(legs, request, atMs);
      const before = summaryOf(account, account.cash, quantitiesOf(account), atMs);
      const commission = estimateCommission(legs, request.quantity, prices);
      const after = prices
        ? (() => {
            const simulated = simulateFill(account, legs, request.quantity, prices);
            return summaryOf(account, micros(simulated.cash - commission), simulated.quantities, atMs);
          })()
        : null;
      const change = (pick: (s: MarginSummary) => Micros | null): string | null => {
        const a = after ? pick(after) : null;
        const b = pick(before);
        return a === null || b === null ? null : formatMoney(micros(a - b));
      };
      return {
        initialMarginChange: change((s) => s.initialMargin),
        maintenanceMarginChange: change((s) => s.maintenanceMargin),
        equityWithLoanChange: change((s) => s.netLiquidation),
        commission: prices ? formatMoney(commission) : null,
        warning: accountRuleViolation(account, legs, request, atMs),
      };
    },

    advanceTo,
    optionEvents: () => lifecycleEvents.map((event) => ({ ...event })),
  };
}

// Ticks of one market-data request folded into a port quote. Live and delayed tick ids land in the same fields
// (the request's market data type says which it was); TWS's "no value" markers stay unknown, never 0.
import type { BrokerQuote, MarketDataType } from '@optionstrader/application';
import type { InstrumentKey } from '@optionstrader/domain';
import { knownNumber, knownPrice } from './translate';

/** Tick ids (TWS `TickType`) the adapter reads. */
export const Tick = {
  BID: 1,
  ASK: 2,
  LAST: 4,
  VOLUME: 8,
  MODEL_OPTION: 13,
  OPTION_IMPLIED_VOL: 24,
  OPTION_CALL_OPEN_INTEREST: 27,
  OPTION_PUT_OPEN_INTEREST: 28,
  MARK_PRICE: 37,
  DELAYED_BID: 66,
  DELAYED_ASK: 67,
  DELAYED_LAST: 68,
  DELAYED_VOLUME: 74,
  DELAYED_MODEL_OPTION: 83,
} as const;

/** Generic ticks a streaming option request asks for: 101 open interest, 221 mark price. */
export const OPTION_GENERIC_TICKS = '101,221';
/** For a stock: 106 its options' implied volatility (tick 24), 221 mark price. */
export const STOCK_GENERIC_TICKS = '106,221';

export interface QuoteCollector {
  tickPrice(tickType: number, value: number): void;
  tickSize(tickType: number, value: number): void;
  tickGeneric(tickType: number, value: number): void;
  tickOptionComputation(tickType: number, values: (number | undefined)[]): void;
  marketDataType(code: MarketDataType): void;
  /** Every field the request can deliver has arrived (so waiting longer would not add to it). */
  complete(): boolean;
  quote(asOf: Date): BrokerQuote;
}

/** A delta or greek of −2 and an IV/price of −1 are TWS's "not computed" markers. */
const greek = (value: number | undefined) => {
  const known = knownNumber(value);
  return known === null || known === -2 ? null : known;
};

export function createQuoteCollector(
  key: InstrumentKey,
  isOption: boolean,
  right: 'call' | 'put' | null,
): QuoteCollector {
  let dataType: MarketDataType = 'live';
  const seen = new Set<string>();
  let bid: number | null = null;
  let ask: number | null = null;
  let last: number | null = null;
  let brokerMark: number | null = null;
  let volume: number | null = null;
  let openInterest: number | null = null;
  let impliedVol: number | null = null;
  let delta: number | null = null;
  let gamma: number | null = null;
  let theta: number | null = null;
  let vega: number | null = null;
  let underlyingPrice: number | null = null;

  return {
    tickPrice(tickType, value) {
      switch (tickType) {
        case Tick.BID:
        case Tick.DELAYED_BID:
          bid = knownPrice(value);
          seen.add('bid');
          return;
        case Tick.ASK:
        case Tick.DELAYED_ASK:
          ask = knownPrice(value);
          seen.add('ask');
          return;
        case Tick.LAST:
        case Tick.DELAYED_LAST:
          last = knownPrice(value);
          seen.add('last');
          return;
        case Tick.MARK_PRICE:
          brokerMark = knownPrice(value);
          seen.add('mark');
          return;
      }
    },
    tickSize(tickType, value) {
      const known = knownNumber(value);
      if (tickType === Tick.VOLUME || tickType === Tick.DELAYED_VOLUME) {
        volume = known;
        seen.add('volume');
      } else if (
        (tickType === Tick.OPTION_CALL_OPEN_INTEREST && right === 'call') ||
        (tickType === Tick.OPTION_PUT_OPEN_INTEREST && right === 'put')
      ) {
        openInterest = known;
        seen.add('openInterest');
      }
    },
    tickGeneric(tickType, value) {
      if (tickType !== Tick.OPTION_IMPLIED_VOL || isOption) return;
      const known = knownPrice(value);
      impliedVol = known !== null && known >= 0 ? known : null;
      seen.add('impliedVol');
    },
    tickOptionComputation(tickType, values) {
      if (tickType !== Tick.MODEL_OPTION && tickType !== Tick.DELAYED_MODEL_OPTION) return;
      // [impliedVol, delta, optPrice, pvDividend, gamma, vega, theta, undPrice]
      const [iv, d, , , g, v, t, und] = values;
      const knownIv = knownPrice(iv);
      impliedVol = knownIv !== null && knownIv >= 0 ? knownIv : null;
      delta = greek(d);
      gamma = greek(g);
      vega = greek(v);
      theta = greek(t);
      underlyingPrice = knownPrice(und);
      seen.add('model');
    },
    marketDataType(code) {
      dataType = code;
    },
    complete() {
      const wanted = isOption
        ? ['bid', 'ask', 'mark', 'volume', 'model', 'openInterest']
        : ['bid', 'ask', 'mark', 'volume', 'impliedVol'];
      return wanted.every((field) => seen.has(field));
    },
    quote(asOf) {
      const twoSided = bid !== null && ask !== null && bid > 0 && ask > 0 && bid <= ask;
      return {
        key,
        asOf,
        dataType,
        bid,
        ask,
        last,
        mark: brokerMark ?? (twoSided && bid !== null && ask !== null ? (bid + ask) / 2 : null),
        volume,
        openInterest,
        impliedVol,
        delta,
        gamma,
        theta,
        vega,
        underlyingPrice,
      };
    },
  };
}

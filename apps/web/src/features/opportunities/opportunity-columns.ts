// The opportunities table's columns: header, the server-side sort key (when the API can sort by it), how a value is
// shown ("—" when unknown, never 0), and the order a first click on a header asks for.
import type { OpportunitiesQuery, OpportunityView } from '@optionstrader/contracts';
import { formatExpiry, formatFixed, formatPercent, UNKNOWN } from '../dashboard/read-format';

export type OpportunitySort = OpportunitiesQuery['sort'];
export type SortOrder = OpportunitiesQuery['order'];

export interface OpportunityColumn {
  id: string;
  label: string;
  /** Spelled out for screen readers and the header's tooltip. */
  title: string;
  sort: OpportunitySort | null;
  numeric: boolean;
  format: (opportunity: OpportunityView) => string;
}

const price = (value: number | null) => formatFixed(value, 2);
const count = (value: number | null) => formatFixed(value, 0);

export const OPPORTUNITY_COLUMNS: readonly OpportunityColumn[] = [
  {
    id: 'rank',
    label: '#',
    title: 'Rank within its run',
    sort: null,
    numeric: true,
    format: (o) => (o.rank === null ? UNKNOWN : String(o.rank)),
  },
  { id: 'symbol', label: 'Underlier', title: 'Underlier', sort: 'symbol', numeric: false, format: (o) => o.symbol },
  { id: 'expiry', label: 'Expiry', title: 'Expiry', sort: null, numeric: false, format: (o) => formatExpiry(o.expiry) },
  { id: 'strike', label: 'Strike', title: 'Strike', sort: null, numeric: true, format: (o) => price(o.strike) },
  {
    id: 'right',
    label: 'Right',
    title: 'Call or put',
    sort: null,
    numeric: false,
    format: (o) => (o.right === 'call' ? 'Call' : 'Put'),
  },
  { id: 'dte', label: 'DTE', title: 'Days to expiry', sort: 'dte', numeric: true, format: (o) => count(o.dte) },
  { id: 'delta', label: 'Δ', title: 'Delta', sort: 'delta', numeric: true, format: (o) => price(o.delta) },
  { id: 'bid', label: 'Bid', title: 'Bid', sort: null, numeric: true, format: (o) => price(o.bid) },
  { id: 'ask', label: 'Ask', title: 'Ask', sort: null, numeric: true, format: (o) => price(o.ask) },
  { id: 'mid', label: 'Mid', title: 'Mid price', sort: null, numeric: true, format: (o) => price(o.mid) },
  {
    id: 'iv',
    label: 'IV',
    title: 'Implied volatility',
    sort: 'iv',
    numeric: true,
    format: (o) => formatPercent(o.iv, 1),
  },
  {
    id: 'ivRank',
    label: 'IV rank',
    title: 'IV rank (one-year range)',
    sort: 'ivRank',
    numeric: true,
    format: (o) => formatPercent(o.ivRank, 0),
  },
  {
    id: 'ror',
    label: 'ROR',
    title: 'Return on the capital tied up, over the option’s life',
    sort: 'ror',
    numeric: true,
    format: (o) => formatPercent(o.ror, 2),
  },
  {
    id: 'annualizedRor',
    label: 'Annual.',
    title: 'Annualized return on capital',
    sort: 'annualizedRor',
    numeric: true,
    format: (o) => formatPercent(o.annualizedRor, 1),
  },
  {
    id: 'pop',
    label: 'POP',
    title: 'Probability of profit at expiry',
    sort: 'pop',
    numeric: true,
    format: (o) => formatPercent(o.pop, 1),
  },
  {
    id: 'openInterest',
    label: 'OI',
    title: 'Open interest',
    sort: 'openInterest',
    numeric: true,
    format: (o) => count(o.openInterest),
  },
  {
    id: 'spreadPct',
    label: 'Spread',
    title: 'Bid/ask spread ÷ mid',
    sort: 'spreadPct',
    numeric: true,
    format: (o) => formatPercent(o.spreadPct, 1),
  },
  {
    id: 'score',
    label: 'Score',
    title: 'Score (higher is better)',
    sort: 'score',
    numeric: true,
    format: (o) => formatFixed(o.score, 3),
  },
];

/** Smaller is better for these: a first click sorts them ascending; everything else starts with the best (largest). */
const ASCENDING_FIRST: ReadonlySet<OpportunitySort> = new Set(['symbol', 'dte', 'spreadPct']);

/** The sort a click on a header asks for: the same column flips its order, another starts at its natural order. */
export function nextSort(
  current: { sort: OpportunitySort; order: SortOrder },
  clicked: OpportunitySort,
): { sort: OpportunitySort; order: SortOrder } {
  if (current.sort === clicked) return { sort: clicked, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort: clicked, order: ASCENDING_FIRST.has(clicked) ? 'asc' : 'desc' };
}

/** The chain page for the opportunity's underlier and expiry. */
export const chainLink = (o: Pick<OpportunityView, 'symbol' | 'expiry'>): string =>
  `/chain?${new URLSearchParams({ symbol: o.symbol, expiry: o.expiry }).toString()}`;

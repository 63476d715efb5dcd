// How an account is margined: it decides which margin and order rules apply.
export type AccountType = 'margin_pm' | 'margin_regt' | 'cash' | 'tfsa' | 'rrsp';

/** Broad index ETFs scan a narrower range under portfolio margin (−8%/+6%) than single stocks (±15%). */
export type UnderlyingKind = 'index_etf' | 'stock';

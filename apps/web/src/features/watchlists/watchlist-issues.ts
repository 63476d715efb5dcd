// The server's validation issues of a watchlist request, by form field: `body.name` → name, `body.symbols.2` → the
// symbols input, naming the offending symbol.
export interface WatchlistErrors {
  name?: string;
  symbols?: string;
  other: string[];
}

export function watchlistErrors(
  issues: ReadonlyArray<{ path: string; message: string }>,
  symbols: readonly string[],
): WatchlistErrors {
  const errors: WatchlistErrors = { other: [] };
  const join = (current: string | undefined, message: string) => (current ? `${current}; ${message}` : message);
  for (const issue of issues) {
    const [root, field, index] = issue.path.split('.');
    if (root === 'body' && field === 'name') errors.name = join(errors.name, issue.message);
    else if (root === 'body' && field === 'symbols') {
      const symbol = index === undefined ? undefined : symbols[Number(index)];
      errors.symbols = join(errors.symbols, symbol === undefined ? issue.message : `${symbol}: ${issue.message}`);
    } else errors.other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return errors;
}

/** Symbols as typed into the tag input: trimmed, upper case, without blanks and repeats (in order). */
export function normalizeSymbols(symbols: readonly string[]): string[] {
  return [...new Set(symbols.map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))];
}

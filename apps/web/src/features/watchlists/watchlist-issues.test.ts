import { expect, test } from 'vitest';
import { normalizeSymbols, watchlistErrors } from './watchlist-issues';

test('issues go to the name and symbols inputs; a symbol issue names the symbol at its index', () => {
  expect(
    watchlistErrors(
      [
        { path: 'body.name', message: 'Too small: expected string to have >=1 characters' },
        { path: 'body.symbols.1', message: 'A ticker: letters, digits and dots, up to 10 characters' },
        { path: 'body.symbols', message: 'Too big' },
        { path: 'body', message: 'Unrecognized key: "x"' },
      ],
      ['KO', '1BAD'],
    ),
  ).toEqual({
    name: 'Too small: expected string to have >=1 characters',
    symbols: '1BAD: A ticker: letters, digits and dots, up to 10 characters; Too big',
    other: ['body: Unrecognized key: "x"'],
  });
});

test('symbols are trimmed, upper-cased and kept once, in order', () => {
  expect(normalizeSymbols([' ko', 'PEP', 'KO', '', 'spy '])).toEqual(['KO', 'PEP', 'SPY']);
});

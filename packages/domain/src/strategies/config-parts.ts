// Config fields several strategies share: the universe (the instance's own symbols plus its watchlists) and helpers
// to read per-symbol overrides.
import { z } from 'zod';
import type { StrategyInstance } from './types';

const ticker = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'A ticker: letters, digits and dots, up to 10 characters');

export const symbolsField = (defaults: string[], description: string) =>
  z.array(ticker).default(defaults).describe(description);

export const watchlistIdsField = z
  .array(z.uuid())
  .default([])
  .describe('Watchlists whose symbols join the universe (resolved at each run)');

/** The instance's symbols and its watchlists' symbols, upper case, de-duplicated, in order. */
export function universeOf(instance: StrategyInstance<{ symbols: readonly string[] }>): string[] {
  return [...new Set([...instance.config.symbols, ...instance.watchlistSymbols].map((s) => s.toUpperCase()))];
}

/** A per-symbol override when configured, else the default. */
export function perSymbol<T>(overrides: Readonly<Record<string, T>> | undefined, symbol: string, fallback: T): T {
  return overrides !== undefined && Object.hasOwn(overrides, symbol) ? (overrides[symbol] as T) : fallback;
}

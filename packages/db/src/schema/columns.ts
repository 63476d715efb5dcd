// Column helpers so every table follows the same conventions (see the header of ./index.ts).
import { doublePrecision, numeric, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Surrogate key for ordinary tables. */
export const id = () => uuid('id').primaryKey().defaultRandom();

/** Exact decimal amount (cash, prices, P&L, commissions), read and written as a string. */
export const money = (name: string) => numeric(name, { precision: 20, scale: 6 });

/** Exact decimal count (shares can be fractional; contracts are whole but share the type). */
export const quantity = (name: string) => numeric(name, { precision: 20, scale: 6 });

/** Model output (greeks, IV, probabilities): floats are fine here, never for money. */
export const ratio = (name: string) => doublePrecision(name);

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

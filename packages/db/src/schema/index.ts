/**
 * The complete OptionsTrader data model (design §4), one schema for PGlite and PostgreSQL.
 *
 * Conventions:
 * - MONEY: every amount (cash, prices, strikes, P&L, commissions, premiums) is `numeric(20,6)` and is a
 *   decimal STRING in TypeScript ('1234.5', '0.01'). Never a float; convert with an exact decimal type.
 *   Quantities use the same type (fractional shares exist).
 * - Model math (greeks, IV, probabilities, scores) is `double precision` → number.
 * - Market data is nullable everywhere: unknown is NULL, never 0.
 * - Keys: `uuid` with gen_random_uuid(); the append-heavy tables market_quotes, audit_log and
 *   equity_curve_points use a bigint identity instead (cheaper, never referenced by id from outside).
 * - Time: `timestamp with time zone` everywhere; calendar days (expiry, equity curve) are `date` strings.
 */
export * from './accounts';
export * from './portfolio';
export * from './strategies';
export * from './trading';
export * from './operations';
export * from './sync';

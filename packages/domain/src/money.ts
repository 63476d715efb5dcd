// Exact money: amounts as integer micro-units (1e-6 of the currency unit) in a bigint.
// Matches the database's numeric(20,6) columns, so a value read, summed and written back never drifts.

export type Micros = bigint & { readonly __brand: 'Micros' };

const SCALE = 6;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class InvalidMoneyError extends Error {
  override name = 'InvalidMoneyError';
}

/** Parses a decimal string ("1234.5", "-0.000001") exactly; more than 6 decimals or junk is an error, not a rounding. */
export function parseMoney(text: string): Micros {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new InvalidMoneyError(`Not a decimal amount: "${text}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > SCALE) {
    if (/[1-9]/.test(fraction.slice(SCALE))) throw new InvalidMoneyError(`More than ${SCALE} decimals: "${text}"`);
  }
  const micros = BigInt(whole) * FACTOR + BigInt(fraction.slice(0, SCALE).padEnd(SCALE, '0'));
  return (sign === '-' ? 0n - micros : micros) as Micros;
}

/** The canonical decimal string, with at least `minDecimals` decimals and no trailing zeros beyond them. */
export function formatMoney(amount: Micros, minDecimals = 2): string {
  const negative = amount < 0n;
  const abs: bigint = negative ? 0n - amount : amount;
  const whole = abs / FACTOR;
  let fraction = (abs % FACTOR).toString().padStart(SCALE, '0');
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export const micros = (value: bigint): Micros => value as Micros;

export function addMoney(...amounts: Micros[]): Micros {
  return amounts.reduce<bigint>((sum, amount) => sum + amount, 0n) as Micros;
}

/** Amount × an integer count (contracts × multiplier), exact. */
export function multiplyMoney(amount: Micros, count: number): Micros {
  if (!Number.isSafeInteger(count)) throw new InvalidMoneyError(`Not an integer count: ${count}`);
  return (amount * BigInt(count)) as Micros;
}

// The calculator's form: raw field values as typed, and their translation into the pricing input (or per-field errors).
import type { ExerciseStyle, OptionInput, OptionRight } from '@optionstrader/domain';

/** What a Mantine NumberInput reports: a number, '' when empty, or the text being typed (e.g. '-'). */
export type FieldValue = number | string;

export type Side = 'buy' | 'sell';

export interface CalculatorForm {
  right: OptionRight;
  style: ExerciseStyle;
  side: Side;
  spot: FieldValue;
  strike: FieldValue;
  /** Calendar days to expiry; decimals allowed (182.5 days is exactly half a year). */
  days: FieldValue;
  volatilityPct: FieldValue;
  ratePct: FieldValue;
  dividendYieldPct: FieldValue;
  /** Optional observed option price, for the implied volatility and the chart's premium. */
  observedPrice: FieldValue;
}

export type NumericField = 'spot' | 'strike' | 'days' | 'volatilityPct' | 'ratePct' | 'dividendYieldPct';
export type FieldErrors = Partial<Record<NumericField | 'observedPrice', string>>;

export const DAYS_PER_YEAR = 365;

export const defaultCalculatorForm: CalculatorForm = {
  right: 'call',
  style: 'european',
  side: 'buy',
  spot: 100,
  strike: 100,
  days: 30,
  volatilityPct: 20,
  ratePct: 4,
  dividendYieldPct: 0,
  observedPrice: '',
};

interface Bounds {
  /** Exclusive lower bound (a value must be greater). */
  above?: number;
  /** Inclusive lower bound. */
  atLeast?: number;
  atMost?: number;
}

// Rates may be negative (EUR, CHF and JPY were for years); everything else has a natural floor.
const bounds: Record<NumericField, Bounds> = {
  spot: { above: 0 },
  strike: { above: 0 },
  days: { above: 0 },
  volatilityPct: { above: 0, atMost: 1000 },
  ratePct: { atLeast: -20, atMost: 100 },
  dividendYieldPct: { atLeast: 0, atMost: 100 },
};

export function parseNumber(value: FieldValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

function checkField(value: FieldValue, { above, atLeast, atMost }: Bounds): string | null {
  const isEmpty = typeof value === 'string' && value.trim() === '';
  if (isEmpty) return 'Required';
  const parsed = parseNumber(value);
  if (parsed === null) return 'Not a number';
  if (above !== undefined && parsed <= above) return above === 0 ? 'Must be greater than 0' : `Must be above ${above}`;
  if (atLeast !== undefined && parsed < atLeast) return atLeast === 0 ? 'Cannot be negative' : `At least ${atLeast}`;
  if (atMost !== undefined && parsed > atMost) return `At most ${atMost}`;
  return null;
}

export interface ParsedCalculatorForm {
  /** null while any field is invalid: outputs then show "—", never a number computed from a guess. */
  input: OptionInput | null;
  /** The observed price when one is entered and valid. */
  observedPrice: number | null;
  errors: FieldErrors;
}

export function parseCalculatorForm(form: CalculatorForm): ParsedCalculatorForm {
  const errors: FieldErrors = {};
  for (const field of Object.keys(bounds) as NumericField[]) {
    const error = checkField(form[field], bounds[field]);
    if (error) errors[field] = error;
  }

  let observedPrice: number | null = null;
  const observedIsEmpty = typeof form.observedPrice === 'string' && form.observedPrice.trim() === '';
  if (!observedIsEmpty) {
    const error = checkField(form.observedPrice, { above: 0 });
    if (error) errors.observedPrice = error;
    else observedPrice = parseNumber(form.observedPrice);
  }

  const hasInputError = Object.keys(bounds).some((field) => field in errors);
  const number = (field: NumericField): number => parseNumber(form[field]) ?? Number.NaN;
  const input: OptionInput | null = hasInputError
    ? null
    : {
        right: form.right,
        S: number('spot'),
        K: number('strike'),
        T: number('days') / DAYS_PER_YEAR,
        r: number('ratePct') / 100,
        q: number('dividendYieldPct') / 100,
        sigma: number('volatilityPct') / 100,
      };
  return { input, observedPrice, errors };
}

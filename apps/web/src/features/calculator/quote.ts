// The calculator's calls into the domain's pricing API, with failures turned into values the page can show.
import {
  greeks,
  impliedVolResult,
  price,
  type ExerciseStyle,
  type Greeks,
  type IvFailure,
  type OptionInput,
} from '@optionstrader/domain';

export type Quote = { ok: true; price: number; greeks: Greeks } | { ok: false; message: string };

export function computeQuote(input: OptionInput, style: ExerciseStyle): Quote {
  try {
    const value = price(input, { style });
    // The domain answers NaN for inputs it cannot price; the form validates first, so this is the rare case.
    if (!Number.isFinite(value)) return { ok: false, message: 'The pricing model cannot price these inputs.' };
    return { ok: true, price: value, greeks: greeks(input, { style }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The option's value per share, or NaN when the domain rejects the input (for the chart, where a gap is enough). */
export function theoreticalValue(input: OptionInput, style: ExerciseStyle): number {
  try {
    return price(input, { style });
  } catch {
    return Number.NaN;
  }
}

export type ImpliedVol = { ok: true; iv: number } | { ok: false; reason: string };

export const ivFailureText: Record<IvFailure, string> = {
  below_intrinsic: 'Below intrinsic value: no volatility gives a price this low.',
  above_maximum: 'Above the maximum possible price: no volatility gives a price this high.',
  invalid_input: 'The inputs cannot be solved for a volatility.',
  no_convergence: 'The solver did not converge for this price.',
};

export function solveImpliedVol(input: OptionInput, observedPrice: number, style: ExerciseStyle): ImpliedVol {
  const { sigma: _sigma, ...rest } = input;
  try {
    const result = impliedVolResult({ ...rest, price: observedPrice }, { style });
    return result.ok ? { ok: true, iv: result.iv } : { ok: false, reason: ivFailureText[result.reason] };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

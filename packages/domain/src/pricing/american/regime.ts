// When early exercise can matter, from the sign of the exercise gain rate: holding the exercised
// position earns r·K − q·S per unit time for a put and q·S − r·K for a call.

import type { OptionInput } from '../types';

/**
 * 'european': early exercise is never optimal (put: r ≤ 0 and q ≥ r; call: q ≤ 0 and r ≥ q), so the
 * American price is the European one. 'standard': one exercise boundary (put: r > 0; call: q > 0), the
 * domain of the closed-form approximations and the boundary engine. 'lattice': negative rates with the
 * carry inverted (put q < r ≤ 0, call r < q ≤ 0) — the exercise region can be a band between two
 * boundaries (Battauz, De Donno & Sbuelz 2015), which only the tree handles.
 */
export type ExerciseRegime = 'european' | 'standard' | 'lattice';

export function exerciseRegime(right: OptionInput['right'], r: number, q: number): ExerciseRegime {
  const rate = right === 'put' ? r : q;
  const carry = right === 'put' ? q : r;
  if (rate > 0) return 'standard';
  return carry >= rate ? 'european' : 'lattice';
}

/** S, K, σ positive and finite, T ≥ 0 finite, r and q finite. */
export function isValidAmericanInput(input: OptionInput): boolean {
  const { S, K, T, r, q, sigma } = input;
  return (
    (input.right === 'call' || input.right === 'put') &&
    S > 0 &&
    S < Infinity &&
    K > 0 &&
    K < Infinity &&
    T >= 0 &&
    T < Infinity &&
    sigma > 0 &&
    sigma < Infinity &&
    Number.isFinite(r) &&
    Number.isFinite(q)
  );
}

export function intrinsicValue(input: OptionInput): number {
  const v = input.right === 'call' ? input.S - input.K : input.K - input.S;
  return v > 0 ? v : 0;
}

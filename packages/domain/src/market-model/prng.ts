// Seeded randomness for the simulator: a string/number hash to derive independent streams per
// (seed, symbol, day, ...) and mulberry32 for the stream itself, so any instant is computable on its own.

/** A 32-bit hash (FNV-1a over the parts, then a murmur3 finalizer) of a seed and any key parts. */
export function hashKey(seed: number, ...parts: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h ^ (seed / 4294967296), 0x01000193) >>> 0;
  for (const part of parts) {
    const text = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    h = Math.imul(h ^ 0x1f, 0x01000193) >>> 0; // part separator: ('ab','c') ≠ ('a','bc')
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
}

/** mulberry32: a small, fast 32-bit generator; plenty for simulated prices. */
export function createRng(state: number): Rng {
  let a = state >>> 0;
  let spare = NaN;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (!Number.isNaN(spare)) {
        const value = spare;
        spare = NaN;
        return value;
      }
      // Box–Muller; 1 - u keeps the log argument in (0, 1].
      const u = 1 - next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
  };
}

/** A generator for one key: `rngFor(seed, 'SPY', 'walk', 19750)`. */
export function rngFor(seed: number, ...parts: readonly (string | number)[]): Rng {
  return createRng(hashKey(seed, ...parts));
}

/** One standard normal for a key (cheaper than a generator when only one draw is needed). */
export function normalFor(seed: number, ...parts: readonly (string | number)[]): number {
  return rngFor(seed, ...parts).normal();
}

/** One uniform in [0, 1) for a key. */
export function uniformFor(seed: number, ...parts: readonly (string | number)[]): number {
  return hashKey(seed, ...parts) / 4294967296;
}

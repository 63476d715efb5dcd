import { describe, expect, it } from 'vitest';
import { createRng, hashKey, normalFor, rngFor, uniformFor } from './prng';

describe('seeded randomness', () => {
  it('hashes keys deterministically and separates parts', () => {
    expect(hashKey(1, 'SPY', 19000)).toBe(hashKey(1, 'SPY', 19000));
    expect(hashKey(1, 'SPY', 19000)).not.toBe(hashKey(2, 'SPY', 19000));
    expect(hashKey(1, 'SPY', 19000)).not.toBe(hashKey(1, 'SPY', 19001));
    expect(hashKey(1, 'ab', 'c')).not.toBe(hashKey(1, 'a', 'bc'));
  });

  it('replays the same stream from the same state', () => {
    const a = rngFor(7, 'x');
    const b = rngFor(7, 'x');
    expect(Array.from({ length: 5 }, () => a.normal())).toEqual(Array.from({ length: 5 }, () => b.normal()));
    expect(normalFor(7, 'y')).toBe(normalFor(7, 'y'));
  });

  it('draws uniforms in [0, 1) and standard normals', () => {
    const rng = createRng(12345);
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.sqrt(sumSq / n)).toBeGreaterThan(0.97);
    expect(Math.sqrt(sumSq / n)).toBeLessThan(1.03);
    expect(uniformFor(1, 'k')).toBeLessThan(1);
  });
});

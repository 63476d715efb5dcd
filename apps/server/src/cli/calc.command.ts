// `optionstrader calc`: option math for scripts — JSON lines in on stdin, one JSON line out per input line.
import {
  greeks,
  impliedVolResult,
  price,
  type Greeks,
  type OptionInput,
  type PricingOptions,
} from '@optionstrader/domain';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { parseOptions } from './parse';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const common = {
  style: z.enum(['european', 'american']).default('european'),
  right: z.enum(['call', 'put']),
  S: finite.positive(),
  K: finite.positive(),
  T: finite.nonnegative(),
  r: finite,
  q: finite.default(0),
  dividends: z.array(z.strictObject({ t: finite.nonnegative(), amount: finite.nonnegative() })).optional(),
};

export const calcRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('price'), ...common, sigma: finite.nonnegative() }),
  z.strictObject({ op: z.literal('greeks'), ...common, sigma: finite.nonnegative() }),
  z.strictObject({ op: z.literal('iv'), ...common, price: finite.nonnegative() }),
]);
export type CalcRequest = z.infer<typeof calcRequestSchema>;

/** JSON has no NaN: an unknown number is written as null, never as 0. */
const num = (value: number) => (Number.isFinite(value) ? value : null);

export function calculate(request: CalcRequest): Record<string, unknown> {
  const options: PricingOptions = {
    style: request.style,
    ...(request.dividends ? { dividends: request.dividends } : {}),
  };
  const base = { right: request.right, S: request.S, K: request.K, T: request.T, r: request.r, q: request.q };
  switch (request.op) {
    case 'price':
      return { price: num(price({ ...base, sigma: request.sigma } satisfies OptionInput, options)) };
    case 'greeks': {
      const g: Record<keyof Greeks, number> = greeks({ ...base, sigma: request.sigma }, options);
      return Object.fromEntries(Object.entries(g).map(([key, value]) => [key, num(value)]));
    }
    case 'iv': {
      const result = impliedVolResult({ ...base, price: request.price }, options);
      return result.ok ? { iv: result.iv } : { iv: null, reason: result.reason };
    }
  }
}

/** One output line for one input line. */
export function calcLine(line: string): { output: string; ok: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { output: JSON.stringify({ error: `malformed JSON: ${(error as Error).message}` }), ok: false };
  }
  const parsed = calcRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { output: JSON.stringify({ error: `${where}${issue?.message ?? 'invalid request'}` }), ok: false };
  }
  return { output: JSON.stringify(calculate(parsed.data)), ok: true };
}

export async function calcCommand(args: string[]): Promise<number> {
  parseOptions(args, {});
  let failures = 0;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { output, ok } = calcLine(line);
    if (!ok) failures++;
    process.stdout.write(`${output}\n`);
  }
  return failures === 0 ? 0 : 1;
}

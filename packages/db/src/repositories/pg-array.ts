import { sql } from 'drizzle-orm';

export type Scalar = string | number | boolean | Date | null;

/**
 * One PostgreSQL array literal ('{"a",NULL}') for a whole column: with `unnest($1::text[], …)` a batch is a
 * handful of parameters, which both drivers send and parse far faster than thousands of row parameters.
 */
export function pgArray(values: Scalar[]) {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    const text = v instanceof Date ? v.toISOString() : String(v);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return sql.param(`{${items.join(',')}}`);
}

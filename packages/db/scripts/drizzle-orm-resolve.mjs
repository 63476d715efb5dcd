// npm nests drizzle-orm under packages/db/node_modules, where the hoisted drizzle-kit cannot see it.
// Registered with `node --import`, this resolves drizzle-orm from this package for drizzle-kit's import().
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) {
    return next(specifier, { ...context, parentURL: ${JSON.stringify(new URL('../package.json', import.meta.url).href)} });
  }
  return next(specifier, context);
}`),
);

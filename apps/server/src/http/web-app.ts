// Serves the built React app (apps/web/dist) at `/`.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Resolves true when the built UI is served (and so can answer client-side routes). */
export async function registerWebApp(app: FastifyInstance, distDir: string | undefined): Promise<boolean> {
  if (distDir && existsSync(path.join(distDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      // Hashed asset names may be cached forever; index.html must always be revalidated.
      setHeaders(res, filePath) {
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    return true;
  }
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html')
      .send(
        '<!doctype html><title>OptionsTrader</title><p>The web UI is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p><p>API docs: <a href="/docs">/docs</a></p>',
      ),
  );
  return false;
}

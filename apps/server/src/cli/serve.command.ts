import { ROLES, type Role } from '../jobs/runtime';
import { startServer } from '../server';
import { CliUsageError } from './cli-usage-error';
import { parseOptions } from './parse';

const SHUTDOWN_GRACE_MS = 10_000;

/** `--roles worker,scheduler` → the roles, each known and given once. */
export function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0 || unknown.includes('')) {
    throw new CliUsageError(`--roles takes ${ROLES.join(', ')} (comma-separated), not ${JSON.stringify(value)}`);
  }
  return [...new Set(roles as Role[])];
}

export async function serveCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    roles: { type: 'string' },
  });
  const roles = values.roles !== undefined ? parseRoles(values.roles) : undefined;
  const server = await startServer({
    ...(roles ? { roles } : {}),
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
  });
  const { logger } = server;

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        resolve(1);
      }, SHUTDOWN_GRACE_MS);
      force.unref();
      server
        .close()
        .then(() => resolve(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'error during shutdown');
          resolve(1);
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

import { startServer } from '../server';
import { parseOptions } from './parse';

const SHUTDOWN_GRACE_MS = 10_000;

export async function serveCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, { port: { type: 'string' }, host: { type: 'string' } });
  const server = await startServer({
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

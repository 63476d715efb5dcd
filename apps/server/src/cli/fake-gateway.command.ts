// `optionstrader fake-gateway [--port 4002] [--host 127.0.0.1]`: a TWS-protocol server on loopback backed by the
// demo sim (the same market and book as BROKER=sim), so `BROKER=ibkr` runs the whole app through the real IBKR
// adapter without an IBKR login — for trying the IBKR setup, demos and dry runs. Fills and expirations follow the
// wall clock, as they do under BROKER=sim.
import { startFakeGateway } from '@optionstrader/broker-ibkr';
import { systemClock } from '../adapters/system-clock';
import { openDemoSim } from '../broker';
import { CliUsageError } from './cli-usage-error';
import { parseOptions } from './parse';

/** How often the sim's book is moved to the present (fills of resting orders, expirations). */
const ADVANCE_EVERY_MS = 5_000;

export async function fakeGatewayCommand(
  args: string[],
  io: { out: (text: string) => void; signals?: NodeJS.Process } = { out: (text) => process.stdout.write(text) },
): Promise<number> {
  const values = parseOptions(args, { port: { type: 'string' }, host: { type: 'string' } });
  const port = Number(values.port ?? 4002);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliUsageError(`--port must be 0-65535: ${values.port}`);
  const host = values.host ?? '127.0.0.1';

  const sim = await openDemoSim(systemClock);
  await sim.connect();
  const gateway = await startFakeGateway({ backend: sim, host, port, nextOrderId: 1 });
  const accounts = (await sim.accounts()).map((a) => `${a.code}=${a.type}`).join(',');
  io.out(
    `Fake IBKR gateway (TWS API server version 193) listening on ${gateway.host}:${gateway.port}\n` +
      `Accounts: ${accounts}\n` +
      `Connect the app: BROKER=ibkr IBKR_PORT=${gateway.port} IBKR_ACCOUNTS=${accounts} npm start\n`,
  );
  const ticker = setInterval(() => void sim.advanceTo(Date.now()).catch(() => undefined), ADVANCE_EVERY_MS);

  const signals = io.signals ?? process;
  return new Promise<number>((resolve) => {
    const stop = () => {
      clearInterval(ticker);
      void gateway
        .close()
        .then(() => sim.disconnect())
        .then(
          () => resolve(0),
          () => resolve(1),
        );
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
}

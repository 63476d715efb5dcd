// The broker: the sim needs nothing; IBKR must answer the TWS API handshake at IBKR_HOST:IBKR_PORT.
import { createFrameDecoder, decodeFields, encodeHandshake } from '@optionstrader/broker-ibkr';
import type { Config } from '../config';
import { fail, ok, warn, type DoctorResult } from './doctor-result';
import { probeTcp, unreachableMessage } from './tcp-probe';

// The version range the adapter (@stoqey/ib) offers; the gateway picks one inside it.
const MIN_CLIENT_VERSION = 100;
const MAX_CLIENT_VERSION = 193;
/** IBKR's default live ports (TWS, IB Gateway); paper is 7497 / 4002. */
const LIVE_PORTS = new Set([7496, 4001]);

export async function checkBroker(
  config: Pick<Config, 'BROKER' | 'IBKR_HOST' | 'IBKR_PORT'>,
  timeoutMs: number,
): Promise<DoctorResult> {
  if (config.BROKER === 'sim') return ok('broker', 'BROKER=sim: the built-in simulated broker, nothing to connect to');
  if (config.BROKER === 'none') return warn('broker', 'BROKER=none: no broker data is synced and no order can be sent');

  const { IBKR_HOST: host, IBKR_PORT: port } = config;
  // The handshake alone (no START_API): it proves a TWS API endpoint without taking the app's client id.
  let fields: string[] | undefined;
  const outcome = await probeTcp({
    host,
    port,
    timeoutMs,
    send: encodeHandshake(MIN_CLIENT_VERSION, MAX_CLIENT_VERSION),
    answered: (received) => {
      // The whole reply so far through a fresh decoder: a frame may arrive in pieces.
      try {
        const [first] = createFrameDecoder().push(received);
        if (first) fields = decodeFields(first);
      } catch {
        fields = [];
      }
      return fields !== undefined;
    },
  });
  const live = LIVE_PORTS.has(port) ? ' — this is a LIVE trading port' : '';
  switch (outcome.kind) {
    case 'answered': {
      const version = Number(fields?.[0]);
      if (!Number.isInteger(version) || version <= 0)
        return fail('broker', `${host}:${port} answered, but not as TWS / IB Gateway — is IBKR_PORT right?`);
      return ok('broker', `TWS / IB Gateway at ${host}:${port} answers the API (server version ${version})${live}`);
    }
    case 'closed':
      return fail(
        'broker',
        `${host}:${port} accepted the connection and closed it without an API answer — is this machine in the gateway's Trusted IPs (or "Allow connections from localhost only" off)?`,
      );
    case 'silent':
      return fail(
        'broker',
        `something listens on ${host}:${port} but does not answer the TWS API handshake — is IBKR_PORT right?`,
      );
    default:
      return fail(
        'broker',
        unreachableMessage(
          outcome,
          host,
          port,
          'is TWS / IB Gateway running with the API enabled on that port? (see docs/ibkr.md)',
        ),
      );
  }
}

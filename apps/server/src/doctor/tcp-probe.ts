// A short-lived TCP (or TLS) conversation for the doctor: connect, optionally send, wait for an answer.
import net from 'node:net';
import tls from 'node:tls';
import { errorReason } from '@optionstrader/db';

export type ProbeOutcome =
  | { kind: 'answered'; received: Buffer }
  /** Connected, but the peer said nothing usable before the timeout. */
  | { kind: 'silent' }
  /** Connected, then the peer hung up before answering. */
  | { kind: 'closed' }
  | { kind: 'refused' }
  | { kind: 'unresolved' }
  | { kind: 'timeout' }
  | { kind: 'error'; reason: string };

export interface ProbeOptions {
  host: string;
  port: number;
  timeoutMs: number;
  tls?: boolean;
  /** Bytes to send once connected (a protocol's opening). */
  send?: Buffer;
  /** True once enough has arrived; without it the probe ends at the connection. */
  answered?: (received: Buffer) => boolean;
}

export function probeTcp(options: ProbeOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let connected = false;
    const socket = options.tls
      ? tls.connect({ host: options.host, port: options.port, servername: options.host })
      : net.connect({ host: options.host, port: options.port });
    const finish = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(connected ? { kind: 'silent' } : { kind: 'timeout' }), options.timeoutMs);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      connected = true;
      if (!options.answered) return finish({ kind: 'answered', received });
      if (options.send) socket.write(options.send);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (options.answered?.(received)) finish({ kind: 'answered', received });
    });
    socket.once('end', () => finish({ kind: 'closed' }));
    socket.once('close', () => finish({ kind: 'closed' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') return finish({ kind: 'refused' });
      if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return finish({ kind: 'unresolved' });
      if (connected && error.code === 'ECONNRESET') return finish({ kind: 'closed' });
      finish({ kind: 'error', reason: errorReason(error) });
    });
  });
}

/** The common endings in plain words; `what` names the service ("IB Gateway", "the SMTP server"). */
export function unreachableMessage(outcome: ProbeOutcome, host: string, port: number, hint: string): string {
  const at = `${host}:${port}`;
  switch (outcome.kind) {
    case 'refused':
      return `nothing listens on ${at} — ${hint}`;
    case 'unresolved':
      return `the host name "${host}" does not resolve — check the spelling, or the container/network name`;
    case 'timeout':
      return `no connection to ${at} within the timeout — a firewall dropping packets, or the wrong host?`;
    case 'error':
      return `cannot connect to ${at}: ${outcome.reason}`;
    default:
      return `unexpected answer from ${at}`;
  }
}

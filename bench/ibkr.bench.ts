// `npm run bench`: the IBKR adapter against the fake gateway on loopback — a 50-underlier option scan under TWS's
// pacing rule (messages/s at the gateway), reconnect time after a hard drop, half-open detection time. Numbers,
// not assertions (the tests assert the rules).
import { performance } from 'node:perf_hooks';
import { brokerAccount, createFakeBroker } from '@optionstrader/testkit/fake-broker';
import { createIbkrBroker } from '../packages/broker-ibkr/src/adapter/ibkr-broker';
import { startFakeGateway } from '../packages/broker-ibkr/src/fake-gateway/fake-gateway';
import { runScan, SCAN_UNDERLIERS } from '../packages/broker-ibkr/src/testing/scan-rig';

const print = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function scan() {
  const run = await runScan();
  const perUnderlier = run.gatewayMessages / SCAN_UNDERLIERS;
  print(`50-underlier scan (quote, chain parameters, 4 puts each) through the adapter and the fake gateway:`);
  print(`  quotes                 ${run.quotes.length} in ${fmt(run.durationMs)}`);
  print(`  messages to TWS        ${run.gatewayMessages} (${perUnderlier} per underlier)`);
  print(`  peak at the gateway    ${run.gatewayPeakPerSecond} messages in a 1 s window (TWS limit: 50)`);
  print(`  peak at the adapter    ${run.adapterPeakPerSecond} (paced at 45/s, evenly spaced)`);
  print(`  pacing violations      ${run.pacingViolations}`);
  await run.close();
}

/** Drop → ready, and silent gateway → detected, `rounds` times each, with the given supervisor settings. */
async function faults(rounds: number) {
  const backend = createFakeBroker({ accounts: [brokerAccount('DU100')] });
  const gateway = await startFakeGateway({ backend, nextOrderId: 1 });
  const adapter = createIbkrBroker({
    host: gateway.host,
    port: gateway.port,
    clientId: 31,
    connection: { probeIntervalMs: 1000, probeTimeoutMs: 500 },
  });
  const waitFor = (state: string) =>
    new Promise<number>((resolve) => {
      const off = adapter.subscribe((event) => {
        if (event.type === 'connection' && event.state === state) {
          off();
          resolve(performance.now());
        }
      });
    });
  await adapter.connect();
  const reconnects: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const ready = waitFor('ready');
    const dropped = performance.now();
    gateway.dropAll();
    reconnects.push((await ready) - dropped);
  }
  const detections: number[] = [];
  for (let i = 0; i < Math.min(rounds, 3); i++) {
    const lost = waitFor('disconnected');
    const silentAt = performance.now();
    gateway.setSilent(true);
    detections.push((await lost) - silentAt);
    gateway.setSilent(false);
    await waitFor('ready');
  }
  print(`Connection faults (probe every 1000 ms, 500 ms to answer; defaults are 15 s / 5 s):`);
  print(
    `  hard drop → ready      median ${fmt(median(reconnects))} over ${rounds} (min ${fmt(Math.min(...reconnects))}, max ${fmt(Math.max(...reconnects))}; first backoff 500 ms)`,
  );
  print(
    `  half-open detected     median ${fmt(median(detections))} over ${detections.length} (bound: interval + timeout = 1500 ms)`,
  );
  await adapter.disconnect();
  await gateway.close();
}

await scan();
await faults(10);

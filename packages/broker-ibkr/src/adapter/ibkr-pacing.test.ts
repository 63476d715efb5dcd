// Pacing against a gateway that enforces TWS's limit (more than 50 messages in any 1 s window → ERR 100): a scan
// of 50 underliers (quotes, chain parameters, the puts a strategy can use) never trips it, and asks for only the
// strikes it needs.
import { describe, expect, it } from 'vitest';
import { runScan, SCAN_UNDERLIERS } from '../testing/scan-rig';

describe('IBKR pacing', () => {
  it(
    'a 50-underlier scan stays under 50 messages per second at the gateway and gets every quote',
    { timeout: 60_000 },
    async () => {
      const scan = await runScan();
      try {
        expect(scan.pacingViolations).toBe(0);
        expect(scan.gatewayPeakPerSecond).toBeLessThanOrEqual(50);
        expect(scan.adapterPeakPerSecond).toBeLessThanOrEqual(45);
        // A stock quote and four puts per underlier, every one with a market (the book has one for each).
        expect(scan.quotes).toHaveLength(SCAN_UNDERLIERS * 5);
        expect(scan.quotes.every((q) => q.bid !== null && q.ask !== null)).toBe(true);
        // Per underlier: contract details, chain parameters, and a request + cancel per quote: nothing else.
        expect(scan.gatewayMessages).toBe(SCAN_UNDERLIERS * (1 + 1 + 5 * 2));
      } finally {
        await scan.close();
      }
    },
  );
});

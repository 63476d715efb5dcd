// The Broker contract suite on the IBKR adapter: the real `@stoqey/ib` client against the fake gateway, with the
// sim broker's market and book behind it — the same suite the sim passes directly.
import { brokerContractSuite } from '@optionstrader/testkit';
import { startSimGateway } from '../testing/sim-gateway';

brokerContractSuite('IBKR adapter via the fake gateway', async () => {
  const rig = await startSimGateway();
  return {
    broker: rig.adapter(),
    knownAccount: 'DU-SIM-PM',
    knownSymbol: 'KO',
    advance: (ms) => rig.advance(ms),
    close: () => rig.close(),
  };
});

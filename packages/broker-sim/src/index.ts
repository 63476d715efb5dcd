// The simulated market and broker: the Broker port over a deterministic market simulator.
export * from './market/index';
export { createSimBroker } from './sim-broker.adapter';
export type { SimBroker, SimBrokerOptions } from './sim-broker.adapter';
export { demoAccounts } from './brokerage/demo-book';
export type { OptionEventKind, SimAccountSpec, SimOptionEvent, SimPositionSpec } from './brokerage/types';

// Instrument identity: strikes, OCC symbols, canonical keys and adapter field mappings.
export * from './errors';
export * from './strike';
export * from './option-fields';
export * from './occ-symbol';
export * from './instrument-key';

export * from './errors';
export * from './auth';
export * from './health';
export * from './accounts';
export * from './positions';
export * from './portfolios';
export * from './chains';
export * from './sync';

export * from './ports';
export * from './auth/auth.service';
export * from './auth/users.service';
export * from './sync/sync.service';
export * from './sync/periodic-sync';
export * from './alerts/data-health-monitor';
export * from './broker/broker-status';

export * from './job-definition';
export * from './scheduler';
export * from './job-worker';

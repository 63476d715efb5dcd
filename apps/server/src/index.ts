export { startServer, defaultWebDistDir, type StartOptions, type RunningServer } from './server';
export { buildApp, type AppDeps } from './http/app';
export { loadConfig, type Config } from './config';

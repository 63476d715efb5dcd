export type * from './users.repository';
export type * from './sessions.repository';
export type * from './audit.repository';
export type * from './clock';
export type * from './password-hasher';
export type * from './token-generator';
export type * from './app-settings.repository';

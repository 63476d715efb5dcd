export type * from './ports';
export * from './auth/auth.service';
export * from './auth/users.service';

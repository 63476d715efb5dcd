export * from './scan';
export * from './filters-schema';

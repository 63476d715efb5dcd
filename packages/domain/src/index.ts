export * from './money';
export * from './calendar';
export * from './instruments';
export * from './analytics';

// NYSE calendar, New York time and option expiries.
export * from './iso-date';
export * from './new-york-time';
export * from './nyse-calendar';
export * from './expiries';
export * from './market-schedule';

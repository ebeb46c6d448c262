export * from './decimal.ts';
export * from './price.ts';
export * from './currencies.ts';

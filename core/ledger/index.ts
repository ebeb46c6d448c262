export * from './accounts.ts';
export * from './transfers.ts';
export * from './batch.ts';
export * from './errors.ts';
export * from './invariants.ts';

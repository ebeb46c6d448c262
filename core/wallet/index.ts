export * from './types.ts';
export * from './amounts.ts';
export * from './cursor.ts';
export * from './deposits.ts';
export * from './limits.ts';
export * from './withdrawals.ts';
export * from './balances.ts';

export * from './reference.ts';
export * from './users.ts';
export * from './ledger.ts';
export * from './orders.ts';
export * from './outbox.ts';
export * from './bot.ts';
export * from './chain.ts';
export * from './admin.ts';

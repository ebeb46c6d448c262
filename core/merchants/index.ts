export * from './secrets.ts';
export * from './signing.ts';
export * from './merchants.ts';
export * from './replay.ts';
export * from './payins.ts';
export * from './views.ts';
export * from './payouts.ts';
export * from './webhooks.ts';

import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** Money in base units (micro-USDT, fiat minor units): always a JS bigint. */
export const money = (name: string) => bigint(name, { mode: 'bigint' });
/** Row ids fit comfortably in 2^53. */
export const id = (name: string) => bigint(name, { mode: 'number' });
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

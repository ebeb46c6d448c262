import { pgTable, text, integer, jsonb, boolean } from 'drizzle-orm/pg-core';

export const currencies = pgTable('currencies', {
  code: text('code').primaryKey(),
  exponent: integer('exponent').notNull(),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
});

/** Kinds of fiat payment and the details a user must give for each. */
export const paymentMethodKinds = pgTable('payment_method_kinds', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  fields: jsonb('fields').$type<string[]>().notNull(),
  currencies: text('currencies').array(),
  enabled: boolean('enabled').notNull().default(true),
  sort: integer('sort').notNull().default(0),
});

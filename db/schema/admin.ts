import { pgTable, text, integer, boolean, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, ts } from './columns.ts';
import { users } from './users.ts';

export const ADMIN_ROLES = ['admin', 'arbitrator', 'kyc', 'finance'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** People who use the web panel (not Telegram users). */
export const adminUsers = pgTable('admin_users', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role', { enum: ADMIN_ROLES }).notNull(),
  // scrypt$N$r$p$salt$hash (base64): parameters travel with the hash so they can be raised later.
  passwordHash: text('password_hash').notNull(),
  totpSecret: text('totp_secret').notNull(),
  // The last TOTP time step accepted: a code is good for one login only.
  lastTotpStep: id('last_totp_step'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastLoginAt: ts('last_login_at'),
}, (t) => [uniqueIndex('admin_users_email_uq').on(sql`lower(${t.email})`)]);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const adminSessions = pgTable('admin_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  adminId: id('admin_id').notNull().references(() => adminUsers.id),
  csrfToken: text('csrf_token').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [index('admin_sessions_admin_idx').on(t.adminId), index('admin_sessions_expiry_idx').on(t.expiresAt)]);

/** Every login try, kept for throttling (failures per email / per address in a window). */
export const loginAttempts = pgTable('login_attempts', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  ip: text('ip').notNull(),
  success: boolean('success').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  index('login_attempts_email_idx').on(sql`lower(${t.email})`, t.createdAt),
  index('login_attempts_ip_idx').on(t.ip, t.createdAt),
]);

/** Append-only: a trigger (migration *_audit_append_only) refuses UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable('audit_log', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  adminId: id('admin_id').references(() => adminUsers.id),
  adminEmail: text('admin_email'),
  action: text('action').notNull(),
  target: text('target'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  index('audit_log_admin_idx').on(t.adminId, t.id),
  index('audit_log_action_idx').on(t.action, t.id),
]);

export const KYC_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

/** A trader's identity submission from the bot, reviewed in the panel. */
export const kycSubmissions = pgTable('kyc_submissions', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: id('user_id').notNull().references(() => users.id),
  fullName: text('full_name').notNull(),
  documentFileId: text('document_file_id').notNull(),
  selfieFileId: text('selfie_file_id').notNull(),
  status: text('status', { enum: KYC_STATUSES }).notNull().default('pending'),
  tier: integer('tier'),
  reason: text('reason'),
  reviewedBy: id('reviewed_by').references(() => adminUsers.id),
  reviewerName: text('reviewer_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  reviewedAt: ts('reviewed_at'),
}, (t) => [
  // One open submission per user: a second one while the first waits is refused.
  uniqueIndex('kyc_submissions_pending_uq').on(t.userId).where(sql`status = 'pending'`),
  index('kyc_submissions_status_idx').on(t.status, t.id),
  check('kyc_submissions_decision', sql`(${t.status} = 'pending') or (${t.reviewedAt} is not null)`),
]);

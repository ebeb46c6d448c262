import { z } from 'zod';

// Every variable the desk reads, validated once at start. Documented in .env.example.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  ACCEPTORS_GROUP_ID: z.coerce.number().int().optional(),
  ADMIN_CHAT_IDS: z.string().default('').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map(Number)),
  HTTP_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PORT: z.coerce.number().int().default(8080),
  ADMIN_PORT: z.coerce.number().int().default(8081),
  API_PORT: z.coerce.number().int().default(8082),
  PUBLIC_API_URL: z.string().url().optional(),
  ADMIN_SESSION_SECRET: z.string().min(32).optional(),
  // 32 bytes as 64 hex chars: encrypts merchant API secrets at rest (AES-256-GCM).
  MERCHANT_SECRET_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)').optional(),
  // First webhook retry delay; each further retry doubles it (capped at 1 h) for 24 h.
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(10_000),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

import { z } from 'zod';

// USDT amount as a decimal string ("12.5") → micro-USDT bigint; no floats.
const usdt = (def: string) => z.string().trim().regex(/^\d{1,12}(\.\d{1,6})?$/, 'a USDT amount like 12.5').default(def).transform((v) => {
  const [i, f = ''] = v.split('.');
  return BigInt(i!) * 1_000_000n + BigInt(f.padEnd(6, '0'));
});

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
  WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 characters of A-Z a-z 0-9 _ -').optional(),
  // Where the Telegram webhook receiver listens in webhook mode (behind your TLS proxy).
  WEBHOOK_PORT: z.coerce.number().int().default(8083),
  ACCEPTORS_GROUP_ID: z.coerce.number().int().optional(),
  // Language of the posts in the acceptors' group (one group, one language).
  GROUP_LANGUAGE: z.enum(['en', 'zh-CN']).default('en'),
  // Where admins open the web panel; notices to admins link to it (default: http://HTTP_HOST:ADMIN_PORT).
  ADMIN_PUBLIC_URL: z.string().url().optional(),
  ADMIN_CHAT_IDS: z.string().default('').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map(Number)),
  HTTP_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PORT: z.coerce.number().int().default(8080),
  ADMIN_PORT: z.coerce.number().int().default(8081),
  API_PORT: z.coerce.number().int().default(8082),
  PUBLIC_API_URL: z.string().url().optional(),
  // 32 bytes as 64 hex chars: encrypts merchant API secrets at rest (AES-256-GCM).
  MERCHANT_SECRET_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)').optional(),
  // First webhook retry delay; each further retry doubles it (capped at 1 h) for 24 h.
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(10_000),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // ── Chain (issue #4). Deposit addresses derive from account-level xpubs; watchers hold no key.
  CHAIN_EVM_XPUB: z.string().regex(/^[xt]pub/, 'an account-level xpub (m/44\'/60\'/0\')').optional(),
  CHAIN_TRON_XPUB: z.string().regex(/^[xt]pub/, 'an account-level xpub (m/44\'/195\'/0\')').optional(),
  CHAIN_POLL_MS: z.coerce.number().int().min(200).default(5_000),
  ETH_RPC_URL: z.string().url().optional(),
  ETH_USDT_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/).default('0xdAC17F958D2ee523a2206206994597C13D831ec7'),
  ETH_USDT_DECIMALS: z.coerce.number().int().min(0).max(36).default(6),
  ETH_CONFIRMATIONS: z.coerce.number().int().min(1).default(12),
  ETH_START_BLOCK: z.coerce.number().int().min(0).optional(),
  BSC_RPC_URL: z.string().url().optional(),
  BSC_USDT_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/).default('0x55d398326f99059fF775485246999027B3197955'),
  BSC_USDT_DECIMALS: z.coerce.number().int().min(0).max(36).default(18),
  BSC_CONFIRMATIONS: z.coerce.number().int().min(1).default(15),
  BSC_START_BLOCK: z.coerce.number().int().min(0).optional(),
  POLYGON_RPC_URL: z.string().url().optional(),
  POLYGON_USDT_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/).default('0xc2132D05D31c914a87C6611C10748AEb04B58e8F'),
  POLYGON_USDT_DECIMALS: z.coerce.number().int().min(0).max(36).default(6),
  POLYGON_CONFIRMATIONS: z.coerce.number().int().min(1).default(128),
  POLYGON_START_BLOCK: z.coerce.number().int().min(0).optional(),
  TRON_API_URL: z.string().url().optional(),
  TRON_API_KEY: z.string().optional(),
  TRON_USDT_ADDRESS: z.string().regex(/^T[1-9A-HJ-NP-Za-km-z]{33}$/).default('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'),
  // Shown to users as N in "n/N"; crediting waits for the solidity node regardless.
  TRON_CONFIRMATIONS: z.coerce.number().int().min(1).default(19),
  TRON_START_BLOCK: z.coerce.number().int().min(0).optional(),
  // Credit this many blocks behind the solidity node (TronGrid's event index may trail it).
  TRON_EVENT_LAG_BLOCKS: z.coerce.number().int().min(0).default(3),
  // Hot wallet keys: an ethers JSON keystore (path + password) or a raw hex key. Signer only.
  EVM_HOT_WALLET_KEYSTORE: z.string().optional(),
  EVM_HOT_WALLET_PASSWORD: z.string().optional(),
  EVM_HOT_WALLET_KEY: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/).optional(),
  TRON_HOT_WALLET_KEYSTORE: z.string().optional(),
  TRON_HOT_WALLET_PASSWORD: z.string().optional(),
  TRON_HOT_WALLET_KEY: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/).optional(),
  // A separate hot key for one EVM chain (else the EVM key above is used on every EVM chain).
  ETH_HOT_WALLET_KEY: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/).optional(),
  BSC_HOT_WALLET_KEY: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/).optional(),
  POLYGON_HOT_WALLET_KEY: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/).optional(),
  // Withdrawal defaults in USDT (decimal strings); the settings table (admin panel) overrides them.
  WITHDRAW_MIN_USDT: usdt('10'),
  WITHDRAW_MAX_USDT: usdt('50000'),
  WITHDRAW_DAILY_USDT: usdt('100000'),
  WITHDRAW_APPROVAL_USDT: usdt('5000'),
  WITHDRAW_FEE_TRON_USDT: usdt('1'),
  WITHDRAW_FEE_ETH_USDT: usdt('5'),
  WITHDRAW_FEE_BSC_USDT: usdt('0.5'),
  WITHDRAW_FEE_POLYGON_USDT: usdt('0.2'),
});

export type Config = z.infer<typeof schema>;

/** Every variable name, for the check that .env.example documents them all. */
export const CONFIG_KEYS = Object.keys(schema.shape);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.BOT_MODE === 'webhook' && (!parsed.data.WEBHOOK_URL || !parsed.data.WEBHOOK_SECRET)) {
    throw new Error('Invalid configuration:\n  BOT_MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET');
  }
  return parsed.data;
}

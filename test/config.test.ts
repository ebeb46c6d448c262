import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, loadConfig } from '../config.ts';

test('.env.example documents every variable the desk reads, and nothing else', () => {
  const text = readFileSync('.env.example', 'utf8');
  const documented = new Set([...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  for (const key of CONFIG_KEYS) assert.ok(documented.has(key), `${key} is missing from .env.example`);
  for (const key of documented) assert.ok(CONFIG_KEYS.includes(key), `.env.example documents unknown ${key}`);
});

test('the values in .env.example parse', () => {
  const env: Record<string, string> = {};
  for (const m of readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]+)=(\S*)/gm)) env[m[1]] = m[2];
  const c = loadConfig(env);
  assert.equal(c.WITHDRAW_FEE_BSC_USDT, 500_000n);
  assert.deepEqual(c.ADMIN_CHAT_IDS, []);
});

test('bad configuration is refused with the variable named', () => {
  assert.throws(() => loadConfig({ API_PORT: 'eighty' }), /API_PORT/);
  assert.throws(() => loadConfig({ BOT_MODE: 'webhook' }), /WEBHOOK_URL and WEBHOOK_SECRET/);
  assert.throws(() => loadConfig({ WITHDRAW_MIN_USDT: '1e3' }), /WITHDRAW_MIN_USDT/);
});

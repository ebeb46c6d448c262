// Creates a merchant and prints its first API key (the secret is shown once).
//   DATABASE_URL=postgres://… npx tsx scripts/create-merchant.ts --name "Shop" --currencies CNY,USD \
//     --fee-bps 100 --commission-bps 40 --callback-url https://shop.example/webhooks
// Also: --rotate <merchantId> (issue a second key) and --revoke <merchantId>:<keyId>.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { connect } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createMerchant, rotateMerchantKey, revokeMerchantKey, loadMerchantSecretKey } from '../core/merchants/index.ts';
import { isDeskError } from '../core/errors.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    currencies: { type: 'string', default: 'CNY' },
    'fee-bps': { type: 'string', default: '0' },
    'commission-bps': { type: 'string', default: '0' },
    'callback-url': { type: 'string' },
    rotate: { type: 'string' },
    revoke: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const usage = 'usage: create-merchant --name <name> [--currencies CNY,USD] [--fee-bps N] [--commission-bps N] [--callback-url URL]\n' +
  '       create-merchant --rotate <merchantId>\n       create-merchant --revoke <merchantId>:<keyId>';
if (values.help || (!values.name && !values.rotate && !values.revoke)) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is not set: point it at the desk database (the sandbox prints its URL on start).');
  process.exit(2);
}
const int = (s: string, what: string) => {
  if (!/^\d+$/.test(s)) {
    console.error(`${what} must be a whole number, got "${s}"`);
    process.exit(2);
  }
  return Number(s);
};

const database = connect(config.DATABASE_URL, { max: 2 });
try {
  await migrate(database);
  const key = loadMerchantSecretKey(config);
  if (values.rotate) {
    const k = await rotateMerchantKey(database.sql, key, int(values.rotate, '--rotate'));
    console.log(JSON.stringify({ merchantId: Number(values.rotate), keyId: k.keyId, secret: k.secret }, null, 2));
  } else if (values.revoke) {
    const [m, keyId] = values.revoke.split(':');
    const k = await revokeMerchantKey(database.sql, int(m, '--revoke merchant id'), keyId ?? '');
    console.log(JSON.stringify(k, null, 2));
  } else {
    const { merchant, key: k } = await createMerchant(database.sql, key, {
      name: values.name!,
      callbackUrl: values['callback-url'] ?? null,
      feeBps: int(values['fee-bps']!, '--fee-bps'),
      commissionBps: int(values['commission-bps']!, '--commission-bps'),
      currencies: values.currencies!.split(','),
    });
    console.log(JSON.stringify({ merchant, keyId: k.keyId, secret: k.secret }, null, 2));
    console.error('Store the secret now: it is not shown again (rotate to issue a new one).');
  }
} catch (e) {
  if (isDeskError(e)) {
    console.error(`refused: ${e.code} ${JSON.stringify(e.params)}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await database.close();
}

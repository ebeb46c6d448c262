// Creates a panel account and prints its TOTP secret / otpauth URL (shown once; scan it into an authenticator).
//   DATABASE_URL=postgres://… npm run admin:create -- --email ops@example.com --role admin [--name "Ops"]
// The password comes from ADMIN_PASSWORD, or a random one is generated and printed (never put it on the command line).
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { loadConfig } from '../config.ts';
import { connect } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createAdmin, ADMIN_ROLES, MIN_PASSWORD, type AdminRole } from '../core/admin/index.ts';
import { isDeskError } from '../core/errors.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    name: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const usage = `usage: admin:create -- --email <email> --role <${ADMIN_ROLES.join('|')}> [--name <display name>]\n` +
  `       password: ADMIN_PASSWORD env (at least ${MIN_PASSWORD} characters), or a generated one is printed`;
if (values.help || !values.email) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
if (!(ADMIN_ROLES as readonly string[]).includes(values.role!)) {
  console.error(`--role must be one of ${ADMIN_ROLES.join(', ')}, got "${values.role}"`);
  process.exit(2);
}
const config = loadConfig();
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is not set: point it at the desk database (the sandbox prints its URL on start).');
  process.exit(2);
}

const generated = !process.env.ADMIN_PASSWORD;
const password = process.env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
const database = connect(config.DATABASE_URL, { max: 2 });
try {
  await migrate(database);
  const a = await createAdmin(database.sql, { email: values.email, role: values.role as AdminRole, name: values.name, password });
  console.log(JSON.stringify({ id: a.id, email: a.email, name: a.name, role: a.role, totpSecret: a.totpSecret, otpauthUrl: a.otpauthUrl, ...(generated ? { password } : {}) }, null, 2));
  console.log('\nScan with an authenticator app:\n' + (await QRCode.toString(a.otpauthUrl, { type: 'terminal', small: true })));
} catch (e) {
  if (isDeskError(e)) {
    const msg = e.code === 'already_done' ? `an admin with email ${values.email} already exists`
      : e.code === 'invalid_input' ? `invalid ${e.params.field}${e.params.min ? ` (at least ${e.params.min} characters)` : ''}` : e.message;
    console.error(`refused: ${msg}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await database.close();
}

// Restarts a chain watcher halted by a reorg deeper than its confirmation depth, after an
// operator checked what happened. The block must be canonical now (look it up on the node).
//   DATABASE_URL=postgres://… npx tsx scripts/resume-chain.ts --chain ethereum --number 21000000 --hash 0x… --actor alice
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { connect } from '../db/client.ts';
import { resumeChain, listAlerts } from '../core/wallet/index.ts';

const { values } = parseArgs({
  options: { chain: { type: 'string' }, number: { type: 'string' }, hash: { type: 'string' }, actor: { type: 'string' }, list: { type: 'boolean' } },
});
const config = loadConfig();
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const db = connect(config.DATABASE_URL, { max: 1 });
try {
  if (values.list) {
    for (const a of await listAlerts(db.sql, { open: true })) console.log(JSON.stringify(a));
  } else {
    const number = Number(values.number);
    if (!values.chain || !Number.isSafeInteger(number) || number < 0 || !/^0x[0-9a-fA-F]{64}$|^[0-9a-fA-F]{64}$/.test(values.hash ?? '') || !values.actor) {
      console.error('usage: --chain <name> --number <block> --hash <block hash> --actor <who>   (or --list)');
      process.exit(2);
    }
    await resumeChain(db.sql, values.chain, { number, hash: values.hash! }, values.actor);
    console.log(`${values.chain} resumes after block ${number}`);
  }
} finally {
  await db.close();
}

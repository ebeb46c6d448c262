// postgres.js 3.4.x can write a transaction's BEGIN without reserving its connection when
// BEGIN fills the pipeline (porsager/postgres#1189, fix proposed in #1218): under load the
// transaction's connection goes back to the pool. For a money desk that is unacceptable,
// so until a release carries the fix we apply the same reordering here, idempotently.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'postgres');
const before = `      return write(toBuffer(q))
        && !q.describeFirst
        && !q.cursorFn
        && sent.length < max_pipeline
        && (!q.options.onexecute || q.options.onexecute(connection))`;
const after = `      const written = write(toBuffer(q))
      // otc-desk patch (porsager/postgres#1189): reserve whenever BEGIN was written.
      if (q.options.onexecute) {
        q.options.onexecute(connection)
        return false
      }
      return written
        && !q.describeFirst
        && !q.cursorFn
        && sent.length < max_pipeline`;

let patched = 0;
for (const rel of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const file = join(root, rel);
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes('otc-desk patch')) { patched++; continue; }
  if (!text.includes(before)) {
    console.error(`patch-postgres: ${rel} does not contain the expected code; check whether the installed postgres already fixes #1189`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(file, text.replace(before, after));
  patched++;
}
console.log(`patch-postgres: ${patched} file(s) carry the BEGIN reservation fix`);

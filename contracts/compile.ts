// Compiles contracts/*.sol offline with the installed solc-js and writes one JSON per
// contract (abi + bytecode) to contracts/build/. No compiler is ever downloaded.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const dir = dirname(fileURLToPath(import.meta.url));
const sources = Object.fromEntries(
  readdirSync(dir).filter((f) => f.endsWith('.sol')).map((f) => [f, { content: readFileSync(join(dir, f), 'utf8') }]),
);
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Hardhat's local network supports cancun; newer targets may emit opcodes it lacks.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
for (const e of output.errors ?? []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

mkdirSync(join(dir, 'build'), { recursive: true });
for (const [file, contracts] of Object.entries<Record<string, any>>(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // abstract
    const out = { contractName: name, sourceName: file, compiler: solc.version(), abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
    writeFileSync(join(dir, 'build', `${name}.json`), JSON.stringify(out, null, 2) + '\n');
    console.log(`contracts/build/${name}.json`);
  }
}

// A local EVM (Hardhat node on loopback) with the test USDT tokens deployed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractFactory, Contract, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { loadArtifact } from '../../chain/evm/abi.ts';
import { makeProvider } from '../../chain/evm/source.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Hardhat's well-known dev mnemonic: account 0 deploys and funds, account 1 is the hot wallet. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
];

export type EvmTestChain = 'ethereum' | 'bsc';

export interface LocalEvm {
  rpcUrl: string;
  chainId: number;
  /** ethUsdt: no return value (Ethereum USDT); bscUsdt: 18 decimals; tronUsdt: transfer() returns false (TRON USDT's quirk, on an EVM). */
  tokens: { ethUsdt: string; bscUsdt: string; tronUsdt: string };
  decimals: { ethereum: number; bsc: number };
  provider: JsonRpcProvider;
  /** Mints `amount` (micro-USDT, scaled to the token's decimals; or raw units with `raw`) to `to` in one transaction. */
  sendTestUsdt(to: string, amount: bigint, chain?: EvmTestChain, opts?: { raw?: boolean }): Promise<string>;
  mine(blocks?: number): Promise<void>;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalEvmOptions {
  port?: number;
  /** Mine a block every `intervalMs` (sandbox); 0 = only when a transaction arrives or on evm_mine (tests). */
  intervalMs?: number;
  /** Print the node's output. */
  verbose?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForRpc(url: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let lastError = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
      if (res.ok) return;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`hardhat node did not answer on ${url}: ${lastError}`);
}

export async function startLocalEvm(opts: LocalEvmOptions = {}): Promise<LocalEvm> {
  const port = opts.port ?? (await freePort());
  const bin = require.resolve('hardhat/internal/cli/bootstrap.js');
  const child = spawn(process.execPath, [bin, 'node', '--config', join(here, 'hardhat.config.cjs'), '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: here,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', NODE_OPTIONS: '' },
    stdio: opts.verbose ? 'inherit' : 'ignore',
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  // Never leave a node behind when this process ends without calling stop().
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  };
  try {
    await waitForRpc(rpcUrl, child, 30_000);
  } catch (e) {
    await stop();
    throw e;
  }
  const provider = makeProvider(rpcUrl);
  provider.pollingInterval = 200;
  const chainId = Number((await provider.getNetwork()).chainId);
  const deployer = new NonceManager(new Wallet(DEV_KEYS[0]!, provider));
  const deploy = async (name: string) => {
    const a = loadArtifact(name);
    const c = await new ContractFactory(a.abi, a.bytecode, deployer).deploy();
    await c.waitForDeployment();
    return c.getAddress();
  };
  const ethUsdt = await deploy('EthUsdtLike');
  const bscUsdt = await deploy('BscUsdtLike');
  const tronUsdt = await deploy('TronUsdtLike');
  if (opts.intervalMs) await provider.send('evm_setIntervalMining', [opts.intervalMs]);
  const decimals = { ethereum: 6, bsc: 18 };
  const tokenAbi = loadArtifact('EthUsdtLike').abi;

  return {
    rpcUrl,
    chainId,
    tokens: { ethUsdt, bscUsdt, tronUsdt },
    decimals,
    provider,
    async sendTestUsdt(to, amount, chain = 'ethereum', o = {}) {
      const token = new Contract(chain === 'bsc' ? bscUsdt : ethUsdt, tokenAbi, deployer);
      const raw = o.raw ? amount : amount * 10n ** BigInt(decimals[chain] - 6);
      const tx = await token.getFunction('mint')(to, raw);
      await tx.wait();
      return tx.hash as string;
    },
    async mine(blocks = 1) {
      await provider.send('hardhat_mine', ['0x' + blocks.toString(16)]);
    },
    snapshot: () => provider.send('evm_snapshot', []),
    async revert(id) {
      const ok = await provider.send('evm_revert', [id]);
      if (!ok) throw new Error(`evm_revert ${id} failed`);
      deployer.reset();
    },
    async stop() {
      provider.destroy();
      await stop();
    },
  };
}


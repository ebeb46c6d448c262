import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { id } from 'ethers';

export const TRANSFER_TOPIC = id('Transfer(address,address,uint256)');
export const ERC20_ABI = [
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'function balanceOf(address) view returns (uint256)',
  'function decimals() view returns (uint8)',
  // Declared without a return value: Ethereum USDT returns nothing, TRON USDT returns false,
  // so success is judged by the receipt and its Transfer event, never by a return value.
  'function transfer(address to, uint256 value)',
];

const buildDir = join(dirname(fileURLToPath(import.meta.url)), '../../contracts/build');

export function loadArtifact(name: string): { abi: any[]; bytecode: string } {
  return JSON.parse(readFileSync(join(buildDir, `${name}.json`), 'utf8'));
}

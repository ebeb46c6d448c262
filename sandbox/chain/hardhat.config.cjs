// Local EVM for the sandbox and tests. No Solidity config: contracts are compiled with
// solc-js by contracts/compile.ts and deployed as bytecode, so Hardhat never fetches a compiler.
module.exports = {
  paths: { sources: './no-sources', cache: '../../.data/hardhat-cache', artifacts: '../../.data/hardhat-artifacts' },
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      mining: { auto: true, interval: 0 },
      accounts: { mnemonic: 'test test test test test test test test test test test junk', count: 4 },
      loggingEnabled: false,
    },
  },
};

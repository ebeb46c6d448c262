import { HDNodeWallet, Mnemonic } from 'ethers';

export const TEST_MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

/** Account-level xpubs as the desk's config would hold them. */
export function testXpubs(): { evm: string; tron: string } {
  const m = Mnemonic.fromPhrase(TEST_MNEMONIC);
  return {
    evm: HDNodeWallet.fromMnemonic(m, "m/44'/60'/0'").neuter().extendedKey,
    tron: HDNodeWallet.fromMnemonic(m, "m/44'/195'/0'").neuter().extendedKey,
  };
}

export async function outboxTopics(sql: any, channel: string, filter: (p: any) => boolean = () => true): Promise<{ topic: string; payload: any }[]> {
  const rows = await sql`SELECT topic, payload FROM outbox WHERE channel = ${channel} ORDER BY id`;
  return rows.filter((r: any) => filter(r.payload)).map((r: any) => ({ topic: r.topic, payload: r.payload }));
}

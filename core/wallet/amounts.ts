/**
 * Chain amounts → ledger micro-USDT. Tokens with more than 6 decimals (BSC USDT: 18) are
 * rounded down; the remainder is dust, recorded on the deposit and never credited.
 */
export function toMicroUsdt(raw: bigint, decimals: number): { amount: bigint; dust: bigint } {
  if (raw < 0n) throw new RangeError('negative token amount');
  if (decimals === 6) return { amount: raw, dust: 0n };
  if (decimals > 6) {
    const unit = 10n ** BigInt(decimals - 6);
    return { amount: raw / unit, dust: raw % unit };
  }
  return { amount: raw * 10n ** BigInt(6 - decimals), dust: 0n };
}

/** Micro-USDT → token base units for sending. Exact: fewer decimals than 6 are refused. */
export function fromMicroUsdt(amount: bigint, decimals: number): bigint {
  if (decimals < 6) {
    const unit = 10n ** BigInt(6 - decimals);
    if (amount % unit !== 0n) throw new RangeError(`amount not representable with ${decimals} decimals`);
    return amount / unit;
  }
  return amount * 10n ** BigInt(decimals - 6);
}

/** "12.345678" for display and outbox payloads (the bot formats it further). */
export function formatUsdt(micro: bigint): string {
  const neg = micro < 0n;
  const a = neg ? -micro : micro;
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${a / 1_000_000n}${frac ? '.' + frac : ''}`;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDecimal, parseAmount, formatUnits } from '../../core/money/decimal.ts';
import { tradeAmounts, fiatForUsdt, usdtForFiat, feeFor } from '../../core/money/price.ts';
import { DeskError } from '../../core/errors.ts';

test('user-typed amounts: each odd input gets its own answer', () => {
  const cases: [string, string | bigint][] = [
    ['1,000.50', 1_000_500_000n],
    ['1000.5', 1_000_500_000n],
    ['  42 ', 42_000_000n],
    ['+7', 7_000_000n],
    ['1e3', 'exponent'],
    ['-5', 'negative'],
    ['0', 'zero'],
    ['0.000000', 'zero'],
    ['   ', 'empty'],
    ['', 'empty'],
    ['١٠٠', 'non_ascii_digits'],
    ['1.1234567', 'precision'],
    ['1,00.5', 'format'],
    ['12abc', 'format'],
    ['.5', 'format'],
    ['5.', 'format'],
    ['-', 'format'],
    ['1'.repeat(40), 'too_large'],
  ];
  for (const [input, want] of cases) {
    const r = parseDecimal(input, 6);
    if (typeof want === 'bigint') assert.deepEqual(r, { ok: true, value: want }, input);
    else assert.equal(r.ok ? 'ok' : r.reason, want, input);
  }
  assert.throws(() => parseAmount('abc', 2), (e: unknown) => e instanceof DeskError && e.code === 'invalid_amount' && e.params.reason === 'format');
});

test('formatting base units', () => {
  assert.equal(formatUnits(1_000_500_000n, 6), '1000.5');
  assert.equal(formatUnits(1_000_500_000n, 6, false), '1000.500000');
  assert.equal(formatUnits(5n, 6), '0.000005');
  assert.equal(formatUnits(720n, 0), '720');
  assert.equal(formatUnits(-150n, 2), '-1.5');
});

test('conversions round in the desk\'s favour by at most one base unit', () => {
  const price = 72_345n; // 7.2345 CNY per USDT
  // Trader buys with 100.00 CNY: USDT rounds down.
  const buyFiat = tradeAmounts('buy', price, 2, { fiat: 10_000n });
  assert.equal(buyFiat.usdt, 13_822_655n); // 13.8226553… → down
  // Trader buys 10 USDT: fiat rounds up (72.345 → 72.35).
  assert.equal(tradeAmounts('buy', price, 2, { usdt: 10_000_000n }).fiat, 7_235n);
  // Trader sells 10 USDT: fiat rounds down (72.345 → 72.34).
  assert.equal(tradeAmounts('sell', price, 2, { usdt: 10_000_000n }).fiat, 7_234n);
  // Trader sells for 100.00 CNY: USDT asked rounds up.
  assert.equal(tradeAmounts('sell', price, 2, { fiat: 10_000n }).usdt, 13_822_656n);
  // Zero-exponent currencies.
  assert.equal(fiatForUsdt(1_500_000n, 1_500_000n, 0, true), 225n);
  // Exhaustive-ish: the rounded value differs from the exact one by less than one unit, in the stated direction.
  for (let i = 1n; i < 2000n; i += 7n) {
    const usdt = i * 12_345n;
    const up = fiatForUsdt(usdt, price, 2, true);
    const down = fiatForUsdt(usdt, price, 2, false);
    const exactTimes = usdt * price * 100n; // fiat × 10^10
    assert.ok(down * 10n ** 10n <= exactTimes && exactTimes - down * 10n ** 10n < 10n ** 10n);
    assert.ok(up * 10n ** 10n >= exactTimes && up * 10n ** 10n - exactTimes < 10n ** 10n);
    const back = usdtForFiat(down, price, 2, false);
    assert.ok(back <= usdt);
  }
});

test('fees round up, never more than one micro-USDT above the exact fee', () => {
  assert.equal(feeFor(100_000_000n, 10), 100_000n);
  assert.equal(feeFor(1n, 10), 1n);
  assert.equal(feeFor(0n, 10), 0n);
  assert.equal(feeFor(12_345n, 25), 31n); // 30.8625 → 31
});

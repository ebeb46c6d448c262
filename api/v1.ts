import { Hono } from 'hono';
import type { Exec } from '../core/db.ts';
import { isDeskError } from '../core/errors.ts';
import { balance } from '../core/ledger/index.ts';
import { currencies } from '../core/money/currencies.ts';
import { parseDecimal, formatUnits } from '../core/money/decimal.ts';
import {
  createMerchantPayin, getMerchantPayin, getMerchantPayinByRef, cancelMerchantPayin, payinJson,
  requestMerchantPayout, getMerchantPayout, payoutJson, withIdempotency, requestHash, type IdempotentOutcome,
} from '../core/merchants/index.ts';
import { requireSignature, accept, acceptArgs, refusal, type ApiEnv } from './auth.ts';
import { parseBody } from './body.ts';
import { apiError, deskErrorResponse } from './errors.ts';
import { payinCreate, payinCancel, payoutCreate, IDEMPOTENCY_KEY, PLAIN_DECIMAL } from './schemas.ts';
import { normaliseAddress } from './addresses.ts';

const ID = /^[1-9]\d{0,15}$/;

function idempotencyKey(c: any): { ok: true; key: string } | { ok: false; res: Response } {
  const key = c.req.header('idempotency-key');
  if (!key) return { ok: false, res: apiError(c, 400, 'missing_idempotency_key', 'Creates need an Idempotency-Key header (1–128 of [A-Za-z0-9_.:-]).') };
  if (!IDEMPOTENCY_KEY.test(key)) return { ok: false, res: apiError(c, 400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–128 of [A-Za-z0-9_.:-].') };
  return { ok: true, key };
}

/** Major units as a plain decimal string ("100.50"): never a float, no sign, grouping or exponent. */
function parseAmount(input: string, exponent: number): { ok: true; value: bigint } | { ok: false; reason: string } {
  const r = parseDecimal(input, exponent);
  if (!r.ok) return r;
  return PLAIN_DECIMAL.test(input) ? r : { ok: false, reason: 'format' };
}

const AMOUNT_WHY: Record<string, string> = {
  negative: 'The amount must be positive.',
  zero: 'The amount must be above zero.',
  exponent: 'Write the amount in plain digits, without an exponent.',
  too_large: 'The amount is too large.',
  empty: 'The amount is empty.',
};

function amountError(c: any, reason: string, exponent: number, currency: string) {
  const why = reason === 'precision' ? `${currency} allows at most ${exponent} decimal(s).` : AMOUNT_WHY[reason] ?? 'Write the amount as a plain decimal string in major units, like "100.50".';
  return apiError(c, 422, 'invalid_amount', why, { reason, decimals: exponent });
}

function idempotentAnswer(c: any, out: IdempotentOutcome<unknown>) {
  if (out.kind === 'refused') return refusal(c, out.reason);
  if (out.kind === 'mismatch') return apiError(c, 422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
  if (out.kind === 'replay') c.header('Idempotent-Replayed', 'true');
  return c.json(out.body, out.status);
}

/** The signed merchant API. Every route: signature → input checks → nonce → work. */
export function v1Routes(sql: Exec, encKey: Buffer, pageBaseUrl: string) {
  const app = new Hono<ApiEnv>();
  app.use('*', requireSignature(sql, encKey));

  app.onError((e, c) => {
    if (isDeskError(e)) return deskErrorResponse(c, e);
    throw e;
  });

  app.post('/payins', async (c) => {
    const idem = idempotencyKey(c);
    if (!idem.ok) return idem.res;
    const body = parseBody(c, payinCreate);
    if (!body.ok) return body.res;
    const input = body.value;
    const cur = (await currencies(sql)).get(input.currency);
    if (!cur) return apiError(c, 422, 'unknown_currency', `Unknown currency ${input.currency}.`);
    const amount = parseAmount(input.amount, cur.exponent);
    if (!amount.ok) return amountError(c, amount.reason, cur.exponent, cur.code);
    const { merchantId } = c.get('auth');
    const out = await withIdempotency(sql, { merchantId, endpoint: 'POST /v1/payins', key: idem.key, hash: requestHash(input), accept: acceptArgs(c) }, async (tx, merchant) => {
      const p = await createMerchantPayin(tx, merchant!, {
        merchantOrderId: input.merchant_order_id,
        fiatCurrency: cur.code,
        fiatAmount: amount.value,
        paymentMethod: input.payment_method,
        customerRef: input.customer_reference ?? null,
      });
      return { status: 201, body: payinJson(p, cur.exponent, pageBaseUrl) };
    });
    return idempotentAnswer(c, out);
  });

  app.get('/payins', async (c) => {
    const ref = c.req.query('merchant_order_id');
    if (!ref) return apiError(c, 400, 'missing_query', 'Pass merchant_order_id, or use GET /v1/payins/{id}.');
    const a = await accept(c, sql);
    if (!a.ok) return a.res;
    const p = await getMerchantPayinByRef(sql, a.merchant.id, ref);
    if (!p) return apiError(c, 404, 'not_found', 'No pay-in with this merchant_order_id.');
    return c.json(payinJson(p, (await currencies(sql)).get(p.order.fiatCurrency)!.exponent, pageBaseUrl));
  });

  app.get('/payins/:id', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return apiError(c, 404, 'not_found', 'No such pay-in.');
    const a = await accept(c, sql);
    if (!a.ok) return a.res;
    const p = await getMerchantPayin(sql, a.merchant.id, Number(id));
    if (!p) return apiError(c, 404, 'not_found', 'No such pay-in.');
    return c.json(payinJson(p, (await currencies(sql)).get(p.order.fiatCurrency)!.exponent, pageBaseUrl));
  });

  app.post('/payins/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return apiError(c, 404, 'not_found', 'No such pay-in.');
    const body = parseBody(c, payinCancel);
    if (!body.ok) return body.res;
    const a = await accept(c, sql);
    if (!a.ok) return a.res;
    const p = await cancelMerchantPayin(sql, a.merchant.id, Number(id), body.value.reason);
    return c.json(payinJson(p, (await currencies(sql)).get(p.order.fiatCurrency)!.exponent, pageBaseUrl));
  });

  app.get('/balance', async (c) => {
    const a = await accept(c, sql);
    if (!a.ok) return a.res;
    const b = await balance(sql, { type: 'merchant', id: a.merchant.id }, 'available');
    return c.json({ object: 'balance', currency: 'USDT', available: formatUnits(b.available, 6, false), held: formatUnits(b.held, 6, false) });
  });

  app.post('/payouts', async (c) => {
    const idem = idempotencyKey(c);
    if (!idem.ok) return idem.res;
    const body = parseBody(c, payoutCreate);
    if (!body.ok) return body.res;
    const input = body.value;
    const amount = parseAmount(input.amount, 6);
    if (!amount.ok) return amountError(c, amount.reason, 6, 'USDT');
    const address = normaliseAddress(input.chain, input.address);
    if (!address) return apiError(c, 422, 'invalid_address', `Not a valid ${input.chain} address.`);
    const out = await withIdempotency(sql, { merchantId: c.get('auth').merchantId, endpoint: 'POST /v1/payouts', key: idem.key, hash: requestHash(input), accept: acceptArgs(c) }, async (tx, merchant) => {
      const w = await requestMerchantPayout(tx, merchant!, { chain: input.chain, address, amount: amount.value, requestKey: idem.key });
      return { status: 201, body: payoutJson(w) };
    });
    return idempotentAnswer(c, out);
  });

  app.get('/payouts/:id', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return apiError(c, 404, 'not_found', 'No such payout.');
    const a = await accept(c, sql);
    if (!a.ok) return a.res;
    const w = await getMerchantPayout(sql, a.merchant.id, Number(id));
    if (!w) return apiError(c, 404, 'not_found', 'No such payout.');
    return c.json(payoutJson(w));
  });

  return app;
}

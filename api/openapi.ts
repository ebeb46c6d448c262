import { z } from 'zod';
import { payinCreate, payinCancel, payoutCreate } from './schemas.ts';

const json = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0' }) as Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const ok = (description: string, name: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

const dec = (description: string) => ({ type: 'string', pattern: '^\\d+(\\.\\d+)?$', description });
const time = { type: 'string', format: 'date-time' };
const nullable = (s: Record<string, unknown>) => ({ ...s, nullable: true });

const authErrors = {
  401: err('Authentication refused: missing_auth_header, invalid_timestamp, stale_timestamp, invalid_nonce, unknown_key, key_revoked, invalid_signature, nonce_reused.'),
  403: err('merchant_suspended.'),
};
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: `The ${what} id.` });
const idemHeader = {
  name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
  description: 'A retry with the same key and body returns the first response (24 h); the same key with another body is refused (422 idempotency_key_reused).',
};

/** The OpenAPI 3.0 description of the merchant API, served at /openapi.json and rendered at /docs. */
export function openApiSpec(serverUrl: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'otc-desk merchant API',
      version: '1.0.0',
      description:
        'Create fiat pay-ins that acceptors fulfil, get your USDT balance, withdraw it, and receive signed webhooks.\n\n' +
        'Every /v1 request is signed: HMAC-SHA256 with your secret over `${timestamp}\\n${METHOD}\\n${pathWithQuery}\\n${body}`, hex in X-Signature, ' +
        'with X-Key-Id, X-Timestamp (unix seconds, ±300 s) and a fresh X-Nonce (16–64 of [A-Za-z0-9_-], once per key). ' +
        'Amounts are decimal strings in major units. Errors are `{"error":{"code","message","params"?}}`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        keyId: { type: 'apiKey', in: 'header', name: 'X-Key-Id' },
        timestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp' },
        nonce: { type: 'apiKey', in: 'header', name: 'X-Nonce' },
        signature: { type: 'apiKey', in: 'header', name: 'X-Signature', description: 'hex HMAC-SHA256(secret, timestamp\\nMETHOD\\npathWithQuery\\nbody)' },
      },
      schemas: {
        PayinCreate: json(payinCreate),
        PayinCancel: json(payinCancel),
        PayoutCreate: json(payoutCreate),
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, params: { type: 'object', additionalProperties: true } } } },
        },
        Instructions: {
          type: 'object', description: 'What the customer pays, to whom: show these or send the customer to payment_url.',
          required: ['method', 'details', 'amount', 'currency', 'reference'],
          properties: {
            method: { type: 'string' }, details: { type: 'object', additionalProperties: { type: 'string' }, description: 'holder, bank, account… of the acceptor' },
            amount: dec('Exact fiat amount to send.'), currency: { type: 'string' }, reference: { type: 'string', description: 'Transfer note.' },
          },
        },
        Payin: {
          type: 'object',
          required: ['id', 'object', 'status', 'order_status', 'amount', 'currency', 'usdt_amount', 'fee', 'payment_method', 'payment_url', 'created_at'],
          properties: {
            id: { type: 'integer' }, object: { type: 'string', enum: ['payin'] }, merchant_order_id: { type: 'string' },
            status: { type: 'string', enum: ['pending', 'awaiting_payment', 'payment_sent', 'paid', 'cancelled', 'expired', 'disputed'],
              description: 'pending: finding an acceptor; awaiting_payment: instructions ready; payment_sent: the customer says paid; paid: confirmed and your balance credited.' },
            order_status: { type: 'string', description: 'The desk\'s internal order status.' },
            amount: dec('Fiat, major units.'), currency: { type: 'string' },
            usdt_amount: dec('USDT bought for the fiat, at the acceptor\'s price.'), fee: dec('USDT fee, deducted on credit.'),
            credited: nullable(dec('USDT credited to your balance once paid.')), price: nullable({ type: 'string', description: 'Fiat per USDT.' }),
            payment_method: { type: 'string' }, customer_reference: nullable({ type: 'string' }),
            instructions: nullable(ref('Instructions')), payment_url: { type: 'string', format: 'uri', description: 'Hosted page for the customer (en, zh-CN).' },
            expires_at: nullable(time), created_at: time, paid_at: nullable(time), closed_at: nullable(time),
          },
        },
        Balance: {
          type: 'object', required: ['object', 'currency', 'available', 'held'],
          properties: { object: { type: 'string', enum: ['balance'] }, currency: { type: 'string', enum: ['USDT'] }, available: dec('Spendable now.'), held: dec('Held by payouts in flight.') },
        },
        Payout: {
          type: 'object', required: ['id', 'object', 'status', 'chain', 'address', 'amount', 'network_fee', 'created_at'],
          properties: {
            id: { type: 'integer' }, object: { type: 'string', enum: ['payout'] },
            status: { type: 'string', enum: ['pending_approval', 'processing', 'sent', 'failed'] }, withdrawal_status: { type: 'string' },
            chain: { type: 'string', enum: ['tron', 'ethereum', 'bsc', 'polygon'] }, address: { type: 'string' },
            amount: dec('USDT sent.'), network_fee: dec('USDT network fee, charged on top.'), tx_hash: nullable({ type: 'string' }),
            failure_reason: nullable({ type: 'string' }), created_at: time, updated_at: time,
          },
        },
        WebhookEvent: {
          type: 'object', required: ['id', 'type', 'created_at', 'data'],
          description: 'POSTed to your callback URL, signed like requests (X-Key-Id of your newest active key). Answer 2xx; anything else is retried with exponential backoff for 24 h. Deduplicate on id.',
          properties: {
            id: { type: 'string' }, type: { type: 'string', enum: ['payin.paid', 'payin.expired', 'payin.cancelled', 'payin.disputed', 'payout.sent', 'payout.failed'] },
            created_at: time, data: { oneOf: [ref('Payin'), ref('Payout')] },
          },
        },
      },
    },
    security: [{ keyId: [], timestamp: [], nonce: [], signature: [] }],
    paths: {
      '/v1/payins': {
        post: {
          summary: 'Create a pay-in', operationId: 'createPayin', parameters: [idemHeader], requestBody: body('PayinCreate'),
          description: 'Matches an acceptor and locks their USDT; answers with the payment instructions and the hosted page URL.',
          responses: {
            201: ok('Created (or the first response again, with Idempotent-Replayed: true).', 'Payin'),
            400: err('missing_idempotency_key, invalid_idempotency_key, malformed_json.'), ...authErrors,
            409: err('no_acceptor (retry later), duplicate_merchant_order_id.'),
            422: err('invalid_request, invalid_amount, unknown_currency, currency_not_enabled, unknown_payment_method, outside_limits, below_minimum, above_maximum, idempotency_key_reused.'),
          },
        },
        get: {
          summary: 'Find a pay-in by your order id', operationId: 'findPayin',
          parameters: [{ name: 'merchant_order_id', in: 'query', required: true, schema: { type: 'string' } }],
          responses: { 200: ok('The pay-in.', 'Payin'), 400: err('missing_query.'), ...authErrors, 404: err('not_found.') },
        },
      },
      '/v1/payins/{id}': {
        get: { summary: 'Get a pay-in', operationId: 'getPayin', parameters: [idParam('pay-in')], responses: { 200: ok('The pay-in.', 'Payin'), ...authErrors, 404: err('not_found.') } },
      },
      '/v1/payins/{id}/cancel': {
        post: {
          summary: 'Cancel a pay-in', operationId: 'cancelPayin', parameters: [idParam('pay-in')],
          requestBody: { required: false, content: { 'application/json': { schema: ref('PayinCancel') } } },
          description: 'Only before the customer marked it paid; the acceptor\'s USDT is unlocked.',
          responses: { 200: ok('Cancelled.', 'Payin'), ...authErrors, 404: err('not_found.'), 409: err('already_done, invalid_transition.') },
        },
      },
      '/v1/balance': {
        get: { summary: 'Your USDT balance', operationId: 'getBalance', responses: { 200: ok('Balance.', 'Balance'), ...authErrors } },
      },
      '/v1/payouts': {
        post: {
          summary: 'Withdraw USDT', operationId: 'createPayout', parameters: [idemHeader], requestBody: body('PayoutCreate'),
          description: 'Holds amount + network fee on your balance; large amounts wait for an admin\'s approval.',
          responses: {
            201: ok('Requested.', 'Payout'), 400: err('missing_idempotency_key, malformed_json.'), ...authErrors,
            422: err('invalid_request, invalid_amount, invalid_address, below_minimum, above_maximum, outside_limits (daily), insufficient_funds, idempotency_key_reused.'),
          },
        },
      },
      '/v1/payouts/{id}': {
        get: { summary: 'Get a payout', operationId: 'getPayout', parameters: [idParam('payout')], responses: { 200: ok('The payout.', 'Payout'), ...authErrors, 404: err('not_found.') } },
      },
    },
    'x-webhooks': {
      event: { post: { summary: 'Webhook event', requestBody: body('WebhookEvent'), responses: { 200: { description: 'Received (any 2xx).' } } } },
    },
  };
}

/**
 * JSON-schema pieces shared by the routes. Validation rejects extra fields, wrong
 * types and malformed hex before a handler runs; semantic checks (limits, chain state)
 * happen in the handlers.
 */

export const addressSchema = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{40}$',
  description: '20-byte hex address (any letter case)',
} as const;

export const hexSchema = {
  type: 'string',
  pattern: '^0x([0-9a-fA-F]{2})*$',
  maxLength: 200_000,
} as const;

/** A 65-byte secp256k1 signature. */
export const signatureSchema = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{130}$',
} as const;

/** A non-negative integer as decimal digits, at most 78 digits (uint256). */
export const uintStringSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,77})$',
  description: 'non-negative integer, decimal digits, token smallest unit',
} as const;

const unixSecondsSchema = {
  type: 'integer',
  minimum: 0,
  maximum: 1_099_511_627_775,
  description: 'unix seconds',
} as const;

export const userIdParams = {
  type: 'object',
  properties: { userId: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['userId'],
  additionalProperties: false,
} as const;

const timestampsSchema = {
  created_at: { type: 'integer' },
  updated_at: { type: 'integer' },
} as const;

const nullableAddress = { type: ['string', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

const errorBodySchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    request_id: { type: 'string' },
  },
  required: ['code', 'message', 'details'],
} as const;

export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    token_id: { type: 'string' },
    status: { type: 'string', enum: ['CREATED', 'ACTIVATING', 'ACTIVATED', 'FAILED'] },
    device_manager_address: nullableAddress,
    token_holder_address: nullableAddress,
    recovery_module_address: nullableAddress,
    recovery_owner_address: nullableAddress,
    failure_reason: nullableString,
    ...timestampsSchema,
  },
} as const;

export const deviceSchema = {
  type: 'object',
  properties: {
    address: { type: 'string' },
    user_id: { type: 'string' },
    api_signer_address: { type: 'string' },
    status: { type: 'string' },
    failure_reason: nullableString,
    ...timestampsSchema,
  },
} as const;

export const sessionSchema = {
  type: 'object',
  properties: {
    address: { type: 'string' },
    user_id: { type: 'string' },
    spending_limit: { type: 'string' },
    expires_at: { type: 'integer' },
    nonce: { type: 'string' },
    status: { type: 'string' },
    failure_reason: nullableString,
    ...timestampsSchema,
  },
} as const;

export const tokenHolderSchema = {
  type: 'object',
  properties: {
    user_id: { type: 'string' },
    address: { type: 'string' },
    status: { type: 'string' },
    updated_at: { type: 'integer' },
  },
} as const;

export const transactionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    user_id: { type: 'string' },
    session_address: { type: 'string' },
    rule_name: { type: 'string' },
    to: { type: 'string' },
    nonce: { type: 'string' },
    transfers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          from: { type: 'string' },
          to: { type: 'string' },
          amount: { type: 'string' },
        },
      },
    },
    meta: {
      type: ['object', 'null'],
      properties: {
        name: { type: 'string' },
        type: { type: 'string' },
        details: { type: 'string' },
      },
    },
    status: { type: 'string' },
    transaction_hash: nullableString,
    block_number: nullableInteger,
    block_timestamp: nullableInteger,
    failure_reason: nullableString,
    ...timestampsSchema,
  },
} as const;

export const fundingSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    user_id: { type: 'string' },
    token_holder_address: { type: 'string' },
    amount: { type: 'string' },
    status: { type: 'string' },
    transaction_hash: nullableString,
    failure_reason: nullableString,
    ...timestampsSchema,
  },
} as const;

/** The query of a list route: page size and the `next_cursor` of the page before. */
export const pageQueryProperties = {
  limit: { type: 'string', pattern: '^[1-9][0-9]?$' },
  cursor: { type: 'string', maxLength: 200 },
} as const;

/** A list route's answer: the page's `items` under `name` and the next page's cursor. */
export function pageSchema<N extends string, I>(name: N, items: I) {
  return {
    type: 'object',
    properties: {
      [name]: { type: 'array', items },
      next_cursor: { type: ['string', 'null'] },
    },
  } as const;
}

/** Error answers every route may give, for the OpenAPI document. */
export const errorResponses = {
  '4xx': errorBodySchema,
  '5xx': errorBodySchema,
} as const;

/** A session asked for at activation or authorization. */
export const sessionRequestProperties = {
  address: addressSchema,
  spending_limit: uintStringSchema,
  expires_at: unixSecondsSchema,
} as const;

export const sessionRequestSchema = {
  type: 'object',
  properties: sessionRequestProperties,
  required: ['address', 'spending_limit', 'expires_at'],
  additionalProperties: false,
} as const;

/** A Safe transaction signed by a device key (all gas and refund fields zero). */
export const signedSafeTxSchema = {
  type: 'object',
  properties: {
    to: addressSchema,
    value: uintStringSchema,
    data: hexSchema,
    operation: { type: 'integer', enum: [0, 1] },
    nonce: uintStringSchema,
    signature: signatureSchema,
  },
  required: ['to', 'value', 'data', 'operation', 'nonce', 'signature'],
  additionalProperties: false,
} as const;

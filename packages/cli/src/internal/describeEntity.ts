/**
 * Short, secret-free summaries of platform entities for printing: the fields a person
 * needs, amounts in whole tokens, times as ISO dates.
 */
import type { Device, Session, Transaction, User } from '@ost-wallet/protocol';

/** Formats an amount in the smallest unit as whole tokens, e.g. `'12.5 OST'`. */
export type FormatAmount = (smallest: bigint | string) => string;

/** Unix seconds as an ISO date without milliseconds. */
export function toIsoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The printable fields of an entity a workflow reported, by its shape. */
export function summarizeEntity(
  entity: unknown,
  formatAmount?: FormatAmount,
): Record<string, unknown> {
  if (entity === null || typeof entity !== 'object') return {};
  const e = entity as Record<string, unknown>;
  if ('spending_limit' in e && 'expires_at' in e) {
    const s = e as Session;
    return {
      type: 'session',
      address: s.address,
      spending_limit: s.spending_limit,
      ...(formatAmount ? { spending_limit_tokens: formatAmount(s.spending_limit) } : {}),
      expires_at: s.expires_at,
      expires_at_iso: toIsoTime(s.expires_at),
      status: s.status,
    };
  }
  if ('transfers' in e && 'session_address' in e) {
    const t = e as Transaction;
    return {
      type: 'transaction',
      id: t.id,
      status: t.status,
      transaction_hash: t.transaction_hash,
      transfers: t.transfers.map((x) => ({
        to: x.to,
        amount: x.amount,
        ...(formatAmount ? { amount_tokens: formatAmount(x.amount) } : {}),
      })),
    };
  }
  if ('api_signer_address' in e) {
    const d = e as Device;
    return { type: 'device', address: d.address, status: d.status };
  }
  if ('token_holder_address' in e && 'token_id' in e) {
    const u = e as User;
    return {
      type: 'user',
      id: u.id,
      status: u.status,
      token_holder_address: u.token_holder_address,
      device_manager_address: u.device_manager_address,
    };
  }
  if ('address' in e && 'status' in e && 'user_id' in e) {
    return {
      type: 'token_holder',
      address: e.address,
      status: e.status,
      user_id: e.user_id,
    };
  }
  // Anything else: only scalar fields, never nested objects that might hold more.
  return Object.fromEntries(
    Object.entries(e).filter(([, v]) =>
      ['string', 'number', 'boolean'].includes(typeof v),
    ),
  );
}

/** One line for people: `session 0xab… limit 10 OST, expires 2026-…`. */
export function entityLine(summary: Record<string, unknown>): string {
  switch (summary.type) {
    case 'session':
      return `session ${summary.address} limit ${summary.spending_limit_tokens ?? summary.spending_limit}, expires ${summary.expires_at_iso} (${summary.status})`;
    case 'transaction': {
      const transfers = summary.transfers as {
        to: string;
        amount_tokens?: string;
        amount: string;
      }[];
      const what = transfers
        .map((t) => `${t.amount_tokens ?? t.amount} → ${t.to}`)
        .join(', ');
      return `transaction ${summary.id} ${summary.status}: ${what}${summary.transaction_hash ? ` (tx ${summary.transaction_hash})` : ''}`;
    }
    case 'device':
      return `device ${summary.address} ${summary.status}`;
    case 'user':
      return `user ${summary.id} ${summary.status}${summary.token_holder_address ? `, token holder ${summary.token_holder_address}` : ''}`;
    case 'token_holder':
      return `token holder ${summary.address} ${summary.status}`;
    default:
      return JSON.stringify(summary);
  }
}

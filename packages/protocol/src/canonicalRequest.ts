/**
 * The string both kinds of API signature cover. Both sides build it the same way:
 *
 *   METHOD \n PATH \n SORTED_QUERY \n CANONICAL_BODY \n TIMESTAMP \n IDENTITY
 *
 * - SORTED_QUERY: `k=v` pairs sorted by key then value, each part percent-encoded
 *   (RFC 3986), joined with `&`; empty when there are none.
 * - CANONICAL_BODY: the JSON body with object keys sorted recursively; empty for GET.
 * - TIMESTAMP: unix seconds as decimal digits.
 * - IDENTITY: the partner API key, or `userId:deviceAddress` for a device.
 */

/** What a signature covers. */
export type RequestToSign = {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  timestamp: number;
  identity: string;
};

/**
 * Builds the canonical string of a request.
 * @param request - method, path (no query string), query, JSON body, timestamp, identity
 * @returns the exact string that is signed
 * @example toCanonicalRequest({ method: 'GET', path: '/v1/chain', timestamp: 1, identity: 'k' })
 */
export function toCanonicalRequest(request: RequestToSign): string {
  const query = Object.entries(request.query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => [encode(k), encode(String(v))] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const body = request.body === undefined ? '' : toCanonicalJson(request.body);
  return [
    request.method.toUpperCase(),
    request.path,
    query,
    body,
    String(request.timestamp),
    request.identity,
  ].join('\n');
}

/**
 * Serializes JSON with object keys sorted recursively, so equal values give equal text.
 * @param value - a JSON value (no bigint, no undefined inside arrays)
 * @returns the canonical JSON text
 * @example toCanonicalJson({ b: 1, a: [2] }) // '{"a":[2],"b":1}'
 */
export function toCanonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compare)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

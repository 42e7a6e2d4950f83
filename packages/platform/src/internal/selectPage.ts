/** Keyset paging, newest first, shared by every list route. */
import { OstWalletError } from '@ost-wallet/errors';
import { type SelectQueryBuilder, sql } from 'kysely';

/**
 * Reads one page of `query`, newest first: ordered by `created_at` then `key`, both
 * descending, starting after `cursor`. Reads one row more than `limit` to know whether
 * there is a next page.
 *
 * @param query - the select, already filtered
 * @param key - the unique column that breaks ties of `created_at`
 * @param cursor - the `next_cursor` of the page before, if any
 * @param limit - rows in a page
 * @returns the page's rows and the cursor of the next page (`null` on the last page)
 * @throws {OstWalletError} `INVALID_PARAMETER` for a cursor this server did not issue
 */
export async function selectPage<
  DB,
  TB extends keyof DB,
  K extends string,
  O extends { created_at: number } & Record<K, string>,
>(
  query: SelectQueryBuilder<DB, TB, O>,
  key: K,
  cursor: string | undefined,
  limit: number,
): Promise<{ page: O[]; next_cursor: string | null }> {
  let q = query;
  if (cursor) {
    const [createdAt, id] = decodeCursor(cursor);
    q = q.where((eb) =>
      eb.or([
        eb(sql.ref('created_at'), '<', createdAt),
        eb.and([eb(sql.ref('created_at'), '=', createdAt), eb(sql.ref(key), '<', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy(sql.ref('created_at'), 'desc')
    .orderBy(sql.ref(key), 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    page,
    next_cursor:
      rows.length > limit && last ? encodeCursor(last.created_at, last[key]) : null,
  };
}

/** Opaque page cursor: created_at and id of the last row. */
function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor}.
 * @throws {OstWalletError} `INVALID_PARAMETER` for anything else
 */
function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (
      Array.isArray(value) &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {}
  throw new OstWalletError('INVALID_PARAMETER', 'cursor is not one this server issued', {
    details: { field: 'cursor' },
  });
}

import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { migrateToLatest } from './migrateToLatest.ts';
import type { Database } from './schema.ts';

/** Where the platform keeps its data. */
export type DatabaseOptions = { sqliteFile: string } | { postgresUrl: string };

/** An open, migrated database. */
export type PlatformDatabase = {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
};

/**
 * Opens the database (SQLite file or Postgres) and migrates it to the latest schema.
 * @param options - `{ sqliteFile }` or `{ postgresUrl }`
 * @returns the kysely instance and which dialect it speaks
 * @example const { db } = await createDatabase({ sqliteFile: '.ost-wallet/platform.sqlite' });
 */
export async function createDatabase(
  options: DatabaseOptions,
): Promise<PlatformDatabase> {
  if ('postgresUrl' in options) {
    const pg = await import('pg');
    const { Pool, types } = pg.default;
    // bigint columns hold unix seconds and block numbers: safe as JS numbers.
    const parseInt8 = (value: string) => Number(value);
    const pool = new Pool({
      connectionString: options.postgresUrl,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === 20
            ? parseInt8
            : types.getTypeParser(oid, format ?? 'text')) as typeof types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db, 'postgres');
    return { db, dialect: 'postgres' };
  }

  const { default: SQLite } = await import('better-sqlite3');
  const sqlite = new SQLite(options.sqliteFile);
  // WAL keeps readers and the single writer apart; a busy timeout absorbs contention.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db, 'sqlite');
  return { db, dialect: 'sqlite' };
}

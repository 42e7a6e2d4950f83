import type { Kysely, Migration } from 'kysely';

/**
 * The first schema. `dialect` picks the auto-increment column type, the one place
 * SQLite and Postgres differ here.
 */
export function initial(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('scrypt_salt', 'text', (c) => c.notNull())
        .addColumn('device_manager_address', 'text')
        .addColumn('token_holder_address', 'text', (c) => c.unique())
        .addColumn('recovery_module_address', 'text')
        .addColumn('recovery_owner_address', 'text')
        .addColumn('token_holder_status', 'text')
        .addColumn('failure_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('devices')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('api_signer_address', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('devices_user_id')
        .on('devices')
        .column('user_id')
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('spending_limit', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('failure_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sessions_user_id')
        .on('sessions')
        .columns(['user_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('transactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('session_address', 'text', (c) => c.notNull())
        .addColumn('rule_address', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('nonce_key', 'text', (c) => c.unique())
        .addColumn('transfers', 'text', (c) => c.notNull())
        .addColumn('total_amount', 'text', (c) => c.notNull())
        .addColumn('meta', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('transaction_hash', 'text')
        .addColumn('block_number', 'bigint')
        .addColumn('block_timestamp', 'bigint')
        .addColumn('failure_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('transactions_user_id')
        .on('transactions')
        .columns(['user_id', 'created_at', 'id'])
        .execute();

      await db.schema
        .createTable('fundings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('token_holder_address', 'text', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('transaction_hash', 'text')
        .addColumn('failure_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('gas', 'text', (c) => c.notNull())
        .addColumn('safe_nonce_key', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('relayer_address', 'text')
        .addColumn('relayer_nonce', 'bigint')
        .addColumn('raw_tx', 'text')
        .addColumn('tx_hash', 'text')
        .addColumn('block_number', 'bigint')
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('outbox_relayer_nonce', ['relayer_address', 'relayer_nonce'])
        .execute();
      await db.schema
        .createIndex('outbox_status')
        .on('outbox')
        .columns(['status', 'id'])
        .execute();

      await db.schema
        .createTable('seen_signatures')
        .addColumn('signature', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

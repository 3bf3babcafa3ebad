import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../db/schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle: what every write is given, so its audit event lands in the same transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'db', 'migrations');

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function connect(url: string, opts: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // Every date and time the app shows is Asia/Shanghai; calendar dates are stored as DATE.
    // No JIT: the report's per-(center, year) statements are costed for ~100 pairs and cross
    // jit_above_cost, and compiling them (~200 ms) costs far more than these short reads take.
    connection: { TimeZone: 'Asia/Shanghai', application_name: 'transfer-ledger', jit: 'off' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

export async function migrateDatabase(db: Db) {
  await migrate(db, { migrationsFolder });
}

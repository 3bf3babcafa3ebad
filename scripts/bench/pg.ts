// The bench's own PostgreSQL servers: a Debian PostgreSQL 15 initialised in a scratch folder (the
// "external" server), and the loading of the generated ledger into a migrated database on any server.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { connect, migrateDatabase } from '../../src/db';
import { freePort } from '../../tests/helpers/server';
import type { Generated } from './generate';

export const PG_BIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';

export interface DebianServer { adminUrl: string; port: number; version: string; stop(): void }

const asRoot = userInfo().uid === 0;
/** PostgreSQL refuses to run as root: as root every server command runs as `postgres`, as .ci/run does. */
function pgCommand(bin: string, args: string[]) {
  const cmd = join(PG_BIN, bin);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function startDebianPg(dir: string, quick: boolean): Promise<DebianServer> {
  if (!existsSync(join(PG_BIN, 'postgres'))) {
    throw new Error(`没有找到 Debian PostgreSQL 15（${PG_BIN}）：请先 apt-get install -y postgresql-15，或用 PGBIN=… 指定其 bin 目录`);
  }
  mkdirSync(dir, { recursive: true });
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = join(dir, 'data');
  pgCommand('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const port = await freePort();
  // fsync on, as in production; a buffer pool that holds the whole province (about 1.5 GB on disk).
  const settings = [
    `-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`, '-c fsync=on',
    `-c shared_buffers=${quick ? '128MB' : '512MB'}`, '-c max_connections=100', '-c max_wal_size=4GB', '-c checkpoint_timeout=30min',
    '-c maintenance_work_mem=256MB',
  ].join(' ');
  pgCommand('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '120', '-o', settings, 'start']);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const v = await serverVersion(adminUrl);
  let stopped = false;
  return {
    adminUrl, port, version: v,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try { pgCommand('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']); } catch { /* already down */ }
    },
  };
}

export function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function serverVersion(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return ((await sql`show server_version`)[0] as { server_version: string }).server_version;
  } finally {
    await sql.end();
  }
}

/**
 * A new database on the server, migrated, with the generated ledger copied in table by table (the
 * server reads the files itself: COPY … FROM '<file>'), every constraint and trigger in force; then
 * the sequences moved past the generated ids, and VACUUM ANALYZE as after any bulk load.
 */
export async function loadLedger(adminUrl: string, name: string, gen: Generated, log: (m: string) => void): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = dbUrl(adminUrl, name);
  const database = connect(url, { max: 1 });
  try {
    await migrateDatabase(database.db);
    const sql = database.sql;
    // As pg_restore does: the foreign keys and the plain indexes are set aside during the COPY and
    // put back after it, which checks every row against them in one pass instead of row by row.
    // Checks, unique keys and triggers stay in force throughout.
    const fks = (await sql.unsafe(`
      select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
      from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`)) as unknown as { tbl: string; name: string; def: string }[];
    const plain = (await sql.unsafe(`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indrelid
      where c.relnamespace = 'public'::regnamespace and not i.indisprimary and not i.indisunique
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`)) as unknown as { name: string; def: string }[];
    for (const f of fks) await sql.unsafe(`alter table ${f.tbl} drop constraint ${f.name}`);
    for (const i of plain) await sql.unsafe(`drop index ${i.name}`);
    for (const t of gen.tables) {
      const started = Date.now();
      await sql.unsafe(`copy ${t.name} (${t.columns.join(', ')}) from '${t.file}'`);
      log(`  ${name}: ${t.name} ${t.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    let started = Date.now();
    for (const i of plain) await sql.unsafe(i.def);
    for (const f of fks) await sql.unsafe(`alter table ${f.tbl} add constraint ${f.name} ${f.def}`);
    log(`  ${name}: ${plain.length} indexes and ${fks.length} foreign keys back in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const t of gen.tables) {
      if (!t.columns.includes('id') || t.name === 'announcement_parcels') continue;
      await sql.unsafe(`select setval(pg_get_serial_sequence('${t.name}', 'id'), (select coalesce(max(id), 0) + 1 from ${t.name}), false)`);
    }
    started = Date.now();
    await sql.unsafe('vacuum (analyze)');
    log(`  ${name}: vacuum analyze ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
  return url;
}

/** Row counts of every table of the ledger, for the data-size section. */
export async function rowCounts(url: string, tables: string[]): Promise<Record<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = ((await sql.unsafe(`select count(*)::int as n from ${t}`)) as unknown as { n: number }[])[0]!.n;
    return out;
  } finally {
    await sql.end();
  }
}

// The reference SQL of a page: the exact statements the app runs for one request, recorded from
// the driver (postgres.js `debug`) while the real app answers it in process, and written out as a
// pgbench script with the parameters inlined — the session lookup included, nothing left out.
import { writeFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../db/schema';
import { createApp } from '../../src/app';

export interface Statement { query: string; params: unknown[] }
export interface Recording { status: number; statements: Statement[] }

/** Records one GET of `path` with the session cookie, after one unrecorded warm-up request of the same path. */
export async function recordStatements(url: string, path: string, cookie: string): Promise<Recording> {
  let log: Statement[] | null = null;
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    connection: { TimeZone: 'Asia/Shanghai', application_name: 'transfer-ledger', jit: 'off' },
    debug: (_conn, query, params) => { log?.push({ query, params: [...params] }); },
  });
  try {
    const app = createApp({ db: drizzle(sql, { schema }), options: { sessionIdleMinutes: 120, sessionMaxHours: 12 } });
    const get = () => app.request(path, { headers: { Cookie: cookie } });
    const warm = await get();
    await warm.arrayBuffer();
    log = [];
    const res = await get();
    await res.arrayBuffer();
    return { status: res.status, statements: log };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A parameter as the literal PostgreSQL would have received: typed where the driver typed it, else unknown-typed. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return `${quote(v.toISOString())}::timestamptz`;
  if (typeof v === 'bigint') return `${quote(String(v))}::int8`;
  if (typeof v === 'boolean') return `${quote(String(v))}::bool`;
  if (Array.isArray(v)) return quote(`{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`);
  if (typeof v === 'object') return quote(JSON.stringify(v));
  return quote(String(v));
}

/** The statement with $n replaced by its literal (highest numbers first, so $1 never eats $10). */
export function inline(s: Statement): string {
  let q = s.query;
  for (let i = s.params.length; i >= 1; i--) q = q.split(`$${i}`).join(literal(s.params[i - 1]));
  // One statement per line: pgbench reads a command up to its semicolon, so -- comments go first.
  return withoutComments(q).replace(/\s+/g, ' ').trim();
}

/** The statement without its `-- …` comments (those inside string literals kept). */
function withoutComments(q: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < q.length; i++) {
    if (q[i] === "'") quoted = !quoted;
    if (!quoted && q[i] === '-' && q[i + 1] === '-') {
      while (i < q.length && q[i] !== '\n') i++;
    }
    out += q[i] ?? '';
  }
  return out;
}

export function writePgbenchScript(file: string, statements: Statement[]) {
  writeFileSync(file, statements.map((s) => `${inline(s)};`).join('\n') + '\n');
}

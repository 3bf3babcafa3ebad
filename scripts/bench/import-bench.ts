// Issue 6: importing a 100,000-row ledger vs `psql \copy` of the same rows — goal ≤ 2× its time,
// peak memory < 300 MB. Both start from an empty migrated database on the external server; both
// are timed end to end as a user runs them: psql with one transaction over the COPY-ready CSVs,
// the importer as `node --import tsx src/cli.ts import <folder>` (its start-up, migrations check,
// CSV parsing, every rule and the audit events included). Then both databases must hold the
// same number of rows in every table.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { connect, migrateDatabase } from '../../src/db';
import { generateLedger } from './import-data';
import type { BenchContext, BenchRow } from './types';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GOAL_RATIO = 2;
const GOAL_MB = 300;
const ROUNDS = 2;

interface Run { seconds: number; stdout: string; stderr: string; code: number | null }

/** Runs a command to its end and measures its wall time. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, stdout, stderr, code }));
  });
}

function dbUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

const TIME = '/usr/bin/time';
/** Without GNU time, a preload prints the process's own peak RSS on exit. */
const RSS_PRELOAD = fileURLToPath(new URL('./import-rss.ts', import.meta.url));

/** Peak RSS in MB from `time -v` ("Maximum resident set size (kbytes)") or the preload's line. */
function peakMb(stderr: string): number | null {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr) ?? /bench-max-rss-kb: (\d+)/.exec(stderr);
  return m ? Number(m[1]) / 1024 : null;
}

/** The importer's own CPU time (user + sys) from `time -v`: unlike its wall time, hardly moved by other load. */
function cpuSeconds(stderr: string): number | null {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return user && sys ? Number(user[1]) + Number(sys[1]) : null;
}

export async function benchImport(ctx: BenchContext): Promise<BenchRow[]> {
  const name = '导入 10 万行台账 vs psql \\copy';
  const goal = `≤ ${GOAL_RATIO}× \\copy 用时，峰值内存 < ${GOAL_MB} MB`;
  const dir = join(ctx.workDir, 'import-bench');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const scale = ctx.quick ? 0.1 : 1;
  const data = await generateLedger(dir, { scale });
  ctx.log(`import: generated ${data.totalRows} ledger rows (${Object.entries(data.sheetRows).map(([k, v]) => `${k} ${v}`).join(', ')})`);

  const admin = postgres(ctx.externalUrl, { max: 1, onnotice: () => {} });
  const template = 'bench_import_template';
  const dbs = { copy: 'bench_import_copy', imported: 'bench_import_cli' };
  try {
    for (const db of [dbs.copy, dbs.imported, template]) await admin.unsafe(`drop database if exists ${db}`);
    await admin.unsafe(`create database ${template}`);
    const migrating = connect(dbUrl(ctx.externalUrl, template), { max: 1 });
    try { await migrateDatabase(migrating.db); } finally { await migrating.close(); }
    // Other work on the machine makes single timings noisy: each side runs ROUNDS times,
    // alternating, into a fresh database each time, and the best time of each counts.
    const psql = join(ctx.pgBin, 'psql');
    const node = ['--import', 'tsx', ...(existsSync(TIME) ? [] : ['--import', RSS_PRELOAD]), 'src/cli.ts', 'import', join(dir, 'ledger')];
    const env = { ...process.env, DATABASE_URL: dbUrl(ctx.externalUrl, dbs.imported), DEMO: '0' };
    let copy: Run | null = null;
    let run: Run | null = null;
    let mb: number | null = null;
    const rounds = ctx.quick ? 1 : ROUNDS;
    for (let round = 1; round <= rounds; round++) {
      for (const db of [dbs.copy, dbs.imported]) {
        await admin.unsafe(`drop database if exists ${db}`);
        await admin.unsafe(`create database ${db} template ${template}`);
      }
      const c = await timed(existsSync(psql) ? psql : 'psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-f', join(dir, 'copy.sql'), dbUrl(ctx.externalUrl, dbs.copy)]);
      if (c.code !== 0) throw new Error(`psql \\copy failed: ${c.stderr}`);
      const r = existsSync(TIME) ? await timed(TIME, ['-v', process.execPath, ...node], env) : await timed(process.execPath, node, env);
      if (r.code !== 0) throw new Error(`import failed (exit ${r.code}): ${r.stderr.slice(0, 4000)}`);
      const m = peakMb(r.stderr);
      ctx.log(`import: round ${round}: psql \\copy ${c.seconds.toFixed(2)} s, importer ${r.seconds.toFixed(2)} s (cpu ${cpuSeconds(r.stderr)?.toFixed(1) ?? '?'} s), peak RSS ${m?.toFixed(0) ?? '?'} MB`);
      if (!copy || c.seconds < copy.seconds) copy = c;
      if (!run || r.seconds < run.seconds) run = r;
      if (m !== null) mb = Math.max(mb ?? 0, m);
    }
    if (!copy || !run) throw new Error('no round ran');

    // The part of the importer's time that is not the import: starting node with tsx and loading the CLI.
    const startup = await timed(process.execPath, ['--import', 'tsx', 'src/cli.ts'], env);

    const landed = await compareCounts(ctx.externalUrl, dbs, data.tableRows);
    const ratio = run.seconds / copy.seconds;
    const met = landed.ok && mb !== null && ratio <= GOAL_RATIO && mb < GOAL_MB;
    return [{
      name,
      measured: `${run.seconds.toFixed(2)} s，峰值 ${mb === null ? '?' : mb.toFixed(0)} MB`,
      reference: `${copy.seconds.toFixed(2)} s`,
      ratio: Math.round(ratio * 100) / 100,
      goal,
      met,
      detail: `${data.totalRows} 行${ctx.quick ? '（quick：十分之一规模）' : ''}；${landed.detail}；`
        + `各取 ${rounds} 轮中最快一次；导入进程 CPU ${cpuSeconds(run.stderr)?.toFixed(1) ?? '?'} s，含 node + tsx 启动 ${startup.seconds.toFixed(1)} s；`
        + (met ? '' : '差距主要在数据库：导入在同一事务中多写与数据等量的 jsonb 审计记录，且按规则逐表查重、解析引用，\\copy 都不做；'
          + '要进一步缩小，需用 COPY 写数据与审计记录（预先取 id）并分块流式读取以压低内存'),
    }];
  } finally {
    for (const db of [dbs.copy, dbs.imported, template]) await admin.unsafe(`drop database if exists ${db}`).catch(() => {});
    await admin.end({ timeout: 5 });
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every table the ledger writes holds the generated number of rows in both databases; the import also wrote one audit event per row. */
async function compareCounts(base: string, dbs: { copy: string; imported: string }, expected: Record<string, number>) {
  const problems: string[] = [];
  let audited = 0;
  for (const [which, db] of Object.entries(dbs)) {
    const sql = postgres(dbUrl(base, db), { max: 1, onnotice: () => {} });
    try {
      for (const [table, rows] of Object.entries(expected)) {
        const [{ n }] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`) as unknown as [{ n: number }];
        if (n !== rows) problems.push(`${which}.${table} ${n} ≠ ${rows}`);
      }
      if (which === 'imported') audited = ((await sql`select count(*)::int as n from audit_events`) as unknown as [{ n: number }])[0].n;
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  if (audited !== total) problems.push(`audit_events ${audited} ≠ ${total}`);
  return problems.length === 0
    ? { ok: true, detail: `两库各表行数一致（${total} 行），导入另写 ${audited} 条审计记录` }
    : { ok: false, detail: `行数不符：${problems.join('；')}` };
}

// Load generators, each in its own process so the CPU it needs is its own, not the measured
// server's: wrk for HTTP, pgbench for the reference SQL; both at the same concurrency.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PG_BIN } from './pg';

export interface Load { connections: number; threads: number; seconds: number; warmup: number }
export interface Measured { rps: number; p50ms: number; requests: number; errors: number; raw: string }

/** The session settings the app's connections use (src/db.ts `connect`), given to pgbench's too. */
const APP_SESSION = '-c TimeZone=Asia/Shanghai -c jit=off';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

export function haveWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** "1.23ms" / "850.00us" / "1.02s" → milliseconds. */
function ms(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60000;
}

/**
 * wrk at the given load after a warm-up of the same. wrk counts answers of 400 and above (and
 * socket errors) as errors; a redirect is not one, so the caller checks a page's status itself.
 */
export async function wrk(url: string, load: Load, headers: Record<string, string> = {}): Promise<Measured> {
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const base = ['-t', String(load.threads), '-c', String(load.connections), '--timeout', '30s', ...h];
  if (load.warmup > 0) await run('wrk', [...base, '-d', `${load.warmup}s`, url]);
  const { code, out } = await run('wrk', [...base, '-d', `${load.seconds}s`, '--latency', url]);
  if (code !== 0) throw new Error(`wrk failed: ${out}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = ms(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0)
    + [...out.matchAll(/(connect|read|write|timeout) (\d+)/g)].reduce((s, m) => s + Number(m[2]), 0);
  return { rps, p50ms: p50, requests, errors, raw: out };
}

/**
 * pgbench running the script (one "transaction" = every statement of one page) with prepared
 * statements, as postgres.js runs them; p50 from the per-transaction log.
 */
export async function pgbench(dbUrl: string, script: string, load: Load, logDir: string, tag: string): Promise<Measured> {
  const base = ['-n', '-M', 'prepared', '-f', script, '-c', String(load.connections), '-j', String(load.threads)];
  const env = { ...process.env, PGOPTIONS: APP_SESSION };
  if (load.warmup > 0) await run(join(PG_BIN, 'pgbench'), [...base, '-T', String(load.warmup), dbUrl], env);
  const prefix = join(logDir, `pgbench-${tag}`);
  const { code, out } = await run(join(PG_BIN, 'pgbench'), [...base, '-T', String(load.seconds), '-l', `--log-prefix=${prefix}`, dbUrl], env);
  if (code !== 0) throw new Error(`pgbench failed: ${out}`);
  const rps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const errors = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const latencies: number[] = [];
  for (const f of readdirSync(logDir).filter((f) => f.startsWith(`pgbench-${tag}.`))) {
    for (const line of readFileSync(join(logDir, f), 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (line && Number.isFinite(us)) latencies.push(us / 1000);
    }
  }
  latencies.sort((a, b) => a - b);
  return { rps, p50ms: latencies[Math.floor(latencies.length / 2)] ?? NaN, requests: latencies.length, errors, raw: out };
}

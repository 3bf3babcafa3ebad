// Runs the real app as a child process (`tsx src/server.ts`), the way `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningApp { url: string; proc: ChildProcess; output: () => string; stop(signal?: NodeJS.Signals): Promise<number | null> }

export async function startApp(env: Record<string, string>, timeoutMs = 120_000): Promise<RunningApp> {
  // A port from freePort() is only free when asked: another test's app, started in parallel, can
  // take it before our child binds it. Then /healthz answers from that app (another database, so
  // our sessions are unknown), and our child stops with EADDRINUSE. So the app is up only when
  // *its own* output says it listens on the port; a lost port is retried with a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOnce(env, timeoutMs);
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt >= 5) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startAppOnce(env: Record<string, string>, timeoutMs: number): Promise<RunningApp> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  // One process, as `npm start` runs it, so a kill -9 of it is a kill -9 of the app.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const listening = `[transfer-ledger] listening on ${url}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      await exited;
      if (out.includes(`端口 ${port} 已被占用`)) throw new PortTaken(out);
      throw new Error(`app exited during start-up:\n${out}`);
    }
    if (out.includes(listening)) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch { /* not answering yet */ }
    }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); await exited; throw new Error(`app did not start in time:\n${out}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url, proc, output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Signs in over real HTTP and returns the session cookie. */
export async function signInHttp(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('tl_session='))!.split(';')[0]!;
}

/** Stops any PostgreSQL left serving a folder (after a failed test that killed its app with -9). */
export async function stopServersIn(dataDir: string) {
  const { execFileSync } = await import('node:child_process');
  try {
    execFileSync('pkill', ['-INT', '-f', `postgres -D ${dataDir}`]);
    await new Promise((r) => setTimeout(r, 1500));
  } catch { /* none running */ }
}

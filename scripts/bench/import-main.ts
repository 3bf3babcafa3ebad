// Runs the import benchmark alone: `node --import tsx scripts/bench/import-main.ts [--quick]`.
// Starts Debian's PostgreSQL 15 in a temp folder (as user postgres when run as root, like .ci/run),
// runs benchImport against it and stops the server.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchImport } from './import-bench';

const pgBin = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';
const port = Number(process.env.BENCH_PGPORT ?? 54391);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-pg.'));
const asPostgres = (cmd: string, args: string[]) => {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
};

if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
asPostgres(join(pgBin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--encoding=UTF8']);
asPostgres(join(pgBin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o',
  `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`, 'start']);
try {
  const work = mkdtempSync(join(tmpdir(), 'bench-import-work.'));
  const rows = await benchImport({
    pgBin, externalUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, workDir: work,
    log: (m) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${m}`), quick: process.argv.includes('--quick'),
  });
  console.log(JSON.stringify(rows, null, 2));
  rmSync(work, { recursive: true, force: true });
} finally {
  asPostgres(join(pgBin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop']);
  rmSync(dir, { recursive: true, force: true });
}

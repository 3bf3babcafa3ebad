// Start: environment → database (embedded, or DATABASE_URL) → migrations → demo on first run → serve.
// SIGINT/SIGTERM stop the HTTP server, the pool and the embedded PostgreSQL cleanly.
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { purgeExpiredSessions } from './auth/sessions';
import { ConfigError, loadConfig } from './config';
import { connect, migrateDatabase } from './db';
import { loadDemoIfEmpty } from './demo/load';
import { startEmbedded, type EmbeddedServer } from './embedded-pg';

const log = (m: string) => console.log(`[transfer-ledger] ${m}`);

async function main() {
  const config = loadConfig();
  let embedded: EmbeddedServer | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, log);
    url = embedded.url;
    log(`embedded PostgreSQL 15 running, data in ${config.dataDir}/pg`);
  }
  const database = connect(url);
  await migrateDatabase(database.db);
  const wantDemo = config.DEMO === '1' || (config.DEMO === 'auto' && embedded !== null);
  if (wantDemo && (await loadDemoIfEmpty(database.db))) log('demo ledger (广元 2020) loaded; sign in as staff / guangyuan2020');

  const options = {
    publicOrigin: config.PUBLIC_ORIGIN ? new URL(config.PUBLIC_ORIGIN).origin : undefined,
    ocdsPrefix: config.OCDS_PREFIX,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionMaxHours: config.SESSION_MAX_HOURS,
  };
  await purgeExpiredSessions(database.db, options);
  const purge = setInterval(() => purgeExpiredSessions(database.db, options).catch((e) => log(`session purge failed: ${e}`)), 3600_000);
  purge.unref();

  const app = createApp({ db: database.db, options });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) =>
    log(`listening on http://${config.HOST}:${info.port}`)) as HttpServer;

  let stopping = false;
  const stop = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping`);
    // Let requests in flight finish (bounded), then the pool, then the database.
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 5000);
    await closed;
    clearTimeout(force);
    await database.close();
    await embedded?.stop();
    log('stopped');
    process.exit(code);
  };
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE'
      ? `[transfer-ledger] 端口 ${config.PORT} 已被占用：请先停止占用它的程序，或用 PORT=… 换一个端口`
      : `[transfer-ledger] 无法在 ${config.HOST}:${config.PORT} 上监听：${err.message}`);
    void stop('listen failed', 1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`[transfer-ledger] start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

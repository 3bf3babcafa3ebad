// Start: environment → database (embedded, or DATABASE_URL) → migrations → demo on first run → serve.
// SIGINT/SIGTERM stop the HTTP server, the pool and the embedded PostgreSQL cleanly.
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
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionMaxHours: config.SESSION_MAX_HOURS,
  };
  await purgeExpiredSessions(database.db, options);
  const purge = setInterval(() => purgeExpiredSessions(database.db, options).catch((e) => log(`session purge failed: ${e}`)), 3600_000);
  purge.unref();

  const app = createApp({ db: database.db, options });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) =>
    log(`listening on http://${config.HOST}:${info.port}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await new Promise<void>((r) => server.close(() => r()));
    await database.close();
    await embedded?.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`[transfer-ledger] start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

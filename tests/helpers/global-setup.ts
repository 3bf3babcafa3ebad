// Starts one PostgreSQL for the whole run — the embedded one in a fresh temporary folder, or
// the server named by DATABASE_URL — and builds a migrated template database that each test
// file copies (CREATE DATABASE … TEMPLATE), so files run in parallel on databases of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { connect, migrateDatabase } from '../../src/db';
import { startEmbedded, type EmbeddedServer } from '../../src/embedded-pg';
import { withDatabase } from './url';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

let embedded: EmbeddedServer | null = null;
let dir: string | null = null;
let adminUrl = '';
const templateDb = `tl_template_${process.pid}`;

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'tl-test-'));
    embedded = await startEmbedded(dir);
    adminUrl = embedded.url;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${templateDb}`);
  await admin.unsafe(`create database ${templateDb}`);
  await admin.end();
  const t = connect(withDatabase(adminUrl, templateDb), { max: 1 });
  await migrateDatabase(t.db);
  await t.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
}

export async function teardown() {
  if (!adminUrl) return;
  if (!embedded) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${templateDb}`);
    await admin.end();
  }
  await embedded?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

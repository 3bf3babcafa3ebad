import { and, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { importUploads } from '../../db/schema';
import { ImportPage, PreviewPage } from '../../views/ledger/import';
import { actor, allow, STAFF_READ, who } from '../auth/access';
import { readBody } from '../lib/forms';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { exportLedger } from './export';
import { importLedger } from './import';
import type { ImportFile, SheetCount } from './types';

export const ledgerRoutes = new Hono<AppEnv>();

const MAX_FILES = 20;

ledgerRoutes.get('/import', allow('admin'), (c) => page(c, '台账导入', <ImportPage />));

/** Upload: keep the files, dry-run the import, show every error or the counts. */
ledgerRoutes.post('/import', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const body = await readBody(c);
  const raw = body.files;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (list.length === 0) return page(c, '台账导入', <ImportPage error="请选择要导入的台账文件" />, 422);
  if (list.length > MAX_FILES) return page(c, '台账导入', <ImportPage error={`一次最多上传 ${MAX_FILES} 个文件`} />, 422);
  const bad = list.find((f) => !/\.(xlsx|csv)$/i.test(f.name));
  if (bad) return page(c, '台账导入', <ImportPage error={`不支持的文件“${bad.name}”：只接受 .xlsx 或 .csv`} />, 422);
  const files: ImportFile[] = await Promise.all(list.map(async (f) => ({ name: f.name, data: Buffer.from(await f.arrayBuffer()) })));
  const filename = files.map((f) => f.name).join('、');
  const db = c.get('db');
  const result = await importLedger(db, files, { actor: actor(user), dryRun: true, centerScope: scope.centerIds, source: filename });
  const [upload] = await db.insert(importUploads).values({
    userId: user.id, filename, files: files.map((f) => ({ name: f.name, base64: f.data.toString('base64') })),
    summary: result.ok ? result.counts : { errors: result.errors.length },
  }).returning({ id: importUploads.id });
  if (!result.ok) return page(c, '预检未通过', <PreviewPage id={upload!.id} filename={filename} errors={result.errors} applied={false} />, 422);
  return page(c, '预检通过', <PreviewPage id={upload!.id} filename={filename} counts={result.counts} applied={false} />);
});

async function ownUpload(c: Context<AppEnv>) {
  const { user } = who(c);
  const id = c.req.param('id') ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new HTTPException(404, { message: '导入记录不存在' });
  const [u] = await c.get('db').select().from(importUploads).where(and(eq(importUploads.id, id), eq(importUploads.userId, user.id)));
  if (!u) throw new HTTPException(404, { message: '导入记录不存在' });
  return u;
}

/**
 * Confirm: the very files that were previewed, now for real. The import runs inside the
 * transaction that locks the upload row (as a savepoint), so a double click imports once and
 * the upload is marked applied exactly when the records commit.
 */
ledgerRoutes.post('/import/:id/confirm', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const upload = await ownUpload(c);
  const db = c.get('db');
  const files = (upload.files as { name: string; base64: string }[]).map((f) => ({ name: f.name, data: Buffer.from(f.base64, 'base64') }));
  const outcome = await db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: importUploads.status }).from(importUploads).where(eq(importUploads.id, upload.id)).for('update');
    if (locked!.status === 'applied') return { already: true as const };
    const result = await importLedger(tx, files, { actor: actor(user), dryRun: false, centerScope: scope.centerIds, source: upload.filename });
    if (result.ok) {
      await tx.update(importUploads).set({ status: 'applied', summary: result.counts, appliedAt: sql`now()` }).where(eq(importUploads.id, upload.id));
    }
    return { already: false as const, result };
  });
  if (outcome.already) return redirectWithFlash(c, `/ledger/import/${upload.id}`, '该文件已导入');
  if (!outcome.result.ok) return page(c, '导入未通过', <PreviewPage id={upload.id} filename={upload.filename} errors={outcome.result.errors} applied={false} />, 422);
  return redirectWithFlash(c, `/ledger/import/${upload.id}`, `已导入 ${upload.filename}`);
});

ledgerRoutes.get('/import/:id', allow('admin'), async (c) => {
  const upload = await ownUpload(c);
  const counts = Array.isArray(upload.summary) ? (upload.summary as SheetCount[]) : undefined;
  return page(c, '台账导入', <PreviewPage id={upload.id} filename={upload.filename} counts={counts} applied={upload.status === 'applied'} />);
});

/** The records of the user's centers in the ledger format: what an import into an empty database gives back. */
ledgerRoutes.get('/export.xlsx', allow(...STAFF_READ), async (c) => {
  const { scope } = who(c);
  const buf = await exportLedger(c.get('db'), scope.centerIds);
  const name = `台账导出-${new Date().toISOString().slice(0, 10)}.xlsx`;
  return c.body(new Uint8Array(buf), 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
});

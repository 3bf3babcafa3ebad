import { and, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { centers, importUploads } from '../../db/schema';
import { AppliedPage, ImportPage, PreviewPage, type ImportSummary, type SheetColumns } from '../../views/ledger/import';
import { actor, allow, STAFF_READ, who } from '../auth/access';
import type { DbOrTx } from '../db';
import { formValues, readBody } from '../lib/forms';
import { page, redirectWithFlash } from '../lib/render';
import type { AppEnv } from '../types';
import { exportLedger } from './export';
import { importLedger, sheetRegistry } from './import';
import { mappingFromRows, mergeMappings, parseMapping, rememberedMappings, rememberMappings } from './mappings';
import type { Columns } from './sheet';
import type { ImportFile, ImportResult, LedgerMapping, SheetCount } from './types';

export const ledgerRoutes = new Hono<AppEnv>();

const MAX_FILES = 20;

ledgerRoutes.get('/import', allow('admin'), (c) => page(c, '台账导入', <ImportPage />));

type Upload = typeof importUploads.$inferSelect;
const filesOf = (u: Upload): ImportFile[] => (u.files as { name: string; base64: string }[]).map((f) => ({ name: f.name, data: Buffer.from(f.base64, 'base64') }));
const mappingOf = (u: Upload): LedgerMapping => (u.mapping ?? {}) as LedgerMapping;

/**
 * How an upload is read, the same at preview and at confirm: with its mapping, the mappings its
 * center remembers, and that center's code for a 中心编码 the file leaves out.
 */
async function readingOptions(db: DbOrTx, upload: Upload) {
  const centerId = upload.centerId;
  if (centerId === null) return { mapping: mappingOf(upload) };
  const [center] = await db.select({ code: centers.code }).from(centers).where(eq(centers.id, centerId));
  return { mapping: mappingOf(upload), remembered: await rememberedMappings(db, centerId), defaults: center ? { 中心编码: center.code } : undefined };
}

/** A dry run of the very import the confirm would make. */
async function dryRun(c: Context<AppEnv>, upload: Upload): Promise<ImportResult> {
  const { user, scope } = who(c);
  const db = c.get('db');
  return importLedger(db, filesOf(upload), {
    actor: actor(user), dryRun: true, centerScope: scope.centerIds, source: upload.filename, ...await readingOptions(db, upload),
  });
}

/** The format's sheets and their columns, for the mapping form. */
const SHEET_COLUMNS: SheetColumns = Object.fromEntries(sheetRegistry.map((d) => [d.name, Object.values(d.columns as Columns).map((c) => c.header)]));

function previewPage(c: Context<AppEnv>, upload: Upload, result: ImportResult | null, notice?: string, status?: 422) {
  return page(c, result?.ok ? '预检通过' : '预检未通过', <PreviewPage upload={upload} result={result} notice={notice} sheetColumns={SHEET_COLUMNS} />,
    status ?? (result?.ok ? 200 : 422));
}

/** What the upload's page shows later: the counts, the warnings and notices (the files are kept apart). */
function summaryOf(result: ImportResult): ImportSummary {
  return result.ok
    ? { counts: result.counts, warnings: result.warnings, notices: result.notices }
    : { errors: result.errors.length, warnings: result.warnings, notices: result.notices };
}

/** Upload: keep the files, dry-run the import, show every error, warning and notice, or the counts. */
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
  const [upload] = await c.get('db').insert(importUploads).values({
    userId: user.id, filename: files.map((f) => f.name).join('、'), centerId: scope.centerId,
    files: files.map((f) => ({ name: f.name, base64: f.data.toString('base64') })),
  }).returning();
  return previewPage(c, upload!, await dryRun(c, upload!));
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
 * The mapping form of the preview: what unknown sheets are, what unknown headers are (or that
 * they are left out), values for columns the file lacks. Kept with the upload for the confirm, and
 * remembered for the center by each sheet's shape; then the preview is shown again with it.
 */
ledgerRoutes.post('/import/:id/mapping', allow('admin'), async (c) => {
  const { user } = who(c);
  const upload = await ownUpload(c);
  if (upload.status === 'applied') return redirectWithFlash(c, `/ledger/import/${upload.id}`, '该文件已导入，列映射不能再修改');
  const values = await formValues(c);
  const list = (k: string) => { const v = values[k]; return Array.isArray(v) ? v : v === undefined ? [] : [v]; };
  const [kinds, sheets, keys, vals] = [list('mk'), list('ms'), list('mh'), list('mv')];
  if (new Set([kinds.length, sheets.length, keys.length, vals.length]).size > 1) throw new HTTPException(400, { message: '列映射表单不完整，请重新打开预览页面' });
  const posted = mappingFromRows(kinds.map((kind, i) => ({ kind, sheet: sheets[i]!, key: keys[i]!, value: vals[i]! })));
  const parsed = parseMapping(mergeMappings(mappingOf(upload), posted), sheetRegistry);
  if (!parsed.ok) return previewPage(c, upload, null, parsed.error);
  const changed = { ...upload, mapping: parsed.mapping };
  const result = await dryRun(c, changed);
  const db = c.get('db');
  await db.transaction(async (tx) => {
    await tx.update(importUploads).set({ mapping: parsed.mapping }).where(eq(importUploads.id, upload.id));
    if (upload.centerId !== null) await rememberMappings(tx, actor(user), upload.centerId, parsed.mapping, result.layouts);
  });
  return previewPage(c, changed, result, '已按列映射重新预检；该映射已为本中心保存，同样列标题的表格下次将直接按此读取');
});

/**
 * Confirm: the very files that were previewed, read the same way, now for real. The import runs
 * inside the transaction that locks the upload row (as a savepoint), so a double click imports once
 * and the upload is marked applied exactly when the records commit. Warnings go in only when the
 * user ticked that they were read, and only as many as were shown.
 */
ledgerRoutes.post('/import/:id/confirm', allow('admin'), async (c) => {
  const { user, scope } = who(c);
  const upload = await ownUpload(c);
  const form = await formValues(c);
  const shown = /^\d{1,6}$/.test(String(form.warnings ?? '')) ? Number(form.warnings) : 0;
  if (shown > 0 && form.accept_warnings !== '1') {
    return previewPage(c, upload, await dryRun(c, upload), `文件含 ${shown} 条预警：请先阅读，并勾选“确认按历史记录导入”后再导入`, 422);
  }
  const db = c.get('db');
  const outcome = await db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: importUploads.status }).from(importUploads).where(eq(importUploads.id, upload.id)).for('update');
    if (locked!.status === 'applied') return { already: true as const };
    const result = await importLedger(tx, filesOf(upload), {
      actor: actor(user), dryRun: false, centerScope: scope.centerIds, source: upload.filename, warnings: shown, ...await readingOptions(tx, upload),
    });
    if (result.ok) {
      await tx.update(importUploads).set({ status: 'applied', summary: summaryOf(result), appliedAt: sql`now()` }).where(eq(importUploads.id, upload.id));
    }
    return { already: false as const, result };
  });
  if (outcome.already) return redirectWithFlash(c, `/ledger/import/${upload.id}`, '该文件已导入');
  if (!outcome.result.ok) return previewPage(c, upload, outcome.result);
  const warned = outcome.result.warnings.length;
  return redirectWithFlash(c, `/ledger/import/${upload.id}`, `已导入 ${upload.filename}${warned ? `，含 ${warned} 条预警，已记在相应记录上` : ''}`);
});

ledgerRoutes.get('/import/:id', allow('admin'), async (c) => {
  const upload = await ownUpload(c);
  if (upload.status !== 'applied') return previewPage(c, upload, await dryRun(c, upload));
  return page(c, '台账导入', <AppliedPage upload={upload} summary={upload.summary as ImportSummary | SheetCount[] | null} />);
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

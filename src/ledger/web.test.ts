// The web import (upload → preview → confirm) and the export, through HTTP.
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { auditEvents, budgetEntries, importMappings, payments, projects } from '../../db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp } from '../../tests/helpers/app';
import { createTestDb } from '../../tests/helpers/db';
import { readLedgerPath } from './files';
import { importLedger } from './import';
import { demoDir } from '../demo/load';
import { exportLedger, ledgerSheets } from './export';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

function upload(files: { name: string; text: string }[]) {
  const form = new FormData();
  for (const f of files) form.append('files', new File([f.text], f.name, { type: 'text/csv' }));
  return t.app.request(`${ORIGIN}/ledger/import`, { method: 'POST', body: form, headers: { Origin: ORIGIN, Cookie: admin } });
}

const parcelsCsv = [
  '中心编码,标的编号,类型,名称,区县,起始价',
  'CITY,W-01,土地,网页导入地块一,利州区,"1,000,000.00"',
  'CITY,W-02,土地,网页导入地块二,昭化区,¥2500000',
].join('\n');

describe('web import', () => {
  it('previews every error with sheet, row, column and value, and changes nothing', async () => {
    const bad = ['中心编码,标的编号,类型,名称,起始价', 'CITY,W-09,房屋,坏类型,100', 'CITY,W-10,土地,坏金额,12.345', 'NOPE,W-11,土地,坏中心,1'].join('\n');
    const res = await upload([{ name: '标的.csv', text: bad }]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('预检未通过');
    expect(html).toMatch(/<td>标的<\/td><td class="num">2<\/td><td>类型<\/td><td>房屋<\/td>/);
    expect(html).toMatch(/<td>标的<\/td><td class="num">3<\/td><td>起始价<\/td><td>12.345<\/td>/);
    expect(html).toContain('NOPE');
    expect(html).not.toContain('确认导入');
    const [n] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from parcels`);
    expect(n!.n).toBe(0);
  });

  it('shows the counts, imports on confirm once, and a second upload changes nothing', async () => {
    const res = await upload([{ name: '标的.csv', text: parcelsCsv }]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('预检通过');
    const id = /\/ledger\/import\/([0-9a-f-]{36})\/confirm/.exec(html)![1]!;
    let [n] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from parcels`);
    expect(n!.n).toBe(0); // a preview writes nothing

    const confirm = await t.post(`/ledger/import/${id}/confirm`, {}, admin);
    expect(confirm.status).toBe(303);
    [n] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from parcels`);
    expect(n!.n).toBe(2);
    const [price] = await t.db.execute<{ p: string }>(sql`select starting_price::text as p from parcels where code = 'W-02'`);
    expect(price!.p).toBe('250000000');

    const twice = await t.post(`/ledger/import/${id}/confirm`, {}, admin);
    expect(twice.status).toBe(303);
    [n] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from parcels`);
    expect(n!.n).toBe(2);

    const [audit1] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events`);
    const again = await (await upload([{ name: '标的.csv', text: parcelsCsv }])).text();
    const again2 = /\/ledger\/import\/([0-9a-f-]{36})\/confirm/.exec(again)![1]!;
    expect((await t.post(`/ledger/import/${again2}/confirm`, {}, admin)).status).toBe(303);
    const [audit2] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events`);
    expect(audit2!.n).toBe(audit1!.n);
  });

  it('refuses rows of a center outside the admin\'s scope', async () => {
    const res = await upload([{ name: '标的.csv', text: '中心编码,标的编号,类型,名称,起始价\nOTHER,X-01,土地,别人的地块,1' }]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('无权导入该交易中心的记录');
  });

  it('lets only admins confirm an upload', async () => {
    const res = await upload([{ name: '标的.csv', text: parcelsCsv.replace(/W-0/g, 'Z-0') }]);
    const id = /\/ledger\/import\/([0-9a-f-]{36})\/confirm/.exec(await res.text())![1]!;
    const other = await t.signIn('otherStaff');
    expect((await t.post(`/ledger/import/${id}/confirm`, {}, other)).status).toBe(403);
  });
});

describe('web import of a ledger as a center keeps it', () => {
  // A 支付 sheet without 中心编码, 年度 or 项目名称, with a title, 序号, a unit in a header, a column the
  // format does not have, a 合计 row and the signatures under it.
  const ledger = (vouchers: string[]) => [
    '测试市2020年土地出让工作经费支付台账,,,,,,,',
    '序号,凭证号,类别,收款单位,付款金额（万元）,付款日期,摘要,部门',
    ...vouchers.map((v, i) => `${i + 1},${v},其他,某评估公司,0.12,2020年5月${i + 1}日,土地估价费,交易科`),
    `合计,,,,${vouchers.length === 1 ? '0.12' : '0.24'},,,`,
    '填表人：张三,,,审核人：李四,,,,',
  ].join('\n');
  const idOf = (html: string) => /\/ledger\/import\/([0-9a-f-]{36})\/(?:confirm|mapping)/.exec(html)![1]!;
  let project: number;
  beforeAll(async () => {
    const [p] = await t.db.insert(projects).values({ centerId: t.fixture.centers.city, year: 2020, name: '映射经费' }).returning();
    await t.db.insert(budgetEntries).values({ projectId: p!.id, kind: '年初预算', amount: 10_000_000n, entryDate: '2020-01-02' });
    project = p!.id;
  });

  it('shows what it cannot read in the mapping form, takes the mapping, remembers it, and imports on confirm', async () => {
    const res = await upload([{ name: '支付.csv', text: ledger(['记-M-1', '记-M-2']) }]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('未知的列“部门”');
    expect(html).toContain('缺少必填列“年度”');
    expect(html).toContain('已跳过标题行 1');
    expect(html).toContain('文件中没有“中心编码”列，各行按“CITY”导入');
    expect(html).toContain('action="/ledger/import/');
    const id = idOf(html);
    const mapping = await t.post(`/ledger/import/${id}/mapping`, {
      mk: ['col', 'val', 'val'], ms: ['支付', '支付', '支付'], mh: ['部门', '年度', '项目名称'], mv: ['-', '2020', '映射经费'],
    }, admin);
    const preview = await mapping.text();
    expect(mapping.status, preview.slice(0, 300)).toBe(200);
    expect(preview).toContain('预检通过');
    expect(preview).toContain('合计行 5 未作为记录导入，已与其上各行核对');
    expect(preview).toContain('已跳过签字、日期或说明行 6');
    expect((await t.post(`/ledger/import/${id}/confirm`, { warnings: '0' }, admin)).status).toBe(303);
    const rows = await t.db.select().from(payments).where(eq(payments.projectId, project));
    expect(rows.map((r) => [r.voucherNo, r.amount, r.paidOn, r.payee]).sort()).toEqual([
      ['记-M-1', 120_000n, '2020-05-01', '某评估公司'], ['记-M-2', 120_000n, '2020-05-02', '某评估公司'],
    ]);
    // Remembered for the center: next year's file of the same shape needs only its values, not the column.
    const [kept] = await t.db.select().from(importMappings);
    expect(kept!.mapping).toEqual({ sheet: '支付', columns: { 部门: null } });
    const audited = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'import_mapping'));
    expect(audited.map((a) => [a.action, a.entityId, a.after])).toEqual([['create', kept!.shape, kept!.mapping]]);
    const next = await (await upload([{ name: '支付.csv', text: ledger(['记-M-3']) }])).text();
    expect(next).not.toContain('未知的列“部门”');
    expect(next).toContain('按列映射忽略“部门”列');
  });

  it('keeps earlier choices when the form is posted again, and remembers a sheet left out', async () => {
    // Two sheets: one the format does not know (left out), one whose values are typed first.
    const notes = ['备注说明,内容,经办', '说明一,无,王五'].join('\n');
    const first = await (await upload([{ name: '支付.csv', text: ledger(['记-K-1']) }, { name: '杂项.csv', text: notes }])).text();
    expect(first).toContain('未知的工作表“杂项”');
    const id = idOf(first);
    await t.post(`/ledger/import/${id}/mapping`, { mk: ['sheet'], ms: ['杂项'], mh: [''], mv: ['-'] }, admin);
    // The second post says nothing about 杂项 (the form shows it as left out) and types the values.
    const second = await t.post(`/ledger/import/${id}/mapping`, {
      mk: ['val', 'val'], ms: ['支付', '支付'], mh: ['年度', '项目名称'], mv: ['2020', '映射经费'],
    }, admin);
    const html = await second.text();
    expect(second.status, html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 3000)).toBe(200);
    expect(html).toContain('预检通过');
    expect(html).toContain('按列映射未导入工作表“杂项”');
    expect(html).toMatch(/<option value="-" selected="">不导入这张表<\/option>/);
    // A third post, about 支付's values only, still leaves 杂项 out.
    const third = await t.post(`/ledger/import/${id}/mapping`, { mk: ['val'], ms: ['支付'], mh: ['年度'], mv: ['2020'] }, admin);
    expect(await third.text()).toContain('预检通过');
    const remembered = await t.db.select().from(importMappings).where(sql`${importMappings.mapping}->'sheet' = 'null'::jsonb`);
    expect(remembered.map((r) => r.mapping)).toEqual([{ sheet: null }]);
    // Next time 杂项 is left out without asking.
    const next = await (await upload([{ name: '支付.csv', text: ledger(['记-K-2']) }, { name: '杂项.csv', text: notes }])).text();
    expect(next).not.toContain('未知的工作表“杂项”');
    expect(next).toContain('按本中心保存的列映射未导入工作表“杂项”');
  });

  it('finds a remembered mapping by the header row its own headers find, under a title', async () => {
    // Headers the format knows none of: only the mapping tells the header row from the title.
    const odd = (voucher: string) => ['某县经费支出登记簿,,,,,', '单据号码,开支种类,领款人,发生额,发生日,所属年份',
      `${voucher},其他,某评估公司,1200.00,2020-06-01,2020`].join('\n');
    const first = await (await upload([{ name: '支出.csv', text: odd('记-R-1') }])).text();
    const id = idOf(first);
    const headers = ['单据号码', '开支种类', '领款人', '发生额', '发生日', '所属年份'];
    const posted = await t.post(`/ledger/import/${id}/mapping`, {
      mk: ['sheet', ...headers.map(() => 'col'), 'val'], ms: Array(8).fill('支出'), mh: ['', ...headers, '项目名称'],
      mv: ['支付', '凭证号', '类别', '收款方', '金额', '支付日期', '年度', '映射经费'],
    }, admin);
    const html = await posted.text();
    expect(posted.status, html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 2000)).toBe(200);
    expect(html).toContain('已跳过标题行 1');
    // Next year's file of that shape: no question about its sheet or its headers; only the values left.
    const next = await (await upload([{ name: '支出.csv', text: odd('记-R-2') }])).text();
    expect(next).toContain('工作表“支出”按本中心保存的列映射作为“支付”导入');
    expect(next).not.toContain('未知的列');
    expect(next).toContain('缺少必填列“项目名称”');
  });

  it('takes sheet and header names that are words of JavaScript as names only', async () => {
    const res = await upload([{ name: 'constructor.csv', text: ['备注说明,内容', '说明一,无'].join('\n') }]);
    const id = idOf(await res.text());
    const posted = await t.post(`/ledger/import/${id}/mapping`, {
      mk: ['sheet', 'col', 'val'], ms: ['__proto__', '__proto__', 'constructor'], mh: ['', '__proto__', 'toString'], mv: ['支付', '凭证号', 'x'],
    }, admin);
    expect(posted.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).sheet).toBeUndefined();
    expect(({} as Record<string, unknown>).columns).toBeUndefined();
  });

  it('refuses a header holding a control character as an error, not a 500', async () => {
    const res = await upload([{ name: '杂项.csv', text: ['备注\u0001说明,内容', '说明一,无'].join('\n') }]);
    const html = await res.text();
    expect(res.status).toBe(422);
    const id = idOf(html);
    const posted = await t.post(`/ledger/import/${id}/mapping`, { mk: ['sheet'], ms: ['杂项'], mh: [''], mv: ['支付'] }, admin);
    expect(posted.status).toBe(422);
    expect(await posted.text()).toContain('列标题含有不允许的控制字符');
  });

  it('lists warnings apart from errors, imports them only when confirmed, and keeps them on the record', async () => {
    const csv = ['凭证号,类别,收款方,金额,支付日期,中心编码,年度,项目名称', '记-W-1,其他,某公司,100,2021-01-10,CITY,2020,映射经费'].join('\n');
    const res = await upload([{ name: '支付.csv', text: csv }]);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('预警（1 条）');
    expect(html).toContain('跨年支付：支付日期 2021-01-10 在项目年度2020年之后');
    expect(html).toContain('含 1 条预警，确认按历史记录导入');
    const id = idOf(html);
    // Not ticked: nothing imported.
    const refused = await t.post(`/ledger/import/${id}/confirm`, { warnings: '1' }, admin);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('请先阅读，并勾选“确认按历史记录导入”');
    // Ticked for a count that is not the file's: refused too, nothing imported.
    const stale = await t.post(`/ledger/import/${id}/confirm`, { warnings: '2', accept_warnings: '1' }, admin);
    expect(stale.status).toBe(422);
    expect(await stale.text()).toContain('预警与确认时不同：确认的是 2 条，现在为 1 条');
    expect(await t.db.select().from(payments).where(eq(payments.voucherNo, '记-W-1'))).toEqual([]);
    expect((await t.post(`/ledger/import/${id}/confirm`, { warnings: '1', accept_warnings: '1' }, admin)).status).toBe(303);
    const [paid] = await t.db.select().from(payments).where(eq(payments.voucherNo, '记-W-1'));
    const page = await (await t.get(`/payments/${paid!.id}`, admin)).text();
    expect(page).toContain('导入预警');
    expect(page).toContain('跨年支付');
    const list = await (await t.get('/warnings', admin)).text();
    expect(list).toContain('支付 记-W-1（某公司）');
    expect(list).toContain('跨年支付：支付日期 2021-01-10');
    const csvOut = await (await t.get('/warnings/export.csv?kind=paid-after-year', admin)).text();
    expect(csvOut).toContain('记-W-1');
    expect(await (await t.get(`/projects/${project}`, admin)).text()).toContain('跨年支付 1 笔，合计 100.00 元');
  });
});

describe('export', () => {
  it('gives back the same records when imported into an empty database', async () => {
    const a = await createTestDb();
    const b = await createTestDb();
    try {
      const actor = { userId: null, name: 'test' };
      const demo = await importLedger(a.db, await readLedgerPath(demoDir), { actor, dryRun: false });
      expect(demo.ok).toBe(true);
      const all = (db: typeof a.db) => db.execute<{ id: number }>(sql`select id from centers`).then((r) => r.map((x) => x.id));
      const xlsx = await exportLedger(a.db, await all(a.db));
      // Money as number cells in #,##0.00 and dates as date cells: Excel's SUM and filters work on them.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('支付')!;
      const head = (ws.getRow(1).values as string[]);
      const first = ws.getRow(2);
      expect(typeof first.getCell(head.indexOf('金额')).value).toBe('number');
      expect(first.getCell(head.indexOf('金额')).numFmt).toBe('#,##0.00');
      expect(first.getCell(head.indexOf('支付日期')).value).toBeInstanceOf(Date);
      expect(first.getCell(head.indexOf('凭证号')).value).toMatch(/^记-/);
      const back = await importLedger(b.db, [{ name: 'export.xlsx', data: xlsx }], { actor, dryRun: false });
      expect(back.ok, JSON.stringify(!back.ok && back.errors.slice(0, 3))).toBe(true);
      const sheets = await ledgerSheets(a.db, await all(a.db));
      expect(await ledgerSheets(b.db, await all(b.db))).toEqual(sheets);
      // A payment linked to a round the 标的编号 alone would not name (the 流拍 fee of GY2020-03) keeps it by 场次.
      const paid = sheets.find((x) => x.name === '支付')!;
      const col = (h: string) => paid.headers.indexOf(h);
      expect(paid.rows.filter((r) => r[col('场次')] !== null).map((r) => [r[col('标的编号')], r[col('场次')]])).toEqual([['GY2020-03', '1']]);
      // Every sheet of the demo made the trip, the finance and performance ones included.
      expect(sheets.filter((x) => x.rows.length > 0).map((x) => x.name)).toEqual([
        '交易中心', '拍卖机构', '收费协议', '标的', '出让公告', '出让活动', '项目', '预算', '资金到位', '支付', '非税收入', '非税任务',
        '满意度', '绩效指标', '扣分',
      ]);
      const rowsOf = (name: string) => sheets.find((x) => x.name === name)!;
      expect([rowsOf('满意度').rows.length, rowsOf('绩效指标').rows.length, rowsOf('扣分').rows.length]).toEqual([3, 6 + 5 + 7 + 8 + 6, 9]);
      // 实际完成目标 (our added column of 项目) too, and each project's indicators in their order.
      const projectsSheet = rowsOf('项目');
      expect(projectsSheet.rows.filter((r) => r[projectsSheet.headers.indexOf('实际完成目标')] !== null)).toHaveLength(4);
      const ind = rowsOf('绩效指标');
      const landRows = ind.rows.filter((r) => r[ind.headers.indexOf('项目名称')] === '土地出让工作经费');
      expect(landRows.map((r) => r[ind.headers.indexOf('计算规则')])).toEqual(['出让宗数', '按时上缴', '工作经费', '财政增收', '手工', '拍卖机构满意度']);
      const [counts] = await b.db.execute<{ i: number; d: number; s: number }>(sql`select
        (select count(*)::int from indicators) as i, (select count(*)::int from deductions) as d, (select count(*)::int from satisfaction_responses) as s`);
      expect(counts).toEqual({ i: 32, d: 9, s: 3 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('serves the xlsx to staff', async () => {
    const staff = await t.signIn('staff');
    const res = await t.get('/ledger/export.xlsx', staff);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

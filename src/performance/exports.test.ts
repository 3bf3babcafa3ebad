// The 绩效目标完成情况表 (.xlsx) and the 绩效自评报告 draft (.docx) of a project: who may download
// them, that they hold the report's own figures, and that LibreOffice opens both (PDF conversion).
import { reportFindings, suggestions } from './findings';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLibreOffice } from '../../tests/helpers/libreoffice';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetEntries, deductions, fundArrivals, indicators, parcels, payments, projects, remittances, revenueTargets, satisfactionResponses, transfers,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { tradingRecords } from '../funds/test-support';
import { formatWan } from '../lib/money';
import { performanceDocx } from './docx';
import { performanceReport, type PerformanceReport } from './report';
import { defaultLandIndicators, formatHundredths } from './rules';
import { fundsBySource } from './sources';
import { indicatorActual, performanceXlsx, SHEET_NAME } from './xlsx';
import { exactNumber } from '../lib/xlsx-cells';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const NAME = '土地出让工作经费';
const REASONS = ['绩效目标还需要进一步细化、量化。', '预算执行进度较慢，存在年末集中支付情况。'];

let t: TestApp;
let projectId: number;
let otherProjectId: number;
let report: PerformanceReport;
const cookies: Record<string, string> = {};

/** The seed's year of 土地出让工作经费 at the test city center, with a bit of 其它资金 added. */
async function seedProject(): Promise<number> {
  const center = t.fixture.centers.city;
  const [p] = await t.db.insert(projects).values({
    centerId: center, year: 2020, name: NAME, budgetUnit: '测试市公共资源交易信息中心',
    target: '预计完成2020年度土地（或矿权）出让10余宗，完成年度非税征收任务700万元。',
  }).returning();
  const id = p!.id;
  await t.db.insert(budgetEntries).values([
    { projectId: id, kind: '年初预算', amount: 60_000_000n, entryDate: '2020-01-15', docNo: '广财预〔2020〕1号' },
    { projectId: id, kind: '追加', amount: 40_000_000n, entryDate: '2020-09-01', docNo: '广财预〔2020〕9号', reason: '工作需要' },
  ]);
  await t.db.insert(fundArrivals).values([
    { projectId: id, amount: 90_000_000n, arrivedOn: '2020-02-01', source: '财政拨款' },
    { projectId: id, amount: 10_000_000n, arrivedOn: '2020-09-15', source: '其他' },
  ]);
  const sold1 = await tradingRecords(t, center, 'GY-2020-01');
  await tradingRecords(t, center, 'GY-2020-02');
  const [parcel] = await t.db.insert(parcels).values({ centerId: center, code: 'GY-2020-03', kind: '土地', name: '流拍地块', startingPrice: 50_000_000n }).returning();
  await t.db.insert(transfers).values({ centerId: center, parcelId: parcel!.id, round: 1, mode: '拍卖', agencyId: t.fixture.agencies.a2, auctionDate: '2020-05-20', result: '流拍' });
  await t.db.insert(payments).values([
    { centerId: center, projectId: id, category: '拍卖机构劳务费', payee: '测试甲拍卖有限公司', amount: 90_000_000n, transferId: sold1.transferId, status: '已支付', paidOn: '2020-12-20', voucherNo: 'PZ-1' },
    { centerId: center, projectId: id, category: '公告费', payee: '某报社', amount: 1_500_000n, announcementId: sold1.announcementId, status: '已支付', paidOn: '2020-11-10', voucherNo: 'PZ-2' },
  ]);
  await t.db.insert(revenueTargets).values({ centerId: center, year: 2020, amount: 700_000_000n });
  await t.db.insert(remittances).values([
    { centerId: center, receiptNo: 'JK-1', revenueType: '土地出让收入', amount: 1_500_000_000n, remittedOn: '2020-06-30' },
    { centerId: center, receiptNo: 'JK-2', revenueType: '土地出让收入', amount: 708_000_000n, remittedOn: '2020-11-15' },
  ]);
  await t.db.insert(satisfactionResponses).values([
    { centerId: center, year: 2020, agencyId: t.fixture.agencies.a1, rating: '满意' },
    { centerId: center, year: 2020, agencyId: t.fixture.agencies.a2, rating: '非常满意' },
  ]);
  await t.db.insert(indicators).values(defaultLandIndicators(2020).map((d, position) => ({
    projectId: id, position, ...d,
    ...(d.rule === '手工' ? { manualActual: '加大全市土地出让力度，促进房地产市场的发展', manualPoints: '15' } : {}),
  })));
  await t.db.insert(deductions).values([
    { projectId: id, points: '2.00', reason: REASONS[0]! },
    { projectId: id, points: '2.15', reason: REASONS[1]! },
  ]);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  projectId = await seedProject();
  const [other] = await t.db.insert(projects).values({ centerId: t.fixture.centers.other, year: 2020, name: NAME }).returning();
  otherProjectId = other!.id;
  report = (await performanceReport(t.db, projectId))!;
  for (const u of ['admin', 'finance', 'leader', 'staff', 'agency1']) cookies[u] = await t.signIn(u);
});
afterAll(() => t.close());

describe('the report the exports are made of', () => {
  it('has what the exports must show: indicators, deductions, satisfaction and a score', () => {
    expect(report.indicators).toHaveLength(6);
    expect(report.deductions.map((d) => d.reason)).toEqual(REASONS);
    expect(report.satisfaction.responses).toBe(2);
    expect(report.funds.spent).toBe(91_500_000n);
    expect(report.funds.executionRate).toBe('91.50');
    expect(report.narrative).toMatch(/^完成2020年度土地出让2宗，上缴财政年度非税收入2200余万元。$/);
  });
});

describe('GET /projects/:id/performance.xlsx and .docx', () => {
  it('answer finance, leaders and admins with the file, its type and a Chinese file name', async () => {
    for (const u of ['finance', 'leader', 'admin']) {
      const x = await t.get(`/projects/${projectId}/performance.xlsx`, cookies[u]);
      expect(x.status, u).toBe(200);
      expect(x.headers.get('content-type')).toBe(XLSX);
      expect(x.headers.get('content-disposition')).toBe(
        `attachment; filename="performance-${projectId}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${NAME}2020年绩效目标完成情况表.xlsx`)}`);
      expect((await x.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      const d = await t.get(`/projects/${projectId}/performance.docx`, cookies[u]);
      expect(d.status, u).toBe(200);
      expect(d.headers.get('content-type')).toBe(DOCX);
      expect(d.headers.get('content-disposition')).toBe(
        `attachment; filename="performance-${projectId}.docx"; filename*=UTF-8''${encodeURIComponent(`${NAME}项目2020年绩效评价报告.docx`)}`);
      expect(Buffer.from(await d.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('refuse agencies and staff (403), and send strangers to sign in', async () => {
    for (const ext of ['xlsx', 'docx']) {
      for (const u of ['agency1', 'staff']) expect((await t.get(`/projects/${projectId}/performance.${ext}`, cookies[u])).status, `${u} ${ext}`).toBe(403);
      const anon = await t.get(`/projects/${projectId}/performance.${ext}`);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login/);
    }
  });

  it('answer 404 for a project outside the user’s centers, an unknown id or a malformed one', async () => {
    for (const ext of ['xlsx', 'docx']) {
      expect((await t.get(`/projects/${otherProjectId}/performance.${ext}`, cookies.finance)).status).toBe(404);
      expect((await t.get(`/projects/${otherProjectId}/performance.${ext}`, cookies.admin)).status).toBe(404);
      expect((await t.get(`/projects/999999/performance.${ext}`, cookies.finance)).status).toBe(404);
      expect((await t.get(`/projects/abc/performance.${ext}`, cookies.finance)).status).toBe(404);
    }
  });
});

describe('a project with nothing recorded yet', () => {
  it('still gives both files: no budget, no indicators, nothing deducted', async () => {
    const [p] = await t.db.insert(projects).values({ centerId: t.fixture.centers.city, year: 2021, name: '政府采购工作经费' }).returning();
    const x = await t.get(`/projects/${p!.id}/performance.xlsx`, cookies.finance);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as unknown as ArrayBuffer);
    const values: unknown[] = [];
    wb.getWorksheet(SHEET_NAME)!.eachRow((row) => row.eachCell((c) => { values.push(c.value); }));
    expect(values).toContain('（尚未设定绩效指标）');
    expect(values).toContain('预算执行率—（全年预算数为0）');
    const d = await t.get(`/projects/${p!.id}/performance.docx`, cookies.finance);
    expect(d.status).toBe(200);
    const paras = await docxParagraphs(Buffer.from(await d.arrayBuffer()));
    expect(paras[paras.indexOf('（二）存在的问题') + 1]).toBe('无');
    expect(paras.join('')).toContain('综合得分0.00分');
  });
});

describe('the .xlsx', () => {
  let ws: ExcelJS.Worksheet;
  let texts: string[];
  const find = (text: string) => {
    let found: ExcelJS.Cell | undefined;
    ws.eachRow((row) => row.eachCell((c) => { if (!found && c.value === text) found = c; }));
    if (!found) throw new Error(`no cell “${text}”`);
    return found;
  };

  beforeAll(async () => {
    const res = await t.get(`/projects/${projectId}/performance.xlsx`, cookies.finance);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    ws = wb.getWorksheet(SHEET_NAME)!;
    texts = [];
    ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') texts.push(c.value); }));
  });

  it('is the sheet 绩效目标完成情况表 titled as the seed’s table', () => {
    expect(ws).toBeDefined();
    expect(ws.getCell('A1').value).toBe(NAME);
    expect(ws.getCell('A2').value).toBe('项目绩效目标完成情况表');
    expect(ws.getCell('A3').value).toBe('(2020年度)');
    expect(ws.getCell('A1').font.name).toBe('宋体');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToWidth).toBe(1);
  });

  it('holds the report’s figures as numbers of 万元 with two decimals, shown as the seed shows them', () => {
    const split = fundsBySource(report.funds);
    expect(find('预算数:').row).toBe(find('执行数:').row);
    const budgetRow = ws.getRow(Number(find('预算数:').row));
    // Number cells, so Excel sums them; the format shows 100.00万元 as the seed's table.
    const amount = (c: ExcelJS.Cell) => { expect(c.numFmt).toBe('#,##0.00"万元"'); return c.value; };
    const of = (fen: bigint) => (fen === 0n ? '' : exactNumber(formatWan(fen)));
    expect(amount(budgetRow.getCell(3))).toBe(100);
    expect(amount(budgetRow.getCell(3))).toBe(of(report.funds.total));
    expect(amount(budgetRow.getCell(5))).toBe(91.5);
    expect(amount(budgetRow.getCell(5))).toBe(of(report.funds.spent));
    const fiscalRow = ws.getRow(Number(budgetRow.number) + 1);
    expect([amount(fiscalRow.getCell(3)), amount(fiscalRow.getCell(5))]).toEqual([of(split.total.fiscal), of(split.spent.fiscal)]);
    const otherRow = ws.getRow(Number(budgetRow.number) + 2);
    const otherOrBlank = (c: ExcelJS.Cell) => (c.value === '' ? '' : amount(c));
    expect([otherOrBlank(otherRow.getCell(3)), otherOrBlank(otherRow.getCell(5))]).toEqual([of(split.total.other), of(split.spent.other)]);
    expect(texts).toContain(report.project.target);
    expect(texts).toContain(report.narrative);
    expect(texts).toContain(`预算执行率${report.funds.executionRate}%`);
    for (const i of report.indicators) {
      const level3 = find(i.level3);
      const row = ws.getRow(Number(level3.row));
      expect([row.getCell(2).value, row.getCell(3).value, row.getCell(5).value, row.getCell(6).value]).toEqual([i.level1, i.level2, i.expected, indicatorActual(i)]);
    }
    expect(report.indicators.every((i) => i.actual !== null)).toBe(true);
  });

  it('has the score block: execution points, each row’s weight and points, the deductions, the total and the grade', () => {
    const execution = ws.getRow(Number(find('预算执行率').row));
    expect([execution.getCell(5).value, execution.getCell(6).value]).toEqual(['10.00', formatHundredths(report.score.execution)]);
    for (const i of report.indicators) {
      const row = ws.getRow(Number(find(`${i.level2}：${i.level3}`).row));
      expect(row.getCell(6).value).toBe(formatHundredths(i.points));
    }
    report.deductions.forEach((d, k) => {
      const row = ws.getRow(Number(find(`${k + 1}.${d.reason}`).row));
      expect(row.getCell(6).value).toBe(`-${formatHundredths(d.points)}`);
    });
    const total = ws.getRow(Number(find('总分').row));
    expect(total.getCell(6).value).toBe(formatHundredths(report.score.total));
    expect(texts.some((s) => s.startsWith(`${report.score.grade}（`))).toBe(true);
  });

  it('merges the header cells as the seed’s table does', () => {
    const merged = (from: ExcelJS.Cell, rows: number, cols: number) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
        const x = ws.getCell(Number(from.row) + r, Number(from.col) + c);
        expect(x.master.address, `${from.value} ${x.address}`).toBe(from.address);
      }
      expect(ws.getCell(Number(from.row) + rows, Number(from.col)).master.address).not.toBe(from.address);
    };
    merged(ws.getCell('A1'), 1, 6);
    merged(find('预算执行情况(万元)'), 3, 1);
    merged(find('年度目标完成情况'), 2, 1);
    merged(find('预期目标'), 1, 3);
    merged(find('实际完成目标'), 1, 2);
    merged(find('绩效指标完成情况'), report.indicators.length + 1, 1);
    const nameValue = ws.getCell(Number(find('项目名称').row), 2);
    expect(nameValue.value).toBe(NAME);
    merged(nameValue, 1, 5);
    expect(find('绩效指标完成情况').col).toBe(1);
    expect(find('执行数:').border.top?.style).toBe('thin');
  });
});

/** The text of each paragraph of word/document.xml (runs joined, entities decoded). */
async function docxParagraphs(buf: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('')).filter((s) => s !== '');
}

describe('the .docx', () => {
  let paras: string[];
  beforeAll(async () => {
    const res = await t.get(`/projects/${projectId}/performance.docx`, cookies.finance);
    paras = await docxParagraphs(Buffer.from(await res.arrayBuffer()));
  });

  it('follows the seed’s report: title and sections in order', () => {
    expect(paras.slice(0, 2)).toEqual([NAME, '项目2020年绩效评价报告']);
    const order = ['一、项目概况', '（一）项目基本情况', '（二）项目绩效目标', '（三）项目自评步骤及方法', '二、项目资金申报及使用情况',
      '三、项目实施及管理情况', '四、项目绩效情况', '（一）项目完成情况', '（二）项目效益情况', '五、评价结论及建议', '（一）评价结论',
      '（二）存在的问题', '（三）相关建议', '项目绩效目标完成情况表'];
    const at = order.map((h) => paras.indexOf(h));
    expect(at.every((i) => i >= 0), JSON.stringify(order.filter((_, k) => at[k]! < 0))).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('tells the budget story and the completion with the report’s figures', () => {
    const text = paras.join('\n');
    expect(text).toContain('申报年初项目预算60万元，后因工作需要追加40万元，合计100万元。');
    expect(text).toContain(report.narrative!);
    expect(text).toContain('下达年度土地出让工作经费项目资金100万元，实际支付91.5万元，执行率91.50%。');
    expect(text).toContain(`组织出让${report.transfers.organised}宗次，其中成交${report.transfers.sold}宗，流拍${report.transfers.failed}宗次`);
    expect(text).toContain('于2020年6月30日完成年度非税征收任务700万元');
    expect(text).toContain(`拍卖机构满意度${report.satisfaction.rate}%`);
    expect(text).toContain(`资金到位率${report.funds.arrivalRate}%`);
    expect(text).toContain('经办人签字，科室负责人、业务分管领导及财务分管领导审批后才能进行支付');
  });

  it('numbers each deduction’s reason, then the findings of the records, under 存在的问题, with their 建议, and gives the exact score and grade', async () => {
    const start = paras.indexOf('（二）存在的问题');
    const advice = paras.indexOf('（三）相关建议');
    const found = await reportFindings(t.db, report);
    expect(found.slice(0, REASONS.length).map((x) => x.text)).toEqual(REASONS);
    expect(paras.slice(start + 1, advice)).toEqual(found.map((x, k) => `${k + 1}.${x.text}`));
    expect(paras.slice(advice + 1, advice + 1 + suggestions(found).length)).toEqual(suggestions(found).map((x, k) => `${k + 1}.${x}`));
    // Nothing the records do not hold: the fixed sentences of the first drafts are gone.
    expect(paras.join('')).not.toContain('无虚列支出');
    expect(paras.join('')).not.toContain('认真做好绩效目标的编制');
    const conclusion = paras[paras.indexOf('（一）评价结论') + 1]!;
    expect(conclusion).toContain(`综合得分${formatHundredths(report.score.total)}分`);
    expect(conclusion).toContain(`评价为“${report.score.grade}”`);
  });

  it('appends the 绩效目标完成情况表 with each indicator’s actual value and the score', () => {
    const table = paras.slice(paras.indexOf('项目绩效目标完成情况表'));
    expect(table).toContain('100.00万元');
    expect(table).toContain('91.50万元');
    for (const i of report.indicators) expect(table).toContain(indicatorActual(i));
    expect(table).toContain(formatHundredths(report.score.total));
  });

  it('says 无 under 存在的问题 when nothing was deducted', async () => {
    const none = { ...report, deductions: [] };
    const p = await docxParagraphs(await performanceDocx(none));
    const start = p.indexOf('（二）存在的问题');
    expect(p[start + 1]).toBe('无');
  });

  it('sets a CJK font (宋体 as the East Asian font)', async () => {
    const res = await t.get(`/projects/${projectId}/performance.docx`, cookies.finance);
    const styles = await (await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()))).file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:eastAsia="宋体"/);
  });
});

// ─── LibreOffice ───────────────────────────────────────────────────────────────────────────────

const libreoffice = findLibreOffice();
const required = process.env.REQUIRE_LIBREOFFICE === '1';
if (!libreoffice && !required) {
  console.warn('exports.test.ts: LibreOffice is not installed, so the PDF conversion test is skipped (set REQUIRE_LIBREOFFICE=1 to make it fail instead; apt-get install libreoffice-writer-nogui libreoffice-calc-nogui).');
}

describe('LibreOffice', () => {
  it.skipIf(!libreoffice && !required)(
    `converts both files to PDF${libreoffice ? '' : ' (LibreOffice not found on the PATH)'}`,
    async () => {
      expect(libreoffice, 'REQUIRE_LIBREOFFICE=1 but neither libreoffice nor soffice is on the PATH').not.toBeNull();
      const dir = await mkdtemp(join(tmpdir(), 'tl-export-'));
      const profile = `/tmp/lo-${randomBytes(6).toString('hex')}`;
      try {
        const xlsx = join(dir, 'table.xlsx');
        const docx = join(dir, 'report.docx');
        await writeFile(xlsx, await performanceXlsx(report));
        await writeFile(docx, await performanceDocx(report));
        const started = Date.now();
        await promisify(execFile)(libreoffice!, [
          `-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, xlsx, docx,
        ], { timeout: 120_000 });
        console.info(`LibreOffice converted the .xlsx and the .docx to PDF in ${Date.now() - started} ms`);
        for (const pdf of ['table.pdf', 'report.pdf']) {
          expect((await stat(join(dir, pdf))).size, pdf).toBeGreaterThan(1000);
          expect((await readFile(join(dir, pdf))).subarray(0, 5).toString(), pdf).toBe('%PDF-');
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
        await rm(profile, { recursive: true, force: true });
      }
    },
    150_000,
  );
});

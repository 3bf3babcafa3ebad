// Issue 14, part 3: the 项目支出绩效自评表 in the provinces' layout, beside the seed's table. For the
// demo it carries the seed's figures (100万 budget, 91.5万 spent, 95 分 优) in the form's columns, its
// merged cells where the form has them, and LibreOffice opens it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load';
import { indicatorForm, natureOfText } from '../src/performance/self-evaluation';
import { createTestApp, type TestApp } from './helpers/app';
import { findLibreOffice } from './helpers/libreoffice';

let t: TestApp;
let finance: string;
let projectId: number;
let file: Buffer;
let ws: ExcelJS.Worksheet;

/** The sheet as a grid of what each cell shows (merged cells give their master's value). */
const grid = () => {
  const rows: unknown[][] = [];
  ws.eachRow((row, r) => { rows[r] = Array.from({ length: 11 }, (_, k) => row.getCell(k + 1).value); });
  return rows;
};
const rowOf = (label: string) => grid().find((r) => r?.[1] === label || r?.[0] === label)!;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await loadDemo(t.db);
  finance = await t.signIn('finance', DEMO_PASSWORD);
  const [p] = await t.db.execute<{ id: number }>(sql`select p.id from projects p join centers c on c.id = p.center_id where c.code = 'GYJY' and p.year = 2020`);
  projectId = p!.id;
  const res = await t.get(`/projects/${projectId}/self-evaluation.xlsx`, finance);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('土地出让工作经费2020年项目支出绩效自评表.xlsx'));
  file = Buffer.from(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  ws = wb.getWorksheet('项目支出绩效自评表')!;
}, 120_000);
afterAll(() => t.close());

describe('项目支出绩效自评表 of the demo', () => {
  it('gives 预算执行情况 by funding line, in 万元 that add up, with its 10 points', async () => {
    // 年初预算数, 全年预算数, 全年执行数 as numbers of 万元; 分值, 执行率, 得分.
    expect(rowOf('年度资金总额').slice(2, 8)).toEqual([60, 100, 91.5, '10.00', '91.50%', '9.15']);
    const lines = ['其中：当年财政拨款', '上年结转资金', '其他资金'].map(rowOf);
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    for (const k of [2, 3, 4]) expect(lines.reduce((a, r) => a + num(r[k]), 0), `column ${k + 1}`).toBe(num(rowOf('年度资金总额')[k]));
    expect(rowOf('上年结转资金')[3]).toBe(0);
  });

  it('lists every indicator with 指标性质, 年度指标值, 度量单位, 实际完成值, 分值 and 得分, and 总分 95.00 优', async () => {
    const rows = grid().filter((r) => r && ['项目完成指标', '效益指标', '满意度指标'].includes(r[1] as string));
    expect(rows.map((r) => [r[3], r[4], r[5], r[6], r[8], r[9]])).toEqual([
      ['预计完成年度土地（或矿权）出让数', '≥', '10', '宗', '20.00', '20.00'],
      ['按时完成年度非税征收任务并上交财政', '定性', '2020年12月31日之前', '', '15.00', '15.00'],
      ['年度土地（矿权）出让工作经费', '≤', '100.00', '万元', '15.00', '15.00'],
      ['促进财政增收', '≥', '700.00', '万元', '15.00', '15.00'],
      ['加大全市土地出让力度，促进房地产市场的发展', '定性', '加大全市土地出让力度，促进房地产市场的发展', '', '15.00', '15.00'],
      ['拍卖机构满意度', '≥', '100', '%', '10.00', '10.00'],
    ]);
    const points = rows.reduce((a, r) => a + Number(r[9]), 0);
    const deductions = grid().filter((r) => r?.[0] === '扣分' || (typeof r?.[9] === 'string' && r[9].startsWith('-'))).map((r) => Number(r![9]));
    const total = rowOf('总分');
    expect(total[8]).toBe('100.00');
    expect(total[9]).toBe('95.00');
    // 9.15 (预算执行) + 90 (指标) − 扣分 = 95.00: the demo's deductions make up the difference.
    expect(Math.round((9.15 + points + deductions.reduce((a, b) => a + b, 0)) * 100) / 100).toBe(95);
    expect(String(rowOf('等级')[1])).toMatch(/^优/);
  });

  it('merges the cells the form merges', async () => {
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    const at = (label: string) => grid().findIndex((r) => r?.[0] === label || r?.[1] === label);
    const total = at('年度资金总额');
    expect(merges).toEqual(expect.arrayContaining([
      'A1:K1', 'A2:K2', `B${at('项目名称')}:K${at('项目名称')}`,
      `A${total - 1}:A${total + 3}`, // 预算执行情况（万元） over its header and four lines
      `I${total}:K${total + 3}`, // 原因说明 beside the four lines
    ]));
  });

  it('reads the direction of a typed target as the form asks for it', () => {
    expect(['≥90%', '90%以上', '10余宗', '6%以内', '≤90万元', '=100%', '按时完成'].map(natureOfText)).toEqual(['≥', '≥', '≥', '≤', '≤', '=', '定性']);
    expect(indicatorForm({ rule: '流拍率', expected: '≤20%', targetValue: '20.00', unit: '%' })).toEqual({ nature: '≤', value: '20', unit: '%' });
  });

  it('is offered on the report page, to the roles that read the report only', async () => {
    expect(await (await t.get(`/projects/${projectId}/performance`, finance)).text()).toContain(`href="/projects/${projectId}/self-evaluation.xlsx"`);
    const staff = await t.signIn('staff', DEMO_PASSWORD);
    expect((await t.get(`/projects/${projectId}/self-evaluation.xlsx`, staff)).status).toBe(403);
    expect((await t.get('/projects/999999/self-evaluation.xlsx', finance)).status).toBe(404);
  });

  const libreoffice = findLibreOffice();
  const required = process.env.REQUIRE_LIBREOFFICE === '1';
  it.skipIf(!libreoffice && !required)('opens in LibreOffice, which reads the same figures back', async () => {
    expect(libreoffice, 'REQUIRE_LIBREOFFICE=1 but LibreOffice is not on the PATH').not.toBeNull();
    const dir = await mkdtemp(join(tmpdir(), 'tl-self-eval-'));
    const profile = `/tmp/lo-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(join(dir, 'self.xlsx'), file);
      await promisify(execFile)(libreoffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore',
        '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'self.xlsx')], { timeout: 120_000 });
      const csv = await readFile(join(dir, 'self.csv'), 'utf8');
      const line = csv.split('\n').find((l) => l.includes('年度资金总额'))!;
      // Numbers in the sheet's 万元 format: LibreOffice shows them as the form prints them.
      expect(line.split(',').slice(2, 5)).toEqual(['60.00万元', '100.00万元', '91.50万元']);
      expect(csv).toContain('项目支出绩效自评表');
      expect(csv.split('\n').find((l) => l.startsWith('总分'))).toContain('95.00');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  }, 150_000);
});

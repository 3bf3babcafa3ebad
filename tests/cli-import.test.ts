// The CLI's import of a real ledger: --mapping FILE, --center, --strict, and what it prints.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centers, projects, budgetEntries } from '../db/schema';
import { createTestDb, type TestDb } from './helpers/db';

const run = promisify(execFile);
let d: TestDb;
let dir: string;
beforeAll(async () => {
  d = await createTestDb();
  dir = await mkdtemp(join(tmpdir(), 'cli-import-'));
  const [c] = await d.db.insert(centers).values({ code: 'JG', name: '剑阁县公共资源交易中心', level: '县' }).returning();
  const [p] = await d.db.insert(projects).values({ centerId: c!.id, year: 2022, name: '土地出让工作经费' }).returning();
  await d.db.insert(budgetEntries).values({ projectId: p!.id, kind: '年初预算', amount: 100_000_00n, entryDate: '2022-01-05' });
});
afterAll(async () => {
  await d.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: d.url } })
    .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e) => ({ code: e.code as number, out: `${e.stdout}`, err: `${e.stderr}` }));

/** A 支付台账 as a county finance office keeps it: no 中心编码, 年度 or 项目名称, a column of its own. */
async function ledger(rows: string[]): Promise<string> {
  const folder = join(dir, `l${Math.random().toString(36).slice(2)}`);
  await mkdir(folder);
  await writeFile(join(folder, '支付.csv'), ['剑阁县2022年土地出让工作经费支付台账', '序号,凭证号,支付类别,收款单位,金额（元）,付款日期,经办科室', ...rows].join('\n'));
  return folder;
}

describe('cli import', () => {
  it('refuses what it cannot map and says how; takes --mapping and --center, and prints the mapping it used', async () => {
    const folder = await ledger(['1,记-JG-1,其他,某公司,"1,200.00",2022年3月15日,财务科']);
    const bare = await cli(['import', folder]);
    expect(bare.code).toBe(1);
    expect(bare.err).toContain('未知的列“经办科室”');
    expect(bare.err).toContain('缺少必填列“中心编码”');

    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ 支付: { columns: { 经办科室: null }, values: { 年度: '2022', 项目名称: '土地出让工作经费' } } }));
    const ok = await cli(['import', folder, '--mapping', mapping, '--center', 'JG']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('导入完成');
    expect(ok.out).toContain('支付: 1 行，新增 1');
    // The mapping it used, as a mapping file: the file's own names and the values given.
    const used = JSON.parse(/使用的列映射（可存为 --mapping 文件）：\n([\s\S]*?\n\})\n/.exec(ok.out)![1]!);
    expect(used).toEqual({
      支付: {
        columns: { 序号: null, 支付类别: '类别', 收款单位: '收款方', '金额（元）': '金额', 付款日期: '支付日期', 经办科室: null },
        values: { 年度: '2022', 项目名称: '土地出让工作经费', 中心编码: 'JG' },
      },
    });
    expect(ok.err).toContain('已跳过标题行 1');
    const [row] = await d.db.execute<{ amount: string; paid_on: string }>(sql`select amount::text, paid_on::text from payments where voucher_no = '记-JG-1'`);
    expect(row).toEqual({ amount: '120000', paid_on: '2022-03-15' });
  });

  it('imports history with its warnings printed; --strict refuses it and changes nothing', async () => {
    const mapping = join(dir, 'mapping2.json');
    await writeFile(mapping, JSON.stringify({ 支付: { columns: { 经办科室: null }, values: { 年度: '2022', 项目名称: '土地出让工作经费' } } }));
    const folder = await ledger(['1,记-JG-2,其他,某公司,50.00,2023-01-10,财务科']);
    const strict = await cli(['import', folder, '--mapping', mapping, '--center', 'JG', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('预警 1 条');
    expect(strict.err).toContain('跨年支付：支付日期 2023-01-10 在项目年度2022年之后');
    expect(strict.err).toContain('按严格模式（--strict）未导入');
    const [none] = await d.db.execute<{ n: number }>(sql`select count(*)::int as n from payments where voucher_no = '记-JG-2'`);
    expect(none!.n).toBe(0);
    const ok = await cli(['import', folder, '--mapping', mapping, '--center', 'JG']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toContain('预警 1 条（已按历史记录导入，保留在相应记录上）');
    const [kept] = await d.db.execute<{ kind: string }>(sql`select kind from record_warnings`);
    expect(kept).toEqual({ kind: 'paid-after-year' });
  });

  it('answers a bad mapping file and an unknown center with the usage (exit 2)', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ 支付: { columns: { 经办科室: '部门' } } }));
    const folder = await ledger([]);
    const res = await cli(['import', folder, '--mapping', bad]);
    expect(res.code).toBe(2);
    expect(res.err).toContain('“部门”不是工作表“支付”的列');
    const unknown = await cli(['import', folder, '--center', 'NOPE']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--center：交易中心 NOPE 不存在');
  });
});

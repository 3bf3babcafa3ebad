// `npm run cli -- report`: the performance report of a project on the command line, run as a child
// process against a database of its own holding the demo ledger. With --json it prints exactly
// reportJson — the same JSON GET /api/v1/performance answers.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/demo/load';
import { findProjectByKey, performanceReport, reportJson } from '../src/performance/report';
import { createTestDb, type TestDb } from './helpers/db';

const run = promisify(execFile);
let d: TestDb;
beforeAll(async () => {
  d = await createTestDb();
  await loadDemo(d.db);
});
afterAll(() => d.close());

const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: d.url } })
    .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (e) => ({ code: e.code as number, stdout: String(e.stdout), stderr: String(e.stderr) }));

const PROJECT = ['--center', 'GYJY', '--year', '2020', '--project', '土地出让工作经费'];

describe('cli report', () => {
  it('prints with --json exactly the reportJson of the project, and nothing else', async () => {
    const res = await cli(['report', ...PROJECT, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const found = await findProjectByKey(d.db, 'GYJY', 2020, '土地出让工作经费');
    const expected = reportJson((await performanceReport(d.db, found!.id))!);
    expect(res.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(JSON.parse(res.stdout)).toMatchObject({
      center: 'GYJY', year: 2020, project: '土地出让工作经费',
      funds: { total: '1000000.00', arrived: '1000000.00', spent: '915000.00', executionRate: '91.50', arrivalRate: '100.00' },
    });
  }, 60_000);

  it('prints a readable summary without --json', async () => {
    const res = await cli(['report', ...PROJECT]);
    expect(res.code, res.stderr).toBe(0);
    for (const text of ['GYJY', '2020年', '土地出让工作经费', '全年预算数 100.00万元', '执行数 91.50万元', '执行率 91.50%', '到位率 100.00%', '自评得分', '实际完成目标']) {
      expect(res.stdout).toContain(text);
    }
    expect(res.stdout).not.toContain('"funds"');
  }, 60_000);

  it('exits 2 with the usage on stderr for missing or bad arguments', async () => {
    const cases = [
      ['report'],
      ['report', '--center', 'GYJY', '--project', '土地出让工作经费'],
      ['report', '--center', 'GYJY', '--year', '20x0', '--project', '土地出让工作经费'],
      ['report', '--center', 'GYJY', '--year', '1989', '--project', '土地出让工作经费'],
      ['report', ...PROJECT, '--bogus'],
      ['report', '--center'],
    ];
    const results = await Promise.all(cases.map(cli));
    for (const [i, args] of cases.entries()) {
      const res = results[i]!;
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain('用法：npm run cli -- report');
      expect(res.stdout, args.join(' ')).toBe('');
    }
  }, 60_000);

  it('exits 1 when the center or the project does not exist', async () => {
    const project = await cli(['report', '--center', 'GYJY', '--year', '2020', '--project', '不存在的项目', '--json']);
    expect(project.code).toBe(1);
    expect(project.stderr).toContain('没有名为“不存在的项目”的项目');
    expect(project.stdout).toBe('');
    const center = await cli(['report', '--center', 'NOPE', '--year', '2020', '--project', '土地出让工作经费']);
    expect(center.code).toBe(1);
    expect(center.stderr).toContain('交易中心 NOPE 不存在');
  }, 60_000);

  it('names the report command in the help', async () => {
    const res = await cli([]);
    expect(res.stderr).toContain('report');
  }, 60_000);
});

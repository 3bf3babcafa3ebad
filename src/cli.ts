// npm run cli -- <command>: the same code as the web app, for deployments and scripts.
//   import PATH [--dry-run] [--strict] [--mapping FILE] [--center CODE]
//                                a ledger (.xlsx, or a folder of <sheet>.csv) — all or nothing; imports
//                                with warnings unless --strict; prints the warnings and the mapping used
//   create-admin --username U --center-code C [--center-name N] [--level 省|市|县]
//                                the first admin of a deployment without demo data; the password
//                                is read from TL_ADMIN_PASSWORD or asked for on the terminal
//   demo                         loads the 广元 2020 demo ledger and demo users
//   report --center C --year Y --project N [--json]
//                                a project's performance report (REPORTING.md): with --json exactly
//                                what GET /api/v1/performance answers, else a readable summary
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { centers, users } from '../db/schema';
import { hashPassword, passwordProblem } from './auth/passwords';
import { recordAudit } from './audit/queries';
import { loadConfig } from './config';
import { connect, migrateDatabase, type Db } from './db';
import { loadDemo } from './demo/load';
import { startEmbedded } from './embedded-pg';
import { readLedgerPath } from './ledger/files';
import { importLedger, sheetRegistry, type ImportError, type LedgerMapping } from './ledger/import';
import { mappingUsed, parseMapping } from './ledger/mappings';
import { formatWan } from './lib/money';
import { findProjectByKey, performanceReport, reportJson, type PerformanceReport } from './performance/report';
import { formatHundredths } from './performance/rules';

const cliActor = { userId: null, name: 'cli' };

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbedded(config.dataDir, (m) => console.error(m), { share: true });
  const database = connect(config.DATABASE_URL ?? embedded!.url, { max: 2 });
  try {
    await migrateDatabase(database.db);
    return await fn(database.db);
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

const IMPORT_USAGE = '用法：npm run cli -- import PATH [--dry-run] [--strict] [--mapping 映射文件.json] [--center 中心编码]';

async function importCommand(args: string[]) {
  const { values, positionals } = usageOnError(() => parseArgs({
    args, allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, strict: { type: 'boolean' }, mapping: { type: 'string' }, center: { type: 'string' } },
  }), IMPORT_USAGE);
  const path = positionals[0];
  if (!path) throw new UsageError(IMPORT_USAGE);
  let mapping: LedgerMapping | undefined;
  if (values.mapping) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(values.mapping, 'utf8'));
    } catch (e) {
      throw new UsageError(`无法读取列映射文件 ${values.mapping}：${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = parseMapping(raw, sheetRegistry);
    if (!parsed.ok) throw new UsageError(parsed.error);
    mapping = parsed.mapping;
  }
  const files = await readLedgerPath(path);
  const center = values.center?.trim();
  const result = await withDb(async (db) => {
    if (center && (await db.select({ id: centers.id }).from(centers).where(eq(centers.code, center))).length === 0) {
      throw new UsageError(`--center：交易中心 ${center} 不存在`);
    }
    return importLedger(db, files, {
      actor: cliActor, dryRun: !!values['dry-run'], source: path, mapping, warnings: values.strict ? 'refuse' : 'accept',
      defaults: center ? { 中心编码: center } : undefined,
    });
  });
  const line = (e: ImportError) => `  ${e.sheet} 第${e.row}行${e.column ? ` [${e.column}${e.fileColumn ? `，文件中为“${e.fileColumn}”` : ''}]` : ''}${e.value ? ` “${e.value}”` : ''}：${e.message}`;
  for (const n of result.notices) console.error(`说明：${n.sheet}：${n.message}`);
  const used = mappingUsed(result.layouts);
  if (Object.keys(used).length > 0) {
    // On stdout, as JSON: saved to a file, it is a --mapping for the next run.
    console.log('使用的列映射（可存为 --mapping 文件）：');
    console.log(JSON.stringify(used, null, 2));
  }
  if (result.warnings.length > 0) {
    console.error(`预警 ${result.warnings.length} 条${result.ok ? (values['dry-run'] ? '（导入时将按历史记录导入，并保留在相应记录上）' : '（已按历史记录导入，保留在相应记录上）') : ''}：`);
    for (const w of result.warnings) console.error(line(w));
  }
  if (!result.ok) {
    console.error(`导入失败，共 ${result.errors.length} 处错误，未做任何更改：`);
    for (const e of result.errors) console.error(line(e));
    return 1;
  }
  console.log(values['dry-run'] ? '预检通过（未写入）：' : '导入完成：');
  for (const s of result.counts) console.log(`  ${s.sheet}: ${s.rows} 行，新增 ${s.created}，更新 ${s.updated}，未变 ${s.unchanged}`);
  return 0;
}

async function readPassword(): Promise<string> {
  if (process.env.TL_ADMIN_PASSWORD) return process.env.TL_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  try {
    const first = await rl.question('新管理员密码：');
    if (!process.stdin.isTTY) return first;
    const again = await rl.question('再输入一次：');
    if (first !== again) throw new UsageError('两次输入的密码不一致');
    return first;
  } finally {
    rl.close();
  }
}

async function createAdminCommand(args: string[]) {
  const { values } = parseArgs({ args, options: {
    username: { type: 'string' }, 'center-code': { type: 'string' }, 'center-name': { type: 'string' }, level: { type: 'string', default: '市' },
  } });
  const username = values.username?.trim();
  const code = values['center-code']?.trim();
  if (!username || !/^[a-z0-9._-]{3,50}$/.test(username) || !code) {
    throw new UsageError('用法：npm run cli -- create-admin --username 用户名(3–50位小写字母数字._-) --center-code 中心编码 [--center-name 名称] [--level 省|市|县]');
  }
  if (!['省', '市', '县'].includes(values.level!)) throw new UsageError('--level 只能是 省、市 或 县');
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  const passwordHash = await hashPassword(password);
  return withDb(async (db) => db.transaction(async (tx) => {
    let [center] = await tx.select().from(centers).where(eq(centers.code, code));
    if (!center) {
      if (!values['center-name']) throw new UsageError(`交易中心 ${code} 不存在；请用 --center-name 指定名称以新建`);
      [center] = await tx.insert(centers).values({ code, name: values['center-name'], level: values.level as '市' }).returning();
      await recordAudit(tx, cliActor, { action: 'create', entity: 'center', entityId: center!.id, centerId: center!.id, after: center });
    }
    const [user] = await tx.insert(users).values({ username, displayName: '系统管理员', role: 'admin', centerId: center!.id, passwordHash })
      .onConflictDoNothing().returning({ id: users.id, username: users.username, role: users.role });
    if (!user) throw new UsageError(`用户名 ${username} 已存在`);
    await recordAudit(tx, cliActor, { action: 'create', entity: 'user', entityId: user.id, centerId: center!.id, after: user });
    console.log(`已创建管理员 ${username}（${center!.name}）`);
    return 0;
  }));
}

const REPORT_USAGE = '用法：npm run cli -- report --center 中心编码 --year 年度(1990–2200) --project 项目名称 [--json]';

async function reportCommand(args: string[]) {
  const values = usageOnError(() => parseArgs({ args, options: {
    center: { type: 'string' }, year: { type: 'string' }, project: { type: 'string' }, json: { type: 'boolean' },
  } }).values, REPORT_USAGE);
  const code = values.center?.trim();
  const name = values.project?.trim();
  const yearText = values.year?.trim() ?? '';
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
  if (!code || !name || !values.year) throw new UsageError(`缺少参数 ${[!code && '--center', !values.year && '--year', !name && '--project'].filter(Boolean).join('、')}\n${REPORT_USAGE}`);
  if (!(year >= 1990 && year <= 2200)) throw new UsageError(`--year 应为 1990–2200 之间的整数\n${REPORT_USAGE}`);
  return withDb(async (db) => {
    const [center] = await db.select({ id: centers.id }).from(centers).where(eq(centers.code, code));
    if (!center) {
      console.error(`交易中心 ${code} 不存在`);
      return 1;
    }
    const found = await findProjectByKey(db, code, year, name);
    const report = found && await performanceReport(db, found.id);
    if (!report) {
      console.error(`${code} ${year}年没有名为“${name}”的项目`);
      return 1;
    }
    console.log(values.json ? JSON.stringify(reportJson(report), null, 2) : reportText(report));
    return 0;
  });
}

const wan = (fen: bigint | null) => (fen === null ? '—' : `${formatWan(fen)}万元`);
const pct = (r: string | null) => (r === null ? '—' : `${r}%`);

/** The report for a person at a terminal: the same figures as the page, in its order. */
function reportText(r: PerformanceReport): string {
  const lines: string[] = [];
  lines.push(`${r.center.name}（${r.center.code}）  ${r.project.year}年  ${r.project.name}`, '');
  lines.push('资金情况');
  lines.push(`  年初预算 ${wan(r.funds.initial)}　上年结转 ${wan(r.funds.carriedOver)}　调整 ${wan(r.funds.adjustments)}　全年预算数 ${wan(r.funds.total)}`);
  lines.push(`  资金到位 ${wan(r.funds.arrived)}（到位率 ${pct(r.funds.arrivalRate)}）　执行数 ${wan(r.funds.spent)}（执行率 ${pct(r.funds.executionRate)}）`);
  lines.push('出让情况');
  lines.push(`  成交 ${r.transfers.sold} 宗　流拍 ${r.transfers.failed} 宗次　组织出让 ${r.transfers.organised} 宗次　成交总价 ${wan(r.transfers.dealValue)}`);
  lines.push('非税收入');
  lines.push(`  征收任务 ${wan(r.revenue.target)}　上缴 ${wan(r.revenue.remitted)}　完成任务日期 ${r.revenue.targetReachedOn ?? '—'}`);
  lines.push('满意度');
  lines.push(`  评价 ${r.satisfaction.responses} 份　满意率 ${pct(r.satisfaction.rate)}`, '');
  lines.push('绩效指标（一级 / 二级 / 三级：预期 → 实际，是否达成，权重，得分）');
  if (r.indicators.length === 0) lines.push('  （未设置指标）');
  for (const i of r.indicators) {
    const met = i.met === null ? '未评' : i.met ? '达成' : '未达成';
    lines.push(`  ${i.level1} / ${i.level2} / ${i.level3}：${i.expected} → ${i.actual ?? '—'}，${met}，权重 ${i.weight}，得分 ${formatHundredths(i.points)}${i.note ? `（${i.note}）` : ''}`);
  }
  lines.push('');
  const s = r.score;
  lines.push(`自评得分 ${formatHundredths(s.total)}（${s.grade}）= 预算执行 ${formatHundredths(s.execution)} + 指标 ${formatHundredths(s.indicators)} − 扣分 ${formatHundredths(s.deductions)}`);
  for (const d of r.deductions) lines.push(`  扣 ${formatHundredths(d.points)} 分：${d.reason}`);
  lines.push('', `实际完成目标：${r.narrative ?? '—'}`);
  return lines.join('\n');
}

class UsageError extends Error {}

/** An unknown or malformed option (parseArgs throws) is told as a usage error (exit 2), not a crash. */
function usageOnError<T>(parse: () => T, usage: string): T {
  try {
    return parse();
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n${usage}`);
  }
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  import: importCommand,
  'create-admin': createAdminCommand,
  report: reportCommand,
  demo: async () => withDb(async (db) => { await loadDemo(db); console.log('演示数据已载入：staff / guangyuan2020'); return 0; }),
};

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    console.error(`命令：${Object.keys(commands).join('、')}\n例：npm run cli -- import db/demo\n    ${REPORT_USAGE.replace('用法：', '')}`);
    return name ? 2 : 0;
  }
  return cmd(rest);
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof UsageError ? err.message : `出错：${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});

// npm run cli -- <command>: the same code as the web app, for deployments and scripts.
//   import PATH [--dry-run]      a ledger (.xlsx, or a folder of <sheet>.csv) — all or nothing
//   create-admin --username U --center-code C [--center-name N] [--level 省|市|县]
//                                the first admin of a deployment without demo data; the password
//                                is read from TL_ADMIN_PASSWORD or asked for on the terminal
//   demo                         loads the 广元 2020 demo ledger and demo users
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
import { importLedger } from './ledger/import';

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

async function importCommand(args: string[]) {
  const { values, positionals } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } }, allowPositionals: true });
  const path = positionals[0];
  if (!path) throw new UsageError('用法：npm run cli -- import PATH [--dry-run]');
  const files = await readLedgerPath(path);
  const result = await withDb((db) => importLedger(db, files, { actor: cliActor, dryRun: !!values['dry-run'], source: path }));
  if (!result.ok) {
    console.error(`导入失败，共 ${result.errors.length} 处错误，未做任何更改：`);
    for (const e of result.errors) console.error(`  ${e.sheet} 第${e.row}行${e.column ? ` [${e.column}]` : ''}${e.value ? ` “${e.value}”` : ''}：${e.message}`);
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

class UsageError extends Error {}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  import: importCommand,
  'create-admin': createAdminCommand,
  demo: async () => withDb(async (db) => { await loadDemo(db); console.log('演示数据已载入：staff / guangyuan2020'); return 0; }),
};

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    console.error(`命令：${Object.keys(commands).join('、')}\n例：npm run cli -- import db/demo`);
    return name ? 2 : 0;
  }
  return cmd(rest);
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof UsageError ? err.message : `出错：${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});

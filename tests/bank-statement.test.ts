// Issue 12: a bank statement of the deposit account imported as CSV, matched to applications by payer,
// amount and account where exactly one fits, the rest left 未匹配 and matched by hand.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, bankStatementLines, bidApplications, depositReceipts } from '../db/schema';
import { createTestApp, ORIGIN, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let finance: string;
let other: string;
let agency: string;
const apps: Record<string, number> = {};

const idOf = (res: Response, what: string) => Number(new RegExp(`/${what}/(\\d+)`).exec(res.headers.get('location')!)![1]);

async function round(code: string) {
  const parcel = await t.post('/parcels', { code, kind: '土地', name: `${code}地块`, land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '200,000.00' }, staff);
  const res = await t.post('/transfers', {
    parcel: String(idOf(parcel, 'parcels')), mode: '挂牌', agency: String(t.fixture.agencies.a1),
    notice_start: '2020-07-01', notice_end: '2020-07-31', registration_deadline: '2020-07-29', auction_date: '2020-07-31',
  }, staff);
  expect(res.status).toBe(303);
  return idOf(res, 'transfers');
}

async function apply(roundId: number, bidder: number, key: string) {
  expect((await t.post(`/transfers/${roundId}/applications`, { kind: '单独', applied_on: '2020-07-20', bidder_1: String(bidder) }, staff)).status).toBe(303);
  const [a] = await t.db.select().from(bidApplications).orderBy(sql`id desc`).limit(1);
  apps[key] = a!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  [staff, finance, other, agency] = await Promise.all([t.signIn('staff'), t.signIn('finance'), t.signIn('otherStaff'), t.signIn('agency1')]);
  const bidder = async (form: Record<string, string>) => idOf(await t.post('/bidders', form, staff), 'bidders');
  const jia = await bidder({ kind: '法人', name: '四川甲置业有限公司', credit_code: '91510802MA62A3K77Q', legal_rep: '张三' });
  const yi = await bidder({ kind: '法人', name: '四川乙建设有限公司', credit_code: '91510800208745618U', legal_rep: '赵六' });
  const wang = await bidder({ kind: '自然人', name: '王五', id_number: '510802199001011236' });
  const r1 = await round('BANK-P1');
  const r2 = await round('BANK-P2');
  await apply(r1, jia, 'jia1');
  await apply(r1, yi, 'yi1');
  await apply(r1, wang, 'wang1');
  // 甲 applied to both rounds: a 200,000 from 甲 fits either, so it is not matched by itself.
  await apply(r2, jia, 'jia2');
});
afterAll(() => t.close());

function upload(text: string, cookie = finance, name = '农行账户明细.csv') {
  const form = new FormData();
  form.append('file', new File(['\uFEFF' + text], name, { type: 'text/csv' }));
  return t.app.request(`${ORIGIN}/deposits/statements`, { method: 'POST', body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
}

const STATEMENT = [
  '中国农业银行 账户交易明细',
  '账号：22-123401040012345,,,,,,',
  '交易时间,交易流水号,对方户名,对方账号,对方开户行,借方金额,贷方金额,摘要',
  '2020-07-22 09:15:02,ABC20200722001,王五,6228 4800 1234 5678,农行利州支行,,"200,000.00",竞买保证金',
  '2020-07-22 10:01:40,ABC20200722002,四川乙建设有限公司,510012345678901,建行广元分行,,100000.00,保证金（部分）',
  '2020-07-23 14:30:00,ABC20200723001,四川甲置业有限公司,6222000011112222,工行广元分行,,200000.00,保证金',
  '2020-07-23 15:00:00,ABC20200723002,某代缴有限公司,6222999900001111,中行广元分行,,200000.00,代缴保证金',
  '2020-07-24 08:00:00,ABC20200724001,广元市某供电公司,6222333344445555,农行利州支行,500.00,,电费',
  '合计,,,,,500.00,"700,000.00",',
].join('\r\n');

/** The message a redirect leaves for the next page (encoded by redirectWithFlash, then by the cookie). */
const flashOf = (res: Response) => decodeURIComponent(decodeURIComponent(/flash=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''));

const unmatched = async () => t.db.execute<{ id: number; bank_serial: string }>(sql`
  select l.id, l.bank_serial from bank_statement_lines l
  where not exists (select 1 from deposit_receipts r where r.center_id = l.center_id and r.bank_serial = l.bank_serial
                    and r.amount = l.amount and r.payer_account = l.payer_account) order by l.id`).then((r) => [...r]);

describe('a bank statement', () => {
  it('refuses an unreadable statement, saying where, and imports nothing', async () => {
    let res = await upload(STATEMENT.replace('对方账号', '账号'));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('表头缺少列：对方账号');
    res = await upload(STATEMENT.replace('2020-07-23 14:30:00', '2020-07-32').replace('100000.00', '10万元整'));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('第 5 行：贷方金额：金额格式不正确');
    expect(html).toContain('第 6 行：交易时间“2020-07-32”不是有效日期');
    res = await upload(STATEMENT.replace('ABC20200723002', 'ABC20200723001'));
    expect(await res.text()).toContain('第 7 行：交易流水号 ABC20200723001 与第 6 行重复');
    expect(await t.db.$count(bankStatementLines)).toBe(0);
    expect(await t.db.$count(depositReceipts)).toBe(0);
  });

  it('keeps every credit line and matches the one that fits exactly one application', async () => {
    const res = await upload(STATEMENT);
    expect(res.status).toBe(303);
    expect(flashOf(res)).toBe('已导入银行流水：新增流水 4 笔，自动匹配 1 笔，未匹配 3 笔，跳过支出行 1 行');
    const page = await (await t.get('/deposits/worklist?on=2020-07-22', finance)).text();
    const receipts = await t.db.select().from(depositReceipts);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ applicationId: apps.wang1, bankSerial: 'ABC20200722001', payerAccount: '6228480012345678', amount: 200_000_00n });
    // The receipt keeps the bank's time of day.
    expect(page).toMatch(/<td>09:15<\/td>/);
    expect((await unmatched()).map((l) => l.bank_serial)).toEqual(['ABC20200722002', 'ABC20200723001', 'ABC20200723002']);
    expect(page).toContain('未匹配到账（3 笔）');
    const [ev] = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'bank-statement'));
    expect(ev).toMatchObject({ action: 'import' });
  });

  it('imports the same statement again as a no-op', async () => {
    const res = await upload(STATEMENT);
    expect(res.status).toBe(303);
    expect(flashOf(res)).toBe('已导入银行流水：新增流水 0 笔，自动匹配 0 笔，未匹配 0 笔，此前已导入 4 笔（未重复登记），跳过支出行 1 行');
    expect(await t.db.$count(bankStatementLines)).toBe(4);
    expect(await t.db.$count(depositReceipts)).toBe(1);
  });

  it('matches a line by hand, but never a third party\'s money to a bidder', async () => {
    const lines = await unmatched();
    const jiaLine = lines.find((l) => l.bank_serial === 'ABC20200723001')!;
    const strangerLine = lines.find((l) => l.bank_serial === 'ABC20200723002')!;
    const refused = await t.post(`/deposits/statements/lines/${strangerLine.id}/match`, { application: String(apps.yi1) }, finance);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(new RegExp(`id="err-line-${strangerLine.id}">缴款人“某代缴有限公司”不是该报名的竞买人`));
    const none = await t.post(`/deposits/statements/lines/${jiaLine.id}/match`, { application: '' }, finance);
    expect(none.status).toBe(422);
    const ok = await t.post(`/deposits/statements/lines/${jiaLine.id}/match`, { application: String(apps.jia2) }, finance);
    expect(ok.status).toBe(303);
    const [r] = await t.db.select().from(depositReceipts).where(eq(depositReceipts.bankSerial, 'ABC20200723001'));
    expect(r).toMatchObject({ applicationId: apps.jia2, amount: 200_000_00n, payerName: '四川甲置业有限公司' });
    expect((await unmatched()).map((l) => l.bank_serial)).toEqual(['ABC20200722002', 'ABC20200723002']);
    // Matched once: the same line again is refused by its 银行流水号.
    const twice = await t.post(`/deposits/statements/lines/${jiaLine.id}/match`, { application: String(apps.jia1) }, finance);
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('流水 ABC20200723001 已登记为保证金到账，不能再匹配');
  });

  it('is kept as the bank printed it, and is the center\'s own', async () => {
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update bank_statement_lines set amount = 1`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`delete from bank_statement_lines`)).toMatch(/cannot be changed/);
    const [line] = await unmatched();
    expect((await t.post(`/deposits/statements/lines/${line!.id}/match`, { application: String(apps.yi1) }, other)).status).toBe(404);
    expect(await (await t.get('/deposits/worklist', other)).text()).toContain('没有未匹配的到账');
    expect((await upload(STATEMENT, agency)).status).toBe(403);
    expect((await upload(STATEMENT, staff)).status).toBe(303);
    const empty = new FormData();
    const res = await t.app.request(`${ORIGIN}/deposits/statements`, { method: 'POST', body: empty, headers: { Origin: ORIGIN, Cookie: finance } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请选择银行流水 CSV 文件');
  });
});

describe('a bank statement as banks really write it', () => {
  it('refuses control characters with the row, finds 合计 in any column, and takes thousands of lines', async () => {
    const nul = await upload(STATEMENT.replace('竞买保证金', '竞买\u0000保证金'), finance, 'nul.csv');
    expect(nul.status).toBe(422);
    expect(await nul.text()).toContain('第 4 行：含有不可见的控制字符');
    const header = '序号,交易时间,交易流水号,对方户名,对方账号,贷方金额';
    const lines = Array.from({ length: 2500 }, (_, i) => `${i + 1},2020-07-2${i % 9} 10:00,BIG-${i},某公司${i},62220000${String(i).padStart(8, '0')},${100 + i}.00`);
    const before = await t.db.$count(bankStatementLines);
    const big = await upload([header, ...lines, ',合计,,,,"1,234.00"'].join('\r\n'), finance, 'big.csv');
    expect(big.status).toBe(303);
    expect(flashOf(big)).toContain('新增流水 2500 笔');
    expect(await t.db.$count(bankStatementLines)).toBe(before + 2500);
  });

  it('does not count a line as matched by a receipt that carries its serial but other money', async () => {
    const [wang] = await t.db.select().from(bidApplications).where(eq(bidApplications.id, apps.yi1!));
    const receipt = await t.post(`/transfers/${wang!.transferId}/deposits/receipts`, {
      application: String(apps.yi1), bank_serial: 'HAND-1', payer_name: '四川乙建设有限公司', payer_account: '510012345678901', amount: '1.00', received_on: '2020-07-24',
    }, finance);
    expect(receipt.status).toBe(303);
    const line = '交易时间,交易流水号,对方户名,对方账号,贷方金额\r\n2020-07-24 11:00,HAND-1,四川乙建设有限公司,510012345678901,"100,000.00"';
    const res = await upload(line, finance, 'hand.csv');
    expect(flashOf(res)).toContain('自动匹配 0 笔，未匹配 1 笔');
    expect((await unmatched()).map((l) => l.bank_serial)).toContain('HAND-1');
  });
});

describe('a round whose parcel states no 保证金', () => {
  it('is never matched by itself, and a hand match to it is a receipt, not an error', async () => {
    const parcel = await t.post('/parcels', { code: 'BANK-P3', kind: '土地', name: '无保证金地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '' }, staff);
    const r = await t.post('/transfers', { parcel: String(idOf(parcel, 'parcels')), mode: '挂牌', notice_start: '2020-07-01', notice_end: '2020-07-31', registration_deadline: '2020-07-29', auction_date: '2020-07-31' }, staff);
    const [wang] = await t.db.select().from(bidApplications).where(eq(bidApplications.id, apps.wang1!));
    const [member] = await t.db.execute<{ bidder_id: number }>(sql`select bidder_id from bid_application_members where application_id = ${wang!.id}`);
    await apply(idOf(r, 'transfers'), member!.bidder_id, 'wang3');
    const res = await upload('交易时间,交易流水号,对方户名,对方账号,贷方金额\r\n2020-07-25 09:00,NODEP-1,王五,6228480012345678,5000.00', finance, 'nodep.csv');
    expect(flashOf(res)).toContain('自动匹配 0 笔，未匹配 1 笔');
    const line = (await unmatched()).find((l) => l.bank_serial === 'NODEP-1')!;
    expect((await t.post(`/deposits/statements/lines/${line.id}/match`, { application: String(apps.wang3) }, finance)).status).toBe(303);
  });
});

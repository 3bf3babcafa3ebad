// Issue 12, outcome reasons and 中止: a 流拍 states its reason, a 终止 its 文号, a running round may be
// 中止 and 恢复 (dated), and a 成交 — recorded with its 成交确认书 — is never edited: it is declared 无效
// with a 文号 and reason, the voided deal kept in the round's history, and the parcel offered again.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, transferEvents, transfers } from '../db/schema';
import { creditCodeCheckChar } from '../src/lib/credit-code';
import { besideField, createTestApp, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let agency: string;
let parcelId: number;
let roundId: number;

const idOf = (res: Response) => Number(/\/(?:transfers|parcels)\/(\d+)/.exec(res.headers.get('location')!)![1]);
const PARCEL = { kind: '土地', name: '结果测试地块', land_use: '工业', term_years: '50', starting_price: '1,000,000.00', deposit: '' };
const ROUND = { mode: '挂牌', notice_start: '2020-06-01', notice_end: '2020-07-10', auction_date: '2020-07-10' };
const DEAL = { result: '成交', deal_price: '1,200,000.00', winner: '某实业有限公司', deal_date: '2020-07-10', confirmation_no: '确〔2020〕50号', confirmation_date: '2020-07-10' };

beforeAll(async () => {
  t = await createTestApp();
  [staff, agency] = await Promise.all([t.signIn('staff'), t.signIn('agency1')]);
  parcelId = idOf(await t.post('/parcels', { ...PARCEL, code: 'OUT-P1' }, staff));
  roundId = idOf(await t.post('/transfers', { ...ROUND, parcel: String(parcelId) }, staff));
});
afterAll(() => t.close());

const events = () => t.db.select().from(transferEvents).where(eq(transferEvents.transferId, roundId)).orderBy(transferEvents.id);

describe('中止 and 恢复', () => {
  it('suspends a running round with its reason; no result is recorded until it resumes', async () => {
    const bare = await t.post(`/transfers/${roundId}/suspension`, { on: '2020-06-20', reason: '' }, staff);
    expect(bare.status).toBe(422);
    expect(besideField(await bare.text(), 's-reason')).toBe('请填写中止原因');
    expect((await t.post(`/transfers/${roundId}/suspension`, { on: '2020-06-20', reason: '宗地权属争议尚未解决', document_no: '某函〔2020〕9号' }, staff)).status).toBe(303);
    const page = await (await t.get(`/transfers/${roundId}`, staff)).text();
    expect(page).toContain('自 2020-06-20 起中止');
    expect(page).toContain('宗地权属争议尚未解决');
    const deal = await t.post(`/transfers/${roundId}/result`, DEAL, staff);
    expect(besideField(await deal.text(), 'result')).toBe('本场自 2020-06-20 起中止，请先登记恢复再登记结果');
    const again = await t.post(`/transfers/${roundId}/suspension`, { on: '2020-06-21', reason: '再次中止' }, staff);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('<div class="form-errors" role="alert">本场已于 2020-06-20 中止</div>');

    const early = await t.post(`/transfers/${roundId}/resumption`, { on: '2020-06-19' }, staff);
    expect(besideField(await early.text(), 'r-on')).toBe('恢复日期不能早于中止日期 2020-06-20');
    expect((await t.post(`/transfers/${roundId}/resumption`, { on: '2020-06-25', reason: '争议已解决' }, staff)).status).toBe(303);
    expect((await events()).map((e) => [e.kind, e.onDate])).toEqual([['中止', '2020-06-20'], ['恢复', '2020-06-25']]);
    expect((await t.post(`/transfers/${roundId}/suspension`, { on: '2020-06-26', reason: 'x' }, agency)).status).toBe(403);
  });
});

describe('成交 and 成交无效', () => {
  it('records the deal, then refuses to edit it: only a documented 无效 changes it', async () => {
    expect((await t.post(`/transfers/${roundId}/result`, DEAL, staff)).status).toBe(303);
    // A round without applications keeps its typed 竞得人, with a note that says so.
    expect(await (await t.get(`/transfers/${roundId}`, staff)).text()).toContain('本场没有报名与资格审查记录：竞得人“某实业有限公司”按台账文字保留');
    const edit = await t.post(`/transfers/${roundId}/result`, { ...DEAL, deal_price: '1,300,000.00' }, staff);
    expect(edit.status).toBe(422);
    expect(besideField(await edit.text(), 'result')).toContain('成交结果不能修改');

    const bare = await t.post(`/transfers/${roundId}/annulment`, { on: '2020-07-20', document_no: '', reason: '' }, staff);
    expect(bare.status).toBe(422);
    const html = await bare.text();
    expect(besideField(html, 'a-document_no')).toBe('请填写文号');
    expect(besideField(html, 'a-reason')).toBe('请填写无效原因');
    const early = await t.post(`/transfers/${roundId}/annulment`, { on: '2020-07-09', document_no: '某决〔2020〕3号', reason: '竞得人拒签出让合同' }, staff);
    expect(besideField(await early.text(), 'a-on')).toBe('认定无效日期不能早于成交日期 2020-07-10');
    const [stillSold] = await t.db.select().from(transfers).where(eq(transfers.id, roundId));
    expect(stillSold).toMatchObject({ result: '成交', dealPrice: 1_200_000_00n });

    expect((await t.post(`/transfers/${roundId}/annulment`, { on: '2020-07-20', document_no: '某决〔2020〕3号', reason: '竞得人拒签出让合同' }, staff)).status).toBe(303);
    const [voided] = await t.db.select().from(transfers).where(eq(transfers.id, roundId));
    expect(voided).toMatchObject({ result: '无效', dealPrice: null, winner: null, confirmationNo: null, documentNo: '某决〔2020〕3号' });
    const page = await (await t.get(`/transfers/${roundId}`, staff)).text();
    expect(page).toContain('原成交：成交价 1,200,000.00 元，竞得人 某实业有限公司，成交日期 2020-07-10，确认书 确〔2020〕50号');
    expect(page).toContain('竞得人拒签出让合同');
    expect(await (await t.get(`/parcels/${parcelId}`, staff)).text()).toContain('成交无效');
    expect((await events()).map((e) => e.kind)).toEqual(['中止', '恢复', '成交', '无效']);
    const audit = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(sql`entity = 'transfer' and entity_id = ${String(roundId)}`).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'suspend', 'resume', 'record-result', 'annul']);
  });

  it('lets the parcel be offered again, and keeps the history as it was', async () => {
    const next = await t.post('/transfers', { ...ROUND, notice_start: '2020-08-01', notice_end: '2020-09-10', auction_date: '2020-09-10', parcel: String(parcelId) }, staff);
    expect(next.status).toBe(303);
    expect(await t.db.$count(transfers, eq(transfers.parcelId, parcelId))).toBe(2);
    const refusal = (q: ReturnType<typeof sql>) => t.db.execute(q).then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`update transfer_events set reason = 'x'`)).toMatch(/cannot be changed/);
    expect(await refusal(sql`delete from transfer_events`)).toMatch(/cannot be changed/);
  });
});

describe('流拍 and 终止', () => {
  it('needs a 流拍 reason and a 终止 文号 and date; a 终止 is final', async () => {
    const id = idOf(await t.post('/transfers', { ...ROUND, parcel: String(idOf(await t.post('/parcels', { ...PARCEL, code: 'OUT-P2' }, staff))) }, staff));
    const mixed = await t.post(`/transfers/${id}/result`, { result: '终止', failure_reason: '无人报名' }, staff);
    const html = await mixed.text();
    expect(besideField(html, 'failure_reason')).toBe('结果为“终止”时不选流拍原因');
    expect(besideField(html, 'document_no')).toBe('终止须填写终止决定的文号');
    expect(besideField(html, 'decided_on')).toBe('终止须填写终止日期');
    expect((await t.post(`/transfers/${id}/result`, { result: '流拍', failure_reason: '挂牌不成交' }, staff)).status).toBe(303);
    // A 流拍 may be corrected while no next round follows; the correction is in the history.
    expect((await t.post(`/transfers/${id}/result`, { result: '终止', document_no: '某函〔2020〕12号', decided_on: '2020-07-15' }, staff)).status).toBe(303);
    const kinds = await t.db.select({ kind: transferEvents.kind, doc: transferEvents.documentNo }).from(transferEvents).where(eq(transferEvents.transferId, id)).orderBy(transferEvents.id);
    expect(kinds).toEqual([{ kind: '流拍', doc: null }, { kind: '终止', doc: '某函〔2020〕12号' }]);
    const final = await t.post(`/transfers/${id}/result`, { result: '流拍', failure_reason: '挂牌不成交' }, staff);
    expect(besideField(await final.text(), 'result')).toContain('本场已终止（某函〔2020〕12号），结果不能修改');
  });
});

describe('the ledger: 流拍原因 and 文号 columns', () => {
  const ledger = (rows: string[][]): Record<string, string[][]> => ({
    标的: [['中心编码', '标的编号', '类型', '名称', '用途', '出让年限', '起始价'], ['CITY', 'OUT-L1', '土地', '导入地块', '工业', '50', '100000'], ['CITY', 'OUT-L2', '土地', '导入地块二', '工业', '50', '100000']],
    出让活动: [['中心编码', '标的编号', '场次', '方式', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号', '流拍原因', '文号'], ...rows],
  });
  const run = async (l: Record<string, string[][]>) => {
    const { importLedger } = await import('../src/ledger/import');
    const { toCsvFiles } = await import('../src/ledger/testing');
    return t.db.transaction((tx) => importLedger(tx, toCsvFiles(l), { actor: { userId: null, name: 'test' }, dryRun: false }));
  };

  it('imports a 流拍 with its reason, a 无效 with its 文号, and refuses them on the wrong result', async () => {
    const bad = await run(ledger([
      ['CITY', 'OUT-L1', '1', '挂牌', '2020-03-01', '成交', '100000', '某公司', '2020-03-01', '确1号', '挂牌不成交', ''],
      ['CITY', 'OUT-L2', '1', '挂牌', '2020-03-01', '流拍', '', '', '', '', '', '某函1号'],
    ]));
    if (bad.ok) throw new Error('the bad ledger was imported');
    expect(bad.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, '流拍原因', '结果为成交时不应填写流拍原因'],
      [3, '文号', '结果为流拍时不应填写文号（文号用于终止或成交无效）'],
    ]);
    const good = await run(ledger([
      ['CITY', 'OUT-L1', '1', '挂牌', '2020-03-01', '无效', '', '', '', '', '', '某决〔2020〕1号'],
      ['CITY', 'OUT-L1', '2', '挂牌', '2020-05-01', '流拍', '', '', '', '', '挂牌不成交', ''],
    ]));
    expect(good.ok).toBe(true);
    const rows = await t.db.execute<{ round: number; result: string; failure_reason: string | null; document_no: string | null }>(sql`
      select t.round, t.result, t.failure_reason, t.document_no from transfers t join parcels p on p.id = t.parcel_id where p.code = 'OUT-L1' order by t.round`);
    expect([...rows]).toEqual([
      { round: 1, result: '无效', failure_reason: null, document_no: '某决〔2020〕1号' },
      { round: 2, result: '流拍', failure_reason: '挂牌不成交', document_no: null },
    ]);
  });
});

describe('成交确认书 and 结果公示', () => {
  let id: number;
  let admin: string;
  beforeAll(async () => {
    admin = await t.signIn('admin');
    const p = idOf(await t.post('/parcels', { ...PARCEL, code: 'OUT-P3' }, staff));
    id = idOf(await t.post('/transfers', { ...ROUND, notice_start: '2020-08-01', notice_end: '2020-09-30', auction_date: '2020-09-30', parcel: String(p) }, staff));
  });
  const deal = { ...DEAL, deal_date: '2020-09-30', confirmation_no: '确〔2020〕60号' };

  it('needs the 确认书 signed on or after the deal', async () => {
    const early = await t.post(`/transfers/${id}/result`, { ...deal, confirmation_date: '2020-09-29' }, staff);
    expect(besideField(await early.text(), 'confirmation_date')).toBe('成交确认书日期 2020-09-29 早于成交日期 2020-09-30：成交确认书应在成交当日或之后签订');
    const none = await t.post(`/transfers/${id}/result`, { ...deal, confirmation_date: '' }, staff);
    expect(besideField(await none.text(), 'confirmation_date')).toBe('成交须填写成交确认书日期');
    expect((await t.post(`/transfers/${id}/result`, { ...deal, confirmation_date: '2020-10-09' }, staff)).status).toBe(303);
    expect(await (await t.get(`/transfers/${id}`, staff)).text()).toContain('确〔2020〕60号（2020-10-09 签订）');
  });

  it('publishes the result within 10 working days by the calendar, or with an admin\'s exception', async () => {
    // 2020-09-30 + 10 working days over 国庆 (10-01..08 off, Saturday 10-10 on) is 2020-10-21.
    const late = await t.post(`/transfers/${id}/publication`, { on: '2020-10-22' }, staff);
    expect(late.status).toBe(422);
    expect(besideField(await late.text(), 'p-on')).toBe('结果公示日期 2020-10-22 晚于成交后10个工作日（2020-10-21）：出让结果应在出让活动结束后10个工作日内公布（国土资源部令第39号）');
    expect(besideField(await (await t.post(`/transfers/${id}/publication`, { on: '2020-09-29' }, staff)).text(), 'p-on')).toBe('结果公示日期 2020-09-29 早于成交日期 2020-09-30');
    expect((await t.post(`/transfers/${id}/exceptions`, { rule: 'publication', doc_no: '某函〔2020〕20号', reason: '公示媒体停刊' }, admin)).status).toBe(303);
    expect((await t.post(`/transfers/${id}/publication`, { on: '2020-10-22' }, staff)).status).toBe(303);
    const twice = await t.post(`/transfers/${id}/publication`, { on: '2020-10-23' }, staff);
    expect(await twice.text()).toContain('本场结果已于 2020-10-22 公示');
    const [row] = await t.db.select().from(transfers).where(eq(transfers.id, id));
    expect(row).toMatchObject({ confirmationDate: '2020-10-09', resultPublishedOn: '2020-10-22' });
  });

  it('lets a 拍卖 with two qualified bidders close only with an admin\'s exception to the three-bidder rule', async () => {
    const p = idOf(await t.post('/parcels', { ...PARCEL, code: 'OUT-P4' }, staff));
    const r = idOf(await t.post('/transfers', { parcel: String(p), mode: '拍卖', agency: String(t.fixture.agencies.a1), notice_start: '2020-08-01', registration_deadline: '2020-08-20', auction_date: '2020-08-25' }, staff));
    const names = ['四川甲公司', '四川乙公司'];
    const codes = ['91510802MA62A3K77Q', '91510800208745618U'];
    for (const [i, name] of names.entries()) {
      const res = await t.post('/bidders', { kind: '法人', name, credit_code: codes[i]!, legal_rep: '张三' }, staff);
      const b = Number(/\/bidders\/(\d+)/.exec(res.headers.get('location')!)![1]);
      expect((await t.post(`/transfers/${r}/applications`, { kind: '单独', applied_on: '2020-08-10', bidder_1: String(b) }, staff)).status).toBe(303);
    }
    for (const a of await t.db.execute<{ id: number }>(sql`select id from bid_applications where transfer_id = ${r}`)) {
      expect((await t.post(`/transfers/${r}/applications/${a.id}/review`, { review: '通过' }, staff)).status).toBe(303);
    }
    const form = { ...DEAL, deal_date: '2020-08-25', confirmation_date: '2020-08-25', winner: '四川甲公司' };
    expect(besideField(await (await t.post(`/transfers/${r}/result`, form, staff)).text(), 'result')).toContain('拍卖须至少3个竞买人通过资格审查，本场仅 2 个');
    expect((await t.post(`/transfers/${r}/exceptions`, { rule: 'bidders', doc_no: '某函〔2020〕21号', reason: '经集体决策按两人竞价' }, admin)).status).toBe(303);
    expect((await t.post(`/transfers/${r}/result`, form, staff)).status).toBe(303);
  });
});

describe('what a 中止 and a 终止 hold back', () => {
  it('takes no application while suspended, no 中止 before the last 恢复, and counts refunds from the 终止 date', async () => {
    const p = idOf(await t.post('/parcels', { ...PARCEL, code: 'OUT-P5', deposit: '10,000.00' }, staff));
    const r = idOf(await t.post('/transfers', { ...ROUND, notice_start: '2020-07-01', notice_end: '2020-08-31', registration_deadline: '2020-08-28', auction_date: '2020-08-31', parcel: String(p) }, staff));
    const code = '91510800MA6000001';
    const res = await t.post('/bidders', { kind: '法人', name: '四川丙公司', credit_code: code + creditCodeCheckChar(code)!, legal_rep: '张三' }, staff);
    const bidder = Number(/\/bidders\/(\d+)/.exec(res.headers.get('location')!)![1]);
    expect((await t.post(`/transfers/${r}/applications`, { kind: '单独', applied_on: '2020-07-20', bidder_1: String(bidder) }, staff)).status).toBe(303);
    const [app] = await t.db.execute<{ id: number }>(sql`select id from bid_applications where transfer_id = ${r}`);
    const receipt = { application: String(app!.id), bank_serial: 'OUT-5', payer_name: '四川丙公司', payer_account: '6222000011112222', amount: '10000', received_on: '2020-07-21' };
    expect((await t.post(`/transfers/${r}/deposits/receipts`, receipt, staff)).status).toBe(303);

    expect((await t.post(`/transfers/${r}/suspension`, { on: '2020-07-25', reason: '权属争议' }, staff)).status).toBe(303);
    const review = await t.post(`/transfers/${r}/applications/${app!.id}/review`, { review: '通过' }, staff);
    expect(await review.text()).toContain('本场自 2020-07-25 起中止，恢复前不能登记报名或资格审查');
    expect((await t.post(`/transfers/${r}/resumption`, { on: '2020-08-01' }, staff)).status).toBe(303);
    const before = await t.post(`/transfers/${r}/suspension`, { on: '2020-07-30', reason: '再次中止' }, staff);
    expect(besideField(await before.text(), 's-on')).toBe('中止日期不能早于上次恢复日期 2020-08-01');

    // Terminated on Wednesday 2020-08-05, before its 08-31 auction: the deposit is due back by 08-12.
    expect((await t.post(`/transfers/${r}/result`, { result: '终止', document_no: '某函〔2020〕30号', decided_on: '2020-08-05' }, staff)).status).toBe(303);
    const csv = await (await t.get('/deposits/worklist.csv?on=2020-08-13', staff)).text();
    expect(csv).toContain('逾期未退,测试市公共资源交易中心,OUT-P5,1,挂牌,终止,,');
    expect(csv).toMatch(/OUT-P5[^\r\n]*,2020-08-05,2020-08-12,1,10000\.00/);
  });
});

describe('mineral rights: the province\'s notice period in working days', () => {
  it('refuses a deal whose notice was too short by the calendar, and follows the admin\'s setting', async () => {
    const admin = await t.signIn('admin');
    const p = idOf(await t.post('/parcels', { kind: '采矿权', name: '建筑用砂岩矿', mineral: '建筑用砂岩', code: 'OUT-M1', starting_price: '500,000.00', deposit: '' }, staff));
    // 2020-09-21 to 2020-10-20 over 国庆 (09-27 and 10-10 worked): 17 working days, short of 20 + 10 for a 挂牌.
    const r = idOf(await t.post('/transfers', { mode: '挂牌', notice_start: '2020-09-21', notice_end: '2020-10-20', auction_date: '2020-10-20', parcel: String(p) }, staff));
    const deal = { ...DEAL, deal_price: '600,000.00', deal_date: '2020-10-20', confirmation_date: '2020-10-20', confirmation_no: '矿确〔2020〕1号' };
    const short = await t.post(`/transfers/${r}/result`, deal, staff);
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('公告开始至挂牌截止至少 30 个工作日；2020-09-21 至 2020-10-20 仅 17 个工作日');
    const bad = await t.post('/admin/calendar/mineral-notice', { notice_days: '0', listing_days: '5' }, admin);
    expect(besideField(await bad.text(), 'm-notice_days')).toContain('公告期');
    expect((await t.post('/admin/calendar/mineral-notice', { notice_days: '10', listing_days: '5' }, admin)).status).toBe(303);
    expect((await t.post('/admin/calendar/mineral-notice', { notice_days: '10', listing_days: '5' }, staff)).status).toBe(403);
    expect((await t.post(`/transfers/${r}/result`, deal, staff)).status).toBe(303);
    expect((await t.post('/admin/calendar/mineral-notice', { notice_days: '20', listing_days: '10' }, admin)).status).toBe(303);
    // The recorded deal keeps its schedule; an edit that changes the notice facts is held to the rule again.
    const schedule = { mode: '挂牌', notice_start: '2020-09-21', notice_end: '2020-10-20', auction_date: '2020-10-20' };
    const moved = await t.post(`/transfers/${r}`, { ...schedule, notice_start: '2020-09-22' }, staff);
    expect(moved.status).toBe(422);
    expect(await moved.text()).toContain('本场已成交：公告期不足：矿业权挂牌出让');
    const agreed = await t.post(`/transfers/${r}`, { ...schedule, mode: '协议' }, staff);
    expect(besideField(await agreed.text(), 'mode')).toBe('本场已成交：出让方式不能修改');
    expect((await t.post(`/transfers/${r}`, { ...schedule, notice_end: '2020-10-19' }, staff)).status).toBe(303);
  });
});

describe('mineral-right history with a short notice', () => {
  it('imports with a warning on the round', async () => {
    const { importLedger } = await import('../src/ledger/import');
    const { toCsvFiles } = await import('../src/ledger/testing');
    const l = {
      标的: [['中心编码', '标的编号', '类型', '名称', '矿种', '起始价'], ['CITY', 'OUT-M2', '采矿权', '历史矿权', '建筑用灰岩', '100000']],
      出让活动: [['中心编码', '标的编号', '场次', '方式', '公告开始日期', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号'],
        ['CITY', 'OUT-M2', '1', '挂牌', '2020-09-21', '2020-10-12', '成交', '120000', '某矿业公司', '2020-10-12', '矿确〔2020〕9号']],
    };
    const result = await t.db.transaction((tx) => importLedger(tx, toCsvFiles(l), { actor: { userId: null, name: 'test' }, dryRun: false }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings.map((w) => w.kind)).toEqual(['notice-too-short']);
    expect(result.warnings[0]!.message).toContain('公告开始至挂牌截止至少 30 个工作日；2020-09-21 至 2020-10-12 仅 11 个工作日');
  });
});

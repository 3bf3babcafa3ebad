// Issue 12, "deals the law allows": a rule refuses new work on the web with its message beside the
// field, and the same rule keeps imported history with a warning on the record. The two accepted
// examples of the issue — a 成交 of 1,000 元 on a parcel whose 起始价 is 19,140,000 元, and a 挂牌
// announced one day before its 竞价日期 — are refused on the web and imported with a warning.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementParcels, announcements, parcels, transfers } from '../db/schema';
import { toCsvFiles, type Ledger } from '../src/ledger/testing';
import { besideField, createTestApp, ORIGIN, type TestApp } from './helpers/app';

let t: TestApp;
let staff: string;
let admin: string;
let finance: string;

beforeAll(async () => {
  t = await createTestApp();
  [staff, admin, finance] = await Promise.all([t.signIn('staff'), t.signIn('admin'), t.signIn('finance')]);
});
afterAll(() => t.close());

const idOf = (res: Response) => Number(/\/(?:transfers|parcels)\/(\d+)/.exec(res.headers.get('location')!)![1]);
/** The message beside a field of a re-rendered form. */

const PARCEL = { kind: '土地', name: '袁家坝片区C-11地块', land_use: '商服', term_years: '40', starting_price: '19,140,000.00', deposit: '9,570,000.00' };

async function landParcel(code: string) {
  const res = await t.post('/parcels', { ...PARCEL, code }, staff);
  expect(res.status).toBe(303);
  return idOf(res);
}

describe('the law on the web: new work that breaks a rule is refused', () => {
  it('refuses a 房地产用地 deposit below 20% of the 起始价 and a term beyond its use, beside the fields', async () => {
    const low = await t.post('/parcels', { ...PARCEL, code: 'LAW-P1', deposit: '3,827,999.99', term_years: '50' }, staff);
    expect(low.status).toBe(422);
    const html = await low.text();
    expect(besideField(html, 'deposit')).toContain('竞买保证金 3,827,999.99 元低于起始价 19,140,000.00 元的20%（至少 3,828,000.00 元，国土资发〔2010〕34号）');
    expect(besideField(html, 'term_years')).toContain('出让年限 50 年超过商业、旅游、娱乐用地的最高年限 40 年（国务院令第55号第十二条');
    const none = await t.post('/parcels', { ...PARCEL, code: 'LAW-P1', deposit: '' }, staff);
    expect(besideField(await none.text(), 'deposit')).toContain('房地产用地须填写竞买保证金');
    // Inline validation says the same while typing.
    const inline = await t.post('/parcels/validate?field=deposit', { ...PARCEL, code: 'LAW-P1', deposit: '1' }, staff);
    expect(await inline.text()).toContain('国土资发〔2010〕34号');
    // Exactly 20% is lawful; industrial land is not 房地产用地.
    expect((await t.post('/parcels', { ...PARCEL, code: 'LAW-P1', deposit: '3,828,000.00' }, staff)).status).toBe(303);
    expect((await t.post('/parcels', { ...PARCEL, code: 'LAW-P2', land_use: '工业', term_years: '50', deposit: '' }, staff)).status).toBe(303);
    expect(await t.db.$count(parcels, sql`code in ('LAW-P1', 'LAW-P2')`)).toBe(2);
  });

  it('lets a historical parcel that breaks a rule be corrected elsewhere, but not made to break it anew', async () => {
    const [p] = await t.db.insert(parcels).values({
      centerId: t.fixture.centers.city, code: 'LAW-H1', kind: '土地', name: '历史地块', landUse: '住宅', termYears: 70, startingPrice: 1_000_000_00n, deposit: 10_000_00n,
    }).returning();
    const form = { code: 'LAW-H1', kind: '土地', name: '历史地块（更正名称）', land_use: '住宅', term_years: '70', starting_price: '1000000.00', deposit: '10000.00' };
    expect((await t.post(`/parcels/${p!.id}/validate?field=deposit`, form, staff)).status).toBe(200);
    expect(await (await t.post(`/parcels/${p!.id}/validate?field=deposit`, form, staff)).text()).not.toContain('国土资发');
    expect((await t.post(`/parcels/${p!.id}`, form, staff)).status).toBe(303);
    const changed = await t.post(`/parcels/${p!.id}`, { ...form, deposit: '20000.00' }, staff);
    expect(changed.status).toBe(422);
    expect(besideField(await changed.text(), 'deposit')).toContain('至少 200,000.00 元');
  });

  it('refuses a 挂牌 announced one day before its 竞价日期, and a 成交 of 1,000 元 on a 19,140,000 元 起始价', async () => {
    const parcelId = await landParcel('LAW-T1');
    const round = { parcel: String(parcelId), mode: '挂牌', agency: String(t.fixture.agencies.a1), notice_start: '2020-08-11', notice_end: '2020-08-12', auction_date: '2020-08-12' };
    const short = await t.post('/transfers', round, staff);
    expect(short.status).toBe(422);
    expect(besideField(await short.text(), 'notice_start'))
      .toContain('公告期不足：挂牌出让的公告须至少在挂牌开始日前20日发布、挂牌时间不少于10日（国土资源部令第39号），公告开始至挂牌截止（竞价日期）至少 30 日；2020-08-11 至 2020-08-12 仅 1 日');
    expect(await t.db.$count(transfers, sql`parcel_id = ${parcelId}`)).toBe(0);

    const ok = await t.post('/transfers', { ...round, notice_start: '2020-07-10', notice_end: '2020-07-30' }, staff);
    expect(ok.status).toBe(303);
    const id = idOf(ok);
    // Moving the 竞价日期 closer afterwards is refused too.
    const moved = await t.post(`/transfers/${id}`, { ...round, notice_start: '2020-07-10', notice_end: '2020-07-30', auction_date: '2020-08-08' }, staff);
    expect(moved.status).toBe(422);
    expect(await moved.text()).toContain('仅 29 日');

    const deal = { result: '成交', winner: '广元天汇实业有限公司', deal_date: '2020-08-12', confirmation_no: '确〔2020〕19号', confirmation_date: '2020-08-12' };
    const cheap = await t.post(`/transfers/${id}/result`, { ...deal, deal_price: '1,000.00' }, staff);
    expect(cheap.status).toBe(422);
    expect(besideField(await cheap.text(), 'deal_price')).toBe('成交价 1,000.00 元低于起始价 19,140,000.00 元：成交价不得低于起始价');
    expect((await t.db.select({ r: transfers.result }).from(transfers).where(sql`id = ${id}`))[0]!.r).toBe('进行中');
    expect((await t.post(`/transfers/${id}/result`, { ...deal, deal_price: '19,140,000.00' }, staff)).status).toBe(303);
  });

  it('needs a known notice period before a land deal is recorded, from the round or the announcement it cites', async () => {
    const parcelId = await landParcel('LAW-T2');
    const open = await t.post('/transfers', { parcel: String(parcelId), mode: '挂牌', auction_date: '2020-09-23' }, staff);
    const id = idOf(open);
    const deal = { result: '成交', deal_price: '19140000', winner: '某公司', deal_date: '2020-09-23', confirmation_no: '确〔2020〕20号', confirmation_date: '2020-09-23' };
    const unknown = await t.post(`/transfers/${id}/result`, deal, staff);
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('登记成交前，请在出让安排中填写公告开始日期（或选择出让公告）和竞价日期');

    // An announcement published 2020-08-21 covers it: 33 days to the close, lawful.
    const [a] = await t.db.insert(announcements).values({ centerId: t.fixture.centers.city, code: 'LAW-GG-1', title: '挂牌出让公告', publishedOn: '2020-08-21', cost: 0n }).returning();
    await t.db.insert(announcementParcels).values({ announcementId: a!.id, parcelId });
    expect((await t.post(`/transfers/${id}`, { mode: '挂牌', announcement: String(a!.id), auction_date: '2020-09-23' }, staff)).status).toBe(303);
    expect((await t.post(`/transfers/${id}/result`, deal, staff)).status).toBe(303);

    // The deal took its notice date from the announcement: moving that date within 30 days of the close is refused beside it.
    const edit = { code: 'LAW-GG-1', title: '挂牌出让公告', cost: '0', parcels: String(parcelId) };
    const moved = await t.post(`/announcements/${a!.id}`, { ...edit, published_on: '2020-08-25' }, staff);
    expect(moved.status).toBe(422);
    expect(besideField(await moved.text(), 'published_on')).toContain('LAW-T2 第1场已按本公告成交：公告期不足');
    expect((await t.db.select({ on: announcements.publishedOn }).from(announcements).where(sql`id = ${a!.id}`))[0]!.on).toBe('2020-08-21');
    expect((await t.post(`/announcements/${a!.id}`, { ...edit, published_on: '2020-08-20' }, staff)).status).toBe(303);
  });

  it('lets a historical round keep its short notice when its schedule is otherwise corrected', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'LAW-H2', kind: '土地', name: '历史挂牌地块', landUse: '商服', startingPrice: 100n }).returning();
    const [r] = await t.db.insert(transfers).values({
      centerId: t.fixture.centers.city, parcelId: p!.id, round: 1, mode: '挂牌', noticeStart: '2019-08-11', auctionDate: '2019-08-12', result: '流拍',
    }).returning();
    const form = { mode: '挂牌', notice_start: '2019-08-11', auction_date: '2019-08-12', registration_deadline: '2019-08-12' };
    expect((await t.post(`/transfers/${r!.id}`, form, staff)).status).toBe(303);
    expect((await t.post(`/transfers/${r!.id}`, { ...form, notice_start: '2019-08-10' }, staff)).status).toBe(422);
  });
});

describe('a recorded deal keeps what it was checked against', () => {
  it('refuses edits that would undo a deal\'s checks, and lets its other details be corrected', async () => {
    const parcelId = await landParcel('LAW-D1');
    const round = { parcel: String(parcelId), mode: '拍卖', agency: String(t.fixture.agencies.a1), notice_start: '2020-07-10', auction_date: '2020-08-12' };
    const id = idOf(await t.post('/transfers', round, staff));
    const deal = { result: '成交', deal_price: '19140000', winner: '某公司', deal_date: '2020-08-12', confirmation_no: '确〔2020〕30号', confirmation_date: '2020-08-12' };
    expect((await t.post(`/transfers/${id}/result`, deal, staff)).status).toBe(303);
    // The schedule: no clearing a date, no shorter notice, no 协议.
    const edits: [Record<string, string>, string][] = [[{ auction_date: '' }, '本场已成交：公告开始日期（或出让公告）和竞价日期不能清除'],
      [{ notice_start: '2020-07-25' }, '公告期不足'], [{ mode: '协议' }, '本场已成交：出让方式不能修改'], [{ mode: '挂牌' }, '本场已成交：出让方式不能修改']];
    for (const [edit, message] of edits) {
      const res = await t.post(`/transfers/${id}`, { ...round, ...edit }, staff);
      expect(res.status, JSON.stringify(edit)).toBe(422);
      expect(await res.text()).toContain(message);
    }
    expect((await t.post(`/transfers/${id}`, { ...round, registration_deadline: '2020-08-10' }, staff)).status).toBe(303);
    // The parcel: no 类型 change, no 起始价 above the deal.
    const parcelForm = { ...PARCEL, code: 'LAW-D1' };
    const higher = await t.post(`/parcels/${parcelId}`, { ...parcelForm, starting_price: '19,140,000.01' }, staff);
    expect(besideField(await higher.text(), 'starting_price')).toContain('起始价不能改为高于成交价');
    expect(besideField(await (await t.post(`/parcels/${parcelId}`, { ...parcelForm, kind: '采矿权', mineral: '金' }, staff)).text(), 'kind')).toContain('类型不能修改');
    // The deal itself, with its 成交确认书, is never edited: it is declared 无效 with a 文号, the old deal kept.
    const edit = await t.post(`/transfers/${id}/result`, { ...deal, winner: '某置业有限公司' }, staff);
    expect(edit.status).toBe(422);
    expect(besideField(await edit.text(), 'result')).toContain('本场已成交（成交确认书 确〔2020〕30号），成交结果不能修改');
  });

  it('keeps an imported deal below its 起始价 as it was: never edited, only declared 无效 with a 文号', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'LAW-D2', kind: '土地', name: '历史成交地块', landUse: '工业', startingPrice: 5_630_000_00n }).returning();
    const [r] = await t.db.insert(transfers).values({
      centerId: t.fixture.centers.city, parcelId: p!.id, round: 1, mode: '拍卖', auctionDate: '2020-08-12', result: '成交',
      dealPrice: 1000_00n, winner: '某公司', dealDate: '2020-08-12', confirmationNo: '确〔2020〕07号',
    }).returning();
    const deal = { result: '成交', deal_price: '1000', winner: '某机械制造有限公司', deal_date: '2020-08-12', confirmation_no: '确〔2020〕07号', confirmation_date: '2020-08-12' };
    expect((await t.post(`/transfers/${r!.id}/result`, deal, staff)).status).toBe(422);
    expect((await t.post(`/transfers/${r!.id}/result`, { ...deal, deal_price: '999' }, staff)).status).toBe(422);
    const [still] = await t.db.select().from(transfers).where(sql`id = ${r!.id}`);
    expect(still).toMatchObject({ result: '成交', winner: '某公司', dealPrice: 1000_00n });
  });
});

describe('exceptions: an admin sets a rule aside for one record, only with a 文号 and a reason', () => {
  it('lets a historical round with a short notice be closed once an admin records the 文号 that allows it', async () => {
    const [p] = await t.db.insert(parcels).values({ centerId: t.fixture.centers.city, code: 'LAW-E1', kind: '土地', name: '例外地块', landUse: '工业', startingPrice: 100_00n }).returning();
    const [r] = await t.db.insert(transfers).values({
      centerId: t.fixture.centers.city, parcelId: p!.id, round: 1, mode: '挂牌', noticeStart: '2021-01-05', auctionDate: '2021-01-15', result: '进行中',
    }).returning();
    const deal = { result: '成交', deal_price: '100', winner: '某公司', deal_date: '2021-01-15', confirmation_no: '确〔2021〕2号', confirmation_date: '2021-01-15' };
    const refused = await t.post(`/transfers/${r!.id}/result`, deal, staff);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('仅 10 日');

    // Only an admin records an exception, and never without its 文号 and reason.
    expect((await t.post(`/transfers/${r!.id}/exceptions`, { rule: 'notice', doc_no: '广府函〔2021〕3号', reason: '疫情期间缩短公告期' }, staff)).status).toBe(403);
    const bare = await t.post(`/transfers/${r!.id}/exceptions`, { rule: 'notice', doc_no: ' ', reason: '' }, admin);
    expect(bare.status).toBe(422);
    const bareHtml = await bare.text();
    expect(besideField(bareHtml, 'doc_no')).toBe('请填写文号');
    expect(besideField(bareHtml, 'reason')).toBe('请填写理由');
    expect((await t.post(`/transfers/${r!.id}/exceptions`, { rule: 'deposit', doc_no: 'x', reason: 'y' }, admin)).status).toBe(422);
    const ok = await t.post(`/transfers/${r!.id}/exceptions`, { rule: 'notice', doc_no: '广府函〔2021〕3号', reason: '疫情期间缩短公告期' }, admin);
    expect(ok.status).toBe(303);
    const pageHtml = await (await t.get(`/transfers/${r!.id}`, staff)).text();
    expect(pageHtml).toContain('广府函〔2021〕3号');
    expect(pageHtml).toContain('疫情期间缩短公告期');
    expect(pageHtml).not.toContain('登记例外</button>'); // staff see it, only admins add one

    // The notice rule is set aside for this round; the price rule is not.
    const cheap = await t.post(`/transfers/${r!.id}/result`, { ...deal, deal_price: '99.99' }, staff);
    expect(besideField(await cheap.text(), 'deal_price')).toContain('低于起始价');
    expect((await t.post(`/transfers/${r!.id}/result`, deal, staff)).status).toBe(303);

    const audit = await t.db.execute<{ action: string; note: string }>(sql`select action, note from audit_events where entity = 'transfer' and entity_id = ${r!.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['rule-exception', 'record-result']);
    expect(audit[0]!.note).toContain('广府函〔2021〕3号');
    // Kept like the records: never changed, never deleted.
    await expect(t.db.execute(sql`delete from rule_exceptions where entity_id = ${r!.id}`)).rejects.toThrow();
  });

  it('lets an excepted parcel rule be changed on the web, and only that rule', async () => {
    const [p] = await t.db.insert(parcels).values({
      centerId: t.fixture.centers.city, code: 'LAW-E2', kind: '土地', name: '例外住宅地块', landUse: '住宅', termYears: 70, startingPrice: 1_000_000_00n, deposit: 10_000_00n,
    }).returning();
    const form = { code: 'LAW-E2', kind: '土地', name: '例外住宅地块', land_use: '住宅', term_years: '70', starting_price: '1000000.00', deposit: '50000.00' };
    expect((await t.post(`/parcels/${p!.id}`, form, staff)).status).toBe(422);
    expect((await t.post(`/parcels/${p!.id}/exceptions`, { rule: 'notice', doc_no: 'x', reason: 'y' }, admin)).status).toBe(422);
    expect((await t.post(`/parcels/${p!.id}/exceptions`, { rule: 'deposit', doc_no: '广府办〔2020〕8号', reason: '招商引资项目，保证金比例经批准降低' }, admin)).status).toBe(303);
    expect((await t.post(`/parcels/${p!.id}`, form, staff)).status).toBe(303);
    const longer = await t.post(`/parcels/${p!.id}`, { ...form, land_use: '商服' }, staff);
    expect(longer.status).toBe(422);
    expect(besideField(await longer.text(), 'term_years')).toContain('最高年限 40 年');
    expect(await (await t.get(`/parcels/${p!.id}`, staff)).text()).toContain('登记规则例外');
  });
});

/** History that breaks the rules: one deal below its 起始价, one 挂牌 with a one-day notice, one term too long, one deposit too low. */
function history(): Ledger {
  return {
    标的: [
      ['中心编码', '标的编号', '类型', '名称', '位置', '区县', '用途', '面积', '容积率', '出让年限', '矿种', '起始价', '保证金', '资源量', '有效期'],
      ['CITY', 'LR-01', '土地', '袁家坝片区C-11地块', '', '', '商服', '11260', '2.8', '40', '', '19140000', '9570000', '', ''],
      ['CITY', 'LR-02', '土地', '工业园03号地块', '', '', '工业', '40200', '1.0', '60', '', '5630000', '', '', ''],
      ['CITY', 'LR-03', '土地', '城北住宅地块', '', '', '住宅', '22360', '2.2', '70', '', '15650000', '1565000', '', ''],
    ],
    出让公告: [
      ['中心编码', '公告编号', '标题', '媒体', '发布日期', '费用', '标的编号'],
      ['CITY', 'LR-GG-01', '国有建设用地使用权出让公告', '', '2020-07-10', '0', 'LR-01、LR-02、LR-03'],
    ],
    出让活动: [
      ['中心编码', '标的编号', '场次', '方式', '拍卖机构信用代码', '公告编号', '公告开始日期', '公告截止日期', '报名截止日期', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号'],
      ['CITY', 'LR-01', '1', '挂牌', '', 'LR-GG-01', '2020-08-11', '', '', '2020-08-12', '成交', '19140000', '广元天汇实业有限公司', '2020-08-12', '确〔2020〕06号'],
      // No 公告开始日期: the announcement's date is the notice date (33 days, lawful).
      ['CITY', 'LR-02', '1', '拍卖', '91510802MA62A3K77Q', 'LR-GG-01', '', '', '', '2020-08-12', '成交', '1000', '某机械制造有限公司', '2020-08-12', '确〔2020〕07号'],
    ],
  };
}

describe('the law on imported history: true records that break a rule go in with a warning', () => {
  it('lists the four warnings in the preview, imports them when confirmed, and shows each on its record and in the list', async () => {
    const form = new FormData();
    for (const f of toCsvFiles(history())) form.append('files', new File([new Uint8Array(f.data)], f.name));
    const res = await t.app.request(`${ORIGIN}/ledger/import`, { method: 'POST', body: form, headers: { Origin: ORIGIN, Cookie: admin } });
    const html = await res.text();
    expect(res.status, html.slice(0, 2000)).toBe(200);
    expect(html).toContain('含 4 条预警');
    for (const w of ['成交价 1,000.00 元低于起始价 5,630,000.00 元', '2020-08-11 至 2020-08-12 仅 1 日', '出让年限 60 年超过工业用地的最高年限 50 年',
      '竞买保证金 1,565,000.00 元低于起始价 15,650,000.00 元的20%']) expect(html).toContain(w);
    const id = /\/ledger\/import\/([0-9a-f-]{36})\/confirm/.exec(html)![1]!;
    expect((await t.post(`/ledger/import/${id}/confirm`, { warnings: '4', accept_warnings: '1' }, admin)).status).toBe(303);

    const kept = await t.db.execute<{ entity: string; kind: string; ledger_column: string; code: string }>(sql`
      select w.entity, w.kind, w.ledger_column, coalesce(p.code, tp.code) as code from record_warnings w
        left join parcels p on w.entity = 'parcel' and p.id = w.entity_id
        left join transfers t on w.entity = 'transfer' and t.id = w.entity_id left join parcels tp on tp.id = t.parcel_id
      where w.kind in ('below-starting-price', 'notice-too-short', 'deposit-too-low', 'term-too-long') order by code, w.entity, w.kind`);
    expect([...kept]).toEqual([
      { entity: 'transfer', kind: 'notice-too-short', ledger_column: '公告开始日期', code: 'LR-01' },
      { entity: 'parcel', kind: 'term-too-long', ledger_column: '出让年限', code: 'LR-02' },
      { entity: 'transfer', kind: 'below-starting-price', ledger_column: '成交价', code: 'LR-02' },
      { entity: 'parcel', kind: 'deposit-too-low', ledger_column: '保证金', code: 'LR-03' },
    ]);

    // History counts as it happened: both deals are deals.
    expect(await t.db.$count(transfers, sql`result = '成交' and parcel_id in (select id from parcels where code like 'LR-%')`)).toBe(2);

    // On the record: the parcel page (its own and its rounds' warnings) and the round's page.
    const [lr02] = await t.db.select({ id: parcels.id }).from(parcels).where(sql`code = 'LR-02'`);
    const parcelPage = await (await t.get(`/parcels/${lr02!.id}`, staff)).text();
    expect(parcelPage).toContain('出让年限超过法定最高年限');
    expect(parcelPage).toContain('成交价低于起始价');
    expect(parcelPage).toContain('第1场：</strong>成交价 1,000.00 元');
    const [round] = await t.db.select({ id: transfers.id }).from(transfers).where(sql`parcel_id = ${lr02!.id}`);
    const roundPage = await (await t.get(`/transfers/${round!.id}`, staff)).text();
    expect(roundPage).toContain('按历史记录导入；新录入时不允许');
    expect(roundPage).not.toContain('出让年限超过');

    // In finance's list, with a link to the record.
    const list = await (await t.get(`/warnings?kind=below-starting-price`, finance)).text();
    expect(list).toContain('出让活动 LR-02 第1场');
    expect(list).toContain(`href="/transfers/${round!.id}"`);
    expect(await (await t.get(`/warnings?kind=term-too-long`, finance)).text()).toContain(`href="/parcels/${lr02!.id}"`);
  });

  it('refuses the same history under --strict, changing nothing', async () => {
    const { importLedger } = await import('../src/ledger/import');
    const l = history();
    for (const rows of Object.values(l)) for (const row of rows.slice(1)) row.forEach((cell, i) => { row[i] = cell.replace(/LR-/g, 'LS-'); });
    const before = await t.db.$count(parcels);
    const result = await t.db.transaction((tx) => importLedger(tx, toCsvFiles(l), { actor: { userId: null, name: 'test' }, dryRun: false, warnings: 'refuse' }));
    expect(result.ok).toBe(false);
    expect(result.warnings.map((w) => w.kind).sort()).toEqual(['below-starting-price', 'deposit-too-low', 'notice-too-short', 'term-too-long']);
    expect(await t.db.$count(parcels)).toBe(before);
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, auditEvents, parcels, transfers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { creditCodeCheckChar } from '../lib/credit-code';

let t: TestApp;
let staff: string;

// A valid code built from its first 17 characters, so the test does not hard-code a check character.
const FIRST17 = '91510802MA6ABC12D';
const VALID = FIRST17 + creditCodeCheckChar(FIRST17)!;
const WRONG_CHECK = FIRST17 + (VALID.endsWith('0') ? '1' : '0');

async function auditCount(entityId?: number) {
  const [r] = await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditEvents)
    .where(and(eq(auditEvents.entity, 'agency'), entityId === undefined ? undefined : eq(auditEvents.entityId, String(entityId))));
  return r!.n;
}

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  const { city, other } = t.fixture.centers;
  const [p1, p2] = await t.db.insert(parcels).values([
    { centerId: city, code: 'C-001', kind: '土地', name: '城区地块', startingPrice: 500_000_000n },
    { centerId: other, code: 'O-001', kind: '土地', name: '外中心地块', startingPrice: 500_000_000n },
  ]).returning();
  await t.db.insert(transfers).values([
    { centerId: city, parcelId: p1!.id, round: 1, mode: '拍卖', agencyId: t.fixture.agencies.a1, result: '成交', auctionDate: '2020-06-01',
      dealPrice: 612_345_678n, winner: '竞得公司', dealDate: '2020-06-01', confirmationNo: 'CJ-2020-1' },
    { centerId: other, parcelId: p2!.id, round: 1, mode: '拍卖', agencyId: t.fixture.agencies.a1, result: '流拍', auctionDate: '2020-07-01' },
  ]);
});
afterAll(() => t.close());

const valid = { credit_code: VALID.toLowerCase(), name: '新登记拍卖有限公司', contact_person: '王五', contact_phone: '(0839) 321-2345' };
let createdId = 0;

describe('agencies', () => {
  it('registers an agency with its code normalized to upper case, and audits it', async () => {
    const before = await auditCount();
    const res = await t.post('/agencies', valid, staff);
    expect(res.status).toBe(303);
    const loc = res.headers.get('location')!;
    expect(loc).toMatch(/^\/agencies\/\d+$/);
    createdId = Number(loc.split('/').pop());
    const [row] = await t.db.select().from(agencies).where(eq(agencies.id, createdId));
    expect(row!.creditCode).toBe(VALID);
    expect(await auditCount()).toBe(before + 1);
    expect(await auditCount(createdId)).toBe(1);
    const html = await (await t.get(loc, staff)).text();
    expect(html).toContain('新登记拍卖有限公司');
    expect(html).toContain(VALID);
    expect(html).toContain('(0839) 321-2345');
  });

  it('lists every agency with its transfers in the current center, filters and exports', async () => {
    const list = await (await t.get('/agencies', staff)).text();
    expect(list).toContain('新登记拍卖有限公司');
    // a1 ran one transfer in the city center and one elsewhere: only the city's counts.
    expect(list).toMatch(/测试甲拍卖有限公司<\/a><\/td><td>91510802MA62A3K77Q<\/td><td><\/td><td><\/td><td class="num">1<\/td>/);
    const filtered = await (await t.get(`/agencies?q=${VALID.slice(0, 12).toLowerCase()}`, staff)).text();
    expect(filtered).toContain('新登记拍卖有限公司');
    expect(filtered).not.toContain('测试甲拍卖有限公司');
    const frag = await (await t.get('/agencies?q=测试乙&sort=transfers&dir=desc', staff, { 'HX-Request': 'true', 'HX-Target': 'div#agency-results' })).text();
    expect(frag.startsWith('<div id="agency-results">')).toBe(true);
    expect(frag).toContain('测试乙拍卖有限公司');
    expect(frag).not.toContain('测试甲拍卖有限公司');
    const csv = await (await t.get('/agencies/export.csv', staff)).text();
    expect(csv.split('\r\n')[0]).toBe('统一社会信用代码,名称,联系人,联系电话,本中心出让场次');
    expect(csv).toContain('91510802MA62A3K77Q,测试甲拍卖有限公司,,,1');
    expect(csv).toContain(`${VALID},新登记拍卖有限公司,王五,(0839) 321-2345,0`);
  });

  it('shows on its page only the transfers in the user’s centers', async () => {
    const html = await (await t.get(`/agencies/${t.fixture.agencies.a1}`, staff)).text();
    expect(html).toContain('C-001');
    expect(html).toContain('6,123,456.78');
    expect(html).not.toContain('O-001');
    const other = await t.signIn('otherStaff');
    const theirs = await (await t.get(`/agencies/${t.fixture.agencies.a1}`, other)).text();
    expect(theirs).toContain('O-001');
    expect(theirs).not.toContain('C-001');
  });

  it('checks the credit code on submit, with the message beside the field', async () => {
    const cases: [string, string][] = [
      [WRONG_CHECK, '校验位不符'],
      [VALID.slice(0, 17), '应为18位，当前为17位'],
      [`${VALID.slice(0, 9)}I${VALID.slice(10)}`, '不允许的字符“I”'],
      ['', '请填写统一社会信用代码'],
    ];
    for (const [code, message] of cases) {
      const res = await t.post('/agencies', { ...valid, credit_code: code }, staff);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`id="err-credit_code"[^>]*>[^<]*${message}`));
      expect(html).toContain(`value="${code}"`);
      expect(html).toContain('value="新登记拍卖有限公司"');
    }
  });

  it('checks the credit code inline', async () => {
    const check = async (code: string) =>
      (await t.post('/agencies/validate?field=credit_code', { credit_code: code }, staff)).text();
    expect(await check(VALID.toLowerCase())).toBe('<span id="err-credit_code" class="field-error"></span>');
    expect(await check(WRONG_CHECK)).toContain('校验位不符');
    expect(await check('91510802MA62A3K7')).toContain('应为18位，当前为16位');
    expect(await check('91510802MA62A3K7OQ')).toContain('不允许的字符“O”');
    const phone = await (await t.post('/agencies/validate?field=contact_phone', { contact_phone: '0839#1234567' }, staff)).text();
    expect(phone).toContain('联系电话只能包含数字、空格');
  });

  it('checks the other fields and a registered code', async () => {
    const res = await t.post('/agencies', { ...valid, name: '', contact_phone: '123' }, staff);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('请填写名称');
    expect(html).toContain('长度为7至20位');
    const dup = await t.post('/agencies', { ...valid, credit_code: '91510802ma62a3k77q' }, staff);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('该统一社会信用代码已登记');
  });

  it('updates an agency, refuses another agency’s code, and audits once per write', async () => {
    const edit = await (await t.get(`/agencies/${createdId}/edit`, staff)).text();
    expect(edit).toContain(`value="${VALID}"`);
    const res = await t.post(`/agencies/${createdId}`, { ...valid, name: '更名后拍卖有限公司', contact_phone: '' }, staff);
    expect(res.status).toBe(303);
    expect(await auditCount(createdId)).toBe(2);
    const [row] = await t.db.select().from(agencies).where(eq(agencies.id, createdId));
    expect(row).toMatchObject({ name: '更名后拍卖有限公司', contactPhone: null });
    const [audit] = await t.db.select().from(auditEvents)
      .where(and(eq(auditEvents.entity, 'agency'), eq(auditEvents.action, 'update'), eq(auditEvents.entityId, String(createdId))));
    expect(audit!.before).toMatchObject({ name: '新登记拍卖有限公司' });
    expect(audit!.after).toMatchObject({ name: '更名后拍卖有限公司' });

    const clash = await t.post(`/agencies/${createdId}`, { ...valid, credit_code: '91510800208745618U' }, staff);
    expect(clash.status).toBe(422);
    expect(await clash.text()).toContain('该统一社会信用代码已登记');
    expect(await auditCount(createdId)).toBe(2);
    expect((await t.get('/agencies/999999', staff)).status).toBe(404);
  });

  it('keeps agency users out and lets finance only read', async () => {
    const agency = await t.signIn('agency1');
    for (const path of ['/agencies', `/agencies/${t.fixture.agencies.a1}`, '/agencies/new', '/agencies/export.csv']) {
      expect((await t.get(path, agency)).status).toBe(403);
    }
    expect((await t.post('/agencies', valid, agency)).status).toBe(403);
    const finance = await t.signIn('finance');
    expect((await t.get('/agencies', finance)).status).toBe(200);
    expect((await t.get(`/agencies/${createdId}/edit`, finance)).status).toBe(403);
    expect((await t.post('/agencies/validate?field=name', { name: 'x' }, finance)).status).toBe(403);
  });
});

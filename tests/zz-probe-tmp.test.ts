import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parcels } from '../db/schema';
import { createTestApp, ORIGIN, type TestApp } from './helpers/app';
import { importLedger } from '../src/ledger/import';

let t: TestApp;
let staff: string, admin: string, agency: string;
beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff'); admin = await t.signIn('admin'); agency = await t.signIn('agency1');
});
afterAll(() => t.close());
const log = (...a: unknown[]) => console.log('PROBE', ...a);

describe('probe', () => {
  it('runs', async () => {
    let r = await t.post('/login', { username: 'a\u0000b', password: 'x' });
    log('login NUL username', r.status);
    r = await t.post('/login', { username: 'staff', password: 'test-password-123', next: '/\t/evil.example' });
    log('login next tab', r.status, JSON.stringify(r.headers.get('location')));
    r = await t.post('/login', { username: 'staff', password: 'test-password-123', next: '/a\nb' });
    log('login next newline', r.status, JSON.stringify(r.headers.get('location')));
    const base = { code: 'P-X', kind: '土地', name: 'n', starting_price: '100' };
    r = await t.post('/parcels', { ...base, plot_ratio: '1234567' }, staff);
    log('plot_ratio overflow', r.status);
    r = await t.post('/parcels', { ...base, code: 'P-Y', name: 'a\u0000b' }, staff);
    log('parcel NUL name', r.status);
    r = await t.get('/parcels?q=%00', staff);
    log('list q NUL', r.status);
    r = await t.get('/admin/audit?actor=%00', admin);
    log('audit actor NUL', r.status);
    r = await t.get('/ledger/import/------------------------------------', admin);
    log('import id dashes', r.status);
    r = await t.post('/context', { center: String(t.fixture.centers.city), year: '2020' }, staff, { Referer: 'not a url' });
    log('context bad referer', r.status);
    r = await t.app.request(`${ORIGIN}/parcels`, { method: 'POST', body: 'garbage', headers: { Origin: ORIGIN, Cookie: staff, 'Content-Type': 'multipart/form-data; boundary=zzz' } });
    log('bad multipart', r.status);
    r = await t.app.request(`${ORIGIN}/parcels`, { method: 'POST', body: '{"a":1}', headers: { Origin: ORIGIN, Cookie: staff, 'Content-Type': 'application/json' } });
    log('json body', r.status);
    for (const p of ['/static/..%2fpackage.json', '/static/%2e%2e/package.json', '/static/../package.json', '/static/..%5cpackage.json', '/static/vendor/../../package.json']) {
      r = await t.get(p); log('static', p, r.status, (await r.text()).slice(0, 30));
    }
    r = await t.get('/ledger/export.xlsx', agency); log('agency export', r.status);
    r = await t.post('/parcels', { ...base, code: 'P-Z', area: '99999999999999.9999' }, staff); log('area big', r.status);
    r = await t.get('/parcels?year=2020&page=100000&sort=deal&dir=desc', staff); log('list big page', r.status);
    r = await t.post(`/parcels/validate?field=${encodeURIComponent('"><script>')}`, {}, staff); log('validate field', r.status, (await r.text()).slice(0, 120));
    // HX error path
    r = await t.get('/parcels/abc', staff, { 'HX-Request': 'true' }); log('hx 404', r.status, r.headers.get('HX-Retarget'));
  });

  it('import rules', async () => {
    const csv = (s: string) => Buffer.from(s);
    const files = [
      { name: '交易中心.csv', data: csv('编码,名称,级别,上级编码\nCITY,测试市公共资源交易中心,市,\n') },
      { name: '标的.csv', data: csv('中心编码,标的编号,类型,名称,起始价\nCITY,IMP-1,土地,地块一,100\nCITY,IMP-2,土地,地块二,100\n') },
      { name: '出让公告.csv', data: csv('中心编码,公告编号,标题,发布日期,费用,标的编号\nCITY,G1,公告,2020-01-01,10,IMP-2\n') },
      { name: '出让活动.csv', data: csv('中心编码,标的编号,场次,方式,拍卖机构信用代码,公告编号,竞价日期,结果,成交价,竞得人,成交日期,成交确认书编号\n'
        + 'CITY,IMP-1,1,拍卖,,,2020-02-01,进行中,,,,\n'
        + 'CITY,IMP-1,2,拍卖,,G1,2020-03-01,成交,100,某人,2020-02-01,Q1\n') },
    ];
    const res = await importLedger(t.db, files, { actor: { userId: null, name: 'probe' }, dryRun: true });
    log('import 进行中→round2 + announcement not covering + 拍卖 without agency + deal before auction', JSON.stringify(res));
    const nul = [{ name: '标的.csv', data: csv('中心编码,标的编号,类型,名称,起始价\nCITY,IMP-3,土地,地\u0000块,100\n') }];
    try { const r2 = await importLedger(t.db, nul, { actor: { userId: null, name: 'probe' }, dryRun: true }); log('import NUL', JSON.stringify(r2)); }
    catch (e) { log('import NUL threw', (e as Error).message); }
    const land = [{ name: '标的.csv', data: csv('中心编码,标的编号,类型,名称,矿种,出让年限,起始价\nCITY,IMP-4,土地,地,金矿,900,100\n') }];
    log('import land+mineral', JSON.stringify(await importLedger(t.db, land, { actor: { userId: null, name: 'probe' }, dryRun: true })));
  });
});

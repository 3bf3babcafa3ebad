// The browser journeys of issue 6: the real app (as `npm start` runs it, on a fresh data folder
// with the demo) driven by Debian's chromium. Screenshots go to test-output/browser/<journey>/.
//
// The journeys share one app and run in this order on purpose: the leader reads GYJY's 2020
// report as the demo loaded it (17宗, 95.00), and the agency answers this year's survey, before
// staff sell a new 2020 parcel and finance pays its agency fee out of the 2020 project, which
// changes those figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, stopServersIn, type RunningApp } from '../helpers/server';
import { fen, launchChromium, mainText, outputDir, startJourney, type Journey } from './support';

const dataDir = mkdtempSync(join(tmpdir(), 'tl-browser-'));
let app: RunningApp;
let browser: Browser;
const journeys: Journey[] = [];

beforeAll(async () => {
  // Both start at once; whatever did start is kept, so afterAll stops it even when the other failed.
  const started = await Promise.allSettled([
    startApp({ DATA_DIR: dataDir }).then((a) => { app = a; }),
    launchChromium().then((b) => { browser = b; }),
  ]);
  for (const s of started) if (s.status === 'rejected') throw s.reason;
});
afterAll(async () => {
  await Promise.all(journeys.map((j) => j.context.close()));
  await browser?.close();
  await app?.stop();
  await stopServersIn(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

async function journey(name: string) {
  const j = await startJourney(browser, app.url, name);
  journeys.push(j);
  return j;
}

const thisYear = new Date().getFullYear();

/** The parcel the staff journey registers and sells, and whose agency fee finance then pays. */
const NEW_PARCEL = {
  code: 'GY2020-20', announcement: 'GYJY-GG-2020-09', name: '利州区雪峰片区X-09地块（浏览器测试）', agency: '广元市嘉陵拍卖有限责任公司',
  price: '9,150,000.00', winner: '广元市雪峰置业有限公司', date: '2020-12-28', confirmation: '广公资交（土）确〔2020〕18号',
  // 嘉陵's 2020 agreement: 按宗固定 20,000.00 a round.
  fee: '20,000.00',
};

describe('browser journeys', () => {
  it('leader: opens the 2020 performance report and downloads it as xlsx', async () => {
    const j = await journey('leader');
    const { page } = j;
    await j.signIn('leader');
    await page.click('nav.nav a:text-is("项目经费")');
    await page.waitForURL('**/projects');
    // The year filter swaps the list in place (htmx): GYZW sees its four projects and GYJY's one.
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 7; });
    await page.selectOption('#main select[name=year]', '2020');
    await expect.poll(() => page.locator('#project-results tbody tr').count()).toBe(5);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    expect(page.url()).toContain('year=2020');
    await j.shot('projects-2020');

    const row = page.locator('#project-results tbody tr', { hasText: '土地出让工作经费' });
    await expect.poll(() => row.innerText()).toMatch(/95\.00\s+优/);
    await Promise.all([page.waitForURL(/\/projects\/\d+$/), row.locator('a:text-is("土地出让工作经费")').click()]);
    await Promise.all([page.waitForURL(/\/projects\/\d+\/performance$/), page.click('#main a:text-is("绩效报告")')]);
    const report = await mainText(page);
    expect((await page.innerText('main h1')).replace(/\s+/g, '')).toBe('土地出让工作经费项目绩效目标完成情况表');
    expect(report).toContain('(2020年度) 项目名称 土地出让工作经费');
    expect(report).toContain('完成2020年度土地出让17宗，上缴财政年度非税收入2200余万元。');
    expect(report).toMatch(/总分 100\.00 95\.00/);
    expect(report).toContain('等级：优');
    await j.shot('performance-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text-is("下载 Excel")')]);
    expect(download.suggestedFilename()).toBe('土地出让工作经费2020年绩效目标完成情况表.xlsx');
    const file = join(outputDir, 'leader', download.suggestedFilename());
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const cells: unknown[] = [];
    book.eachSheet((sheet) => sheet.eachRow((r) => r.eachCell((c) => { cells.push(c.value); })));
    const texts = cells.map((v) => (typeof v === 'object' && v !== null && 'richText' in v
      ? (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('') : String(v)));
    expect(texts.some((t) => t.includes('土地出让工作经费'))).toBe(true);
    expect(cells.some((v) => v === 95 || (typeof v === 'string' && /^95(\.00)?$/.test(v)))).toBe(true);
    expect(j.problems).toEqual([]);
  });

  it('agency: answers this year\'s open survey, sees its answer and may still change it', async () => {
    const j = await journey('agency');
    const { page } = j;
    await j.signIn('agency1');
    await page.click('nav.nav a:text-is("机构门户")');
    await expect.poll(() => page.textContent('main h1')).toContain('机构门户');
    await j.shot('portal');

    const title = `${thisYear}年度拍卖机构满意度调查`;
    await page.click('nav.nav a:text-is("满意度调查")');
    await expect.poll(() => page.locator('main tr', { hasText: title }).innerText()).toContain('待作答');
    await j.shot('surveys');
    await Promise.all([page.waitForURL(/\/surveys\/\d+$/), page.click(`main a:text-is("${title}")`)]);
    const surveyUrl = page.url();
    await expect.poll(() => page.textContent('#answer-form h2')).toBe('作答');

    // Every question: the rating ones 5, 4, 5 (radio buttons), the free-text one in words.
    const ratings = ['5', '4', '5'];
    const groups = page.locator('#answer-form [role=group]');
    expect(await groups.count()).toBe(ratings.length);
    for (const [i, r] of ratings.entries()) await groups.nth(i).locator(`input[type=radio][value="${r}"]`).check();
    const suggestion = '建议年末场次提前一个月通知排期。';
    await page.locator('#answer-form textarea[name^="q_"]').fill(suggestion);
    await page.selectOption('#answer-form select[name=rating]', '非常满意');
    const comment = '竞价现场组织有序，劳务费结算及时。';
    await page.fill('#answer-form textarea[name=comment]', comment);
    await j.shot('answer-filled');
    await Promise.all([page.waitForURL(surveyUrl), page.click('#answer-form button:text-is("提交")')]);
    await expect.poll(() => page.textContent('#flash')).toContain('已提交答卷，谢谢');
    await j.shot('submitted');

    // The page shows the answer as given, and (the survey still open) as an answer to change.
    const shownAnswer = async () => {
      await expect.poll(() => page.textContent('#answer-form h2')).toBe('修改本机构的答卷');
      expect(await page.textContent('#answer-form')).toContain('本机构已作答，可在调查结束前修改。');
      for (const [i, r] of ratings.entries()) expect(await groups.nth(i).locator('input[type=radio]:checked').getAttribute('value')).toBe(r);
      expect(await page.inputValue('#answer-form textarea[name^="q_"]')).toBe(suggestion);
      expect(await page.inputValue('#answer-form select[name=rating]')).toBe('非常满意');
      expect(await page.inputValue('#answer-form textarea[name=comment]')).toBe(comment);
    };
    await shownAnswer();

    // A second visit: the list says it is answered, and the answer can still be changed.
    await page.click('nav.nav a:text-is("满意度调查")');
    await expect.poll(() => page.locator('main tr', { hasText: title }).innerText()).toContain('已作答');
    await page.click(`main a:text-is("${title}")`);
    await page.waitForURL(surveyUrl);
    await shownAnswer();
    await page.selectOption('#answer-form select[name=rating]', '满意');
    await Promise.all([page.waitForURL(surveyUrl), page.click('#answer-form button:text-is("保存修改")')]);
    await expect.poll(() => page.textContent('#flash')).toContain('已保存对答卷的修改');
    expect(await page.inputValue('#answer-form select[name=rating]')).toBe('满意');
    await j.shot('changed');
    expect(j.problems).toEqual([]);
  });

  it('staff: filters parcels without reload, validates inline, records a running round\'s deal', async () => {
    const j = await journey('staff-filter');
    const { page } = j;
    await page.goto('/parcels');
    await expect.poll(() => page.url()).toContain('/login');
    await page.fill('input[name=username]', 'staff');
    await page.fill('input[name=password]', 'guangyuan2020');
    await j.shot('login');
    await Promise.all([page.waitForURL(`${app.url}/parcels`), page.click('button[type=submit]')]);

    // Filtering swaps the results in place (htmx) — the page itself is not reloaded.
    const marker = await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; return 42; });
    await page.fill('input[name=year]', '2020');
    await page.selectOption('select[name=status]', '已成交');
    await expect.poll(() => page.locator('#parcel-results tbody tr').count()).toBe(17);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);
    expect(page.url()).toContain('status=');
    await j.shot('parcels-2020-sold');

    // Inline validation (htmx): a wrong check character is reported when the field is left.
    await page.goto('/agencies/new');
    await page.fill('input[name=credit_code]', '91510802MA62A3K77A');
    await page.press('input[name=credit_code]', 'Tab');
    await expect.poll(() => page.textContent('#err-credit_code')).toContain('校验位不符');

    // GY2020-19 has a round still running: record its deal.
    await page.goto('/parcels?q=GY2020-19');
    await page.click('#parcel-results a:text("GY2020-19")');
    await page.click('a:text("第1场")');
    await page.click('a:text("登记结果")');
    await page.selectOption('select[name=result]', '成交');
    // The example: 1,000 元 against a 起始价 of 19,140,000 元.
    await page.fill('input[name=deal_price]', '1,000.00');
    await page.fill('input[name=winner]', '广元测试置业有限公司');
    await page.fill('input[name=deal_date]', '2021-01-27');
    // A missing field is reported beside it, and what was typed is kept.
    j.expectStatus(422);
    await Promise.all([page.waitForLoadState('load'), page.click('button:text("保存结果")')]);
    await expect.poll(() => page.locator('#err-confirmation_no').textContent()).toContain('成交须填写成交确认书编号');
    expect(await page.inputValue('input[name=winner]')).toBe('广元测试置业有限公司');
    await page.fill('input[name=confirmation_no]', '广公资交（土）确〔2021〕01号');
    // A deal below the 起始价 is refused beside the price (the law's rules, src/transfers/law.ts).
    j.expectStatus(422);
    await Promise.all([page.waitForLoadState('load'), page.click('button:text("保存结果")')]);
    await expect.poll(() => page.locator('#err-deal_price').textContent()).toContain('成交价 1,000.00 元低于起始价 19,140,000.00 元');
    await j.shot('deal-below-starting-price');
    await page.fill('input[name=deal_price]', '19,860,000.00');
    await Promise.all([page.waitForURL(/\/parcels\/\d+$/), page.click('button:text("保存结果")')]);
    const body = await page.textContent('main');
    expect(body).toContain('已成交');
    expect(body).toContain('19,860,000.00');
    expect(body).toContain('广元测试置业有限公司');
    await j.shot('deal-recorded');
    expect(j.problems).toEqual([]);
  });

  it('staff: registers a parcel, schedules its auction and records the deal', async () => {
    const j = await journey('staff');
    const { page } = j;
    const p = NEW_PARCEL;
    await j.signIn('staff');
    await page.click('nav.nav a:text-is("标的")');
    await Promise.all([page.waitForURL('**/parcels/new'), page.click('#main a:text-is("登记标的")')]);
    await page.fill('input[name=code]', p.code);
    await page.selectOption('select[name=kind]', '土地');
    await page.fill('input[name=name]', p.name);
    await page.fill('input[name=location]', '利州区雪峰街道雪峰路北侧');
    await page.fill('input[name=district]', '利州区');
    await page.fill('input[name=starting_price]', '8,800,000.00');
    await page.fill('input[name=deposit]', '1,760,000.00');
    await page.fill('input[name=land_use]', '住宅');
    await page.fill('input[name=area]', '12560.5');
    await page.fill('input[name=plot_ratio]', '2.2');
    // 80 years is beyond the 70 the law allows: reported beside the field as soon as it is left (htmx)…
    await page.fill('input[name=term_years]', '80');
    await page.press('input[name=term_years]', 'Tab');
    await expect.poll(() => page.textContent('#err-term_years')).toMatch(/出让年限.*70/);
    await j.shot('parcel-inline-error');
    // …and again when the form is sent anyway, with everything typed kept.
    j.expectStatus(422);
    await Promise.all([page.waitForLoadState('load'), page.click('button:text-is("保存")')]);
    await expect.poll(() => page.textContent('.form-errors')).toContain('表单有 1 处错误');
    expect(await page.textContent('#err-term_years')).toMatch(/出让年限.*70/);
    expect(await page.inputValue('input[name=name]')).toBe(p.name);
    expect(await page.inputValue('input[name=starting_price]')).toBe('8,800,000.00');
    expect(await page.inputValue('input[name=term_years]')).toBe('80');
    await j.shot('parcel-error-submitted');
    await page.fill('input[name=term_years]', '70');
    await Promise.all([page.waitForURL(/\/parcels\/\d+$/), page.click('button:text-is("保存")')]);
    await expect.poll(() => page.textContent('#flash')).toContain(`已登记标的 ${p.code}`);
    const parcelUrl = page.url();
    expect(await mainText(page)).toContain('尚未组织出让');
    await j.shot('parcel-registered');

    // Its auction is announced first: the announcement covers the new parcel, whose share is all of the cost.
    await page.click('nav.nav a:text-is("出让公告")');
    await Promise.all([page.waitForURL('**/announcements/new'), page.click('#main a:text-is("登记公告")')]);
    await page.fill('input[name=code]', p.announcement);
    await page.fill('input[name=title]', '广元市国有建设用地使用权拍卖出让公告（2020年第9号）');
    await page.fill('input[name=medium]', '广元日报');
    await page.fill('input[name=published_on]', '2020-12-01');
    await page.fill('input[name=cost]', '1,200.00');
    await page.check(`label.check:has-text("${p.code}") input[name=parcels]`);
    await j.shot('announcement-form');
    await Promise.all([page.waitForURL(/\/announcements\/\d+$/), page.click('button:text-is("保存")')]);
    await expect.poll(() => page.textContent('#flash')).toContain(`已登记公告 ${p.announcement}`);
    await page.goto(parcelUrl);

    // The first round: an auction run by 嘉陵 under that announcement (offered as the default).
    await Promise.all([page.waitForURL(/\/transfers\/new\?parcel=\d+$/), page.click('a:text("新增出让活动（第1场）")')]);
    expect(await page.locator('select[name=announcement] option:checked').textContent()).toContain(p.announcement);
    await page.selectOption('select[name=mode]', '拍卖');
    await page.selectOption('select[name=agency]', { label: p.agency });
    await page.fill('input[name=notice_start]', '2020-12-01');
    await page.fill('input[name=notice_end]', '2020-12-21');
    await page.fill('input[name=registration_deadline]', '2020-12-24');
    await page.fill('input[name=auction_date]', p.date);
    await j.shot('round-form');
    await Promise.all([page.waitForURL(/\/transfers\/\d+$/), page.click('button:text-is("保存")')]);
    await expect.poll(() => page.textContent('#flash')).toContain(`已新增 ${p.code} 第1场出让活动`);
    await j.shot('round-scheduled');

    await Promise.all([page.waitForURL(/\/transfers\/\d+\/result$/), page.click('a:text-is("登记结果")')]);
    await page.selectOption('select[name=result]', '成交');
    await page.fill('input[name=deal_price]', p.price);
    await page.fill('input[name=winner]', p.winner);
    await page.fill('input[name=deal_date]', p.date);
    await page.fill('input[name=confirmation_no]', p.confirmation);
    await j.shot('result-form');
    await Promise.all([page.waitForURL(parcelUrl), page.click('button:text-is("保存结果")')]);
    await expect.poll(() => page.textContent('#flash')).toContain(`已登记 ${p.code} 第1场结果：成交`);
    expect(await page.textContent('main h1 .status')).toBe('已成交');
    const round = await page.locator('main table.data').first().locator('tbody tr').first().innerText();
    for (const v of ['第1场', '拍卖', p.agency, p.announcement, p.date, '成交', p.price, p.winner, p.confirmation]) expect(round).toContain(v);
    const text = await mainText(page);
    expect(text).toContain('起始价 8,800,000.00 元');
    expect(text).toContain('出让成本（公告费分摊）合计 1,200.00 元');
    await j.shot('deal-recorded');
    expect(j.problems).toEqual([]);
  });

  it('finance: drafts an agency fee, every approver signs it in turn, the cashier pays it', async () => {
    const j = await journey('finance');
    const { page } = j;
    const p = NEW_PARCEL;
    await j.signIn('finance');

    // What the 2020 project has spent before, exactly (the list shows yuan).
    const spent = async () => {
      await page.goto('/projects?year=2020');
      const column = (await page.locator('#project-results thead th').allInnerTexts()).indexOf('执行数（元）');
      const row = page.locator('#project-results tbody tr', { hasText: '土地出让工作经费' });
      return fen(await row.locator('td').nth(column).innerText());
    };
    const before = await spent();
    await j.shot('projects-before');

    // 劳务费 is of the session's year: switched to 2020 in the header (htmx posts it, the page reloads).
    const unpaidFee = async () => {
      await page.click('nav.nav a:text-is("劳务费")');
      if (!(await page.textContent('main h1'))!.includes('2020年')) {
        await Promise.all([page.waitForEvent('load'), page.selectOption('form.context select[name=year]', '2020')]);
      }
      await expect.poll(() => page.textContent('main h1')).toContain('2020年');
      return (await page.locator('main table.data tbody tr', { hasText: p.agency }).first().locator('td').nth(4).innerText()).trim();
    };
    expect(await unpaidFee()).toBe(p.fee);
    await j.shot('fees-unpaid');
    await page.goto('/projects?year=2020');

    await page.click('#project-results a:text-is("土地出让工作经费")');
    await Promise.all([page.waitForURL(/\/payments\/new\?project=\d+$/), page.click('#main a:text-is("起草支付")')]);
    await page.selectOption('select[name=category]', '拍卖机构劳务费');
    // The round staff just sold is offered with the fee 嘉陵's agreement makes due.
    const option = page.locator('select[name=transfer_id] option', { hasText: p.code });
    await expect.poll(() => option.textContent()).toContain(`应付劳务费 ${p.fee} 元`);
    await page.selectOption('select[name=transfer_id]', { label: (await option.textContent())! });
    await page.fill('input[name=amount]', p.fee);
    await page.fill('textarea[name=summary]', `${p.code} 拍卖劳务费`);
    await j.shot('draft-form');
    await Promise.all([page.waitForURL(/\/payments\/\d+$/), page.click('button:text-is("保存草稿")')]);
    const paymentUrl = page.url();
    const id = paymentUrl.split('/').pop()!;
    const status = () => page.textContent('main h1 .status');
    expect(await status()).toBe('草稿');
    const facts = await page.innerText('main dl.facts');
    expect(facts).toContain(`${p.agency}（拍卖机构：${p.agency}）`);
    expect(facts).toContain(`${p.fee} 元`);
    expect(facts).toContain(`${p.code} `);
    await j.shot('draft');
    await Promise.all([page.waitForURL(paymentUrl), page.click('button:text("提交审批（经办人签字）")')]);
    expect(await status()).toBe('待科室负责人审核');
    await j.shot('submitted');
    await j.signOut();

    // Each approver finds it among 待我审批 and signs the step of their duty.
    const chain = [
      { user: 'finhead', duty: '科室负责人', next: '待业务分管领导审批' },
      { user: 'leader', duty: '业务分管领导', next: '待财务分管领导审批' },
      { user: 'finleader', duty: '财务分管领导', next: '待支付' },
    ];
    for (const step of chain) {
      await j.signIn(step.user);
      await page.click('nav.nav a:text-is("支付审批")');
      await page.click('#main a:text-is("待我审批")');
      await Promise.all([page.waitForURL(paymentUrl), page.click(`#payment-results a:text-is("#${id}")`)]);
      expect(await page.textContent('main')).toContain(`当前等待：${step.duty}审批。`);
      await Promise.all([page.waitForURL(paymentUrl), page.click(`button:text-is("同意（${step.duty}）")`)]);
      expect(await status()).toBe(step.next);
      await j.shot(`approved-${step.user}`);
      await j.signOut();
    }

    // The 财务科 pays it: date and 凭证号, then it is frozen.
    await j.signIn('finance');
    await page.goto(paymentUrl);
    await page.fill('input[name=paid_on]', '2020-12-30');
    await page.fill('input[name=voucher_no]', '记-2020-12-041');
    await j.shot('disbursement-form');
    await Promise.all([page.waitForURL(paymentUrl), page.click('button:text-is("登记支付")')]);
    expect(await status()).toBe('已支付');
    const paid = await page.innerText('main dl.facts');
    expect(paid).toMatch(/支付日期\s+2020-12-30/);
    expect(paid).toMatch(/凭证号\s+记-2020-12-041/);
    const steps = (await page.locator('main table.data tbody tr').allInnerTexts()).map((t) => t.split('\t').slice(1).map((c) => c.trim()));
    expect(steps).toEqual([
      ['新建', '草稿', '经办人起草', '李娟', ''],
      ['草稿', '待科室负责人审核', '经办人签字', '李娟', ''],
      ['待科室负责人审核', '待业务分管领导审批', '科室负责人', '赵科长', ''],
      ['待业务分管领导审批', '待财务分管领导审批', '业务分管领导', '王强', ''],
      ['待财务分管领导审批', '待支付', '财务分管领导', '陈主任', ''],
      ['待支付', '已支付', '财务支付', '李娟', ''],
    ]);
    await j.shot('paid');

    expect(await spent()).toBe(before + fen(p.fee));
    await j.shot('projects-after');
    expect(await unpaidFee()).toBe('0.00');
    await j.shot('fees-paid');
    expect(j.problems).toEqual([]);
  });
  it('admin: imports a ledger kept in Excel — maps the column it cannot read, reads the warning, confirms', async () => {
    const j = await journey('import');
    const { page } = j;
    await j.signIn('admin');
    await page.click('nav.nav a:text-is("台账导入")');
    const csv = [
      '广元市公共资源交易信息中心2020年土地出让工作经费支付台账（补录）',
      '序号,中心编码,年度,项目,凭证号,支付类别,收款单位,金额（万元）,付款日期,经办科室',
      '1,GYJY,2020,土地出让工作经费,记-2021-01-101,其他,广元市国土资源测绘队,0.36,2021年1月8日,交易组织科',
      '合计,,,,,,,0.36,,',
      '填表人：李娟,,,,审核人：赵科长,,,,,',
    ].join('\n');
    await page.setInputFiles('#f-files', { name: '支付.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    j.expectStatus(422);
    await page.click('button:text-is("上传并预检")');
    await expect.poll(() => page.textContent('main h1')).toContain('预检未通过');
    expect(await mainText(page)).toContain('未知的列“经办科室”');
    await j.shot('preview-unknown-column');

    await page.selectOption('select[aria-label="“经办科室”读取为"]', '-');
    await Promise.all([page.waitForLoadState('load'), page.click('button:text-is("按此映射重新预检")')]);
    await expect.poll(() => page.textContent('main h1')).toContain('预检通过');
    const preview = await mainText(page);
    expect(preview).toContain('预警（1 条）');
    expect(preview).toContain('跨年支付：支付日期 2021-01-08 在项目年度2020年之后');
    expect(preview).toContain('已跳过标题行 1');
    await j.shot('preview-warning');

    await page.check('input[name=accept_warnings]');
    await page.click('button:text-is("确认导入")');
    await expect.poll(() => page.textContent('#flash')).toContain('含 1 条预警，已记在相应记录上');
    await j.shot('imported');
    await page.click('nav.nav a:text-is("导入预警")');
    await expect.poll(() => mainText(page)).toContain('支付 记-2021-01-101（广元市国土资源测绘队）');
    await j.shot('warnings');
    expect(j.problems).toEqual([]);
  });
});

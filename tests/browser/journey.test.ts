// Sign in as staff, filter the parcel list without reload, record a transfer result; screenshots
// go to test-output/browser/. Uses Debian's chromium (never a downloaded browser).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, stopServersIn, type RunningApp } from '../helpers/server';

const shots = join(process.cwd(), 'test-output', 'browser');
const dataDir = mkdtempSync(join(tmpdir(), 'tl-browser-'));
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  app = await startApp({ DATA_DIR: dataDir });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await stopServersIn(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('staff journey', () => {
  it('signs in, filters parcels, records a deal', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(String(e)));
    // The 422 of the deliberately incomplete form is expected; anything else is not.
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 422')) scriptErrors.push(m.text()); });

    await page.goto(`${app.url}/parcels`);
    await expect.poll(() => page.url()).toContain('/login');
    await page.fill('input[name=username]', 'staff');
    await page.fill('input[name=password]', 'guangyuan2020');
    await page.screenshot({ path: join(shots, '01-login.png') });
    await Promise.all([page.waitForURL(`${app.url}/parcels`), page.click('button[type=submit]')]);

    // Filtering swaps the results in place (htmx) — the page itself is not reloaded.
    const marker = await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; return 42; });
    await page.fill('input[name=year]', '2020');
    await page.selectOption('select[name=status]', '已成交');
    await expect.poll(() => page.locator('#parcel-results tbody tr').count()).toBe(17);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);
    expect(page.url()).toContain('status=');
    await page.screenshot({ path: join(shots, '02-parcels-2020-sold.png'), fullPage: true });

    // Inline validation (htmx): a wrong check character is reported when the field is left.
    await page.goto(`${app.url}/agencies/new`);
    await page.fill('input[name=credit_code]', '91510802MA62A3K77A');
    await page.press('input[name=credit_code]', 'Tab');
    await expect.poll(() => page.textContent('#err-credit_code')).toContain('校验位不符');

    // GY2020-19 has a round still running: record its deal.
    await page.goto(`${app.url}/parcels?q=GY2020-19`);
    await page.click('#parcel-results a:text("GY2020-19")');
    await page.click('a:text("第1场")');
    await page.click('a:text("登记结果")');
    await page.selectOption('select[name=result]', '成交');
    await page.fill('input[name=deal_price]', '12,880,000.00');
    await page.fill('input[name=winner]', '广元测试置业有限公司');
    await page.fill('input[name=deal_date]', '2021-01-27');
    // A missing field is reported beside it, and what was typed is kept.
    await Promise.all([page.waitForLoadState('load'), page.click('button:text("保存结果")')]);
    await expect.poll(() => page.locator('#err-confirmation_no').textContent()).toContain('成交须填写成交确认书编号');
    expect(await page.inputValue('input[name=winner]')).toBe('广元测试置业有限公司');
    await page.fill('input[name=confirmation_no]', '广公资交（土）确〔2021〕01号');
    await Promise.all([page.waitForURL(/\/parcels\/\d+$/), page.click('button:text("保存结果")')]);
    const body = await page.textContent('main');
    expect(body).toContain('已成交');
    expect(body).toContain('12,880,000.00');
    expect(body).toContain('广元测试置业有限公司');
    await page.screenshot({ path: join(shots, '03-deal-recorded.png'), fullPage: true });
    expect(scriptErrors).toEqual([]);
  });
});

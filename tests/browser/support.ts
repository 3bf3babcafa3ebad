// What every browser journey shares: Debian's chromium (never a downloaded browser), one context
// per journey, sign-in through the login form, numbered full-page screenshots, and a record of
// every script error, console error and unexpected HTTP error the pages meet.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'guangyuan2020';
export const outputDir = join(process.cwd(), 'test-output', 'browser');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Journey {
  context: BrowserContext;
  page: Page;
  /** Script errors, console errors and HTTP errors not declared expected: must stay empty. */
  problems: string[];
  /** Saves `<journey>/NN-step.png` (full page), numbered in the order taken. */
  shot(step: string): Promise<void>;
  /** Declares that the next response of this status (a deliberate validation error) is expected. */
  expectStatus(status: number): void;
  signIn(username: string): Promise<void>;
  signOut(): Promise<void>;
}

export async function startJourney(browser: Browser, baseURL: string, name: string): Promise<Journey> {
  const dir = join(outputDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected: number[] = [];
  let n = 0;
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const i = expected.indexOf(r.status());
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  // Chromium logs every 4xx/5xx response on the console too; those are judged by status above.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return {
    context, page, problems,
    async shot(step) {
      n += 1;
      await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
    },
    expectStatus(status) { expected.push(status); },
    async signIn(username) {
      await page.goto('/login');
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form button[type=submit]')]);
      await expect.poll(() => page.textContent('.topbar .who')).toBeTruthy();
    },
    async signOut() {
      await Promise.all([page.waitForURL('**/login'), page.click('form.signout button')]);
    },
  };
}

/** The text of the page's main part, with whitespace collapsed (a table's cells joined by one space). */
export async function mainText(page: Page): Promise<string> {
  return (await page.innerText('main')).replace(/\s+/g, ' ');
}

/** '915,000.00' → 91500000n (分), so sums compare exactly. */
export function fen(yuan: string): bigint {
  const m = /^(-?)([\d,]+)\.(\d{2})$/.exec(yuan.trim());
  if (!m) throw new Error(`not an amount: ${yuan}`);
  const v = BigInt(m[2]!.replace(/,/g, '')) * 100n + BigInt(m[3]!);
  return m[1] ? -v : v;
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { replaceRoutesSection, routeTableMarkdown } from '../src/auth/routes-table';
import type { Db } from '../src/db';

describe('README', () => {
  it('starts with the two commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme.indexOf('npm ci && npm start')).toBeLessThan(400);
    expect(readme.indexOf('npm ci && npm test')).toBeLessThan(400);
  });

  it('holds the route × role table of the app as it is (npm run routes -- --write)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = routeTableMarkdown(createApp({ db: null as unknown as Db, options: { sessionIdleMinutes: 1, sessionMaxHours: 1 } }));
    expect(readme).toBe(replaceRoutesSection(readme, table));
  });
});

// Prints the route × role table (generated from each route's allow(...) declaration);
// with --write, puts it into README.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { createApp } from '../src/app';
import { replaceRoutesSection, routeTableMarkdown } from '../src/auth/routes-table';
import type { Db } from '../src/db';

// The table only reads route declarations; no database is touched.
const table = routeTableMarkdown(createApp({ db: null as unknown as Db, options: { sessionIdleMinutes: 1, sessionMaxHours: 1 } }));
if (process.argv.includes('--write')) {
  writeFileSync('README.md', replaceRoutesSection(readFileSync('README.md', 'utf8'), table));
  console.log('README.md updated');
} else {
  console.log(table);
}

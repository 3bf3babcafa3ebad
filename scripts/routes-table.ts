// Prints the route × role table (generated from each route's allow(...) declaration) for the README.
import { createApp } from '../src/app';
import { routeTableMarkdown } from '../src/auth/routes-table';
import type { Db } from '../src/db';

// The table only reads route declarations; no database is touched.
console.log(routeTableMarkdown(createApp({ db: null as unknown as Db, options: { sessionIdleMinutes: 1, sessionMaxHours: 1 } })));

// Drives the real app over HTTP (app.request) against a real PostgreSQL database of its own.
import { agencies, centers, users, type Role } from '../../db/schema';
import { createApp, type App } from '../../src/app';
import { hashPassword } from '../../src/auth/passwords';
import type { Db } from '../../src/db';
import { createTestDb, type TestDb } from './db';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'test-password-123';

/** The message a form shows beside a field (its `err-FIELD` element), or '' when none. */
export const besideField = (html: string, field: string) => new RegExp(`id="err-${field}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '';

export interface Fixture {
  centers: { city: number; county: number; other: number };
  agencies: { a1: number; a2: number };
  /** One user per role at the city center, plus agency users for both agencies and a staff user of the unrelated center. */
  users: Record<'admin' | 'staff' | 'finance' | 'leader' | 'agency1' | 'agency2' | 'otherStaff', { id: number; username: string }>;
}

let cachedHash: Promise<string> | null = null;

/** Two related centers (a city and a county below it), one unrelated center, two agencies and a user per role. */
export async function seedBasics(db: Db): Promise<Fixture> {
  cachedHash ??= hashPassword(PASSWORD);
  const passwordHash = await cachedHash;
  const [city, county, other] = await db.insert(centers).values([
    { code: 'CITY', name: '测试市公共资源交易中心', level: '市' },
    { code: 'OTHER', name: '另一市公共资源交易中心', level: '市' },
  ]).returning().then(async ([c, o]) => {
    const [k] = await db.insert(centers).values({ code: 'COUNTY', name: '测试县公共资源交易中心', level: '县', parentId: c!.id }).returning();
    return [c!, k!, o!];
  });
  const [a1, a2] = await db.insert(agencies).values([
    { creditCode: '91510802MA62A3K77Q', name: '测试甲拍卖有限公司' },
    { creditCode: '91510800208745618U', name: '测试乙拍卖有限公司' },
  ]).returning();
  const mk = (username: string, role: Role, centerId: number, agencyId: number | null = null) =>
    ({ username, displayName: username, role, centerId, agencyId, passwordHash });
  const rows = await db.insert(users).values([
    mk('admin', 'admin', city!.id), mk('staff', 'staff', city!.id), mk('finance', 'finance', city!.id),
    mk('leader', 'leader', city!.id), mk('agency1', 'agency', city!.id, a1!.id), mk('agency2', 'agency', city!.id, a2!.id),
    mk('otherStaff', 'staff', other!.id),
  ]).returning({ id: users.id, username: users.username });
  const byName = Object.fromEntries(rows.map((r) => [r.username, r])) as Fixture['users'];
  return { centers: { city: city!.id, county: county!.id, other: other!.id }, agencies: { a1: a1!.id, a2: a2!.id }, users: byName };
}

export interface TestApp {
  app: App;
  db: Db;
  database: TestDb;
  fixture: Fixture;
  /** Signs in through POST /login and returns the session cookie. */
  signIn(username: string, password?: string): Promise<string>;
  get(path: string, cookie?: string, headers?: Record<string, string>): Promise<Response>;
  /** A same-origin form post (URL-encoded); repeated keys as arrays. */
  post(path: string, form: Record<string, string | string[]>, cookie?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(opts: { seed?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDb();
  const fixture = opts.seed === false ? (null as unknown as Fixture) : await seedBasics(database.db);
  const app = createApp({ db: database.db, options: { sessionIdleMinutes: 120, sessionMaxHours: 12 } });
  const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    Promise.resolve(app.request(`${ORIGIN}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } }));
  const post = (path: string, form: Record<string, string | string[]>, cookie?: string, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return Promise.resolve(app.request(`${ORIGIN}${path}`, {
      method: 'POST', body,
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}), ...headers },
    }));
  };
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await post('/login', { username, password });
    if (res.status !== 303) throw new Error(`sign-in of ${username} failed: ${res.status}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tl_session='));
    return cookie!.split(';')[0]!;
  };
  return { app, db: database.db, database, fixture, signIn, get, post, close: () => database.close() };
}

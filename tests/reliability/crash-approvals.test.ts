// kill -9 of the real app while several signed-in users approve, pay and reverse payments at once,
// against a budget that cannot cover them all, again and again. After every restart: nothing is
// overspent, every payment's status is where its approval rows lead, and every change has its
// audit event — none without the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentStatuses } from '../../db/schema';
import { approvalSteps } from '../../src/funds/rules';
import { addBudget, addSigners, approveThrough, createProject, draftPayment, type Signers } from '../../src/funds/test-support';
import { todayShanghai } from '../../src/lib/dates';
import { createTestApp, type TestApp } from '../helpers/app';
import { startApp, type RunningApp } from '../helpers/server';
import { crashSeed, seededRandom, sleep, waitForOrphansToEnd } from './crash/support';

const KILLS = Number(process.env.CRASH_KILLS ?? 10);
/** Per round: payments of 100.00 against a budget of 300.00, most waiting for the last signature. */
const PER_ROUND = 12;
const AT_FINAL = 9;

let t: TestApp;
let s: Signers;
let finance = '';
let app: RunningApp | null = null;
/** Each answer ≥ 500: its request and the end of the app's log, so a failure says what broke. */
const serverErrors: string[] = [];
const today = todayShanghai();
const year = today.slice(0, 4);

beforeAll(async () => {
  // The in-process app drafts and pre-approves (fast); the real server, on the same database, is the one killed.
  t = await createTestApp();
  finance = await t.signIn('finance');
  s = await addSigners(t);
  app = await startApp({ DATABASE_URL: t.database.url, DEMO: '0' });
}, 180_000);

afterAll(async () => {
  await app?.stop('SIGKILL');
  await waitForOrphansToEnd(t.database.url).catch(() => {});
  await t.close();
});

/** A project over which the round's payments compete: more waiting than the budget holds. */
async function seedRound(k: number) {
  const projectId = await createProject(t, finance, { name: `崩溃审批${k}`, year });
  await addBudget(t, finance, projectId, '年初预算', '300.00', today);
  const ids: number[] = [];
  for (let i = 0; i < PER_ROUND; i++) {
    const id = await draftPayment(t, finance, projectId, { amount: '100.00', payee: `收款人${k}-${i}` });
    await approveThrough(t, id, finance, i < AT_FINAL ? [s.head, s.biz] : [s.head]);
    ids.push(id);
  }
  return ids;
}

/** A request to send, and what to learn from its answer (the status code). */
type Act = { path: string; form: Record<string, string>; done?: (status: number) => void };

/**
 * One signed-in user sending requests one after another until the app dies under it. A request
 * that fails before the kill began is a failure of the test, not a death.
 */
async function worker(cookie: string, next: () => Act, stopped: () => boolean, tally: Map<number, number>, killing: () => boolean) {
  while (!stopped()) {
    const { path, form, done } = next();
    try {
      const res = await fetch(`${app!.url}${path}`, {
        method: 'POST', redirect: 'manual', body: new URLSearchParams(form),
        headers: { Origin: app!.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      await res.arrayBuffer();
      tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
      if (res.status >= 500) serverErrors.push(`${path} → ${res.status}\n${app!.output().slice(-2000)}`);
      done?.(res.status);
    } catch (e) {
      if (!killing()) throw e;
      return; // killed
    }
  }
}

interface PaymentRow { id: number; project_id: number; amount: string; status: string; reverses_id: number | null; paid_on: string | null; voucher_no: string | null }
interface StepRow { payment_id: number; from_status: string; to_status: string; duty: string | null; user_id: number | null; user_duties: string[] | null }
interface AuditRow { entity_id: string; action: string; from_status: string | null; to_status: string | null }

/** Everything the invariants speak of, read in one snapshot. */
async function readState() {
  return t.database.sql.begin('isolation level repeatable read', async (sql) => {
    const projects = await sql<{ id: number; total: string; committed: string; spent: string }[]>`
      select p.id,
        (select coalesce(sum(case b.kind when '调减' then -b.amount else b.amount end), 0) from budget_entries b where b.project_id = p.id)::text as total,
        (select coalesce(sum(x.amount), 0) from payments x where x.project_id = p.id and x.status in ('待支付', '已支付'))::text as committed,
        (select coalesce(sum(x.amount), 0) from payments x where x.project_id = p.id and x.status = '已支付')::text as spent
      from projects p`;
    const payments = await sql<PaymentRow[]>`select id, project_id, amount::text, status, reverses_id, paid_on::text, voucher_no from payments order by id`;
    const steps = await sql<StepRow[]>`select s.payment_id, s.from_status, s.to_status, s.duty, s.user_id, u.duties as user_duties
      from payment_steps s left join users u on u.id = s.user_id order by s.id`;
    const audits = await sql<AuditRow[]>`select entity_id, action, before->>'status' as from_status, after->>'status' as to_status
      from audit_events where entity = 'payment' order by id`;
    return { projects, payments, steps, audits };
  });
}

function groupBy<T>(xs: T[], key: (x: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

/** The transition an audit event records, in the terms of payment_steps. */
function transitionOf(a: AuditRow): string {
  if (a.action === 'create') return `新建→${a.to_status}`;
  if (a.action === 'reverse') return `冲销→${a.to_status}`;
  return `${a.from_status}→${a.to_status}`;
}

async function checkInvariants(when: string) {
  const { projects, payments, steps, audits } = await readState();
  // Never overspent, never over-reserved.
  for (const p of projects) {
    expect(BigInt(p.spent), `${when}: project ${p.id} spent`).toBeLessThanOrEqual(BigInt(p.total));
    expect(BigInt(p.committed), `${when}: project ${p.id} committed`).toBeLessThanOrEqual(BigInt(p.total));
  }
  const stepsOf = groupBy(steps, (x) => x.payment_id);
  const auditsOf = groupBy(audits.filter((a) => a.action !== 'update'), (a) => Number(a.entity_id));
  for (const p of payments) {
    const what = `${when}: payment ${p.id} (${p.status})`;
    expect(paymentStatuses as readonly string[], what).toContain(p.status);
    // Its approval rows form one chain that ends at its status.
    const chain = stepsOf.get(p.id) ?? [];
    expect(chain.length, what).toBeGreaterThan(0);
    expect(chain[0]!.from_status, what).toBe(p.reverses_id === null ? '新建' : '冲销');
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.from_status, `${what} step ${i}`).toBe(chain[i - 1]!.to_status);
    expect(chain.at(-1)!.to_status, what).toBe(p.status);
    // Each signature by the step's duty, held by its signer.
    for (const x of chain) {
      const step = approvalSteps[x.from_status as keyof typeof approvalSteps];
      if (step && x.to_status === step.next) {
        expect(x.duty, what).toBe(step.duty);
        expect(x.user_duties ?? [], what).toContain(step.duty);
      }
    }
    // Paid: with date and voucher, reserved first by the last signature (unless a reversal).
    if (p.status === '已支付') {
      expect(p.paid_on && p.voucher_no, what).toBeTruthy();
      if (p.reverses_id === null) expect(chain.map((x) => `${x.from_status}→${x.to_status}`), what).toContain('待财务分管领导审批→待支付');
    }
    // Audit consistent: one event per change and one change per event, in the same order.
    const events = auditsOf.get(p.id) ?? [];
    expect(events.map(transitionOf), what).toEqual(chain.map((x) => `${x.from_status}→${x.to_status}`));
    const paidEvents = events.filter((a) => a.to_status === '已支付').length;
    expect(paidEvents, what).toBe(p.status === '已支付' ? 1 : 0);
  }
  // No audit event of a payment that does not exist.
  const ids = new Set(payments.map((p) => p.id));
  for (const a of audits) expect(ids.has(Number(a.entity_id)), `${when}: audit of payment ${a.entity_id}`).toBe(true);
  return { payments, projects };
}

describe('kill -9 during concurrent approvals and payments', () => {
  it(`never overspends and keeps the audit whole, ${KILLS} kills`, async () => {
    const started = Date.now();
    const random = seededRandom(crashSeed('crash-approvals'));
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const all: number[] = [];
    const tally = new Map<number, number>();

    /**
     * A round of load on a fresh project: signers approve and cashiers pay, seven requests in flight,
     * until `killAt` ms (then kill -9), or — with no killAt — until every payment is settled.
     * What the users believe of each payment comes from the answers they got, so the load stays on
     * what is still open (a signer works their 待我审批 list, a cashier what is 待支付).
     */
    async function round(k: number, killAt: number | null) {
      const ids = await seedRound(k);
      all.push(...ids);
      const stage = new Map(ids.map((id, i) => [id, i < AT_FINAL ? 'final' : 'biz']));
      const reserved = new Set<number>();
      const paid: number[] = [];
      let n = 0;
      let dead = false;
      let killing = false;
      const approve = (): Act => {
        const id = stage.size > 0 ? pick([...stage.keys()]) : pick(ids);
        return {
          path: `/payments/${id}/approval`, form: {},
          done: (status) => {
            if (status === 303 && stage.get(id) === 'biz') stage.set(id, 'final');
            else if (status === 303 && stage.get(id) === 'final') { stage.delete(id); reserved.add(id); }
            else if (status === 409) stage.delete(id);
          },
        };
      };
      // Cashiers pay what was approved (now and then anything, earlier rounds too) and reverse part of a paid one.
      const pay = (): Act => {
        const voucher = `V${k}-${n++}`;
        if (paid.length > 0 && random() < 0.1) {
          return { path: `/payments/${pick(paid)}/reversal`, form: { amount: '10.00', paid_on: today, voucher_no: voucher, reason: '多付冲回' } };
        }
        const id = reserved.size > 0 && random() < 0.8 ? pick([...reserved]) : pick(all);
        return {
          path: `/payments/${id}/disbursement`, form: { paid_on: today, voucher_no: voucher },
          done: (status) => { if (status === 303 && reserved.delete(id)) paid.push(id); },
        };
      };
      const t0 = Date.now();
      const stopped = () => dead || (killAt === null && stage.size === 0 && reserved.size === 0) || Date.now() - t0 > 60_000;
      const w = (cookie: string, act: () => Act) => worker(cookie, act, stopped, tally, () => killing);
      const workers = [
        w(s.fin, approve), w(s.fin, approve), w(s.both, approve), w(s.both, approve), w(s.biz, approve),
        w(finance, pay), w(s.finance2, pay),
      ];
      if (killAt !== null) {
        await sleep(killAt);
        killing = true;
        await app!.stop('SIGKILL');
        dead = true;
      }
      await Promise.all(workers);
      return { ids, ms: Date.now() - t0 };
    }

    // A round that is not killed: the guard under full contention, and how long a round's load lasts.
    const calibration = await round(0, null);
    const { payments: settled } = await checkInvariants('after the round that was not killed');
    const reservedOf = (ids: number[], ps: PaymentRow[]) => ps.filter((p) => ids.includes(p.id) && ['待支付', '已支付'].includes(p.status));
    expect(reservedOf(calibration.ids, settled)).toHaveLength(3); // floor(300.00 / 100.00), paid or about to be
    console.log(`[crash-approvals] a round settles in ${calibration.ms} ms`);

    const log: string[] = [];
    for (let k = 1; k <= KILLS; k++) {
      const killAt = Math.floor(random() * calibration.ms * 1.1);
      const { ids } = await round(k, killAt);
      await waitForOrphansToEnd(t.database.url);
      app = await startApp({ DATABASE_URL: t.database.url, DEMO: '0' });
      const { payments } = await checkInvariants(`after kill ${k} at ${killAt} ms`);
      const mine = payments.filter((p) => ids.includes(p.id));
      log.push(`${killAt}ms:${mine.filter((p) => p.status === '待支付').length}待/${mine.filter((p) => p.status === '已支付' && p.reverses_id === null).length}付`);
    }
    const { payments } = await checkInvariants('at the end');
    console.log(`[crash-approvals] per kill (reserved/paid of the round): ${log.join(' ')}`);
    console.log(`[crash-approvals] answers: ${[...tally].map(([st, c]) => `${st}×${c}`).join(' ')}`);
    // The load did reach the guard: payments were reserved and paid, and refused.
    expect(payments.some((p) => p.status === '已支付')).toBe(true);
    console.log(`[crash-approvals] reversals: ${payments.filter((p) => p.reverses_id !== null).length}`);
    expect(tally.get(409) ?? 0).toBeGreaterThan(0);
    // Contention and kills never make the app answer with a server error.
    expect([...tally.keys()].filter((st) => st >= 500), serverErrors.join('\n\n')).toEqual([]);
    console.log(`[crash-approvals] ${KILLS} kills in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);
});

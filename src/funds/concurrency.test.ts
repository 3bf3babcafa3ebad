// The budget guard under load: many final approvals at the same moment, against a real
// PostgreSQL at READ COMMITTED, never reserve more than the project's total budget.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, paymentSteps, payments } from '../../db/schema';
import { createTestApp, type TestApp } from '../../tests/helpers/app';
import { projectFunds } from './figures';
import { transferFees } from '../fees/queries';
import {
  addBudget, addSigners, approveThrough, committedFeeOf, committedOf, createProject, draftPayment, feeDueTransfer, feeForm, type Signers,
} from './test-support';

let t: TestApp;
let finance: string;
let s: Signers;

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn('finance');
  s = await addSigners(t);
});
afterAll(() => t.close());

const N = 32;

describe('the budget guard', () => {
  it('accepts exactly what fits when 32 final approvals arrive at once', async () => {
    // The budget admits FEWER payments (3) than the pool has connections (10): the first wave of
    // approvals runs side by side, so without the project lock several of it would read the same
    // stale sums and pass together — more than 3 accepted. With a budget of 10 payments the first
    // wave could all be legitimately accepted, and a missing lock would go unnoticed.
    const projectId = await createProject(t, finance, { name: '并发测试经费', year: '2020' });
    await addBudget(t, finance, projectId, '年初预算', '300.00', '2020-01-02');
    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      const id = await draftPayment(t, finance, projectId, { amount: '100.00', payee: `收款人${i}` });
      await approveThrough(t, id, finance, [s.head, s.biz]);
      ids.push(id);
    }
    const waiting = await t.db.select({ id: payments.id }).from(payments).where(eq(payments.status, '待财务分管领导审批'));
    expect(waiting).toHaveLength(N);

    // All at once: 32 requests over a pool of 10 connections, every one racing for the same budget.
    const responses = await Promise.all(ids.map((id) => t.post(`/payments/${id}/approval`, {}, s.fin)));
    const bodies = await Promise.all(responses.map((r) => r.text()));

    const accepted = ids.filter((_, i) => responses[i]!.status === 303);
    const refused = ids.filter((_, i) => responses[i]!.status !== 303);
    expect(accepted).toHaveLength(3); // floor(300.00 / 100.00)
    expect(refused).toHaveLength(N - 3);
    refused.forEach((id) => {
      const i = ids.indexOf(id);
      expect([409, 422], bodies[i]!.slice(0, 200)).toContain(responses[i]!.status);
      expect(bodies[i]).toContain('超出项目预算');
    });

    const total = (await projectFunds(t.db, projectId)).total;
    const committed = await committedOf(t, projectId);
    expect(committed).toBeLessThanOrEqual(total);
    expect(committed).toBe(30_000n);

    // Every accepted approval: one step row and one audit event of its own; every refused one: none, and still waiting.
    const steps = await t.db.select({ paymentId: paymentSteps.paymentId, n: sql<number>`count(*)::int` }).from(paymentSteps)
      .where(and(inArray(paymentSteps.paymentId, ids), eq(paymentSteps.toStatus, '待支付'))).groupBy(paymentSteps.paymentId);
    expect(steps.map((r) => r.paymentId).sort()).toEqual([...accepted].sort());
    expect(steps.every((r) => r.n === 1)).toBe(true);
    const audits = await t.db.select({ entityId: auditEvents.entityId, n: sql<number>`count(*)::int` }).from(auditEvents)
      .where(and(eq(auditEvents.entity, 'payment'), eq(auditEvents.action, 'approve'), sql`${auditEvents.after}->>'status' = '待支付'`))
      .groupBy(auditEvents.entityId);
    expect(audits.map((r) => Number(r.entityId)).sort()).toEqual([...accepted].sort());
    expect(audits.every((r) => r.n === 1)).toBe(true);
    const after = await t.db.select({ id: payments.id, status: payments.status }).from(payments).where(inArray(payments.id, ids));
    for (const p of after) expect(p.status).toBe(accepted.includes(p.id) ? '待支付' : '待财务分管领导审批');
  });

  it('never pays into a year while it is being closed: each payment comes before the close, or is refused', async () => {
    const projectId = await createProject(t, finance, { name: '结账并发测试', year: '2017' });
    await addBudget(t, finance, projectId, '年初预算', '1000.00', '2017-01-02');
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await draftPayment(t, finance, projectId, { category: '其他', payee: `收款人${i}`, amount: '1.00' });
      await approveThrough(t, id, finance, [s.head, s.biz, s.fin]);
      ids.push(id);
    }
    const pay = (id: number, i: number) => t.post(`/payments/${id}/disbursement`, { paid_on: '2017-12-28', voucher_no: `记-2017-${i}` }, finance);
    const [close, ...paid] = await Promise.all([t.post('/projects/close-year', { year: '2017' }, finance), ...ids.map(pay)]);
    expect(close.status).toBe(303);
    const accepted = paid.filter((r) => r.status === 303).length;
    for (const r of paid.filter((x) => x.status !== 303)) expect(await r.text()).toContain('2017年度已结账');
    // The close counted what was still unpaid when it closed: every payment is either paid before it or refused after.
    const [event] = await t.db.select({ after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.action, 'close-year'));
    expect((event!.after as { unfinishedPayments: number }).unfinishedPayments).toBe(12 - accepted);
    const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from payments where project_id = ${projectId} and status = '已支付'`);
    expect(row!.n).toBe(accepted);
  });

  it('moves one step once, however many press 同意 at the same moment', async () => {
    const projectId = await createProject(t, finance, { name: '重复审批测试', year: '2020' });
    await addBudget(t, finance, projectId, '年初预算', '1000.00', '2020-01-02');
    const id = await draftPayment(t, finance, projectId);
    await approveThrough(t, id, finance, []);
    const responses = await Promise.all(Array.from({ length: 12 }, () => t.post(`/payments/${id}/approval`, {}, s.head)));
    expect(responses.filter((r) => r.status === 303)).toHaveLength(1);
    // The others find the payment moved on: at a step that is no longer theirs (403) or already taken (409).
    expect(responses.filter((r) => r.status === 409 || r.status === 403)).toHaveLength(11);
    const steps = await t.db.select().from(paymentSteps).where(and(eq(paymentSteps.paymentId, id), eq(paymentSteps.duty, '科室负责人')));
    expect(steps).toHaveLength(1);
  });

  it('lets no 调减 slip under an approval racing it', async () => {
    const projectId = await createProject(t, finance, { name: '调减并发测试', year: '2020' });
    await addBudget(t, finance, projectId, '年初预算', '1000.00', '2020-01-02');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await draftPayment(t, finance, projectId, { amount: '100.00' });
      await approveThrough(t, id, finance, [s.head, s.biz]);
      ids.push(id);
    }
    // 600.00 of approvals and a 500.00 cut at once: whichever order they run in, total ≥ committed.
    const cut = t.post(`/projects/${projectId}/budget`, { kind: '调减', amount: '500.00', entry_date: '2020-06-01' }, finance);
    await Promise.all([cut, ...ids.map((id) => t.post(`/payments/${id}/approval`, {}, s.fin))]);
    const funds = await projectFunds(t.db, projectId);
    expect(await committedOf(t, projectId)).toBeLessThanOrEqual(funds.total);
  });
});

describe('the fee guard', () => {
  it('never reserves more than the fee due when 32 final approvals of one transfer\'s fee arrive at once', async () => {
    // The fee due (300.00) admits FEWER payments (3) than the pool has connections, as above. And the
    // payments are spread over four projects with ample budgets: the project lock does not queue
    // them, so only the lock on the transfer stands between the first wave and an overpaid agency.
    const fee = await feeDueTransfer(t, 'FEE-RACE', 30_000n);
    const projectIds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await createProject(t, finance, { name: `劳务费并发测试${i}`, year: '2020' });
      await addBudget(t, finance, id, '年初预算', '100000.00', '2020-01-02');
      projectIds.push(id);
    }
    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      const id = await draftPayment(t, finance, projectIds[i % 4]!, feeForm(fee.transferId, '100.00'));
      await approveThrough(t, id, finance, [s.head, s.biz]);
      ids.push(id);
    }

    const responses = await Promise.all(ids.map((id) => t.post(`/payments/${id}/approval`, {}, s.fin)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    const accepted = ids.filter((_, i) => responses[i]!.status === 303);
    expect(accepted).toHaveLength(3); // floor(300.00 / 100.00)
    ids.forEach((id, i) => {
      if (accepted.includes(id)) return;
      expect(responses[i]!.status, bodies[i]!.slice(0, 200)).toBe(409);
      expect(bodies[i]).toContain('超过该场次应付的劳务费：应付 300.00 元，已支付与待支付 300.00 元，尚可支付 0.00 元，本笔 100.00 元');
    });

    expect(await committedFeeOf(t, fee.transferId)).toBe(30_000n);
    const [row] = await transferFees(t.db, { centerIds: [t.fixture.centers.city], transferId: fee.transferId });
    expect(row!.due).toBe(30_000n);
    // Every accepted approval: one step row of its own; every refused one: none, and still waiting.
    const steps = await t.db.select({ paymentId: paymentSteps.paymentId }).from(paymentSteps)
      .where(and(inArray(paymentSteps.paymentId, ids), eq(paymentSteps.toStatus, '待支付')));
    expect(steps.map((r) => r.paymentId).sort()).toEqual([...accepted].sort());
    const after = await t.db.select({ id: payments.id, status: payments.status }).from(payments).where(inArray(payments.id, ids));
    for (const p of after) expect(p.status).toBe(accepted.includes(p.id) ? '待支付' : '待财务分管领导审批');
  });
});

describe('the lock order', () => {
  it('a 冲销 takes the project before the payment, as an approval does, so the two never deadlock', async () => {
    // An approval locks the project, then its payment; a 冲销 inserts a payment of the project (its
    // foreign key takes the project row too). Were the 冲销 to hold the original payment while it
    // waits for the project, an approval of that payment holding the project would wait for the
    // 冲销 in turn: a deadlock, answered 500 (seen under the crash test's load). Here the approval's
    // first lock is held by hand while the 冲销 runs: the 冲销 must be waiting WITHOUT the payment.
    const projectId = await createProject(t, finance, { name: '锁顺序测试', year: '2020' });
    await addBudget(t, finance, projectId, '年初预算', '1000.00', '2020-01-02');
    const id = await draftPayment(t, finance, projectId, { amount: '100.00' });
    await approveThrough(t, id, finance, [s.head, s.biz, s.fin]);
    expect((await t.post(`/payments/${id}/disbursement`, { paid_on: '2020-03-02', voucher_no: '锁-1' }, finance)).status).toBe(303);
    let reversal: Promise<Response> | null = null;
    let paymentFree = false;
    await t.database.sql.begin(async (sql) => {
      await sql`select id from projects where id = ${projectId} for update`;
      reversal = t.post(`/payments/${id}/reversal`, { amount: '10.00', paid_on: '2020-03-03', voucher_no: '锁-2', reason: '多付冲回' }, finance);
      for (let i = 0; i < 200; i++) {
        const [w] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`;
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      try {
        await sql.savepoint((sp) => sp`select id from payments where id = ${id} for update nowait`);
        paymentFree = true;
      } catch { /* held by the 冲销 */ }
    });
    const res = await reversal!;
    expect(res.status).toBe(303);
    expect(paymentFree).toBe(true);
  });
});

// 出让合同 of a round: /transfers/:id/contract shows it, or (to staff) the form that records it.
import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import { parcels } from '../../db/schema';
import { ContractForm, contractDefaults, ContractPage, type RoundFacts } from '../../views/contracts/page';
import { actor, allow, can, COLLECTION_WRITE, STAFF_READ, STAFF_WRITE, who } from '../auth/access';
import { dateQuery, idParam } from '../lib/query';
import { fieldProblemErrors, formValues, parseForm } from '../lib/forms';
import { page, redirectWithFlash } from '../lib/render';
import { transferInScope } from '../transfers/routes';
import type { AppEnv } from '../types';
import { collectionForm, contractForm, reversalForm } from './forms';
import { addCollection, ContractErrors, contractOf, createContract, paymentsOf, reverseCollection, signingDue } from './queries';
import { scheduleStatus } from './rules';
import { HTTPException } from 'hono/http-exception';
import { todayShanghai } from '../lib/dates';
import type { Errors, Values } from '../../views/components/form';

export const contractRoutes = new Hono<AppEnv>();

type Found = Awaited<ReturnType<typeof transferInScope>>;

async function facts(c: Context<AppEnv>, t: Found): Promise<RoundFacts> {
  const x = t.transfer;
  return {
    id: x.id, code: t.parcel.code, name: t.parcel.name, round: x.round, result: x.result, dealPrice: x.dealPrice, winner: x.winner, dealDate: x.dealDate,
    signingDue: x.dealDate ? await signingDue(c.get('db'), x.dealDate) : null,
  };
}

async function formPage(c: Context<AppEnv>, t: Found, values: Values | null, errors: Errors, status: 200 | 422) {
  const r = await facts(c, t);
  let shown = values;
  if (!shown) {
    const [p] = await c.get('db').select({ area: parcels.area, landUse: parcels.landUse, plotRatio: parcels.plotRatio }).from(parcels).where(eq(parcels.id, t.parcel.id));
    shown = contractDefaults(r, p!);
  }
  return page(c, '登记出让合同', <ContractForm r={r} values={shown} errors={errors} />, status);
}

async function contractPage(
  c: Context<AppEnv>, t: Found, contract: NonNullable<Awaited<ReturnType<typeof contractOf>>>, values: Values, errors: Errors, status: 200 | 422, reversalErrors: Errors = {},
) {
  const { user } = who(c);
  const asOf = dateQuery(c.req.query('as_of'), todayShanghai());
  const payments = await paymentsOf(c.get('db'), contract);
  const k = {
    asOf, payments, values, errors, reversalErrors, status: scheduleStatus(contract.instalments, payments, asOf),
    canRecord: can.recordCollections(user) && t.transfer.result === '成交',
    // A mistake is corrected even after 无效: the record stays right.
    canReverse: can.recordCollections(user),
  };
  return page(c, `出让合同 ${contract.contractNo}`, <ContractPage r={await facts(c, t)} c={contract} k={k} />, status);
}

contractRoutes.get('/:id/contract', allow(...STAFF_READ), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const contract = await contractOf(c.get('db'), t.transfer.id);
  if (contract) return contractPage(c, t, contract, {}, {}, 200);
  if (!can.editTrading(user) || t.transfer.result !== '成交' || t.parcel.kind !== '土地') {
    return page(c, '出让合同', <section><h1>出让合同</h1><p>本场尚未登记出让合同。</p><p><a href={`/transfers/${t.transfer.id}`}>返回本场</a></p></section>);
  }
  return formPage(c, t, null, {}, 200);
});

contractRoutes.post('/:id/contract', allow(...STAFF_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const values = await formValues(c);
  const form = parseForm(contractForm, values);
  if (!form.ok) return formPage(c, t, values, form.errors, 422);
  try {
    const row = await createContract(c.get('db'), actor(user), t.transfer.id, form.data);
    return redirectWithFlash(c, `/transfers/${t.transfer.id}/contract`, `已登记出让合同 ${row.contractNo}`);
  } catch (e) {
    if (e instanceof ContractErrors) return formPage(c, t, values, e.errors, 422);
    return formPage(c, t, values, fieldProblemErrors(e), 422);
  }
});

// 缴款登记: finance records what the 国库 or the 税务 collected of the contract's price.
contractRoutes.post('/:id/contract/collections', allow(...COLLECTION_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const contract = await contractOf(c.get('db'), t.transfer.id);
  if (!contract) throw new HTTPException(404, { message: '本场尚未登记出让合同' });
  const values = await formValues(c);
  const form = parseForm(collectionForm, values);
  if (!form.ok) return contractPage(c, t, contract, values, form.errors, 422);
  try {
    const row = await addCollection(c.get('db'), actor(user), t.transfer.id, form.data);
    return redirectWithFlash(c, `/transfers/${t.transfer.id}/contract#collections`, `已登记缴款 ${row.voucherNo}`);
  } catch (e) {
    if (e instanceof ContractErrors) return contractPage(c, t, contract, values, e.errors, 422);
    return contractPage(c, t, contract, values, fieldProblemErrors(e), 422);
  }
});

// 冲销: finance reverses a collection recorded by mistake; the collection stays, with its reversal beside it.
contractRoutes.post('/:id/contract/collections/:cid/reversal', allow(...COLLECTION_WRITE), async (c) => {
  const { user } = who(c);
  const t = await transferInScope(c);
  const contract = await contractOf(c.get('db'), t.transfer.id);
  const cid = idParam(c.req.param('cid'));
  if (!contract || cid === null || !(await paymentsOf(c.get('db'), contract)).some((p) => p.id === cid)) throw new HTTPException(404, { message: '没有这笔缴款' });
  const values = await formValues(c);
  const form = parseForm(reversalForm, values);
  const again = (errors: Errors) => contractPage(c, t, contract, {}, {}, 422, Object.fromEntries(Object.entries(errors).map(([k, m]) => [k === '_form' ? k : `r${cid}-${k}`, m])));
  if (!form.ok) return again(form.errors);
  try {
    const row = await reverseCollection(c.get('db'), actor(user), t.transfer.id, cid, form.data);
    return redirectWithFlash(c, `/transfers/${t.transfer.id}/contract#collections`, `已冲销缴款 ${row.voucherNo}`);
  } catch (e) {
    if (e instanceof ContractErrors) return again(e.errors);
    return again(fieldProblemErrors(e));
  }
});

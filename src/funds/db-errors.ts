// The database is the backstop of the funds rules (migration 0002's triggers, the unique
// constraints): the routes check first, but a write that races past a check still meets the
// database, and its refusal must reach the user as a Chinese message, never a 500.
import { HTTPException } from 'hono/http-exception';
import { FieldProblem } from '../lib/forms';

interface PgError { code?: string; hint?: string; constraint_name?: string }

/** The PostgreSQL error behind a driver or drizzle error (drizzle wraps it as `cause`). */
export function pgError(e: unknown): PgError | null {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const { code } = x as PgError;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return x as PgError;
  }
  return null;
}

export const KEPT_MESSAGE = '财务记录一经保存不能修改或删除：已支付的支付只能冲销，预算与资金到位只能另记新的记录更正';
export const closedYearMessage = (year: number | string) => `${year}年度已结账，不能再记入该年度的记录`;

/** The user-facing form of a database refusal; anything else is returned unchanged to be rethrown. */
export function mapFundsDbError(e: unknown): unknown {
  const pg = pgError(e);
  if (!pg) return e;
  if (pg.hint === 'financial-record-kept') return new HTTPException(409, { message: KEPT_MESSAGE });
  if (pg.hint === 'year-closed') return new HTTPException(409, { message: '该年度已结账，不能再记入该年度的记录' });
  if (pg.hint === 'year-open') return new HTTPException(409, { message: '该年度尚未结账：结账后才能结转或收回结余' });
  if (pg.code === '23505' && pg.constraint_name === 'payments_center_voucher') return new FieldProblem('voucher_no', '本中心已有该凭证号');
  if (pg.code === '23505' && pg.constraint_name === 'payments_reverses_once') return new HTTPException(409, { message: '该支付已冲销过，不能重复冲销' });
  if (pg.code === '23505' && pg.constraint_name === 'projects_center_year_name') return new FieldProblem('name', '本中心该年度已有同名项目');
  return e;
}

/** Runs a write and turns a database refusal into its message. */
export async function guarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw mapFundsDbError(e);
  }
}

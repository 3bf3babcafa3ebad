import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { normalizeDate } from './dates';
import { parseYuan } from './money';

export type Values = Record<string, string | string[]>;
export type Errors = Partial<Record<string, string>>;

/** A request body that cannot be read as a form is the client's error, not the server's. */
export async function readBody(c: Context) {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw new HTTPException(400, { message: '无法读取提交的表单内容' });
  }
}

// PostgreSQL text cannot hold NUL, and no form field needs control characters other than tab and newline.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The form as strings (files are dropped; uploads read them separately). */
export async function formValues(c: Context): Promise<Values> {
  const body = await readBody(c);
  for (const v of Object.values(body).flat()) {
    if (typeof v === 'string' && FORBIDDEN.test(v)) throw new HTTPException(400, { message: '提交的内容含有不允许的控制字符' });
  }
  const out: Values = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: Errors };

/** Validates a form; errors are keyed by the input's name, with zod's first message per field. */
export function parseForm<S extends z.ZodType>(schema: S, values: Values): FormResult<z.output<S>> {
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, data: r.data };
  const errors: Errors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

// Field builders: every message is the one a user reads beside the field.
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const f = {
  text: (label: string, max = 200) =>
    z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字符`),
  optionalText: (label: string, max = 500) =>
    z.preprocess(blankToUndefined, z.string().trim().max(max, `${label}不能超过${max}个字符`).optional()),
  money: (label: string, opts: { allowNegative?: boolean } = {}) =>
    z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).transform((v, ctx) => {
      const r = parseYuan(v, opts);
      if (!r.ok) { ctx.addIssue({ code: 'custom', message: `${label}：${r.error}` }); return z.NEVER; }
      return r.value;
    }),
  optionalMoney: (label: string) =>
    z.preprocess(blankToUndefined, f.money(label).optional()),
  date: (label: string) =>
    z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).transform((v, ctx) => {
      const d = normalizeDate(v);
      if (!d) { ctx.addIssue({ code: 'custom', message: `${label}应为有效日期，如 2020-06-30` }); return z.NEVER; }
      return d;
    }),
  optionalDate: (label: string) => z.preprocess(blankToUndefined, f.date(label).optional()),
  int: (label: string, min: number, max: number) =>
    z.string({ error: `请填写${label}` }).trim().regex(/^\d+$/, `${label}应为整数`).transform(Number)
      .pipe(z.number().int().min(min, `${label}不能小于${min}`).max(max, `${label}不能大于${max}`)),
  optionalInt: (label: string, min: number, max: number) => z.preprocess(blankToUndefined, f.int(label, min, max).optional()),
  /** A non-negative decimal that fits numeric(precision, scale). */
  decimal: (label: string, precision: number, scale: number) =>
    z.preprocess(blankToUndefined, z.string().trim()
      .regex(new RegExp(`^\\d{1,${precision - scale}}(\\.\\d{1,${scale}})?$`), `${label}应为非负数，整数部分最多${precision - scale}位，最多${scale}位小数`).optional()),
  choice: <T extends readonly [string, ...string[]]>(label: string, options: T) =>
    z.enum(options, { error: `请选择${label}` }),
  id: (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{1,9}$/, `请选择${label}`).transform(Number),
  optionalId: (label: string) => z.preprocess(blankToUndefined, f.id(label).optional()),
  /** A checkbox is absent when not ticked; the ledger writes 是/否. */
  checkbox: () => z.preprocess((v) => v === '是' || v === 'on' || v === '1', z.boolean()),
  ids: (label: string) =>
    z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.string().regex(/^\d{1,9}$/, `${label}无效`).transform(Number))),
};

/** A write refused for a reason that belongs beside one field of the form (a duplicate code, a bad reference). */
export class FieldProblem extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}

/** The errors to re-render a form with, for a FieldProblem; anything else is rethrown. */
export function fieldProblemErrors(e: unknown): Errors {
  if (e instanceof FieldProblem) return { [e.field]: e.message };
  throw e;
}

/** For the inline-validation endpoint: the message for one field of the form, or none. */
export function fieldError(schema: z.ZodType, values: Values, field: string): string | undefined {
  const r = parseForm(schema, values);
  return r.ok ? undefined : r.errors[field];
}

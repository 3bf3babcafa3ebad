// 收费协议: 统一社会信用代码*, 年度*, 计费方式* (按宗固定/按成交价比例/分档累进), 固定金额, 费率, 分档,
// 封顶金额, 流拍计费 (是/否, default 否). Key 统一社会信用代码 + 年度. An agreement decides what is
// paid: nothing of it updates by import. 分档 is parsed by the fee rules (src/fees/rules.ts), the
// same code that computes the fees from it, and stored as [{ from, to, rate }] (分, percent).
import { sql } from 'drizzle-orm';
import { agencies, feeAgreements, feeMethods } from '../../../db/schema';
import { capProblem } from '../../fees/forms';
import { closedYearConflicts, closedYearMessage } from '../../fees/queries';
import { lockYear } from '../../funds/queries';
import { formatRate, formatTiers, parseRate, parseTiers, tiersFromStored, tiersToStored, type StoredTier, type Tier } from '../../fees/rules';
import { fenToYuan } from '../../lib/money';
import { insertRecords, records, textList } from '../batch';
import { creditCode, integer, money, oneOf, type CellParser } from '../cells';
import type { View } from '../run';
import { defineSheet, keyOf, opt, req, type ParsedRow, type RowOf } from '../sheet';

const rate: CellParser<bigint> = (s) => parseRate(s);
const tiers: CellParser<Tier[]> = (s) => {
  const r = parseTiers(s);
  return r.ok || r.error.includes('分档') ? r : { ok: false, error: `分档${r.error}` };
};
const yesNo = oneOf(['是', '否'] as const);

const columns = {
  agencyCode: req('统一社会信用代码', creditCode),
  year: req('年度', integer(1990, 2200)),
  method: req('计费方式', oneOf(feeMethods)),
  fixedAmount: opt('固定金额', money),
  rate: opt('费率', rate, { labels: ['%'] }),
  tiers: opt('分档', tiers),
  cap: opt('封顶金额', money),
  payFailed: opt('流拍计费', yesNo),
};

type Agreement = RowOf<typeof columns>;

// Which terms each method needs; the others must stay empty, so a file never carries terms that
// would be silently ignored.
const TERMS = [['fixedAmount', '固定金额', '按宗固定'], ['rate', '费率', '按成交价比例'], ['tiers', '分档', '分档累进']] as const;

interface Terms { method: string; fixedAmount: bigint | null; rate: bigint | null; tiers: Tier[] | null; cap: bigint | null; payFailed: boolean | null }

const view = (t: Terms): View => ({
  计费方式: t.method,
  固定金额: t.fixedAmount === null ? null : fenToYuan(t.fixedAmount),
  费率: t.rate === null ? null : formatRate(t.rate),
  分档: t.tiers === null ? null : formatTiers(t.tiers),
  封顶金额: t.cap === null ? null : fenToYuan(t.cap),
  流拍计费: t.payFailed === null ? null : t.payFailed ? '是' : '否',
});

const fileTerms = (v: Agreement): Terms => ({
  method: v.method, fixedAmount: v.fixedAmount, rate: v.rate, tiers: v.tiers, cap: v.cap,
  payFailed: v.payFailed === null ? null : v.payFailed === '是',
});

type Item = { row: ParsedRow<Agreement>; agencyId: number };

export const feeAgreementsSheet = defineSheet({
  name: '收费协议',
  entity: 'fee_agreement',
  columns,
  key: ['agencyCode', 'year'],
  check(row, bad) {
    if (row.method === undefined) return;
    for (const [field, header, method] of TERMS) {
      const value = row[field];
      if (row.method === method && value === null) bad(header, `计费方式为${method}时必须填写${header}`);
      if (row.method !== method && value !== null && value !== undefined) bad(header, `计费方式为${row.method}时不应填写${header}`);
    }
    // The web form's rule, with its message (a cap on a fixed fee; a cap of 0).
    const cap = capProblem(row.method, row.cap);
    if (cap) bad('封顶金额', cap);
  },
  async apply(run, rows) {
    const codes = [...new Set(rows.map((r) => r.value.agencyCode))];
    const agencyId = new Map((await run.tx.select({ id: agencies.id, code: agencies.creditCode }).from(agencies)
      .where(sql`${agencies.creditCode} in ${textList(codes)}`)).map((a) => [a.code, a.id]));
    const items: Item[] = [];
    for (const row of rows) {
      const id = agencyId.get(row.value.agencyCode);
      if (id === undefined) run.missing(row, '统一社会信用代码', 'agency', keyOf(row.value.agencyCode), `拍卖机构 ${row.value.agencyCode}`);
      else items.push({ row, agencyId: id });
    }

    const keys = items.map((i) => ({ agency_id: i.agencyId, year: i.row.value.year }));
    const existing = new Map((await run.tx.select().from(feeAgreements)
      .where(sql`(${feeAgreements.agencyId}, ${feeAgreements.year}) in (select agency_id, year from ${records(keys, 'agency_id int, year int')})`))
      .map((f) => [`${f.agencyId}|${f.year}`, f]));

    // A new agreement for a year some center has closed would change that year's fees due (the
    // web's rule, src/fees/queries.ts), checked under the same shared year locks.
    const newPairs = items.filter((i) => !existing.has(`${i.agencyId}|${i.row.value.year}`)).map((i) => ({ agencyId: i.agencyId, year: i.row.value.year }));
    for (const year of [...new Set(newPairs.map((p) => p.year))].sort((a, b) => a - b)) await lockYear(run.tx, year, 'shared');
    const conflicts = await closedYearConflicts(run.tx, newPairs);

    const creates: Item[] = [];
    for (const item of items) {
      const e = existing.get(`${item.agencyId}|${item.row.value.year}`);
      const conflict = conflicts.get(`${item.agencyId}|${item.row.value.year}`);
      if (!e && conflict) { run.fail(item.row, '年度', closedYearMessage(item.row.value.year, conflict, '导入该年度的收费协议')); continue; }
      if (!e) { creates.push(item); continue; }
      const stored: Terms = {
        method: e.method, fixedAmount: e.fixedAmount, rate: e.rate === null ? null : parseRateOrThrow(e.rate),
        tiers: e.tiers === null ? null : tiersFromStored(e.tiers), cap: e.cap, payFailed: e.payFailed,
      };
      if (run.compare(item.row, view(fileTerms(item.row.value)), view(stored)) === 'unchanged') run.unchanged++;
    }

    const toRow = ({ row: { value: v }, agencyId }: Item) => ({
      agency_id: agencyId, year: v.year, method: v.method, fixed_amount: v.fixedAmount,
      rate: v.rate === null ? null : formatRate(v.rate),
      tiers: v.tiers === null ? null : tiersToStored(v.tiers) satisfies StoredTier[],
      cap: v.cap, pay_failed: v.payFailed === '是',
    });
    const inserted = await insertRecords<{ id: number; agency_id: number; year: number }>(run.tx, feeAgreements,
      'agency_id int, year int, method text, fixed_amount bigint, rate numeric, tiers jsonb, cap bigint, pay_failed boolean',
      creates.map(toRow), 'id, agency_id, year');
    const idOf = new Map(inserted.map((f) => [`${f.agency_id}|${f.year}`, f.id]));
    for (const item of creates) {
      const r = toRow(item);
      run.audit({
        action: 'import-create', entityId: idOf.get(`${item.agencyId}|${item.row.value.year}`)!,
        after: { agencyCode: item.row.value.agencyCode, year: r.year, method: r.method, fixedAmount: r.fixed_amount, rate: r.rate, tiers: r.tiers, cap: r.cap, payFailed: r.pay_failed },
      });
      run.created++;
    }
  },
});

function parseRateOrThrow(s: string): bigint {
  const r = parseRate(s);
  if (!r.ok) throw new RangeError(`invalid stored rate ${s}`);
  return r.value;
}

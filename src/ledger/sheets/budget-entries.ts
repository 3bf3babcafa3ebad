// 预算: 中心编码*, 年度*, 项目名称*, 类型* (年初预算/上年结转/追加/调减), 金额*, 日期*, 文号, 说明.
// An imported 上年结转 is history as it was filed; on the web it is written only by a 结转 (src/funds/balances.ts).
// Key 中心编码 + 年度 + 项目名称 + 类型 + 日期 + 文号 (an empty 文号 is part of the key as '').
// A budget entry is a financial record: never updated; a correction is another entry (调减).
//
// The web's rules are checked here too (src/funds), as warnings on history: the date as
// budgetDateProblem allows it (in the project's year; a 年初预算 also in the December before), and
// no 调减 taking the total budget below what is committed (待支付 + 已支付). The projects written to
// are locked first, as the web's addBudgetEntry locks its project, and the sums are read afterwards
// by the web's definitions. A date in a closed year stays an error.
import { sql } from 'drizzle-orm';
import { budgetEntries, budgetKinds } from '../../../db/schema';
import { reductionProblem } from '../../funds/queries';
import { budgetDateProblem } from '../../funds/rules';
import { fenToYuan } from '../../lib/money';
import { insertRecords, intList } from '../batch';
import { date, integer, oneOf, positiveMoney, text } from '../cells';
import { AS_HISTORY, inClosedYear, lockProjects, projectBudgets, rowsWithProjects, type ProjectRef } from '../funds';
import type { SheetRun, View } from '../run';
import { defineSheet, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  projectName: req('项目名称', text),
  kind: req('类型', oneOf(budgetKinds)),
  amount: req('金额', positiveMoney),
  entryDate: req('日期', date),
  docNo: opt('文号', text),
  reason: opt('说明', text),
};

type Entry = RowOf<typeof columns>;

const view = (e: { amount: bigint; reason: string | null }): View => ({ 金额: fenToYuan(e.amount), 说明: e.reason });
const entryKey = (projectId: number, kind: string, entryDate: string, docNo: string | null) => `${projectId}|${kind}|${entryDate}|${docNo ?? ''}`;

export const budgetEntriesSheet = defineSheet({
  name: '预算',
  entity: 'budget_entry',
  columns,
  key: ['centerCode', 'year', 'projectName', 'kind', 'entryDate', 'docNo'],
  async apply(run, rows) {
    const { items, closed } = await rowsWithProjects(run, rows);

    // The key is not unique in the database (the app may record two alike): a row is the same
    // record when one of them has its values.
    const existing = new Map<string, (typeof budgetEntries.$inferSelect)[]>();
    for (const e of await run.tx.select().from(budgetEntries).where(sql`${budgetEntries.projectId} in ${intList([...new Set(items.map((i) => i.project.id))])}`)) {
      const k = entryKey(e.projectId, e.kind, e.entryDate, e.docNo);
      existing.set(k, [...(existing.get(k) ?? []), e]);
    }

    const creates: typeof items = [];
    for (const item of items) {
      const v = item.row.value;
      const same = existing.get(entryKey(item.project.id, v.kind, v.entryDate, v.docNo)) ?? [];
      if (same.length === 0) {
        if (inClosedYear(run, item.row, closed, item.project.centerId, v.entryDate, '日期')) continue;
        const dateProblem = budgetDateProblem(v.kind, v.entryDate, item.project.year);
        if (dateProblem) run.warn(item.row, '日期', 'dated-outside-year', `${v.kind}日期 ${v.entryDate}：${dateProblem}${AS_HISTORY}`);
        creates.push(item);
        continue;
      }
      const match = same.find((e) => e.amount === v.amount && (v.reason === null || e.reason === v.reason));
      if (match) run.unchanged++;
      else run.compare(item.row, view(v), view(same[0]!));
    }

    await checkCommitted(run, creates);

    const inserted = await insertRecords<{ id: number }>(run.tx, budgetEntries,
      'project_id int, kind text, amount bigint, entry_date date, doc_no text, reason text',
      creates.map(({ row: { value: v }, project }) => ({ project_id: project.id, kind: v.kind, amount: v.amount, entry_date: v.entryDate, doc_no: v.docNo, reason: v.reason })),
      'id');
    creates.forEach(({ row, project }, i) => {
      const v = row.value;
      run.audit({
        action: 'import-create', entityId: inserted[i]!.id, centerId: project.centerId,
        after: { projectId: project.id, project: `${project.year}年 ${project.name}`, kind: v.kind, amount: v.amount, entryDate: v.entryDate, docNo: v.docNo, reason: v.reason },
      }, row);
      run.created++;
    });
  },
});

/**
 * A 调减 taking a project's total budget below what is committed against it (待支付 + 已支付) breaks
 * the rule of the web's addBudgetEntry: a warning on the row, with the web's message. The projects are
 * locked first, then summed in a statement of their own. The file's 年初预算 and 追加 count first (they
 * only raise the total); its 调减 are then taken in date order, each against the total the ones
 * before it left.
 */
async function checkCommitted(run: SheetRun, creates: { row: ParsedRow<Entry>; project: ProjectRef }[]) {
  const projectIds = creates.map((c) => c.project.id);
  await lockProjects(run.tx, projectIds);
  const sums = await projectBudgets(run.tx, projectIds);
  for (const c of creates) if (c.row.value.kind !== '调减') sums.get(c.project.id)!.total += c.row.value.amount;
  const reductions = creates.filter((c) => c.row.value.kind === '调减')
    .sort((a, b) => (a.row.value.entryDate < b.row.value.entryDate ? -1 : a.row.value.entryDate > b.row.value.entryDate ? 1 : 0) || a.row.rowNumber - b.row.rowNumber);
  for (const c of reductions) {
    const s = sums.get(c.project.id)!;
    const problem = reductionProblem(s.total, c.row.value.amount, s.committed);
    if (problem) run.warn(c.row, '金额', 'below-committed', `${problem}${AS_HISTORY}`);
    s.total -= c.row.value.amount;
  }
}

// 预算: 中心编码*, 年度*, 项目名称*, 类型* (年初预算/追加/调减), 金额*, 日期*, 文号, 说明.
// Key 中心编码 + 年度 + 项目名称 + 类型 + 日期 + 文号 (an empty 文号 is part of the key as '').
// A budget entry is a financial record: never updated; a correction is another entry (调减).
import { sql } from 'drizzle-orm';
import { budgetEntries, budgetKinds } from '../../../db/schema';
import { fenToYuan } from '../../lib/money';
import { insertRecords, intList } from '../batch';
import { date, integer, oneOf, positiveMoney, text } from '../cells';
import { inClosedYear, loadClosedYears, loadProjects, projectOf, type ProjectRef } from '../funds';
import type { View } from '../run';
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
    const located = rows.flatMap((row) => {
      const centerId = run.centerId(row, row.value.centerCode);
      return centerId === null ? [] : [{ row, centerId }];
    });
    const found = await loadProjects(run.tx, located.map(({ row, centerId }) => ({ centerId, year: row.value.year, name: row.value.projectName })));
    const closed = await loadClosedYears(run.tx, located.map((l) => l.centerId));
    const items: { row: ParsedRow<Entry>; project: ProjectRef }[] = [];
    for (const { row, centerId } of located) {
      const v = row.value;
      const project = projectOf(run, row, found, { centerId, centerCode: v.centerCode, year: v.year, projectName: v.projectName });
      if (project) items.push({ row, project });
    }

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
        if (!inClosedYear(run, item.row, closed, item.project.centerId, v.entryDate, '日期')) creates.push(item);
        continue;
      }
      const match = same.find((e) => e.amount === v.amount && (v.reason === null || e.reason === v.reason));
      if (match) run.unchanged++;
      else run.compare(item.row, view(v), view(same[0]!));
    }

    const inserted = await insertRecords<{ id: number }>(run.tx, budgetEntries,
      'project_id int, kind text, amount bigint, entry_date date, doc_no text, reason text',
      creates.map(({ row: { value: v }, project }) => ({ project_id: project.id, kind: v.kind, amount: v.amount, entry_date: v.entryDate, doc_no: v.docNo, reason: v.reason })),
      'id');
    creates.forEach(({ row: { value: v }, project }, i) => {
      run.audit({
        action: 'import-create', entityId: inserted[i]!.id, centerId: project.centerId,
        after: { projectId: project.id, project: `${project.year}年 ${project.name}`, kind: v.kind, amount: v.amount, entryDate: v.entryDate, docNo: v.docNo, reason: v.reason },
      });
      run.created++;
    });
  },
});

// 扣分: 中心编码*, 年度*, 项目名称*, 扣分*, 原因*. Key 中心编码 + 年度 + 项目名称 + 原因.
// Points a review took off a project's score (more than 0, at most 100, two decimals), with the reason
// the report lists under 存在的问题. They decide the score, so nothing of an existing one updates by
// import; and no new one goes into a year the center has closed.
import { sql } from 'drizzle-orm';
import { deductions } from '../../../db/schema';
import { formatHundredths, hundredths } from '../../performance/rules';
import { insertRecords, intList } from '../batch';
import { decimal, integer, text, type CellParser } from '../cells';
import { inClosedYearOf, lockOpenYears, lockProjects, rowsWithProjects } from '../funds';
import { defineSheet, req } from '../sheet';

const twoDecimals = decimal({ scale: 2, intDigits: 3 });

/** 扣分 as its canonical decimal text: more than 0, at most 100 (the database's own bounds). */
const points: CellParser<string> = (s, header) => {
  const parsed = twoDecimals(s, header);
  if (!parsed.ok) return parsed;
  const h = hundredths(parsed.value);
  return h > 0n && h <= 10000n ? parsed : { ok: false, error: `${header}应大于 0 且不超过 100` };
};

/** 扣分 as the table shows it: `1`, `1.0` and the database's `1.00` alike are `1.00`. */
const shown = (p: string) => ({ 扣分: formatHundredths(hundredths(p)) });

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  projectName: req('项目名称', text),
  points: req('扣分', points),
  reason: req('原因', text),
};

export const deductionsSheet = defineSheet({
  name: '扣分',
  entity: 'deduction',
  columns,
  key: ['centerCode', 'year', 'projectName', 'reason'],
  async apply(run, rows) {
    const { items } = await rowsWithProjects(run, rows);

    // As the web's writes do (src/performance/indicator-queries.ts): the year lock, then the project
    // rows, and only then the read of what exists — so a concurrent web entry is seen, not collided with.
    const closed = await lockOpenYears(run.tx, items.map(({ project }) => ({ centerId: project.centerId, year: project.year })));
    await lockProjects(run.tx, [...new Set(items.map((i) => i.project.id))]);
    const existing = new Map((await run.tx.select().from(deductions)
      .where(sql`${deductions.projectId} in ${intList([...new Set(items.map((i) => i.project.id))])}`))
      .map((d) => [`${d.projectId}|${d.reason}`, d]));

    const fresh: typeof items = [];
    for (const item of items) {
      const e = existing.get(`${item.project.id}|${item.row.value.reason}`);
      if (!e) fresh.push(item);
      else if (run.compare(item.row, shown(item.row.value.points), shown(e.points)) === 'unchanged') run.unchanged++;
    }

    const creates = fresh.filter(({ row, project }) => !inClosedYearOf(run, row, closed, project.centerId, project.year));

    const inserted = await insertRecords<{ id: number }>(run.tx, deductions, 'project_id int, points numeric, reason text',
      creates.map(({ row: { value: v }, project }) => ({ project_id: project.id, points: v.points, reason: v.reason })), 'id');
    creates.forEach(({ row: { value: v }, project }, i) => {
      run.audit({
        action: 'import-create', entityId: inserted[i]!.id, centerId: project.centerId,
        after: { projectId: project.id, project: `${project.year}年 ${project.name}`, points: v.points, reason: v.reason },
      });
      run.created++;
    });
  },
});

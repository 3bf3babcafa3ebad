// 资金到位: 中心编码*, 年度*, 项目名称*, 金额*, 到位日期*, 来源 (财政拨款/其他, default 财政拨款).
// Key 中心编码 + 年度 + 项目名称 + 到位日期 + 金额. A financial record: never updated.
// The web's addArrival requires a date in the project's year (inYearProblem of src/funds/rules.ts);
// an imported arrival dated outside it is history, imported with a warning (it still counts in
// 资金到位: REPORTING.md sums every arrival of the project).
import { sql } from 'drizzle-orm';
import { fundArrivals, fundSources } from '../../../db/schema';
import { inYearProblem } from '../../funds/rules';
import { insertRecords, intList } from '../batch';
import { date, integer, oneOf, positiveMoney, text } from '../cells';
import { AS_HISTORY, inClosedYear, rowsWithProjects } from '../funds';
import { defineSheet, opt, req } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  projectName: req('项目名称', text),
  amount: req('金额', positiveMoney),
  arrivedOn: req('到位日期', date),
  source: opt('来源', oneOf(fundSources)),
};


export const fundArrivalsSheet = defineSheet({
  name: '资金到位',
  entity: 'fund_arrival',
  columns,
  key: ['centerCode', 'year', 'projectName', 'arrivedOn', 'amount'],
  async apply(run, rows) {
    const { items, closed } = await rowsWithProjects(run, rows);

    const existing = new Map<string, string[]>();
    for (const e of await run.tx.select().from(fundArrivals).where(sql`${fundArrivals.projectId} in ${intList([...new Set(items.map((i) => i.project.id))])}`)) {
      const k = `${e.projectId}|${e.arrivedOn}|${e.amount}`;
      existing.set(k, [...(existing.get(k) ?? []), e.source]);
    }

    const creates: typeof items = [];
    for (const item of items) {
      const v = item.row.value;
      const sources = existing.get(`${item.project.id}|${v.arrivedOn}|${v.amount}`);
      if (!sources) {
        if (inClosedYear(run, item.row, closed, item.project.centerId, v.arrivedOn, '到位日期')) continue;
        const dateProblem = inYearProblem('到位日期', v.arrivedOn, item.project.year);
        if (dateProblem) run.warn(item.row, '到位日期', 'dated-outside-year', `到位日期 ${v.arrivedOn}：${dateProblem}${AS_HISTORY}`);
        creates.push(item);
      } else if (v.source === null || sources.includes(v.source)) {
        run.unchanged++;
      } else {
        run.compare(item.row, { 来源: v.source }, { 来源: sources[0]! });
      }
    }

    const inserted = await insertRecords<{ id: number }>(run.tx, fundArrivals, 'project_id int, amount bigint, arrived_on date, source text',
      creates.map(({ row: { value: v }, project }) => ({ project_id: project.id, amount: v.amount, arrived_on: v.arrivedOn, source: v.source ?? '财政拨款' })),
      'id');
    creates.forEach(({ row, project }, i) => {
      const v = row.value;
      run.audit({
        action: 'import-create', entityId: inserted[i]!.id, centerId: project.centerId,
        after: { projectId: project.id, project: `${project.year}年 ${project.name}`, amount: v.amount, arrivedOn: v.arrivedOn, source: v.source ?? '财政拨款' },
      }, row);
      run.created++;
    });
  },
});

// 项目: 中心编码*, 年度*, 项目名称*, 预算单位, 年度目标. Key 中心编码 + 年度 + 项目名称.
// A project carries the report's 预期目标; nothing of it updates by import.
import { sql } from 'drizzle-orm';
import { projects } from '../../../db/schema';
import { insertRecords, records } from '../batch';
import { integer, text } from '../cells';
import type { View } from '../run';
import { defineSheet, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  name: req('项目名称', text),
  budgetUnit: opt('预算单位', text),
  target: opt('年度目标', text),
};

type Project = RowOf<typeof columns>;

const view = (p: { budgetUnit: string | null; target: string | null }): View => ({ 预算单位: p.budgetUnit, 年度目标: p.target });

export const projectsSheet = defineSheet({
  name: '项目',
  entity: 'project',
  columns,
  key: ['centerCode', 'year', 'name'],
  async apply(run, rows) {
    const items: { row: ParsedRow<Project>; centerId: number }[] = [];
    for (const row of rows) {
      const centerId = run.centerId(row, row.value.centerCode);
      if (centerId !== null) items.push({ row, centerId });
    }
    const keys = items.map(({ row, centerId }) => ({ center_id: centerId, year: row.value.year, name: row.value.name }));
    const existing = new Map((await run.tx.select().from(projects)
      .where(sql`(${projects.centerId}, ${projects.year}, ${projects.name}) in (select center_id, year, name from ${records(keys, 'center_id int, year int, name text')})`))
      .map((p) => [`${p.centerId}|${p.year}|${p.name}`, p]));

    const creates: typeof items = [];
    for (const item of items) {
      const v = item.row.value;
      const e = existing.get(`${item.centerId}|${v.year}|${v.name}`);
      if (!e) creates.push(item);
      else if (run.compare(item.row, view(v), view(e)) === 'unchanged') run.unchanged++;
    }

    const inserted = await insertRecords<{ id: number; center_id: number; year: number; name: string }>(run.tx, projects,
      'center_id int, year int, name text, budget_unit text, target text',
      creates.map(({ row: { value: v }, centerId }) => ({ center_id: centerId, year: v.year, name: v.name, budget_unit: v.budgetUnit, target: v.target })),
      'id, center_id, year, name');
    const idOf = new Map(inserted.map((p) => [`${p.center_id}|${p.year}|${p.name}`, p.id]));
    for (const { row: { value: v }, centerId } of creates) {
      run.audit({
        action: 'import-create', entityId: idOf.get(`${centerId}|${v.year}|${v.name}`)!, centerId,
        after: { centerId, year: v.year, name: v.name, budgetUnit: v.budgetUnit, target: v.target },
      });
      run.created++;
    }
  },
});

// 项目: 中心编码*, 年度*, 项目名称*, 预算单位, 年度目标, and our added optional column 实际完成目标 (not in
// LEDGER-FORMAT.md; README.md lists it). Key 中心编码 + 年度 + 项目名称.
// A project carries the report's 预期目标: 预算单位 and 年度目标 never update by import. 实际完成目标 is the
// sentence written for a project whose sentence is not computed (src/performance/rules.ts narrative),
// after the year: it is descriptive and updates, so a project imported at the start of the year can
// receive it later (audited with before and after).
import { sql } from 'drizzle-orm';
import { projects } from '../../../db/schema';
import { chunks, insertRecords, JSON_CHUNK, records } from '../batch';
import { inClosedYearOf, lockOpenYears } from '../funds';
import { integer, text } from '../cells';
import type { View } from '../run';
import { defineSheet, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  centerCode: req('中心编码', text),
  year: req('年度', integer(1990, 2200)),
  name: req('项目名称', text),
  budgetUnit: opt('预算单位', text),
  target: opt('年度目标', text),
  // Added by us (optional): see the head of this file.
  actualGoal: opt('实际完成目标', text),
};

type Project = RowOf<typeof columns>;

const view = (p: { budgetUnit: string | null; target: string | null; actualGoal: string | null }): View => ({
  预算单位: p.budgetUnit, 年度目标: p.target, 实际完成目标: p.actualGoal,
});
const DESCRIPTIVE = new Set(['实际完成目标']);

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
    const updates: { id: number; centerId: number; year: number; row: (typeof items)[number]['row']; before: string | null; after: string }[] = [];
    for (const item of items) {
      const v = item.row.value;
      const e = existing.get(`${item.centerId}|${v.year}|${v.name}`);
      if (!e) { creates.push(item); continue; }
      const verdict = run.compare(item.row, view(v), view(e), DESCRIPTIVE);
      if (verdict === 'unchanged') run.unchanged++;
      // Only 实际完成目标 may differ here, and a differing cell is a given one.
      if (verdict === 'update') updates.push({ id: e.id, centerId: e.centerId, year: e.year, row: item.row, before: e.actualGoal, after: v.actualGoal! });
    }

    const inserted = await insertRecords<{ id: number; center_id: number; year: number; name: string }>(run.tx, projects,
      'center_id int, year int, name text, budget_unit text, target text, actual_goal text',
      creates.map(({ row: { value: v }, centerId }) => ({
        center_id: centerId, year: v.year, name: v.name, budget_unit: v.budgetUnit, target: v.target, actual_goal: v.actualGoal,
      })),
      'id, center_id, year, name');
    const idOf = new Map(inserted.map((p) => [`${p.center_id}|${p.year}|${p.name}`, p.id]));
    for (const { row: { value: v }, centerId } of creates) {
      run.audit({
        action: 'import-create', entityId: idOf.get(`${centerId}|${v.year}|${v.name}`)!, centerId,
        after: { centerId, year: v.year, name: v.name, budgetUnit: v.budgetUnit, target: v.target, actualGoal: v.actualGoal },
      });
      run.created++;
    }

    // 实际完成目标 is in the report: a closed year's project keeps it, as the web does.
    const closed = await lockOpenYears(run.tx, updates.map((u) => ({ centerId: u.centerId, year: u.year })));
    const open = updates.filter((u) => !inClosedYearOf(run, u.row, closed, u.centerId, u.year));
    for (const part of chunks(open, JSON_CHUNK)) {
      await run.tx.execute(sql`
        update ${projects} set actual_goal = v.actual_goal, updated_at = now()
        from ${records(part.map((u) => ({ id: u.id, actual_goal: u.after })), 'id int, actual_goal text')}
        where ${projects.id} = v.id`);
      for (const u of part) {
        run.audit({ action: 'import-update', entityId: u.id, centerId: u.centerId, before: { actualGoal: u.before }, after: { actualGoal: u.after } });
        run.updated++;
      }
    }
  },
});

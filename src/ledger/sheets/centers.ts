// 交易中心: 编码*, 名称*, 级别* (省/市/县), 上级编码. Key 编码. Nothing updates by import.
import { centers, centerLevels } from '../../../db/schema';
import { chunks } from '../batch';
import { oneOf, text } from '../cells';
import type { SheetRun, View } from '../run';
import { defineSheet, keyOf, opt, req, type ParsedRow, type RowOf } from '../sheet';

const columns = {
  code: req('编码', text),
  name: req('名称', text),
  level: req('级别', oneOf(centerLevels)),
  parentCode: opt('上级编码', text),
};

type Center = RowOf<typeof columns>;

const view = (c: { name: string; level: string; parentCode: string | null }): View => ({ 名称: c.name, 级别: c.level, 上级编码: c.parentCode });

export const centersSheet = defineSheet({
  name: '交易中心',
  entity: 'center',
  columns,
  key: ['code'],
  check(row, bad) {
    if (row.code !== undefined && row.code === row.parentCode) bad('上级编码', '上级编码不能是本中心自己的编码');
  },
  async apply(run, rows) {
    const { ctx } = run;
    let pending: ParsedRow<Center>[] = [];
    for (const row of rows) {
      const v = row.value;
      const existing = ctx.centersByCode.get(v.code);
      if (!existing) {
        if (ctx.scope && v.parentCode === null) {
          run.fail(row, '上级编码', '无权导入该交易中心的记录：新建交易中心须填写上级编码，且上级为您管辖的交易中心');
        } else {
          pending.push(row);
        }
        continue;
      }
      if (ctx.scope && !ctx.scope.has(existing.id)) {
        run.fail(row, '编码', '无权导入该交易中心的记录');
        continue;
      }
      const parentCode = existing.parentId === null ? null : ctx.centersById.get(existing.parentId)?.code ?? null;
      if (run.compare(row, view(v), view({ ...existing, parentCode })) === 'unchanged') run.unchanged++;
    }

    // A center may name a parent further down the same sheet: insert in passes, each taking the
    // rows whose parent now exists.
    while (pending.length > 0) {
      const waiting = new Set(pending.map((r) => r.value.code));
      const ready: ParsedRow<Center>[] = [];
      const next: ParsedRow<Center>[] = [];
      for (const row of pending) {
        const pc = row.value.parentCode;
        const parent = pc === null ? undefined : ctx.centersByCode.get(pc);
        if (pc === null) ready.push(row);
        else if (parent) {
          if (ctx.scope && !ctx.scope.has(parent.id)) run.fail(row, '上级编码', `无权导入该交易中心的记录：上级 ${pc} 不在您管辖的范围内`);
          else ready.push(row);
        } else if (waiting.has(pc)) next.push(row);
        else run.missing(row, '上级编码', 'center', keyOf(pc), `上级编码 ${pc}`);
      }
      if (ready.length === 0) {
        for (const row of next) run.fail(row, '上级编码', `上级编码 ${row.value.parentCode} 与本工作表中其他交易中心的上级关系形成循环`);
        break;
      }
      await insertCenters(run, ready);
      pending = next;
    }
  },
});

async function insertCenters(run: SheetRun, rows: ParsedRow<Center>[]) {
  const { ctx } = run;
  for (const part of chunks(rows)) {
    const values = part.map(({ value: v }) => ({
      code: v.code, name: v.name, level: v.level,
      parentId: v.parentCode === null ? null : ctx.centersByCode.get(v.parentCode)!.id,
    }));
    const inserted = await run.tx.insert(centers).values(values).returning({ id: centers.id, code: centers.code });
    const idByCode = new Map(inserted.map((r) => [r.code, r.id]));
    for (const v of values) {
      const id = idByCode.get(v.code)!;
      ctx.addCenter({ id, code: v.code, name: v.name, level: v.level, parentId: v.parentId });
      if (ctx.scope && v.parentId !== null && ctx.scope.has(v.parentId)) ctx.scope.add(id);
      const parentCode = v.parentId === null ? null : ctx.centersById.get(v.parentId)!.code;
      run.audit({ action: 'import-create', entityId: id, centerId: id, after: { code: v.code, name: v.name, level: v.level, parentCode } });
      run.created++;
    }
  }
}

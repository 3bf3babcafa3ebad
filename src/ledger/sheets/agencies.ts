// 拍卖机构: 统一社会信用代码*, 名称*, 联系人, 联系电话. Key 统一社会信用代码.
// All three other columns are descriptive: a difference updates the agency.
import { sql } from 'drizzle-orm';
import { agencies } from '../../../db/schema';
import { chunks, JSON_CHUNK, records, textList } from '../batch';
import { creditCode, text } from '../cells';
import type { View } from '../run';
import { defineSheet, opt, req } from '../sheet';

const columns = {
  creditCode: req('统一社会信用代码', creditCode),
  name: req('名称', text),
  contactPerson: opt('联系人', text),
  contactPhone: opt('联系电话', text),
};

interface Agency { name: string; contactPerson: string | null; contactPhone: string | null }

const DESCRIPTIVE = new Set(['名称', '联系人', '联系电话']);
const view = (a: Agency): View => ({ 名称: a.name, 联系人: a.contactPerson, 联系电话: a.contactPhone });
const describe = (a: Agency): Agency => ({ name: a.name, contactPerson: a.contactPerson, contactPhone: a.contactPhone });

export const agenciesSheet = defineSheet({
  name: '拍卖机构',
  entity: 'agency',
  columns,
  key: ['creditCode'],
  async apply(run, rows) {
    const existing = new Map((await run.tx.select().from(agencies)
      .where(sql`${agencies.creditCode} in ${textList(rows.map((r) => r.value.creditCode))}`))
      .map((a) => [a.creditCode, a]));

    const creates: typeof rows = [];
    const updates: { id: number; creditCode: string; before: Agency; after: Agency }[] = [];
    for (const row of rows) {
      const v = row.value;
      const e = existing.get(v.creditCode);
      if (!e) { creates.push(row); continue; }
      const verdict = run.compare(row, view(v), view(e), DESCRIPTIVE);
      if (verdict === 'unchanged') run.unchanged++;
      if (verdict !== 'update') continue;
      // A column left empty is not given: it keeps what the database has.
      const after: Agency = { name: v.name, contactPerson: v.contactPerson ?? e.contactPerson, contactPhone: v.contactPhone ?? e.contactPhone };
      updates.push({ id: e.id, creditCode: e.creditCode, before: describe(e), after });
    }

    for (const part of chunks(creates)) {
      const inserted = await run.tx.insert(agencies).values(part.map(({ value: v }) => ({
        creditCode: v.creditCode, name: v.name, contactPerson: v.contactPerson, contactPhone: v.contactPhone,
      }))).returning();
      for (const a of inserted) {
        run.audit({ action: 'import-create', entityId: a.id, after: { creditCode: a.creditCode, ...describe(a) } });
        run.created++;
      }
    }

    for (const part of chunks(updates, JSON_CHUNK)) {
      await run.tx.execute(sql`
        update ${agencies} set name = v.name, contact_person = v.contact_person, contact_phone = v.contact_phone, updated_at = now()
        from ${records(part.map((u) => ({ id: u.id, name: u.after.name, contact_person: u.after.contactPerson, contact_phone: u.after.contactPhone })),
          'id int, name text, contact_person text, contact_phone text')}
        where ${agencies.id} = v.id`);
      for (const u of part) {
        run.audit({ action: 'import-update', entityId: u.id, before: { creditCode: u.creditCode, ...u.before }, after: { creditCode: u.creditCode, ...u.after } });
        run.updated++;
      }
    }
  },
});

// 标的: 中心编码*, 标的编号*, 类型*, 名称*, 位置, 区县, 用途, 面积, 容积率, 出让年限, 矿种, 起始价*, 保证金,
// and two columns we added to the format for mineral rights: 资源量 (text) and 有效期 (date).
// Key 中心编码 + 标的编号. Descriptive columns update; 类型, 起始价 and 保证金 never do by import.
import { sql } from 'drizzle-orm';
import { parcelKinds, parcels } from '../../../db/schema';
import { fenToYuan } from '../../lib/money';
import { chunks, insertRecords, JSON_CHUNK, records } from '../batch';
import { canonicalDecimal, date, decimal, integer, money, oneOf, text } from '../cells';
import type { View } from '../run';
import { mineralProblem } from '../../parcels/rules';
import { depositProblem, termProblem } from '../../transfers/law';
import { AS_HISTORY } from '../funds';
import { defineSheet, opt, req, type ParsedRow } from '../sheet';

/** The units a 面积 header may name, in the form headers are matched in (NFKC: ㎡ and m² are m2). */
const AREA_UNITS = ['平方米', 'm2', '平方千米', '平方公里', 'km2'];

const columns = {
  centerCode: req('中心编码', text),
  code: req('标的编号', text),
  kind: req('类型', oneOf(parcelKinds)),
  name: req('名称', text),
  location: opt('位置', text),
  district: opt('区县', text),
  landUse: opt('用途', text),
  // NUMERIC(18,4) and NUMERIC(8,2) in the schema.
  // m² for land, km² for mineral rights (DESIGN.md): a header may say so; 亩 and 公顷 are not converted.
  area: opt('面积', decimal({ scale: 4, intDigits: 14 }), { labels: AREA_UNITS }),
  plotRatio: opt('容积率', decimal({ scale: 2, intDigits: 6 })),
  termYears: opt('出让年限', integer(1, 70), { labels: ['年'] }),
  mineral: opt('矿种', text),
  startingPrice: req('起始价', money),
  deposit: opt('保证金', money),
  resources: opt('资源量', text),
  validUntil: opt('有效期', date),
};

type ParcelRecord = typeof parcels.$inferSelect;
type Descriptive = Pick<ParcelRecord, 'name' | 'location' | 'district' | 'landUse' | 'area' | 'plotRatio' | 'termYears' | 'mineral' | 'resources' | 'validUntil'>;
type Comparable = Descriptive & Pick<ParcelRecord, 'kind' | 'startingPrice' | 'deposit'>;

const PARCEL_COLUMNS = 'center_id int, code text, kind text, name text, location text, district text, land_use text, area numeric, '
  + 'plot_ratio numeric, term_years int, mineral text, resources text, valid_until date, starting_price bigint, deposit bigint';

const DESCRIPTIVE = new Set(['名称', '位置', '区县', '用途', '面积', '容积率', '出让年限', '矿种', '资源量', '有效期']);
const FIELDS = ['name', 'location', 'district', 'landUse', 'area', 'plotRatio', 'termYears', 'mineral', 'resources', 'validUntil'] as const;

const dec = (s: string | null) => (s === null ? null : canonicalDecimal(s));
const view = (p: Comparable): View => ({
  类型: p.kind, 名称: p.name, 位置: p.location, 区县: p.district, 用途: p.landUse, 面积: dec(p.area), 容积率: dec(p.plotRatio),
  出让年限: p.termYears === null ? null : String(p.termYears), 矿种: p.mineral,
  起始价: fenToYuan(p.startingPrice), 保证金: p.deposit === null ? null : fenToYuan(p.deposit),
  资源量: p.resources, 有效期: p.validUntil,
});
const describe = (p: Descriptive): Descriptive => Object.fromEntries(FIELDS.map((f) => [f, p[f]])) as Descriptive;

export const parcelsSheet = defineSheet({
  name: '标的',
  entity: 'parcel',
  columns,
  key: ['centerCode', 'code'],
  check(row, bad) {
    if (row.mineral === undefined) return; // the cell itself was bad, already reported
    const problem = mineralProblem(row.kind, row.mineral);
    if (problem) bad('矿种', problem);
  },
  async apply(run, rows) {
    const items: { row: ParsedRow<(typeof rows)[number]['value']>; centerId: number }[] = [];
    for (const row of rows) {
      const centerId = run.centerId(row, row.value.centerCode);
      if (centerId !== null) items.push({ row, centerId });
    }
    const keys = items.map((i) => ({ center_id: i.centerId, code: i.row.value.code }));
    const existing = new Map((await run.tx.select().from(parcels)
      .where(sql`(${parcels.centerId}, ${parcels.code}) in (select center_id, code from ${records(keys, 'center_id int, code text')})`))
      .map((p) => [`${p.centerId}|${p.code}`, p]));

    const creates: (Comparable & { centerId: number; code: string; row: ParsedRow<(typeof rows)[number]['value']> })[] = [];
    const updates: { id: number; centerId: number; before: Descriptive; after: Descriptive; row: ParsedRow<(typeof rows)[number]['value']> }[] = [];
    // True history that breaks the law's rules for new work goes in, with the warning on the parcel.
    // A 保证金 left empty is not known to break the 20% rule: only new work must state it.
    const lawWarnings = (row: ParsedRow<(typeof rows)[number]['value']>, p: Comparable) => {
      const term = termProblem(p);
      if (term) run.warn(row, '出让年限', 'term-too-long', `${term}${AS_HISTORY}`);
      const deposit = depositProblem(p, false);
      if (deposit) run.warn(row, '保证金', 'deposit-too-low', `${deposit}${AS_HISTORY}`);
    };
    for (const { row, centerId } of items) {
      const { centerCode: _c, ...v } = row.value;
      const e = existing.get(`${centerId}|${v.code}`);
      if (!e) { lawWarnings(row, v); creates.push({ ...v, centerId, row }); continue; }
      const verdict = run.compare(row, view(v), view(e), DESCRIPTIVE);
      if (verdict === 'unchanged') run.unchanged++;
      if (verdict !== 'update') continue;
      // A column left empty is not given: it keeps what the database has.
      const after = Object.fromEntries(FIELDS.map((f) => [f, v[f] ?? e[f]])) as Descriptive;
      // An update changes only descriptive columns (用途 and 出让年限 among them): warn where a rule newly breaks.
      const term = termProblem({ ...e, ...after });
      if (term && term !== termProblem(e)) run.warn(row, '出让年限', 'term-too-long', `${term}${AS_HISTORY}`);
      const deposit = depositProblem({ ...e, ...after }, false);
      if (deposit && deposit !== depositProblem(e, false)) run.warn(row, '用途', 'deposit-too-low', `${deposit}${AS_HISTORY}`);
      updates.push({ id: e.id, centerId, before: describe(e), after, row });
    }

    const inserted = await insertRecords<{ id: number; center_id: number; code: string }>(run.tx, parcels, PARCEL_COLUMNS, creates.map((p) => ({
      center_id: p.centerId, code: p.code, kind: p.kind, name: p.name, location: p.location, district: p.district, land_use: p.landUse,
      area: p.area, plot_ratio: p.plotRatio, term_years: p.termYears, mineral: p.mineral, resources: p.resources, valid_until: p.validUntil,
      starting_price: p.startingPrice, deposit: p.deposit,
    })), 'id, center_id, code');
    const idOf = new Map(inserted.map((p) => [`${p.center_id}|${p.code}`, p.id]));
    for (const { row, ...p } of creates) {
      run.audit({ action: 'import-create', entityId: idOf.get(`${p.centerId}|${p.code}`)!, centerId: p.centerId, after: p }, row);
      run.created++;
    }

    for (const part of chunks(updates, JSON_CHUNK)) {
      await run.tx.execute(sql`
        update ${parcels} set name = v.name, location = v.location, district = v.district, land_use = v.land_use,
          area = v.area, plot_ratio = v.plot_ratio, term_years = v.term_years, mineral = v.mineral,
          resources = v.resources, valid_until = v.valid_until, updated_at = now()
        from ${records(part.map(({ id, after: a }) => ({
          id, name: a.name, location: a.location, district: a.district, land_use: a.landUse, area: a.area, plot_ratio: a.plotRatio,
          term_years: a.termYears, mineral: a.mineral, resources: a.resources, valid_until: a.validUntil,
        })), 'id int, name text, location text, district text, land_use text, area numeric, plot_ratio numeric, term_years int, mineral text, resources text, valid_until date')}
        where ${parcels.id} = v.id`);
      for (const u of part) {
        run.audit({ action: 'import-update', entityId: u.id, centerId: u.centerId, before: u.before, after: u.after }, u.row);
        run.updated++;
      }
    }
  },
});

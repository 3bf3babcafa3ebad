// The 100,000-row ledger of the import benchmark, generated from a seed: once as the folder of
// `<sheet>.csv` files a user imports (LEDGER-FORMAT.md), once as COPY-ready CSVs of the same rows
// for the tables they land in, with the ids the import would resolve, plus the psql script that
// loads them — the reference the importer is measured against.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { creditCodeCheckChar } from '../../src/lib/credit-code';
import { fenToYuan } from '../../src/lib/money';
import { seededRandom } from '../../src/lib/seeded-random';

/** Row counts per sheet at scale 1 (≥ 100,000 data rows in all). */
export const FULL = { parcels: 35_000, secondRounds: 5_000, payments: 14_500, reversals: 500, remittances: 10_000, budgetPerProject: 24, arrivalsPerProject: 12 };

const YEARS = [2020, 2021, 2022, 2023, 2024];
const DISTRICTS = ['利州区', '昭化区', '朝天区', '旺苍县', '青川县', '剑阁县', '苍溪县'];
const USES = ['住宅用地', '商服用地', '工业用地', '商住用地', '仓储用地'];
const PROJECT = '土地出让工作经费';

export interface Generated {
  /** Data rows per sheet of the ledger folder. */
  sheetRows: Record<string, number>;
  /** Rows per table the COPY script loads (what the import must have written too). */
  tableRows: Record<string, number>;
  totalRows: number;
}

/** One CSV field; quoted only when it must be. null = empty (COPY's NULL in CSV format). */
function field(v: string | number | bigint | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class CsvOut {
  private readonly lines: string[];
  rows = 0;
  constructor(header: readonly string[] | null) { this.lines = header ? [header.map(field).join(',')] : []; }
  add(values: (string | number | bigint | boolean | null)[]) { this.lines.push(values.map(field).join(',')); this.rows++; }
  text() { return `${this.lines.join('\n')}\n`; }
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const day = (year: number, dayOfYear: number) => new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);

/** Writes `<dir>/ledger/<sheet>.csv`, `<dir>/copy/<table>.csv` and `<dir>/copy.sql`. `scale` 0.1 = a tenth of the rows. */
export async function generateLedger(dir: string, opts: { seed?: number; scale?: number } = {}): Promise<Generated> {
  const rnd = seededRandom(opts.seed ?? 20201231);
  const scale = opts.scale ?? 1;
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

  const sheets: Record<string, CsvOut> = {};
  const tables: Record<string, { columns: string; out: CsvOut }> = {};
  const sheet = (name: string, header: string[]) => (sheets[name] = new CsvOut(header));
  const table = (name: string, columns: string) => (tables[name] = { columns, out: new CsvOut(null) }).out;

  // 交易中心: a province, two cities, two counties.
  const centerSheet = sheet('交易中心', ['编码', '名称', '级别', '上级编码']);
  const centerTable = table('centers', 'id, code, name, level, parent_id');
  const centers = [
    { code: 'SC', name: '四川省公共资源交易中心', level: '省', parent: null },
    { code: 'GY', name: '广元市公共资源交易中心', level: '市', parent: 'SC' },
    { code: 'MY', name: '绵阳市公共资源交易中心', level: '市', parent: 'SC' },
    { code: 'CX', name: '苍溪县公共资源交易中心', level: '县', parent: 'GY' },
    { code: 'JG', name: '剑阁县公共资源交易中心', level: '县', parent: 'GY' },
  ];
  const centerId = new Map(centers.map((c, i) => [c.code, i + 1]));
  for (const c of centers) {
    centerSheet.add([c.code, c.name, c.level, c.parent]);
    centerTable.add([centerId.get(c.code)!, c.code, c.name, c.level, c.parent === null ? null : centerId.get(c.parent)!]);
  }
  const working = centers.slice(1); // the province runs no transfers itself

  // 拍卖机构: 50, with valid credit codes.
  const agencySheet = sheet('拍卖机构', ['统一社会信用代码', '名称', '联系人', '联系电话']);
  const agencyTable = table('agencies', 'id, credit_code, name, contact_person, contact_phone');
  const agencies = Array.from({ length: 50 }, (_, i) => {
    const first17 = `91510800MA6${pad(i + 1, 4)}X${i % 10}`;
    return { id: i + 1, code: `${first17}${creditCodeCheckChar(first17)}`, name: `四川第${i + 1}拍卖有限公司` };
  });
  for (const a of agencies) {
    const person = `联系人${a.id}`;
    const phone = `0839-${pad(3_000_000 + a.id, 7)}`;
    agencySheet.add([a.code, a.name, person, phone]);
    agencyTable.add([a.id, a.code, a.name, person, phone]);
  }

  // 标的 and 出让活动: every parcel has round 1; some did not sell and have a round 2.
  const parcelSheet = sheet('标的', ['中心编码', '标的编号', '类型', '名称', '位置', '区县', '用途', '面积', '容积率', '出让年限', '矿种', '起始价', '保证金', '资源量', '有效期']);
  const parcelTable = table('parcels', 'id, center_id, code, kind, name, location, district, land_use, area, plot_ratio, term_years, mineral, resources, valid_until, starting_price, deposit');
  const transferSheet = sheet('出让活动', ['中心编码', '标的编号', '场次', '方式', '拍卖机构信用代码', '公告编号', '公告开始日期', '公告截止日期', '报名截止日期', '竞价日期', '结果', '成交价', '竞得人', '成交日期', '成交确认书编号']);
  const transferTable = table('transfers', 'id, center_id, parcel_id, round, mode, agency_id, announcement_id, notice_start, notice_end, registration_deadline, auction_date, result, deal_price, winner, deal_date, confirmation_no');
  interface Sold { center: string; code: string; transferId: number; agencyId: number | null; price: bigint; year: number }
  const sold: Sold[] = [];
  const parcelCount = n(FULL.parcels);
  const secondRounds = n(FULL.secondRounds);
  let transferId = 0;
  for (let i = 0; i < parcelCount; i++) {
    const c = working[i % working.length]!;
    const code = `${c.code}${pad(i + 1, 6)}`;
    const year = pick(YEARS);
    const mineral = rnd() < 0.05;
    const price = BigInt(int(10_000, 5_000_000)) * 100n;
    const deposit = price / 5n;
    const district = pick(DISTRICTS);
    const p = mineral
      ? { kind: '采矿权', name: `${district}建筑用砂岩矿${i + 1}号`, location: `${district}某镇某村`, landUse: null, area: `${int(1, 90)}.${pad(int(0, 99), 2)}`, plot: null, term: int(3, 10), mineral: '建筑用砂岩', resources: `${int(10, 900)}万吨`, validUntil: day(year + 5, int(0, 360)) }
      : { kind: '土地', name: `${district}${pick(USES)}地块${i + 1}`, location: `${district}某路${int(1, 999)}号`, landUse: pick(USES), area: `${int(500, 90_000)}.${pad(int(0, 99), 2)}`, plot: `${int(1, 3)}.${pad(int(0, 9), 1)}`, term: pick([40, 50, 70]), mineral: null, resources: null, validUntil: null };
    parcelSheet.add([c.code, code, p.kind, p.name, p.location, district, p.landUse, p.area, p.plot, p.term, p.mineral, fenToYuan(price), fenToYuan(deposit), p.resources, p.validUntil]);
    parcelTable.add([i + 1, centerId.get(c.code)!, code, p.kind, p.name, p.location, district, p.landUse, p.area, p.plot, p.term, p.mineral, p.resources, p.validUntil, price, deposit]);

    const rounds = i < secondRounds ? 2 : 1;
    for (let round = 1; round <= rounds; round++) {
      const last = round === rounds;
      const auction = rnd() < 0.7;
      const agency = auction ? pick(agencies) : null;
      const auctionDay = int(40, 300) + (round - 1) * 40;
      const dates = [day(year, auctionDay - 30), day(year, auctionDay - 10), day(year, auctionDay - 3), day(year, auctionDay)];
      const result = !last ? '流拍' : rnd() < 0.9 ? '成交' : pick(['终止', '进行中']);
      const deal = result === '成交'
        ? { price: price + BigInt(int(0, 2_000_000)) * 100n, winner: `竞得人${int(1, 9999)}有限公司`, date: day(year, auctionDay + int(0, 5)), no: `${code}-${round}-QR` }
        : null;
      transferId++;
      transferSheet.add([c.code, code, round, auction ? '拍卖' : '挂牌', agency?.code ?? null, null, dates[0]!, dates[1]!, dates[2]!, dates[3]!, result,
        deal ? fenToYuan(deal.price) : null, deal?.winner ?? null, deal?.date ?? null, deal?.no ?? null]);
      transferTable.add([transferId, centerId.get(c.code)!, i + 1, round, auction ? '拍卖' : '挂牌', agency?.id ?? null, null, dates[0]!, dates[1]!, dates[2]!, dates[3]!, result,
        deal?.price ?? null, deal?.winner ?? null, deal?.date ?? null, deal?.no ?? null]);
      // Payments and remittances name the parcel; without 场次 that is its 成交 (= last) round.
      if (deal) sold.push({ center: c.code, code, transferId, agencyId: agency?.id ?? null, price: deal.price, year });
    }
  }

  // 项目, 预算, 资金到位, 非税任务: one work-funds project per working center and year.
  const projectSheet = sheet('项目', ['中心编码', '年度', '项目名称', '预算单位', '年度目标']);
  const projectTable = table('projects', 'id, center_id, year, name, budget_unit, target');
  const budgetSheet = sheet('预算', ['中心编码', '年度', '项目名称', '类型', '金额', '日期', '文号', '说明']);
  const budgetTable = table('budget_entries', 'id, project_id, kind, amount, entry_date, doc_no, reason');
  const arrivalSheet = sheet('资金到位', ['中心编码', '年度', '项目名称', '金额', '到位日期', '来源']);
  const arrivalTable = table('fund_arrivals', 'id, project_id, amount, arrived_on, source');
  const targetSheet = sheet('非税任务', ['中心编码', '年度', '任务金额']);
  const targetTable = table('revenue_targets', 'center_id, year, amount');
  const projectId = new Map<string, number>();
  let budgetId = 0;
  let arrivalId = 0;
  for (const c of working) {
    for (const year of YEARS) {
      const id = projectId.size + 1;
      projectId.set(`${c.code}|${year}`, id);
      const unit = c.name;
      const target = `完成${year}年度土地出让组织工作`;
      projectSheet.add([c.code, year, PROJECT, unit, target]);
      projectTable.add([id, centerId.get(c.code)!, year, PROJECT, unit, target]);
      // A budget far above what the payments take, so none is refused.
      for (let k = 0; k < FULL.budgetPerProject; k++) {
        const kind = k === 0 ? '年初预算' : '追加';
        const amount = (k === 0 ? 50_000_000n : BigInt(int(10_000, 200_000))) * 100n;
        const date = day(year, k === 0 ? 1 : 14 * k);
        const docNo = `${c.code}财预〔${year}〕${k + 1}号`;
        budgetSheet.add([c.code, year, PROJECT, kind, fenToYuan(amount), date, docNo, k === 0 ? null : '追加工作经费']);
        budgetTable.add([++budgetId, id, kind, amount, date, docNo, k === 0 ? null : '追加工作经费']);
      }
      for (let k = 0; k < FULL.arrivalsPerProject; k++) {
        const amount = BigInt(int(100_000, 500_000)) * 100n;
        const date = day(year, 28 * k + 5);
        arrivalSheet.add([c.code, year, PROJECT, fenToYuan(amount), date, '财政拨款']);
        arrivalTable.add([++arrivalId, id, amount, date, '财政拨款']);
      }
      const task = BigInt(int(1_000_000, 50_000_000)) * 100n;
      targetSheet.add([c.code, year, fenToYuan(task)]);
      targetTable.add([centerId.get(c.code)!, year, task]);
    }
  }

  // 支付: agency fees for sold parcels and other spending, then reversals of some of them.
  const paymentSheet = sheet('支付', ['中心编码', '年度', '项目名称', '凭证号', '类别', '收款方', '金额', '支付日期', '标的编号', '公告编号', '摘要', '冲销凭证号']);
  const paymentTable = table('payments', 'id, center_id, project_id, category, payee, amount, transfer_id, announcement_id, agency_id, summary, status, paid_on, voucher_no, reverses_id, imported');
  interface Paid { id: number; center: string; year: number; voucher: string; category: string; payee: string; amount: bigint; paidOn: string; transferId: number | null; agencyId: number | null }
  const paid: Paid[] = [];
  for (let i = 0; i < n(FULL.payments); i++) {
    const fee = rnd() < 0.6;
    const s = fee ? pick(sold) : null;
    const center = s?.center ?? pick(working).code;
    const year = s?.year ?? pick(YEARS);
    const voucher = `${center}-${year}-${pad(i + 1, 6)}`;
    const amount = BigInt(int(100, 20_000)) * 100n + BigInt(int(0, 99));
    const paidOn = day(year, int(0, 363));
    const category = fee ? '拍卖机构劳务费' : '其他';
    const payee = s ? (s.agencyId === null ? '广元某服务公司' : agencies[s.agencyId - 1]!.name) : `供应商${int(1, 500)}`;
    const summary = fee ? `${s!.code} 拍卖服务费` : '办公用品';
    const p: Paid = { id: i + 1, center, year, voucher, category, payee, amount, paidOn, transferId: s?.transferId ?? null, agencyId: fee ? s!.agencyId : null };
    paid.push(p);
    paymentSheet.add([center, year, PROJECT, voucher, category, payee, fenToYuan(amount), paidOn, s?.code ?? null, null, summary, null]);
    paymentTable.add([p.id, centerId.get(center)!, projectId.get(`${center}|${year}`)!, category, payee, amount, p.transferId, null, p.agencyId, summary, '已支付', paidOn, voucher, null, true]);
  }
  // A reversal leaves 标的编号 empty: it takes the original's links.
  for (let i = 0; i < n(FULL.reversals); i++) {
    const o = paid[i * Math.floor(paid.length / n(FULL.reversals))]!;
    const id = paid.length + i + 1;
    const voucher = `${o.voucher}-CX`;
    const amount = -(o.amount / 2n) || -1n;
    paymentSheet.add([o.center, o.year, PROJECT, voucher, o.category, o.payee, fenToYuan(amount), o.paidOn, null, null, '冲销多付', o.voucher]);
    paymentTable.add([id, centerId.get(o.center)!, projectId.get(`${o.center}|${o.year}`)!, o.category, o.payee, amount, o.transferId, null, o.agencyId, '冲销多付', '已支付', o.paidOn, voucher, o.id, true]);
  }

  // 非税收入: land revenue of sold parcels.
  const remittanceSheet = sheet('非税收入', ['中心编码', '缴款书号', '收入类型', '标的编号', '金额', '上缴日期']);
  const remittanceTable = table('remittances', 'id, center_id, receipt_no, revenue_type, transfer_id, amount, remitted_on');
  for (let i = 0; i < n(FULL.remittances); i++) {
    const s = sold[(i * 7919) % sold.length]!;
    const receipt = `JK${s.year}${pad(i + 1, 7)}`;
    const amount = s.price / BigInt(int(1, 4)) || 1n;
    const on = day(s.year, int(0, 363));
    remittanceSheet.add([s.center, receipt, '土地出让收入', s.code, fenToYuan(amount), on]);
    remittanceTable.add([i + 1, centerId.get(s.center)!, receipt, '土地出让收入', s.transferId, amount, on]);
  }

  await mkdir(join(dir, 'ledger'), { recursive: true });
  await mkdir(join(dir, 'copy'), { recursive: true });
  for (const [name, out] of Object.entries(sheets)) await writeFile(join(dir, 'ledger', `${name}.csv`), out.text());
  // One psql script, one transaction (`psql -1`): the COPYs in foreign-key order, then the
  // sequences, as an import into an empty database would leave them.
  const script: string[] = [];
  for (const [name, { columns, out }] of Object.entries(tables)) {
    const file = join(dir, 'copy', `${name}.csv`);
    await writeFile(file, out.text());
    script.push(`\\copy ${name} (${columns}) from '${file}' with (format csv)`);
  }
  for (const name of Object.keys(tables)) {
    if (name === 'revenue_targets') continue;
    script.push(`select setval(pg_get_serial_sequence('${name}', 'id'), coalesce((select max(id) from ${name}), 1));`);
  }
  await writeFile(join(dir, 'copy.sql'), `${script.join('\n')}\n`);

  const sheetRows = Object.fromEntries(Object.entries(sheets).map(([k, v]) => [k, v.rows]));
  const tableRows = Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.out.rows]));
  return { sheetRows, tableRows, totalRows: Object.values(sheetRows).reduce((a, b) => a + b, 0) };
}

// The province-scale ledger of `npm run bench`, generated from a seed into COPY text files (one per
// table, ids given explicitly) that the runner loads into each PostgreSQL server in dependency order.
// Its shape follows the real ledger: 1 province, ~20 cities, the rest counties below them; per center
// and year a 土地出让工作经费 project with its budget, arrivals and default indicator rows; parcels
// offered by announcement, sold (some only after a 流拍 and a second round); payments mostly paid
// with vouchers, the current year's partly still in the approval chain; remittances against the
// yearly task; the agencies' fee agreements and the yearly 满意度调查 with its answers.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLandIndicators } from '../../src/performance/rules';
import { seededRandom } from '../../src/lib/seeded-random';

export interface GenerateOptions {
  dir: string;
  quick: boolean;
  seed?: number;
  /** argon2 hash every generated user gets (their password is only for signing in by hand). */
  passwordHash: string;
}

export interface Generated {
  /** Tables in load order, with their COPY column lists and row counts. */
  tables: { name: string; columns: string[]; file: string; rows: number }[];
  years: number[];
  /** The center with the most transfers, its leader user, and the smallest county with its leader. */
  largest: { centerId: number; code: string; leaderId: number; projectId: number };
  smallest: { centerId: number; code: string; leaderId: number };
  projectName: string;
}

export const PROJECT_NAME = '土地出让工作经费';
const STATUSES_IN_CHAIN = ['草稿', '待科室负责人审核', '待业务分管领导审批', '待财务分管领导审批', '待支付', '已退回'] as const;
const CHAIN = [
  { from: '草稿', to: '待科室负责人审核', duty: null },
  { from: '待科室负责人审核', to: '待业务分管领导审批', duty: '科室负责人' },
  { from: '待业务分管领导审批', to: '待财务分管领导审批', duty: '业务分管领导' },
  { from: '待财务分管领导审批', to: '待支付', duty: '财务分管领导' },
  { from: '待支付', to: '已支付', duty: null },
] as const;

/** The seeded source (mulberry32), with the helpers the generator draws with. */
function prng(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

/** One COPY text file: tab-separated, \N for null; every value here is free of tabs, newlines and backslashes. */
class Table {
  rows = 0;
  private buf: string[] = [];
  private fd: number;
  constructor(readonly name: string, readonly columns: string[], readonly file: string) {
    this.fd = openSync(file, 'w', 0o644);
  }
  add(values: (string | number | bigint | boolean | null)[]) {
    this.buf.push(values.map((v) => (v === null ? '\\N' : String(v))).join('\t'));
    this.rows++;
    if (this.buf.length >= 20000) this.flush();
  }
  flush() {
    if (this.buf.length) writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);
const dayOfYear = (year: number, day: number) => iso(new Date(Date.UTC(year, 0, 1 + day)));
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const CITY_NAMES = ['广元', '绵阳', '德阳', '南充', '遂宁', '内江', '乐山', '宜宾', '自贡', '泸州', '达州', '巴中', '雅安', '眉山', '资阳', '攀枝花', '广安', '阿坝', '甘孜', '凉山'];
const WINNERS = ['置业有限公司', '房地产开发有限公司', '实业有限公司', '矿业有限责任公司', '建设投资有限公司', '城市建设有限公司'];
const LAND_USES = ['住宅用地', '商服用地', '工业用地', '商住用地', '仓储用地'];
const MEDIA = ['中国土地市场网', '四川省公共资源交易网', '市公共资源交易网', '日报'];
const MISC = ['交易场地租赁费', '评审专家劳务费', '办公用品购置', '信息系统运维费', '档案整理费', '差旅费', '印刷费', '网络租赁费'];

export function generate(opts: GenerateOptions): Generated {
  const r = prng(opts.seed ?? 20200101);
  const years = opts.quick ? [2023, 2024, 2025] : Array.from({ length: 10 }, (_, i) => 2016 + i);
  const lastYear = years[years.length - 1]!;
  const nCities = opts.quick ? 4 : 20;
  const nCounties = opts.quick ? 16 : 180;
  const nAgencies = opts.quick ? 30 : 300;
  // Parcels per year per unit of a center's weight: about 430,000 transfers in all at full size.
  const parcelsPerUnit = opts.quick ? 60 : 200;

  const t = (name: string, columns: string[]) => new Table(name, columns, join(opts.dir, `${name}.tsv`));
  const T = {
    centers: t('centers', ['id', 'code', 'name', 'level', 'parent_id']),
    agencies: t('agencies', ['id', 'credit_code', 'name', 'contact_person', 'contact_phone']),
    users: t('users', ['id', 'username', 'display_name', 'password_hash', 'role', 'center_id', 'agency_id', 'duties']),
    parcels: t('parcels', ['id', 'center_id', 'code', 'kind', 'name', 'location', 'district', 'land_use', 'area', 'plot_ratio', 'term_years', 'mineral', 'starting_price', 'deposit']),
    announcements: t('announcements', ['id', 'center_id', 'code', 'title', 'medium', 'published_on', 'cost']),
    announcementParcels: t('announcement_parcels', ['announcement_id', 'parcel_id']),
    transfers: t('transfers', ['id', 'center_id', 'parcel_id', 'round', 'mode', 'agency_id', 'announcement_id', 'notice_start', 'notice_end', 'registration_deadline', 'auction_date', 'result', 'deal_price', 'winner', 'deal_date', 'confirmation_no']),
    projects: t('projects', ['id', 'center_id', 'year', 'name', 'budget_unit', 'target']),
    budget: t('budget_entries', ['id', 'project_id', 'kind', 'amount', 'entry_date', 'doc_no', 'reason']),
    arrivals: t('fund_arrivals', ['id', 'project_id', 'amount', 'arrived_on', 'source', 'note']),
    payments: t('payments', ['id', 'center_id', 'project_id', 'category', 'payee', 'amount', 'transfer_id', 'announcement_id', 'agency_id', 'summary', 'attachment', 'status', 'paid_on', 'voucher_no', 'reverses_id', 'imported', 'created_by']),
    steps: t('payment_steps', ['id', 'payment_id', 'from_status', 'to_status', 'duty', 'user_id', 'at']),
    fees: t('fee_agreements', ['id', 'agency_id', 'year', 'method', 'fixed_amount', 'rate', 'tiers', 'cap', 'pay_failed']),
    remittances: t('remittances', ['id', 'center_id', 'receipt_no', 'revenue_type', 'transfer_id', 'amount', 'remitted_on']),
    targets: t('revenue_targets', ['center_id', 'year', 'amount']),
    indicators: t('indicators', ['id', 'project_id', 'position', 'level1', 'level2', 'level3', 'expected', 'rule', 'target_value', 'unit', 'manual_actual', 'manual_points', 'weight']),
    deductions: t('deductions', ['id', 'project_id', 'points', 'reason']),
    surveys: t('surveys', ['id', 'center_id', 'year', 'title', 'intro', 'status', 'opened_at', 'closed_at']),
    questions: t('survey_questions', ['id', 'survey_id', 'position', 'text', 'kind', 'scale']),
    responses: t('satisfaction_responses', ['id', 'center_id', 'year', 'agency_id', 'rating', 'comment', 'survey_id']),
    answers: t('survey_answers', ['id', 'response_id', 'question_id', 'rating', 'text']),
  };
  const ids: Record<string, number> = {};
  const nextId = (k: string) => (ids[k] = (ids[k] ?? 0) + 1);

  // Centers: the province, its cities, the counties spread over the cities. Weight = size of its ledger.
  interface Center { id: number; code: string; name: string; weight: number; leaderId: number; financeId: number; headId: number; agencies: number[] }
  const centers: Center[] = [];
  const addCenter = (code: string, name: string, level: string, parent: number | null, weight: number) => {
    const c: Center = { id: nextId('centers'), code, name, weight, leaderId: 0, financeId: 0, headId: 0, agencies: [] };
    T.centers.add([c.id, code, name, level, parent]);
    centers.push(c);
    return c;
  };
  const province = addCenter('SC', '四川省公共资源交易中心', '省', null, 1);
  const cities = Array.from({ length: nCities }, (_, i) =>
    addCenter(`SC${pad(i + 1, 2)}`, `${CITY_NAMES[i % CITY_NAMES.length]}市公共资源交易中心`, '市', province.id, i === 0 ? 3 : 1.6 + r.next() * 0.8));
  for (let i = 0; i < nCounties; i++) {
    const city = cities[i % nCities]!;
    addCenter(`${city.code}${pad(Math.floor(i / nCities) + 1, 2)}`, `${city.name.replace('市公共资源交易中心', '')}第${Math.floor(i / nCities) + 1}县公共资源交易中心`, '县', city.id, 0.5 + r.next() * 0.6);
  }

  for (let i = 0; i < nAgencies; i++) {
    let code = '91510';
    while (code.length < 18) code += CREDIT_ALPHABET[r.int(0, CREDIT_ALPHABET.length - 1)];
    T.agencies.add([nextId('agencies'), code, `四川第${i + 1}拍卖有限公司`, `联系人${i + 1}`, `138${pad(r.int(0, 99999999), 8)}`]);
  }

  // Users: an admin at the province; per center a staff member, a 经办人, a 科室负责人 and a leader who signs both leader steps.
  const user = (username: string, name: string, role: string, centerId: number, duties: string[]) => {
    const id = nextId('users');
    T.users.add([id, username, name, opts.passwordHash, role, centerId, null, `{${duties.join(',')}}`]);
    return id;
  };
  user('admin', '系统管理员', 'admin', province.id, []);
  for (const c of centers) {
    user(`staff_${c.code}`, `${c.code}交易组织科`, 'staff', c.id, []);
    c.financeId = user(`finance_${c.code}`, `${c.code}财务经办人`, 'finance', c.id, []);
    c.headId = user(`finhead_${c.code}`, `${c.code}财务科长`, 'finance', c.id, ['科室负责人']);
    c.leaderId = user(`leader_${c.code}`, `${c.code}分管领导`, 'leader', c.id, ['业务分管领导', '财务分管领导']);
    // Each center works with a handful of the province's agencies.
    const n = Math.max(3, Math.round(4 * c.weight));
    while (c.agencies.length < n) {
      const a = r.int(1, nAgencies);
      if (!c.agencies.includes(a)) c.agencies.push(a);
    }
  }

  for (let a = 1; a <= nAgencies; a++) {
    for (const y of years) {
      const m = r.next();
      if (m < 0.4) T.fees.add([nextId('fees'), a, y, '按宗固定', r.int(20, 80) * 100000, null, null, null, false]);
      else if (m < 0.8) T.fees.add([nextId('fees'), a, y, '按成交价比例', null, (r.int(2, 10) / 10).toFixed(4), null, r.int(30, 100) * 1000000, r.next() < 0.2]);
      else T.fees.add([nextId('fees'), a, y, '分档累进', null, null, '[{"from":"0","to":"100000000","rate":"1"},{"from":"100000000","to":null,"rate":"0.5"}]', null, false]);
    }
  }

  const vouchers = new Map<number, number>();
  const receipts = new Map<number, number>();
  let largestTransfers = -1;
  let largest = { centerId: 0, code: '', leaderId: 0, projectId: 0 };
  let smallestTransfers = Infinity;
  let smallest = { centerId: 0, code: '', leaderId: 0 };

  for (const c of centers) {
    let centerTransfers = 0;
    let parcelSeq = 0;
    for (const year of years) {
      const current = year === lastYear;
      const projectId = nextId('projects');
      T.projects.add([projectId, c.id, year, PROJECT_NAME, c.name, `完成${year}年度土地（矿权）出让工作，保障交易活动正常开展`]);
      let paid = 0n;
      let remitted = 0n;
      const pay = (p: { category: string; payee: string; amount: bigint; transfer?: number; announcement?: number; agency?: number; summary: string; day: number }) => {
        const id = nextId('payments');
        const inChain = current && r.next() < 0.1;
        const status = inChain ? r.pick(STATUSES_IN_CHAIN) : '已支付';
        const paidOn = status === '已支付' ? dayOfYear(year, Math.min(363, p.day)) : null;
        const voucher = paidOn ? `PZ${year}-${pad((vouchers.set(c.id, (vouchers.get(c.id) ?? 0) + 1), vouchers.get(c.id)!), 6)}` : null;
        T.payments.add([id, c.id, projectId, p.category, p.payee, p.amount, p.transfer ?? null, p.announcement ?? null, p.agency ?? null,
          p.summary, '发票及合同', status, paidOn, voucher, null, !current, c.financeId]);
        if (paidOn) paid += p.amount;
        // The current year's payments went through the approval chain in the app: their signatures.
        if (current) {
          const reached = status === '已支付' ? CHAIN.length : Math.max(0, STATUSES_IN_CHAIN.indexOf(status as (typeof STATUSES_IN_CHAIN)[number]));
          for (let s = 0; s < reached && status !== '已退回'; s++) {
            const step = CHAIN[s]!;
            const by = step.duty === '科室负责人' ? c.headId : step.duty ? c.leaderId : c.financeId;
            T.steps.add([nextId('steps'), id, step.from, step.to, step.duty, by, `${dayOfYear(year, Math.max(0, Math.min(363, p.day) - (CHAIN.length - s)))} 10:00:00+08`]);
          }
        }
        // Now and then a paid payment is corrected by a reversal (冲销) of part of it.
        if (paidOn && r.next() < 0.005) {
          const back = -(p.amount / 10n || 1n);
          const rv = nextId('payments');
          const v = `PZ${year}-${pad((vouchers.set(c.id, vouchers.get(c.id)! + 1), vouchers.get(c.id)!), 6)}`;
          T.payments.add([rv, c.id, projectId, p.category, p.payee, back, p.transfer ?? null, p.announcement ?? null, p.agency ?? null,
            `冲销 ${voucher}`, null, '已支付', paidOn, v, id, !current, c.financeId]);
          paid += back;
        }
      };
      const remit = (type: string, transfer: number | null, amount: bigint, day: number) => {
        const n = (receipts.get(c.id) ?? 0) + 1;
        receipts.set(c.id, n);
        T.remittances.add([nextId('remittances'), c.id, `SJ${year}-${pad(n, 6)}`, type, transfer, amount, dayOfYear(year, Math.min(363, day))]);
        remitted += amount;
      };

      // Parcels, by announcement (about four each), each sold in one round or after a 流拍 in two.
      const nParcels = Math.max(5, Math.round(parcelsPerUnit * c.weight * (0.85 + r.next() * 0.3)));
      let announcement = { id: 0, day: 0, left: 0 };
      for (let i = 0; i < nParcels; i++) {
        if (announcement.left === 0) {
          const id = nextId('announcements');
          const day = Math.floor((i / nParcels) * 300) + r.int(0, 10);
          const cost = BigInt(r.int(8, 40) * 10000);
          announcement = { id, day, left: r.int(2, 6) };
          T.announcements.add([id, c.id, `GG${year}-${pad(id, 7)}`, `${c.name}${year}年第${id}期国有建设用地使用权出让公告`, r.pick(MEDIA), dayOfYear(year, day), cost]);
          pay({ category: '公告费', payee: r.pick(MEDIA), amount: cost, announcement: id, summary: '出让公告刊登费', day: day + r.int(5, 30) });
        }
        announcement.left--;
        const parcelId = nextId('parcels');
        parcelSeq++;
        const mineral = r.next() < 0.08;
        const start = BigInt(r.int(50, 5000) * 1000000);
        T.parcels.add([parcelId, c.id, `${c.code}-${year}-${pad(parcelSeq, 5)}`, mineral ? r.pick(['探矿权', '采矿权']) : '土地',
          mineral ? `${c.code}建筑用砂岩矿${parcelSeq}` : `${c.code}${year}-${parcelSeq}号地块`, `第${r.int(1, 30)}街区`, `第${r.int(1, 8)}片区`,
          mineral ? null : r.pick(LAND_USES), (r.int(1000, 200000) + r.next()).toFixed(4), mineral ? null : (1 + r.int(0, 30) / 10).toFixed(2),
          mineral ? 10 : r.pick([40, 50, 70]), mineral ? '建筑用砂岩' : null, start, start / 5n]);
        T.announcementParcels.add([announcement.id, parcelId]);
        const m = r.next();
        const outcome = m < 0.8 ? ['成交'] : m < 0.93 ? ['流拍', '成交'] : m < 0.95 ? ['流拍', '流拍'] : m < 0.98 ? ['终止'] : current ? ['进行中'] : ['成交'];
        let day = announcement.day + 21;
        for (let round = 1; round <= outcome.length; round++) {
          const result = outcome[round - 1]!;
          const id = nextId('transfers');
          const agency = r.pick(c.agencies);
          const mode = r.next() < 0.6 ? '挂牌' : r.next() < 0.85 ? '拍卖' : r.next() < 0.5 ? '招标' : '协议';
          const auction = Math.min(330 + round * 10, day);
          const deal = result === '成交';
          const price = deal ? start + (start * BigInt(r.int(0, 50))) / 100n : null;
          T.transfers.add([id, c.id, parcelId, round, mode, agency, announcement.id, dayOfYear(year, auction - 20), dayOfYear(year, auction - 1),
            dayOfYear(year, auction - 3), dayOfYear(year, auction), result, price, deal ? `四川${r.pick(CITY_NAMES)}${r.pick(WINNERS)}` : null,
            deal ? dayOfYear(year, auction) : null, deal ? `CJ${year}-${pad(id, 7)}` : null]);
          centerTransfers++;
          if (deal && price !== null) {
            pay({ category: '拍卖机构劳务费', payee: `四川第${agency}拍卖有限公司`, amount: 500000n + price / 1000n, transfer: id, agency, summary: '拍卖机构劳务费', day: auction + r.int(10, 30) });
            remit('土地出让收入', id, price, auction + r.int(5, 25));
            if (r.next() < 0.6) remit('交易服务费', id, price / 500n + 10000n, auction + r.int(5, 25));
          }
          day = auction + r.int(30, 45);
        }
        // Running costs of the center: about one and a half payments per parcel.
        const misc = r.next() < 0.5 ? 1 : 2;
        for (let k = 0; k < misc; k++) {
          const item = r.pick(MISC);
          pay({ category: '其他', payee: `${c.code}${item}供应商`, amount: BigInt(r.int(5, 300) * 10000), summary: item, day: r.int(5, 360) });
        }
      }

      // The project's money: budget a little above what was paid, arrived in four instalments.
      const budget = ((paid * 108n) / 100n / 100000n + 1n) * 100000n;
      const initial = (budget * 9n) / 10n;
      T.budget.add([nextId('budget'), projectId, '年初预算', initial, `${year}-01-10`, `财预〔${year}〕1号`, null]);
      T.budget.add([nextId('budget'), projectId, '追加', budget - initial, `${year}-08-01`, `财预〔${year}〕35号`, '交易量增加']);
      const quarter = budget / 4n;
      for (let q = 0; q < 4; q++) {
        T.arrivals.add([nextId('arrivals'), projectId, q < 3 ? quarter : budget - quarter * 3n, `${year}-${pad(q * 3 + 2, 2)}-15`, '财政拨款', `第${q + 1}季度`]);
      }
      T.targets.add([c.id, year, ((remitted * 7n) / 10n / 1000000n + 1n) * 1000000n]);
      for (const [i, d] of defaultLandIndicators(year).entries()) {
        T.indicators.add([nextId('indicators'), projectId, i + 1, d.level1, d.level2, d.level3, d.expected, d.rule, d.targetValue, d.unit,
          d.rule === '手工' ? '已完成' : null, d.rule === '手工' ? d.weight : null, d.weight]);
      }
      if (r.next() < 0.3) T.deductions.add([nextId('deductions'), projectId, '2.00', '部分支付凭证归档不及时']);

      // The yearly satisfaction survey, answered by the agencies the center worked with.
      const surveyId = nextId('surveys');
      T.surveys.add([surveyId, c.id, year, `${year}年度拍卖机构满意度调查`, '请对本中心的服务作出评价', current ? '进行中' : '已结束',
        `${year}-11-01 09:00:00+08`, current ? null : `${year}-12-20 17:00:00+08`]);
      const q = [nextId('questions'), nextId('questions'), nextId('questions')];
      T.questions.add([q[0], surveyId, 1, '交易组织是否规范高效', '评分', 5]);
      T.questions.add([q[1], surveyId, 2, '服务态度', '评分', 5]);
      T.questions.add([q[2], surveyId, 3, '意见和建议', '文字', null]);
      for (const a of c.agencies) {
        const responseId = nextId('responses');
        const rating = r.next() < 0.7 ? '非常满意' : r.next() < 0.8 ? '满意' : '基本满意';
        T.responses.add([responseId, c.id, year, a, rating, null, surveyId]);
        T.answers.add([nextId('answers'), responseId, q[0], r.int(3, 5), null]);
        T.answers.add([nextId('answers'), responseId, q[1], r.int(3, 5), null]);
        T.answers.add([nextId('answers'), responseId, q[2], null, '无']);
      }
      if (year === lastYear && c.id !== province.id && centerTransfers > largestTransfers) {
        largestTransfers = centerTransfers;
        largest = { centerId: c.id, code: c.code, leaderId: c.leaderId, projectId };
      }
    }
    if (c.id !== province.id && centerTransfers < smallestTransfers) {
      smallestTransfers = centerTransfers;
      smallest = { centerId: c.id, code: c.code, leaderId: c.leaderId };
    }
  }

  const tables = Object.values(T);
  for (const table of tables) table.close();
  return {
    tables: tables.map((x) => ({ name: x.name, columns: x.columns, file: x.file, rows: x.rows })),
    years, largest, smallest, projectName: PROJECT_NAME,
  };
}

// The rules of law a 出让 is held to: one module, read by the web forms (which refuse new work that
// breaks a rule, with the message beside the field) and by the ledger import (which keeps true
// history that breaks one, with a warning on the record). Each rule names its source.
//
// Sources, as far as we could confirm them (see the issue 12 note):
// - 国务院令第55号《城镇国有土地使用权出让和转让暂行条例》第十二条: maximum terms by use — confirmed.
// - 国土资源部令第39号《招标拍卖挂牌出让国有建设用地使用权规定》: the 出让公告 is published at least
//   20 days before the 投标、拍卖 or 挂牌 start; 挂牌时间不得少于10日. The texts are confirmed; the
//   article numbers (第十条 for the notice, 第十九条 for the 挂牌 period, as we recall them) are not.
// - 国土资发〔2010〕34号《关于加强房地产用地供应和监管有关问题的通知》: 竞买保证金 of 房地产用地 not
//   below 20% of the 出让最低价 (here: the 起始价). Taken from the issue; not found in our corpus.
// - 成交价 ≥ 起始价: 39号令's 拍卖 and 挂牌 start from the 起始价 and only go up (增价规则), and a 招标
//   is not awarded below its 标底; a deal below the 起始价 cannot come from a lawful round.
// Mineral rights follow provincial rules (e.g. Sichuan: 20 and 10 *working* days); they need the
// working-day calendar and are not checked here yet.
import { formatYuan } from '../lib/money';

/** 39号令: the 出让公告 at least 20 days before the 投标、拍卖 or 挂牌 start. */
export const LAND_NOTICE_DAYS = 20;
/** 39号令: 挂牌时间不得少于10日. */
export const LAND_LISTING_DAYS = 10;
/** 国土资发〔2010〕34号: 房地产用地 竞买保证金 ≥ 20% of the 起始价. */
export const REAL_ESTATE_DEPOSIT_PERCENT = 20n;

// 国务院令第55号 第十二条: 居住用地七十年；工业用地五十年；教育、科技、文化、卫生、体育用地五十年；
// 商业、旅游、娱乐用地四十年；综合或者其他用地五十年.
const RESIDENTIAL = /住宅|居住|商住|商品房|公寓|住房/;
const COMMERCIAL = /商服|商业|商务|商住|旅游|娱乐|零售|批发|餐饮|旅馆|住宿|酒店|办公|金融/;
const TERM_CLASSES: { label: string; years: number; pattern: RegExp }[] = [
  { label: '居住用地', years: 70, pattern: RESIDENTIAL },
  { label: '商业、旅游、娱乐用地', years: 40, pattern: COMMERCIAL },
  { label: '工业用地', years: 50, pattern: /工业|工矿|仓储|物流/ },
  { label: '教育、科技、文化、卫生、体育用地', years: 50, pattern: /教育|科技|科研|文化|卫生|医疗|体育/ },
];
const OTHER_TERM = { label: '综合或者其他用地', years: 50 };

/**
 * The legal maximum term of a land use. A use naming several classes (住宅兼容商服, 商住) may give
 * each part its own term, so its single term is held to the longest of them: we refuse only what no
 * part of it allows. A use naming none is 综合或者其他.
 */
export function maxTermOf(landUse: string): { label: string; years: number } {
  const classes = TERM_CLASSES.filter((c) => c.pattern.test(landUse));
  if (classes.length === 0) return OTHER_TERM;
  return classes.reduce((a, b) => (b.years > a.years ? b : a));
}

/** 房地产用地 in the sense of 国土资发〔2010〕34号: residential and commercial land. */
export function isRealEstateLand(landUse: string | null | undefined): boolean {
  return !!landUse && (RESIDENTIAL.test(landUse) || COMMERCIAL.test(landUse));
}

export interface ParcelFacts {
  kind?: string;
  landUse?: string | null;
  termYears?: number | null;
  startingPrice?: bigint;
  deposit?: bigint | null;
}

export type ParcelRule = 'term' | 'deposit';
export interface RuleProblem<F extends string = string> { rule: string; field: F; message: string }

/** The term of a land parcel within the maximum of its use (国务院令第55号 第十二条). */
export function termProblem(p: ParcelFacts): string | null {
  if (p.kind !== '土地' || !p.landUse || p.termYears == null) return null;
  const max = maxTermOf(p.landUse);
  if (p.termYears <= max.years) return null;
  return `出让年限 ${p.termYears} 年超过${max.label}的最高年限 ${max.years} 年（国务院令第55号第十二条；用途“${p.landUse}”）`;
}

/**
 * The 竞买保证金 of 房地产用地: at least 20% of the 起始价 (国土资发〔2010〕34号). `required`: new work
 * must state it; an imported record without one is not known to break the rule.
 */
export function depositProblem(p: ParcelFacts, required: boolean): string | null {
  if (p.kind !== '土地' || !isRealEstateLand(p.landUse) || p.startingPrice === undefined) return null;
  const least = (p.startingPrice * REAL_ESTATE_DEPOSIT_PERCENT + 99n) / 100n; // rounded up to the 分
  if (p.deposit == null) return required ? `房地产用地须填写竞买保证金，不低于起始价的${REAL_ESTATE_DEPOSIT_PERCENT}%（${formatYuan(least)} 元，国土资发〔2010〕34号）` : null;
  if (p.deposit * 100n >= p.startingPrice * REAL_ESTATE_DEPOSIT_PERCENT) return null;
  return `竞买保证金 ${formatYuan(p.deposit)} 元低于起始价 ${formatYuan(p.startingPrice)} 元的${REAL_ESTATE_DEPOSIT_PERCENT}%（至少 ${formatYuan(least)} 元，国土资发〔2010〕34号）`;
}

/** Every rule a parcel breaks, with the form field it belongs beside. */
export function parcelProblems(p: ParcelFacts, opts: { depositRequired: boolean }): RuleProblem<'term_years' | 'deposit'>[] {
  const out: RuleProblem<'term_years' | 'deposit'>[] = [];
  const term = termProblem(p);
  if (term) out.push({ rule: 'term', field: 'term_years', message: term });
  const deposit = depositProblem(p, opts.depositRequired);
  if (deposit) out.push({ rule: 'deposit', field: 'deposit', message: deposit });
  return out;
}

/** Whether a rule's facts are the same in both: an edit that leaves them as they were is not new work for that rule. */
export function sameParcelFacts(rule: string, a: ParcelFacts, b: ParcelFacts): boolean {
  const keys: (keyof ParcelFacts)[] = rule === 'term' ? ['kind', 'landUse', 'termYears'] : ['kind', 'landUse', 'startingPrice', 'deposit'];
  return keys.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface NoticeFacts {
  kind: string;
  mode: string;
  /** The 公告开始日期 of the round, or else the publication date of the announcement it cites. */
  noticeDate: string | null | undefined;
  auctionDate: string | null | undefined;
}

/** Whether the notice rule applies to a round at all (land, by 拍卖/挂牌/招标). */
export function noticeRuleApplies(kind: string, mode: string): boolean {
  return kind === '土地' && mode !== '协议';
}

/**
 * The notice period of a land round (国土资源部令第39号). For 拍卖 and 招标 the 竞价日期 is the start:
 * at least 20 days after the notice. For 挂牌 the 竞价日期 is the 挂牌 close: the notice at least 20
 * days before the 挂牌 start and the 挂牌 at least 10 days make at least 30 days from notice to close
 * (the round does not record its 挂牌 start, so this is the part of the rule we can check).
 */
export function noticeProblem(n: NoticeFacts): string | null {
  if (!noticeRuleApplies(n.kind, n.mode) || !n.noticeDate || !n.auctionDate) return null;
  const days = daysBetween(n.noticeDate, n.auctionDate);
  if (n.mode === '挂牌') {
    const least = LAND_NOTICE_DAYS + LAND_LISTING_DAYS;
    if (days >= least) return null;
    return `公告期不足：挂牌出让的公告须至少在挂牌开始日前${LAND_NOTICE_DAYS}日发布、挂牌时间不少于${LAND_LISTING_DAYS}日（国土资源部令第39号），`
      + `公告开始至挂牌截止（竞价日期）至少 ${least} 日；${n.noticeDate} 至 ${n.auctionDate} 仅 ${days} 日`;
  }
  if (days >= LAND_NOTICE_DAYS) return null;
  return `公告期不足：${n.mode}出让公告须至少在${n.mode}开始日前${LAND_NOTICE_DAYS}日发布（国土资源部令第39号）；`
    + `公告开始 ${n.noticeDate} 至竞价日期 ${n.auctionDate} 仅 ${days} 日`;
}

export function sameNoticeFacts(a: NoticeFacts, b: NoticeFacts): boolean {
  return a.kind === b.kind && a.mode === b.mode && (a.noticeDate ?? null) === (b.noticeDate ?? null) && (a.auctionDate ?? null) === (b.auctionDate ?? null);
}

/** A deal at or above the parcel's 起始价 (see the sources above). */
export function dealPriceProblem(dealPrice: bigint | null | undefined, startingPrice: bigint): string | null {
  if (dealPrice == null || dealPrice >= startingPrice) return null;
  return `成交价 ${formatYuan(dealPrice)} 元低于起始价 ${formatYuan(startingPrice)} 元：成交价不得低于起始价`;
}

// 拍卖 needs at least three qualified bidders, else it is 流拍 (or turned into a 挂牌); a 挂牌 may close
// with one. Source: 国土资发〔2006〕114号《招标拍卖挂牌出让国有土地使用权规范（试行）》, as we recall it —
// the issue states the rule; we did not find the text in our corpus. National, so not a setting.
export const AUCTION_MIN_BIDDERS = 3;

/** A 拍卖's 成交 with fewer than three bidders through 资格审查. */
export function auctionBiddersProblem(mode: string, qualified: number): string | null {
  if (mode !== '拍卖' || qualified >= AUCTION_MIN_BIDDERS) return null;
  return `拍卖须至少${AUCTION_MIN_BIDDERS}个竞买人通过资格审查，本场仅 ${qualified} 个：不能登记成交，应登记流拍（或改为挂牌出让）`;
}

/** The 竞得人 of a round run with its applications must be one of those that passed 资格审查. */
export function winnerProblem(winner: string, qualified: string[]): string | null {
  if (qualified.includes(winner)) return null;
  return qualified.length
    ? `竞得人须为本场资格审查通过的竞买人之一：${qualified.join('；')}`
    : '本场没有资格审查通过的竞买人，不能登记成交';
}

// 国土资源部令第39号: 招标拍卖挂牌活动结束后，出让人应在10个工作日内将出让结果在土地有形市场或者指定的
// 场所、媒介公布 (the text as we know it; the article number was not found in our corpus). Counted in
// working days by the calendar (src/lib/working-days.ts) from the activity's end (the 成交 date).
export const RESULT_PUBLICATION_WORKING_DAYS = 10;

/** A 成交确认书 is signed on or after the deal it confirms. */
export function confirmationDateProblem(confirmationDate: string | null | undefined, dealDate: string | null | undefined): string | null {
  if (!confirmationDate || !dealDate || confirmationDate >= dealDate) return null;
  return `成交确认书日期 ${confirmationDate} 早于成交日期 ${dealDate}：成交确认书应在成交当日或之后签订`;
}

/** The 结果公示 within 10 working days after the deal (`due`: the last such day by the calendar). */
export function publicationProblem(publishedOn: string, dealDate: string, due: string): string | null {
  if (publishedOn < dealDate) return `结果公示日期 ${publishedOn} 早于成交日期 ${dealDate}`;
  if (publishedOn <= due) return null;
  return `结果公示日期 ${publishedOn} 晚于成交后${RESULT_PUBLICATION_WORKING_DAYS}个工作日（${due}）：出让结果应在出让活动结束后${RESULT_PUBLICATION_WORKING_DAYS}个工作日内公布（国土资源部令第39号）`;
}

/**
 * The notice period of a mineral-right round, in working days by the calendar and the province's
 * setting (see MINERAL_NOTICE_KEY): for 拍卖 and 招标 from the notice to the 竞价日期; for 挂牌, whose
 * 竞价日期 is its close, the notice period and the 挂牌 period together.
 */
export function mineralNoticeProblem(n: { mode: string; noticeDate: string; auctionDate: string }, workingDays: number, periods: { noticeDays: number; listingDays: number }): string | null {
  const least = n.mode === '挂牌' ? periods.noticeDays + periods.listingDays : periods.noticeDays;
  if (workingDays >= least) return null;
  return n.mode === '挂牌'
    ? `公告期不足：矿业权挂牌出让的公告须至少在挂牌开始日前${periods.noticeDays}个工作日发布、挂牌不少于${periods.listingDays}个工作日（按省规定），公告开始至挂牌截止至少 ${least} 个工作日；${n.noticeDate} 至 ${n.auctionDate} 仅 ${workingDays} 个工作日`
    : `公告期不足：矿业权${n.mode}出让公告须至少在${n.mode}开始日前${periods.noticeDays}个工作日发布（按省规定）；公告开始 ${n.noticeDate} 至竞价日期 ${n.auctionDate} 仅 ${workingDays} 个工作日`;
}

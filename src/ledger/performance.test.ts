// The performance sheets of the ledger import (满意度, 绩效指标, 扣分) and 项目's 实际完成目标 against a
// real PostgreSQL: records, order and audit, idempotence, and every error a sheet reports.
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agencies, auditEvents, centers, closedYears, deductions, indicators, projects, satisfactionResponses } from '../../db/schema';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { closedYearMessage } from '../funds/db-errors';
import { lockYear } from '../funds/queries';
import { creditCodeCheckChar } from '../lib/credit-code';
import { indicatorProblems } from '../performance/rules';
import { importLedger, type ImportResult } from './import';
import {
  AGENCY_A, AGENCY_B, copyLedger, fundsLedger, PERFORMANCE_COUNTS, performanceCounts, performanceLedger, setCell, toCsvFiles, toXlsxFile, type Ledger, countsOf, errorsOf } from './testing';
import type { ImportFile } from './types';

const actor = { userId: null, name: 'test' };
let database: TestDb;
beforeEach(async () => { database = await createTestDb(); });
afterEach(async () => { await database.close(); });

const run = (files: ImportFile[], opts: { dryRun?: boolean } = {}) =>
  importLedger(database.db, files, { actor, dryRun: opts.dryRun ?? false, source: 'test.xlsx' });

const counts = countsOf;
const errors = errorsOf;

const SHEETS = ['满意度', '绩效指标', '扣分'] as const;
const pick = (c: Record<string, number[]>) => Object.fromEntries(SHEETS.map((s) => [s, c[s]]));
const CREATED = { 满意度: [3, 3, 0, 0], 绩效指标: [5, 5, 0, 0], 扣分: [3, 3, 0, 0] };
const UNCHANGED = { 满意度: [3, 0, 0, 3], 绩效指标: [5, 0, 0, 5], 扣分: [3, 0, 0, 3] };

/** Only some sheets of a ledger (the rest is in the database already). */
const only = (l: Ledger, ...sheets: string[]): Ledger => Object.fromEntries(sheets.map((s) => [s, l[s]!]));

const P = ['GY', '2020', '土地出让工作经费'];
const head = (sheet: string) => performanceLedger()[sheet]![0]!;
const UNKNOWN_AGENCY = `91510100MA61R0XX4${creditCodeCheckChar('91510100MA61R0XX4')}`;

async function centerId(code: string) {
  return (await database.db.select({ id: centers.id }).from(centers).where(eq(centers.code, code)))[0]!.id;
}

async function projectOf(code: string) {
  const [p] = await database.db.select().from(projects).where(and(eq(projects.centerId, await centerId(code)), eq(projects.year, 2020)));
  return p!;
}

describe('performance sheets: a valid ledger', () => {
  it('imports responses, indicator rows in the order of the file and deductions, each audited', async () => {
    expect(pick(counts(await run(toCsvFiles(performanceLedger(), { bom: true }))))).toEqual(CREATED);
    const { satisfaction_responses: s, indicators: i, deductions: d } = await performanceCounts(database.db);
    expect({ satisfaction_responses: s, indicators: i, deductions: d }).toEqual(PERFORMANCE_COUNTS);

    const gy = await projectOf('GY');
    const cx = await projectOf('CX');
    const rows = await database.db.select().from(indicators).orderBy(asc(indicators.projectId), asc(indicators.position));
    expect(rows.map((r) => [r.projectId, r.position, r.level3])).toEqual([
      [gy.id, 1, '预计完成年度土地（或矿权）出让数'], [gy.id, 2, '年度土地（矿权）出让工作经费'], [gy.id, 3, '促进房地产市场的发展'], [gy.id, 4, '拍卖机构满意度'],
      [cx.id, 1, '按时完成年度非税征收任务并上交财政'],
    ]);
    expect(rows[0]).toMatchObject({ level1: '项目完成指标', level2: '数量指标', expected: '10余宗', rule: '出让宗数', targetValue: '10.00', unit: '宗', manualActual: null, manualPoints: null, weight: '20.00' });
    expect(rows[1]).toMatchObject({ rule: '工作经费', targetValue: null, unit: '元' });
    expect(rows[2]).toMatchObject({ rule: '手工', manualActual: '加大了全市土地出让力度', manualPoints: '14.50', weight: '15.00' });

    const [a] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.creditCode, AGENCY_A));
    const [b] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.creditCode, AGENCY_B));
    const responses = await database.db.select().from(satisfactionResponses).orderBy(asc(satisfactionResponses.id));
    expect(responses.map((r) => [r.centerId, r.year, r.agencyId, r.rating, r.comment])).toEqual([
      [gy.centerId, 2020, a!.id, '非常满意', '出让流程规范，劳务费结算及时。'],
      [gy.centerId, 2020, b!.id, '基本满意', null], // its credit code was written in lower case
      [cx.centerId, 2020, a!.id, '满意', null],
    ]);

    const taken = await database.db.select().from(deductions).orderBy(asc(deductions.id));
    expect(taken.map((x) => [x.projectId, x.points, x.reason, x.createdBy])).toEqual([
      [gy.id, '1.00', '绩效目标还需要进一步细化、量化。', null],
      [gy.id, '2.15', '预算执行进度较慢，存在年末集中支付情况。', null],
      [cx.id, '0.50', '年初预算与实际支出金额有差异。', null],
    ]);

    for (const [entity, n] of [['satisfaction_response', 3], ['indicator', 5], ['deduction', 3]] as const) {
      const events = await database.db.select().from(auditEvents).where(eq(auditEvents.entity, entity));
      expect(events, entity).toHaveLength(n);
      expect(events.every((e) => e.action === 'import-create' && e.note === 'test.xlsx' && e.centerId !== null), entity).toBe(true);
    }
    const [ev] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'indicator'), eq(auditEvents.entityId, String(rows[2]!.id))));
    expect(ev!.after).toMatchObject({ projectId: gy.id, project: '2020年 土地出让工作经费', position: 3, rule: '手工', manualPoints: '14.5', weight: '15' });
  });

  it('a second import changes nothing, and the .xlsx form with number cells reads the same values', async () => {
    expect(pick(counts(await run([await toXlsxFile(performanceLedger())])))).toEqual(CREATED);
    const before = await performanceCounts(database.db);
    expect(pick(counts(await run(toCsvFiles(performanceLedger()))))).toEqual(UNCHANGED);
    expect(pick(counts(await run([await toXlsxFile(performanceLedger())])))).toEqual(UNCHANGED);
    expect(await performanceCounts(database.db)).toEqual(before);
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const empty = await performanceCounts(database.db);
    expect(pick(counts(await run(toCsvFiles(performanceLedger()), { dryRun: true })))).toEqual(CREATED);
    expect(await performanceCounts(database.db)).toEqual(empty);
  });

  it('numbers compare as numbers, and an empty optional cell is "not given"', async () => {
    counts(await run(toCsvFiles(performanceLedger())));
    const l = copyLedger(performanceLedger());
    setCell(l, '绩效指标', 2, '权重', '20.00');
    setCell(l, '绩效指标', 2, '目标数值', '10.0');
    setCell(l, '绩效指标', 4, '得分', '14.50');
    setCell(l, '绩效指标', 4, '实际完成值', '');
    setCell(l, '扣分', 2, '扣分', '1');
    setCell(l, '满意度', 2, '意见', '');
    expect(pick(counts(await run(toCsvFiles(l))))).toEqual(UNCHANGED);
  });

  it('puts new rows of a project after its existing ones, in the order of the file', async () => {
    counts(await run(toCsvFiles(performanceLedger())));
    const rows = performanceLedger()['绩效指标']!;
    const l: Ledger = {
      绩效指标: [rows[0]!,
        [...P, '效益指标', '经济效益指标', '促进财政增收', '完成年度非税征收任务', '财政增收', '', '元', '', '', '15'],
        rows[3]!, // already there: unchanged, and it keeps its place
        [...P, '项目完成指标', '时效指标', '按时完成年度非税征收任务并上交财政', '2020年12月31日之前', '按时上缴', '', '', '', '', '15'],
      ],
    };
    expect(counts(await run(toCsvFiles(l)))['绩效指标']).toEqual([3, 2, 0, 1]);
    const gy = await projectOf('GY');
    const stored = await database.db.select().from(indicators).where(eq(indicators.projectId, gy.id)).orderBy(asc(indicators.position));
    expect(stored.map((r) => [r.position, r.level3])).toEqual([
      [1, '预计完成年度土地（或矿权）出让数'], [2, '年度土地（矿权）出让工作经费'], [3, '促进房地产市场的发展'], [4, '拍卖机构满意度'],
      [5, '促进财政增收'], [6, '按时完成年度非税征收任务并上交财政'],
    ]);
  });
});

describe('计入收入类型 of the 绩效指标 sheet', () => {
  it('keeps the types a row counts, leaves history without them counting all, and refuses what cannot be', async () => {
    counts(await run(toCsvFiles(performanceLedger())));
    const [header] = performanceLedger()['绩效指标']!;
    const ind = (level3: string, rule: string, types: string) => [...P, '效益指标', '经济效益指标', level3, '完成任务', rule, '', rule === '出让宗数' ? '宗' : '', '', '', '10', types];
    const wrong: Ledger = { 绩效指标: [[...header!, '计入收入类型'], ind('不认识的类型', '按时上缴', '罚没收入'), ind('不计收入的规则', '出让宗数', '交易服务费')] };
    wrong['绩效指标']![2]![8] = '10';
    expect(errors(await run(toCsvFiles(wrong))).map(({ row, column, message }) => [row, column, message])).toEqual([
      [2, '计入收入类型', '收入类型“罚没收入”不存在，应为：土地出让收入、矿业权出让收益、交易服务费、其他'],
      [3, '计入收入类型', '只有财政增收、按时上缴指标可以填写计入收入类型'],
    ]);
    const l: Ledger = { 绩效指标: [[...header!, '计入收入类型'], ind('出让收入', '财政增收', '交易服务费，土地出让收入'), ind('历史', '按时上缴', '')] };
    expect(counts(await run(toCsvFiles(l)))['绩效指标']).toEqual([2, 2, 0, 0]);
    const stored = await database.db.select().from(indicators).orderBy(asc(indicators.id));
    expect(stored.filter((r) => ['出让收入', '历史'].includes(r.level3)).map((r) => [r.level3, r.revenueTypes]))
      .toEqual([['出让收入', ['土地出让收入', '交易服务费']], ['历史', null]]);
    // Read again in another order of names: the same row, unchanged.
    l['绩效指标']![1]![13] = '土地出让收入、交易服务费';
    expect(counts(await run(toCsvFiles(l)))['绩效指标']).toEqual([2, 0, 0, 2]);
  });
});

describe('performance sheets: existing records are never overwritten', () => {
  beforeEach(async () => { counts(await run(toCsvFiles(performanceLedger()))); });

  it('a different value is an error naming the column; nothing changes', async () => {
    const before = await performanceCounts(database.db);
    const l = copyLedger(performanceLedger());
    setCell(l, '满意度', 2, '总体评价', '满意');
    setCell(l, '满意度', 3, '意见', '补充的意见');
    setCell(l, '绩效指标', 2, '权重', '25');
    setCell(l, '绩效指标', 4, '得分', '15');
    setCell(l, '绩效指标', 5, '预期指标值', '90%');
    setCell(l, '扣分', 2, '扣分', '1.5');
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column, e.value, e.message])).toEqual([
      ['满意度', 2, '总体评价', '满意', '与已有记录不一致：已有记录的总体评价为“非常满意”，文件中为“满意”；总体评价不能通过导入修改'],
      ['满意度', 3, '意见', '补充的意见', '与已有记录不一致：已有记录的意见为（空），文件中为“补充的意见”；意见不能通过导入修改'],
      ['绩效指标', 2, '权重', '25', '与已有记录不一致：已有记录的权重为“20.00”，文件中为“25.00”；权重不能通过导入修改'],
      ['绩效指标', 4, '得分', '15', '与已有记录不一致：已有记录的得分为“14.50”，文件中为“15.00”；得分不能通过导入修改'],
      ['绩效指标', 5, '预期指标值', '90%', '与已有记录不一致：已有记录的预期指标值为“100%”，文件中为“90%”；预期指标值不能通过导入修改'],
      ['扣分', 2, '扣分', '1.5', '与已有记录不一致：已有记录的扣分为“1.00”，文件中为“1.50”；扣分不能通过导入修改'],
    ]);
    expect(await performanceCounts(database.db)).toEqual(before);
  });

  it('takes no new response, indicator or deduction into a closed year, but re-reads the ones there', async () => {
    await database.db.insert(closedYears).values({ centerId: await centerId('GY'), year: 2020 });
    expect(pick(counts(await run(toCsvFiles(performanceLedger()))))).toEqual(UNCHANGED);

    const before = await performanceCounts(database.db);
    const l = only(copyLedger(performanceLedger()), '拍卖机构', '满意度', '绩效指标', '扣分');
    l['拍卖机构']!.push([UNKNOWN_AGENCY, '广元市新拍卖有限公司', '', '']);
    l['满意度']!.push(['GY', '2020', UNKNOWN_AGENCY, '满意', '']);
    l['满意度']!.push(['GY', '2019', UNKNOWN_AGENCY, '满意', '']); // GY's 2019 is open
    l['绩效指标']!.push([...P, '效益指标', '经济效益指标', '促进财政增收', '完成年度非税征收任务', '财政增收', '', '元', '', '', '15']);
    l['扣分']!.push([...P, '0.5', '新的原因']);
    l['扣分']!.push(['CX', '2020', '土地出让工作经费', '0.5', '新的原因']); // CX's year is open
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column, e.value, e.message])).toEqual([
      ['满意度', 5, '年度', '2020', closedYearMessage(2020)],
      ['绩效指标', 7, '年度', '2020', closedYearMessage(2020)],
      ['扣分', 5, '年度', '2020', closedYearMessage(2020)],
    ]);
    expect(await performanceCounts(database.db)).toEqual(before);
  });
});

describe('performance sheets: a 年度结账 at the same time', () => {
  it('waits for a close of the year in progress, then refuses the year it closed', async () => {
    counts(await run(toCsvFiles(fundsLedger())));
    const gy = await centerId('GY');
    let settled = false;
    let importing!: Promise<ImportResult>;
    await database.db.transaction(async (tx) => {
      // What closeYear does: the exclusive year lock, then the close.
      await lockYear(tx, 2020, 'exclusive');
      await tx.insert(closedYears).values({ centerId: gy, year: 2020 });
      importing = run(toCsvFiles(only(performanceLedger(), '扣分'))).finally(() => { settled = true; });
      await new Promise((r) => setTimeout(r, 400));
      expect(settled, 'the import must wait for the year lock').toBe(false);
    });
    // Read after the lock: the close committed meanwhile is seen. CX's year is open.
    expect(errors(await importing).map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([
      ['扣分', 2, '年度', closedYearMessage(2020)],
      ['扣分', 3, '年度', closedYearMessage(2020)],
    ]);
  });
});

describe('performance sheets: errors', () => {
  it('reports every error of the three sheets at once, with the web form\'s messages, and changes nothing', async () => {
    const l = copyLedger(performanceLedger());
    const badCheck = AGENCY_A.slice(0, 17) + (AGENCY_A.endsWith('0') ? '1' : '0');
    // 满意度
    l['满意度']!.push(['GY', '2020', badCheck, '满意', '']);
    l['满意度']!.push(['GY', '2020', UNKNOWN_AGENCY, '满意', '']);
    l['满意度']!.push(['GY', '2021', AGENCY_A, '很好', '']);
    l['满意度']!.push(['NOPE', '2020', AGENCY_A, '满意', '']);
    l['满意度']!.push(['GY', '2020', AGENCY_A, '满意', '']);
    // 绩效指标
    const ind = (level3: string, rule: string, target: string, unit: string, actual: string, points: string, weight: string) =>
      [...P, '项目完成指标', '数量指标', level3, '预期', rule, target, unit, actual, points, weight];
    l['绩效指标']!.push(ind('坏规则', '宗数', '10', '宗', '', '', '20'));
    l['绩效指标']!.push(ind('缺目标数值', '出让宗数', '', '宗', '', '', '20'));
    l['绩效指标']!.push(ind('按时上缴填了目标', '按时上缴', '100', '', '', '', '10'));
    l['绩效指标']!.push(ind('系统计算的规则填了实际值', '预算执行率', '90', '%', '95%', '10', '10'));
    l['绩效指标']!.push(ind('得分超过权重', '手工', '', '', '较好', '15.01', '15'));
    l['绩效指标']!.push(ind('权重过大', '手工', '', '', '', '', '120'));
    l['绩效指标']!.push(['GY', '2020', '不存在的项目', '项目完成指标', '数量指标', '出让宗数', '10余宗', '出让宗数', '10', '宗', '', '', '20']);
    l['绩效指标']!.push(ind('预计完成年度土地（或矿权）出让数', '出让宗数', '12', '宗', '', '', '20'));
    l['绩效指标']!.push(ind('没有权重', '手工', '', '', '', '10', ''));
    // 扣分
    l['扣分']!.push([...P, '0', '零分']);
    l['扣分']!.push([...P, '100.01', '太多']);
    l['扣分']!.push([...P, '1.234', '三位小数']);
    l['扣分']!.push([...P, '-1', '负数']);
    l['扣分']!.push(['GY', '2020', '不存在的项目', '1', '某原因']);
    l['扣分']!.push([...P, '3', '绩效目标还需要进一步细化、量化。']);
    l['扣分']!.push([...P, '1', '']);

    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map(({ sheet, row, column, value, message }) => [sheet, row, column, value, message])).toEqual([
      ['满意度', 5, '拍卖机构信用代码', badCheck, expect.stringMatching(/^统一社会信用代码校验位不符（应为 .）/)],
      ['满意度', 6, '拍卖机构信用代码', UNKNOWN_AGENCY, `拍卖机构信用代码 ${UNKNOWN_AGENCY} 在文件和数据库中都不存在`],
      ['满意度', 7, '总体评价', '很好', '总体评价只能是 非常满意、满意、基本满意、不满意、非常不满意 之一'],
      ['满意度', 8, '中心编码', 'NOPE', '中心编码 NOPE 在文件和数据库中都不存在'],
      ['满意度', 9, '', `GY + 2020 + ${AGENCY_A}`, '与第 2 行重复：中心编码 + 年度 + 拍卖机构信用代码 相同的记录只能有一行'],
      ['绩效指标', 7, '计算规则', '宗数', '计算规则应为 出让宗数/财政增收/按时上缴/工作经费/拍卖机构满意度/预算执行率/溢价率/流拍率/出让面积/手工 之一'],
      ['绩效指标', 8, '目标数值', '', '计算规则为出让宗数时必须填写目标数值'],
      ['绩效指标', 9, '目标数值', '100', '计算规则为按时上缴时不填写目标数值（以非税任务的完成日期判断）'],
      ['绩效指标', 10, '实际完成值', '95%', '只有手工指标填写实际完成值，其他规则由系统计算'],
      ['绩效指标', 10, '得分', '10', '只有手工指标填写得分，其他规则由系统计算'],
      ['绩效指标', 11, '得分', '15.01', '得分不能超过权重'],
      ['绩效指标', 12, '权重', '120', '权重应为0到100之间的数，最多两位小数'],
      ['绩效指标', 13, '项目名称', '不存在的项目', '项目“2020年 不存在的项目” 在文件和数据库中都不存在'],
      ['绩效指标', 14, '', 'GY + 2020 + 土地出让工作经费 + 预计完成年度土地（或矿权）出让数', '与第 2 行重复：中心编码 + 年度 + 项目名称 + 三级指标 相同的记录只能有一行'],
      ['绩效指标', 15, '权重', '', '权重不能为空'],
      ['扣分', 5, '扣分', '0', '扣分应大于 0 且不超过 100'],
      ['扣分', 6, '扣分', '100.01', '扣分应大于 0 且不超过 100'],
      ['扣分', 7, '扣分', '1.234', '扣分最多 2 位小数'],
      ['扣分', 8, '扣分', '-1', '扣分应为不小于 0 的数字，如 1234.5'],
      ['扣分', 9, '项目名称', '不存在的项目', '项目“2020年 不存在的项目” 在文件和数据库中都不存在'],
      ['扣分', 10, '', 'GY + 2020 + 土地出让工作经费 + 绩效目标还需要进一步细化、量化。', '与第 2 行重复：中心编码 + 年度 + 项目名称 + 原因 相同的记录只能有一行'],
      ['扣分', 11, '原因', '', '原因不能为空'],
    ]);
    // The very messages of the web form, from the same function.
    expect(errs.find((e) => e.sheet === '绩效指标' && e.row === 11)!.message)
      .toBe(indicatorProblems({ rule: '手工', targetValue: null, manualActual: '较好', manualPoints: '15.01', weight: '15' }).manualPoints);
    expect(await performanceCounts(database.db)).toEqual({ satisfaction_responses: 0, indicators: 0, deductions: 0, projects: 0, audit_events: 0 });
  });

  it('stays quiet about rows whose project failed in the same file', async () => {
    const l = copyLedger(performanceLedger());
    // CX's project has an unreadable 年度: its indicator and deduction say nothing more.
    setCell(l, '项目', 3, '年度', '二〇二〇');
    expect(errors(await run(toCsvFiles(l))).map((e) => [e.sheet, e.row, e.column])).toEqual([['项目', 3, '年度']]);
  });
});

describe('项目: 实际完成目标', () => {
  const withGoal = (gy: string, cx = '', target?: string): Ledger => {
    const rows = fundsLedger()['项目']!.map((r, i) => [...r, i === 0 ? '实际完成目标' : i === 1 ? gy : cx]);
    if (target !== undefined) rows[1]![4] = target;
    return { 项目: rows };
  };

  it('is written with a new project and given later to an existing one, audited with before and after', async () => {
    counts(await run(toCsvFiles(fundsLedger())));
    expect(counts(await run(toCsvFiles(withGoal('完成2020年度土地出让17宗。'))))['项目']).toEqual([2, 0, 1, 1]);
    const gy = await projectOf('GY');
    expect(gy.actualGoal).toBe('完成2020年度土地出让17宗。');
    const [ev] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entity, 'project'), eq(auditEvents.action, 'import-update')));
    expect(ev).toMatchObject({ entityId: String(gy.id), centerId: gy.centerId, note: 'test.xlsx', before: { actualGoal: null }, after: { actualGoal: '完成2020年度土地出让17宗。' } });

    // The same again: nothing; an empty cell does not clear it.
    expect(counts(await run(toCsvFiles(withGoal('完成2020年度土地出让17宗。'))))['项目']).toEqual([2, 0, 0, 2]);
    expect(counts(await run(toCsvFiles(fundsLedger())))['项目']).toEqual([2, 0, 0, 2]);
    // A corrected sentence updates; a changed 年度目标 beside it is still an error, and nothing changes.
    expect(counts(await run(toCsvFiles(withGoal('完成土地出让17宗。'))))['项目']).toEqual([2, 0, 1, 1]);
    const errs = errors(await run(toCsvFiles(withGoal('又一句', '', '另一个目标'))));
    expect(errs.map((e) => [e.sheet, e.row, e.column])).toEqual([['项目', 2, '年度目标']]);
    expect((await projectOf('GY')).actualGoal).toBe('完成土地出让17宗。');

    // A closed year's project keeps its sentence: it is in the year's report.
    await database.db.insert(closedYears).values({ centerId: (await projectOf('GY')).centerId, year: 2020 });
    const closedErrs = errors(await run(toCsvFiles(withGoal('结账后改写'))));
    expect(closedErrs.map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([['项目', 2, '年度', closedYearMessage(2020)]]);
    expect((await projectOf('GY')).actualGoal).toBe('完成土地出让17宗。');

    const fresh: Ledger = { 项目: [[...head('项目'), '实际完成目标'], ['GY', '2021', '新项目', '', '', '已完成。']] };
    expect(counts(await run(toCsvFiles(fresh)))['项目']).toEqual([1, 1, 0, 0]);
    const [p] = await database.db.select().from(projects).where(eq(projects.name, '新项目'));
    expect(p!.actualGoal).toBe('已完成。');
  });
});

describe('绩效指标: money targets', () => {
  it('reads 目标数值 of 财政增收 and 工作经费 as the ledger reads every amount; other rules keep numbers plain', async () => {
    counts(await run(toCsvFiles(fundsLedger())));
    const rows = (target: string, rule = '财政增收') => only({
      绩效指标: [head('绩效指标'), [...P, '效益指标', '经济效益指标', '促进财政增收', '700万元', rule, target, '元', '', '', '15']],
    }, '绩效指标');
    counts(await run(toCsvFiles(rows('¥7,000,000.00'))));
    const [row] = await database.db.select().from(indicators).where(eq(indicators.level3, '促进财政增收'));
    expect(row!.targetValue).toBe('7000000.00');
    // The same amount written another way is the same row.
    expect(counts(await run(toCsvFiles(rows('7000000'))))['绩效指标']).toEqual([1, 0, 0, 1]);
    const errs = errors(await run(toCsvFiles(only({
      绩效指标: [head('绩效指标'), [...P, '项目完成指标', '数量指标', '出让数', '10余宗', '出让宗数', '1,000', '宗', '', '', '20']],
    }, '绩效指标'))));
    expect(errs.map((e) => e.column)).toEqual(['目标数值']);
  });
});

// The ledger import against a real PostgreSQL: counts, idempotence, all-or-nothing, updates
// of descriptive fields only, dry runs.
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agencies, auditEvents, centers, parcels } from '../../db/schema';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { importLedger } from './import';
import { AGENCY_A, AGENCY_B, copyLedger, setCell, SMALL_COUNTS, smallLedger, tableCounts, toCsvFiles, toXlsxFile, type Ledger, countsOf, errorsOf } from './testing';
import type { ImportFile } from './types';

const actor = { userId: null, name: 'test' };
let database: TestDb;
beforeEach(async () => { database = await createTestDb(); });
afterEach(async () => { await database.close(); });

const run = (files: ImportFile[], opts: { dryRun?: boolean; centerScope?: number[] } = {}) =>
  importLedger(database.db, files, { actor, dryRun: opts.dryRun ?? false, centerScope: opts.centerScope, source: 'test.xlsx' });

const counts = countsOf;
const errors = errorsOf;

const ALL_CREATED = {
  交易中心: [3, 3, 0, 0], 拍卖机构: [2, 2, 0, 0], 标的: [4, 4, 0, 0], 出让公告: [3, 3, 0, 0], 出让活动: [5, 5, 0, 0],
};
const ALL_UNCHANGED = {
  交易中心: [3, 0, 0, 3], 拍卖机构: [2, 0, 0, 2], 标的: [4, 0, 0, 4], 出让公告: [3, 0, 0, 3], 出让活动: [5, 0, 0, 5],
};

describe('importLedger: a valid ledger', () => {
  it('imports all five sheets from CSV files, with an audit event per record', async () => {
    expect(counts(await run(toCsvFiles(smallLedger(), { bom: true })))).toEqual(ALL_CREATED);
    expect(await tableCounts(database.db)).toEqual({ ...SMALL_COUNTS, audit_events: 17 });

    const [cx] = await database.db.select().from(centers).where(eq(centers.code, 'CX'));
    const [gy] = await database.db.select().from(centers).where(eq(centers.code, 'GY'));
    expect(cx!.parentId).toBe(gy!.id);
    const [kq] = await database.db.select().from(parcels).where(eq(parcels.code, 'GYKQ2020-01'));
    expect(kq).toMatchObject({ startingPrice: 120000000n, deposit: 24000000n, area: '3.2000', resources: '金 1.2 吨', validUntil: '2025-12-31' });
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.entity, 'parcel'));
    expect(audits).toHaveLength(4);
    expect(audits.every((a) => a.action === 'import-create' && a.note === 'test.xlsx' && a.actor === 'test')).toBe(true);
  });

  it('imports the same ledger from an .xlsx with date and number cells', async () => {
    expect(counts(await run([await toXlsxFile(smallLedger())]))).toEqual(ALL_CREATED);
    // …and the CSV form of it is then all unchanged: both readers give the same values.
    expect(counts(await run(toCsvFiles(smallLedger())))).toEqual(ALL_UNCHANGED);
  });

  it('a second import of the same file changes nothing', async () => {
    counts(await run(toCsvFiles(smallLedger())));
    const before = await tableCounts(database.db);
    expect(counts(await run(toCsvFiles(smallLedger())))).toEqual(ALL_UNCHANGED);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('a dry run reports the counts and changes nothing', async () => {
    const empty = await tableCounts(database.db);
    expect(counts(await run(toCsvFiles(smallLedger()), { dryRun: true }))).toEqual(ALL_CREATED);
    expect(await tableCounts(database.db)).toEqual(empty);
    // A dry run over data already there gives what the confirm would give.
    counts(await run(toCsvFiles(smallLedger())));
    const l = setCell(copyLedger(smallLedger()), '标的', 2, '名称', '新名称');
    const after = await tableCounts(database.db);
    expect(counts(await run(toCsvFiles(l), { dryRun: true }))['标的']).toEqual([4, 0, 1, 3]);
    expect(await tableCounts(database.db)).toEqual(after);
  });

  it('numbers compare canonically (8000 = 8000.0000) and an empty cell is "not given"', async () => {
    counts(await run(toCsvFiles(smallLedger())));
    const l = copyLedger(smallLedger());
    setCell(l, '标的', 3, '面积', '8000.000');
    setCell(l, '标的', 3, '容积率', '1.20');
    setCell(l, '标的', 2, '位置', '');
    setCell(l, '拍卖机构', 2, '联系人', '');
    expect(counts(await run(toCsvFiles(l)))).toEqual(ALL_UNCHANGED);
  });
});

describe('importLedger: an agency named as a ledger names it', () => {
  const byName = () => {
    const l = copyLedger(smallLedger());
    const rows = l['出让活动']!;
    const col = rows[0]!.indexOf('拍卖机构信用代码');
    rows[0]![col] = '拍卖公司';
    const names: Record<string, string> = { [AGENCY_A]: '广元市嘉陵拍卖有限责任公司', [AGENCY_B]: '四川凤凰山拍卖有限公司' };
    for (const r of rows.slice(1)) r[col] = names[r[col]!] ?? r[col]!;
    return l;
  };

  it('reads 拍卖公司 as the agency of that name, the same records as by credit code', async () => {
    counts(await run(toCsvFiles(byName())));
    const rows = await database.db.execute<{ code: string; round: number; credit_code: string | null }>(sql`
      select p.code, t.round, a.credit_code from transfers t join parcels p on p.id = t.parcel_id left join agencies a on a.id = t.agency_id order by 1, 2`);
    expect(rows.filter((r) => r.credit_code !== null).map((r) => [r.code, r.round, r.credit_code])).toEqual([
      ['CX2020-01', 1, AGENCY_A], ['GY2020-01', 1, AGENCY_A], ['GY2020-02', 1, AGENCY_B],
    ]);
    // The file by credit code is the same records.
    expect(counts(await run(toCsvFiles(smallLedger())))['出让活动']).toEqual([5, 0, 0, 5]);
  });

  it('refuses a name no agency has', async () => {
    const l = byName();
    setCell(l, '出让活动', 2, '拍卖公司', '不存在的拍卖公司');
    expect(errors(await run(toCsvFiles(l))).map((e) => [e.row, e.column, e.fileColumn, e.message])).toEqual([
      [2, '拍卖机构', '拍卖公司', '拍卖机构“不存在的拍卖公司”在文件和数据库中都不存在（按名称查找；也可填写拍卖机构信用代码）'],
    ]);
  });
});

describe('importLedger: existing records', () => {
  beforeEach(async () => { counts(await run(toCsvFiles(smallLedger()))); });

  it('a changed financial field is an error naming the column; nothing changes', async () => {
    const before = await tableCounts(database.db);
    const l = setCell(copyLedger(smallLedger()), '标的', 2, '起始价', '38460000.00');
    setCell(l, '标的', 2, '名称', '改过的名称');
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs).toEqual([{
      sheet: '标的', row: 2, column: '起始价', value: '38460000.00',
      message: '与已有记录不一致：已有记录的起始价为“38450000.00”，文件中为“38460000.00”；起始价不能通过导入修改',
    }]);
    expect(await tableCounts(database.db)).toEqual(before);
    const [p] = await database.db.select().from(parcels).where(eq(parcels.code, 'GY2020-01'));
    expect(p!.name).toBe('利州区东坝片区A-12地块');
  });

  it('changed descriptive fields update, audited with before and after', async () => {
    const before = await tableCounts(database.db);
    const l = copyLedger(smallLedger());
    setCell(l, '标的', 2, '名称', '利州区东坝片区A-12地块（调整）');
    setCell(l, '标的', 2, '面积', '21400');
    setCell(l, '拍卖机构', 2, '联系电话', '0839-1234567');
    const c = counts(await run(toCsvFiles(l)));
    expect(c['标的']).toEqual([4, 0, 1, 3]);
    expect(c['拍卖机构']).toEqual([2, 0, 1, 1]);
    expect(await tableCounts(database.db)).toEqual({ ...before, audit_events: before.audit_events + 2 });

    const [p] = await database.db.select().from(parcels).where(eq(parcels.code, 'GY2020-01'));
    expect(p).toMatchObject({ name: '利州区东坝片区A-12地块（调整）', area: '21400.0000', location: '滨河北路东侧', startingPrice: 3845000000n });
    const [ev] = await database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.entity, 'parcel'), eq(auditEvents.action, 'import-update')));
    expect(ev).toMatchObject({ entityId: String(p!.id), centerId: p!.centerId, note: 'test.xlsx' });
    expect(ev!.before).toMatchObject({ name: '利州区东坝片区A-12地块', area: '21360.4500' });
    expect(ev!.after).toMatchObject({ name: '利州区东坝片区A-12地块（调整）', area: '21400' });
    const [a] = await database.db.select().from(agencies).where(eq(agencies.creditCode, AGENCY_A));
    expect(a!.contactPhone).toBe('0839-1234567');
  });

  it('a changed center name, announcement parcel list or transfer result is an error', async () => {
    const l = copyLedger(smallLedger());
    setCell(l, '交易中心', 4, '名称', '广元市公共资源交易服务中心');
    setCell(l, '出让公告', 2, '标的编号', 'GY2020-01');
    setCell(l, '出让活动', 3, '结果', '流拍');
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['交易中心', 4, '名称'], ['出让公告', 2, '标的编号'], ['出让活动', 3, '结果'],
    ]);
    expect(errs[1]!.message).toContain('已有记录的标的编号为“GY2020-01、GY2020-02”');
  });

  it('limits a center admin to their centers', async () => {
    const [gy] = await database.db.select().from(centers).where(eq(centers.code, 'GY'));
    const [cx] = await database.db.select().from(centers).where(eq(centers.code, 'CX'));
    const scope = [gy!.id, cx!.id];
    // Their own records re-imported: fine.
    const own = copyLedger(smallLedger());
    own['交易中心'] = own['交易中心']!.filter((r) => r[0] !== 'SC');
    expect(counts(await run(toCsvFiles(own), { centerScope: scope }))['标的']).toEqual([4, 0, 0, 4]);

    const l: Ledger = {
      交易中心: [
        ['编码', '名称', '级别', '上级编码'],
        ['SC', '四川省公共资源交易中心', '省', ''],
        ['WC', '旺苍县公共资源交易中心', '县', 'GY'],
        ['WC2', '旺苍县第二中心', '县', 'WC'],
        ['BZ', '巴中市公共资源交易中心', '市', 'SC'],
        ['XX', '无上级的中心', '市', ''],
      ],
      标的: [
        ['中心编码', '标的编号', '类型', '名称', '起始价'],
        ['WC2', 'WC-01', '土地', '新中心的地块', '100'],
        ['SC', 'SC-01', '土地', '省中心的地块', '100'],
      ],
    };
    const errs = errors(await run(toCsvFiles(l), { centerScope: scope }));
    expect(errs.map((e) => [e.sheet, e.row, e.column, e.message.slice(0, 12)])).toEqual([
      ['交易中心', 2, '编码', '无权导入该交易中心的记录'],
      ['交易中心', 5, '上级编码', '无权导入该交易中心的记录'],
      ['交易中心', 6, '上级编码', '无权导入该交易中心的记录'],
      ['标的', 3, '中心编码', '无权导入该交易中心的记录'],
    ]);
  });
});

describe('importLedger: errors', () => {
  it('returns every error of every sheet at once and changes nothing', async () => {
    const l = copyLedger(smallLedger());
    // A new center with nothing under it: a bad center would silence the rows of its centers.
    l['交易中心']!.push(['BZ', '巴中市公共资源交易中心', '区', 'SC']);
    l['拍卖机构']!.push(['91510802MA62A3K770', '某拍卖有限公司', '', '']);
    setCell(l, '标的', 3, '起始价', '12.345');
    setCell(l, '标的', 4, '中心编码', 'NOPE');
    setCell(l, '出让公告', 2, '标的编号', 'GY2020-01、GY2020-99');
    l['出让公告']!.push(['GY', 'GG-2020-09', '某公告', '', '2020-13-01', '100', 'GY2020-01']);
    setCell(l, '出让活动', 2, '成交价', '');
    setCell(l, '出让活动', 5, '竞得人', '某公司');
    l['出让活动']!.push(['CX', 'CX2020-01', '2', '挂牌', '', '', '', '', '', '', '进行中', '', '', '', '']);
    l['出让活动']!.push(['GY', 'GY2020-01', '0', '挂牌', '', '', '', '', '', '', '进行中', '', '', '', '']);
    const before = await tableCounts(database.db);
    const errs = errors(await run(toCsvFiles(l)));
    expect(errs.map(({ sheet, row, column, value }) => ({ sheet, row, column, value }))).toEqual([
      { sheet: '交易中心', row: 5, column: '级别', value: '区' },
      { sheet: '拍卖机构', row: 4, column: '统一社会信用代码', value: '91510802MA62A3K770' },
      { sheet: '标的', row: 3, column: '起始价', value: '12.345' },
      { sheet: '标的', row: 4, column: '中心编码', value: 'NOPE' },
      { sheet: '出让公告', row: 2, column: '标的编号', value: 'GY2020-01、GY2020-99' },
      // GYKQ2020-01 went to center NOPE in this file, so GY has no such parcel.
      { sheet: '出让公告', row: 3, column: '标的编号', value: 'GYKQ2020-01;GY2020-02' },
      { sheet: '出让公告', row: 5, column: '发布日期', value: '2020-13-01' },
      { sheet: '出让活动', row: 2, column: '成交价', value: '' },
      { sheet: '出让活动', row: 5, column: '竞得人', value: '某公司' },
      { sheet: '出让活动', row: 7, column: '场次', value: '2' },
      { sheet: '出让活动', row: 8, column: '场次', value: '0' },
    ]);
    const msg = (sheet: string, row: number) => errs.find((e) => e.sheet === sheet && e.row === row)!.message;
    expect(msg('交易中心', 5)).toBe('级别只能是 省、市、县 之一');
    expect(msg('拍卖机构', 4)).toMatch(/^统一社会信用代码校验位不符（应为 .）/);
    expect(msg('标的', 3)).toBe('金额最多两位小数（精确到分）');
    expect(msg('标的', 4)).toBe('中心编码 NOPE 在文件和数据库中都不存在');
    expect(msg('出让公告', 2)).toBe('标的编号 GY2020-99 在文件和数据库中都不存在');
    expect(msg('出让活动', 2)).toBe('结果为成交时必须填写成交价');
    expect(msg('出让活动', 5)).toBe('结果为终止时不应填写竞得人');
    expect(msg('出让活动', 7)).toBe('标的 CX2020-01 不能有第 2 场：已在第1场成交，不能再组织出让');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('does not repeat an error through the rows that refer to a bad row', async () => {
    // GY2020-02 has a bad 起始价; the announcements and transfers naming it stay quiet.
    const l = setCell(copyLedger(smallLedger()), '标的', 3, '起始价', 'abc');
    setCell(l, '交易中心', 3, '级别', '');
    // Round 1 of GY2020-02 (row 4) has an unreadable 场次: round 2 (row 3) does not complain of it.
    setCell(l, '出让活动', 4, '场次', 'one');
    expect(errors(await run(toCsvFiles(l))).map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['交易中心', 3, '级别'], ['标的', 3, '起始价'], ['出让活动', 4, '场次'],
    ]);
  });

  it('checks the chain of rounds against the database', async () => {
    counts(await run(toCsvFiles(smallLedger())));
    const l: Ledger = {
      出让活动: [
        ['中心编码', '标的编号', '场次', '方式', '结果'],
        ['GY', 'GY2020-01', '2', '挂牌', '进行中'],
        ['GY', 'GY2020-02', '3', '挂牌', '进行中'],
        ['GY', 'GYKQ2020-01', '3', '挂牌', '进行中'],
      ],
    };
    expect(errors(await run(toCsvFiles(l))).map((e) => e.message)).toEqual([
      '标的 GY2020-01 不能有第 2 场：已在第1场成交，不能再组织出让',
      '标的 GY2020-02 不能有第 3 场：第2场尚未结束，请先登记其结果',
      '标的 GYKQ2020-01 的第 2 场在文件和数据库中都不存在，不能有第 3 场',
    ]);
  });

  it('reports unknown sheets and columns, missing columns, duplicate keys and unknown files', async () => {
    const l: Ledger = {
      交易中心: [['编码', '名城', '级别'], ['SC', '四川', '省']],
      拍卖机构: [['统一社会信用代码', '名称'], [AGENCY_A, '甲'], [AGENCY_A.toLowerCase(), '乙']],
      标的表: [['中心编码'], ['SC']],
    };
    const files = [...toCsvFiles(l), { name: 'readme.txt', data: Buffer.from('hi') }];
    const errs = errors(await run(files));
    expect(errs.map(({ sheet, row, column, value }) => ({ sheet, row, column, value }))).toEqual([
      { sheet: 'readme.txt', row: 0, column: '', value: '' },
      { sheet: '标的表', row: 0, column: '', value: '标的表' },
      { sheet: '交易中心', row: 1, column: '名城', value: '名城' },
      { sheet: '交易中心', row: 1, column: '名称', value: '' },
      { sheet: '拍卖机构', row: 3, column: '', value: AGENCY_A },
    ]);
    expect(errs[0]!.message).toContain('无法识别的文件“readme.txt”');
    expect(errs[1]!.message).toContain('未知的工作表“标的表”');
    // Every sheet of LEDGER-FORMAT.md is importable, the performance ones included.
    expect(errs[1]!.message).toContain('非税任务、满意度、绩效指标、扣分');
    expect(errs[2]!.message).toBe('未知的列“名城”；本工作表的列为：编码、名称、级别、上级编码。可在预览中指定它对应的列，或忽略该列');
    expect(errs[3]!.message).toBe('缺少必填列“名称”');
    expect(errs[4]!.message).toBe('与第 2 行重复：统一社会信用代码 相同的记录只能有一行');
  });

  it('reports an unreadable workbook and a CSV in neither UTF-8 nor GB18030', async () => {
    const errs = errors(await run([
      { name: 'ledger.xlsx', data: Buffer.from('not a zip') },
      // 0xFF is no byte of UTF-8 nor of GB18030.
      { name: '标的.csv', data: Buffer.from([0xd6, 0xd0, 0xff, 0x2c, 0x0a]) },
    ]));
    expect(errs.map((e) => e.message)).toEqual([
      '无法读取 Excel 文件“ledger.xlsx”：文件已损坏或不是 .xlsx 格式（.xls 请先另存为 .xlsx）',
      '文件“标的.csv”的编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”',
    ]);
  });
});

describe('importLedger: 合计, 小计 and 本年累计 rows', () => {
  const parcelsCsv = (rows: string[]) => ({
    name: '标的.csv',
    data: Buffer.from(['中心编码,标的编号,类型,名称,起始价（万元）', ...rows].join('\n')),
  });
  const warningsOf = async (rows: string[]) => {
    await run(toCsvFiles(smallLedger()));
    const result = await run([parcelsCsv(rows)], { dryRun: true });
    expect(result.ok, JSON.stringify(result).slice(0, 500)).toBe(true);
    return result.warnings.map((w) => [w.row, w.kind, w.message]);
  };

  it('checks each 本月合计 against its month and each 本年累计 against every row before it', async () => {
    expect(await warningsOf([
      'GY,H-01,土地,一月一,100', 'GY,H-02,土地,一月二,20.5', '本月合计,,,,120.5', '本年累计,,,,120.5',
      'GY,H-03,土地,二月一,30', '本月合计,,,,30', '本年累计,,,,150.5',
      'GY,H-04,土地,三月一,1', '本月合计,,,,1', '本年累计,,,,151.5', '合计,,,,151.5',
    ])).toEqual([]);
  });

  it('warns of a 合计 that is not the sum, naming both figures', async () => {
    expect(await warningsOf([
      'GY,H-01,土地,一月一,100', 'GY,H-02,土地,一月二,20.5', '本月合计,,,,120.5', '本年累计,,,,120.5',
      'GY,H-03,土地,二月一,30', '本月合计,,,,30', '本年累计,,,,150',
    ])).toEqual([
      [8, 'total-mismatch', '合计行的起始价为 1,500,000.00 元，上方各行之和为 1,505,000.00 元，两者不一致（相差 5,000.00 元）'],
    ]);
  });
});

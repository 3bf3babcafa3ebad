// The engine reads each sheet's file when its turn comes (engine.ts, Job): every error is still
// reported — those of files it never applies, and those of the sheets after one that the database
// refused halfway (a race another import won) — and a file that gives no table is no sheet at all.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { importLedger } from './import';
import { errorsOf, setCell, smallLedger, toCsvFiles } from './testing';
import type { ImportFile } from './types';

const actor = { userId: null, name: 'test' };
let database: TestDb;
beforeEach(async () => { database = await createTestDb(); });
afterEach(async () => { await database.close(); });

const run = (files: ImportFile[]) => importLedger(database.db, files, { actor, dryRun: false, source: 'test' });
const brief = (errors: { sheet: string; row: number; column: string; message: string }[]) =>
  errors.map((e) => `${e.sheet}|${e.row}|${e.column}|${e.message.slice(0, 12)}`);

describe('sheets read on demand', () => {
  it('still reports the errors of every sheet after the database refused an earlier one', async () => {
    // A parcel insert fails as a concurrent import's would: a unique violation raised by the server.
    await database.db.execute(sql.raw(`
      create function refuse_parcel() returns trigger language plpgsql as $$
      begin raise exception 'taken' using errcode = 'unique_violation', constraint = 'parcels_center_code'; end $$;
      create trigger refuse_parcel before insert on parcels for each row execute function refuse_parcel();`));
    const ledger = setCell(smallLedger(), '出让活动', 2, '场次', 'x');
    const errors = brief(errorsOf(await run(toCsvFiles(ledger))));
    expect(errors).toEqual([
      '|0||写入数据库时违反约束（p',
      '出让活动|2|场次|场次应为整数',
    ]);
  });

  it('reports a sheet it does not know once, without reading its rows, and treats an unreadable file as absent', async () => {
    const files = toCsvFiles(smallLedger());
    files.push({ name: '未知表.csv', data: Buffer.from('甲,乙\n1,a\u0001b\n') });
    files.push({ name: '标的.CSV', data: Buffer.from([0xff, 0xfe, 0x00]) });
    const errors = brief(errorsOf(await run(files)));
    expect(errors).toEqual([
      '未知表|0||未知的工作表“未知表”；',
      '标的|0||文件“标的.CSV”的编',
    ]);
  });

  it('reports a sheet given twice', async () => {
    const files = toCsvFiles(smallLedger());
    files.push({ ...files.find((f) => f.name === '标的.csv')!, name: '标的.CSV' });
    expect(brief(errorsOf(await run(files)))).toEqual(['标的|0||工作表“标的”出现了不止']);
  });
});

import { describe, expect, it } from 'vitest';
import { redactedError } from './log';

describe('redactedError', () => {
  it('keeps the statement, code and constraint of a failed query, never its parameters or the row', () => {
    const cause = Object.assign(new Error('new row for relation "reserve_prices" violates check constraint "reserve_prices_amount_check"'), {
      code: '23514', constraint_name: 'reserve_prices_amount_check', table_name: 'reserve_prices', detail: 'Failing row contains (1, 2, 3, 145678912, 会议纪要).',
    });
    const err = new Error('Failed query: insert into "reserve_prices" ("amount") values ($1)\nparams: 145678912,会议纪要', { cause });
    const logged = JSON.stringify(redactedError(err));
    expect(logged).toContain('insert into \\"reserve_prices\\"');
    expect(logged).toContain('reserve_prices_amount_check');
    expect(logged).toContain('23514');
    expect(logged).not.toContain('145678912');
    expect(logged).not.toContain('会议纪要');
  });
});

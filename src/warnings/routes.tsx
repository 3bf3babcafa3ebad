import { Hono } from 'hono';
import type { Role } from '../../db/schema';
import { WarningListPage, WarningResults } from '../../views/warnings/list';
import { allow, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { formatDateTime } from '../lib/dates';
import { intParam, oneOf } from '../lib/query';
import { page, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { listWarnings, PAGE_SIZE, recordWarningKinds, WARNING_LABELS } from './queries';

export const warningRoutes = new Hono<AppEnv>();

// Finance keeps the records the warnings are on; leaders read them; admins import them.
const WARNINGS_READ: Role[] = ['admin', 'finance', 'leader'];

warningRoutes.get('/', allow(...WARNINGS_READ), async (c) => {
  const { scope } = who(c);
  const q = c.req.query();
  const f = { kind: oneOf(q.kind, recordWarningKinds), page: intParam(q.page, 1, 100000) ?? 1 };
  const props = { ...await listWarnings(c.get('db'), scope.centerIds, f), params: { kind: f.kind }, page: f.page, pageSize: PAGE_SIZE };
  if (wantsFragment(c, 'warning-results')) return c.html(<WarningResults {...props} />);
  return page(c, '导入预警', <WarningListPage {...props} />);
});

warningRoutes.get('/export.csv', allow(...WARNINGS_READ), async (c) => {
  const { scope } = who(c);
  const kind = oneOf(c.req.query('kind'), recordWarningKinds);
  const { rows } = await listWarnings(c.get('db'), scope.centerIds, { kind, page: 1 }, null);
  const csv = toCsv(['交易中心', '类别', '项目', '记录', '列', '预警', '来源文件', '导入时间'],
    rows.map((r) => [r.center_name, WARNING_LABELS[r.kind], r.project, r.record, r.ledger_column, r.message, r.source, formatDateTime(new Date(r.created_at))]));
  return c.body(csv, 200, csvResponseHeaders('导入预警.csv'));
});

import { Hono } from 'hono';
import { AuditPage, AuditResults } from '../../views/admin/audit';
import { allow, who } from '../auth/access';
import { csvResponseHeaders, toCsv } from '../lib/csv';
import { formatDateTime, normalizeDate } from '../lib/dates';
import { intParam, textParam } from '../lib/query';
import { page, wantsFragment } from '../lib/render';
import type { AppEnv } from '../types';
import { AUDIT_PAGE_SIZE, listScopedAuditEvents, type ScopedAuditFilter } from './queries';
import { ACTION_LABELS, auditChanges, ENTITY_LABELS } from './rules';

export const auditRoutes = new Hono<AppEnv>();

function readFilter(q: Record<string, string>): ScopedAuditFilter {
  const date = (v: string | undefined) => (v ? normalizeDate(v) ?? undefined : undefined);
  return {
    entity: textParam(q.entity, 50), entityId: textParam(q.entity_id, 50), actor: textParam(q.actor, 50),
    from: date(q.from), to: date(q.to), page: intParam(q.page, 1, 100000) ?? 1,
  };
}

const filterParams = (f: ScopedAuditFilter) => ({ entity: f.entity, entity_id: f.entityId, actor: f.actor, from: f.from, to: f.to });

auditRoutes.get('/', allow('admin'), async (c) => {
  const { scope } = who(c);
  const f = readFilter(c.req.query());
  const { rows, total } = await listScopedAuditEvents(c.get('db'), scope.centerIds, f);
  const props = { rows, total, page: f.page, pageSize: AUDIT_PAGE_SIZE, params: filterParams(f) };
  if (wantsFragment(c, 'audit-results')) return c.html(<AuditResults {...props} />);
  return page(c, '审计日志', <AuditPage {...props} />);
});

auditRoutes.get('/export.csv', allow('admin'), async (c) => {
  const { scope } = who(c);
  const f = { ...readFilter(c.req.query()), page: 1, pageSize: null };
  const { rows } = await listScopedAuditEvents(c.get('db'), scope.centerIds, f);
  const diff = (before: unknown, after: unknown) => auditChanges(before, after)
    .map((ch) => `${ch.key}: ${[ch.before, ch.after].filter((x) => x !== undefined).join(' → ')}`).join('; ');
  const csv = toCsv(
    ['时间', '操作人', '操作', '对象', '编号', '交易中心', '说明', '变更内容'],
    rows.map((e) => [formatDateTime(e.at), e.actor, ACTION_LABELS[e.action] ?? e.action, ENTITY_LABELS[e.entity] ?? e.entity,
      e.entityId, e.centerName, e.note, diff(e.before, e.after)]),
  );
  return c.body(csv, 200, csvResponseHeaders('审计日志.csv'));
});

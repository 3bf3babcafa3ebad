import { recordHref, recordWarningKinds, WARNING_LABELS, type WarningRow } from '../../src/warnings/queries';
import { formatDateTime } from '../../src/lib/dates';
import { FilterForm, Pagination, withQuery } from '../components/table';

/** A record's warnings, where the record is shown (payment page, project page). */
export function RecordWarnings({ warnings }: { warnings: { kind: keyof typeof WARNING_LABELS; message: string; source?: string | null; label?: string }[] }) {
  if (warnings.length === 0) return null;
  return (
    <div class="warnings" role="note" id="record-warnings">
      <h2>导入预警</h2>
      <ul>
        {warnings.map((w) => (
          <li><span class="status status-预警">{WARNING_LABELS[w.kind]}</span> {w.label && <strong>{w.label}：</strong>}{w.message}
            {w.source && <span class="muted">（导入自 {w.source}）</span>}</li>
        ))}
      </ul>
    </div>
  );
}

export function WarningListPage(p: { rows: WarningRow[]; total: number; params: { kind?: string }; page: number; pageSize: number }) {
  return (
    <section>
      <div class="page-head">
        <h1>导入预警</h1>
        <div class="actions"><a class="button" href={withQuery('/warnings/export.csv', p.params, {})}>导出 CSV</a></div>
      </div>
      <p class="muted">导入历史台账时，违反新录入控制规则（如劳务费超过应付、跨年支付、超出预算）的真实记录按历史记录导入，并在此及相应记录上保留预警。</p>
      <FilterForm path="/warnings" target="warning-results">
        <label>类别 <select name="kind">
          <option value="">全部</option>
          {recordWarningKinds.map((k) => <option value={k} selected={p.params.kind === k}>{WARNING_LABELS[k]}</option>)}
        </select></label>
      </FilterForm>
      <WarningResults {...p} />
    </section>
  );
}

/** The table of the list, swapped alone when the filter changes. */
export function WarningResults(p: { rows: WarningRow[]; total: number; params: { kind?: string }; page: number; pageSize: number }) {
  return (
      <div id="warning-results">
        <table class="data">
          <thead><tr><th>类别</th><th>交易中心</th><th>项目</th><th>记录</th><th>列</th><th>预警</th><th>来源文件</th><th>导入时间</th></tr></thead>
          <tbody>
            {p.rows.length === 0 && <tr><td colspan={8} class="empty">没有导入预警</td></tr>}
            {p.rows.map((r) => {
              const href = recordHref(r);
              return (
                <tr>
                  <td><span class="status status-预警">{WARNING_LABELS[r.kind]}</span></td>
                  <td>{r.center_name}</td>
                  <td>{r.project_id !== null ? <a href={`/projects/${r.project_id}`}>{r.project}</a> : '—'}</td>
                  <td>{href ? <a href={href}>{r.record}</a> : r.record}</td>
                  <td>{r.ledger_column ?? ''}</td>
                  <td>{r.message}</td>
                  <td>{r.source ?? ''}</td>
                  <td>{formatDateTime(new Date(r.created_at))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Pagination path="/warnings" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
      </div>
  );
}

import type { ImportError, ImportNotice, ImportResult, ImportWarning, LayoutColumn, SheetCount, SheetLayout } from '../../src/ledger/types';

/** What an upload keeps of its last run, for its page after the confirm. */
export type ImportSummary =
  | { counts: SheetCount[]; warnings: ImportWarning[]; notices: ImportNotice[] }
  | { errors: number; warnings: ImportWarning[]; notices: ImportNotice[] };

/** The sheets of the format and their columns, for the mapping form's selects. */
export type SheetColumns = Record<string, string[]>;

interface UploadInfo { id: string; filename: string; status: string }

export function ImportPage({ error }: { error?: string }) {
  return (
    <section>
      <h1>台账导入</h1>
      <p>上传一个 <code>.xlsx</code> 工作簿（工作表名为 交易中心、拍卖机构、标的、出让公告、出让活动 …），或多个以工作表命名的
        <code>.csv</code> 文件（如 <code>标的.csv</code>，UTF-8 或 GBK 编码）。表头上方的标题行、“序号”列、列名中的单位（如“起始价（万元）”）、
        合计行和表尾的签字行都可以保留；常见的其他列名（如“宗地编号”“成交价款”“竞得单位”）会自动对应，无法对应的列可在预览中指定。
        上传后先预检：列出每一处错误、预警和将要新增、更新的条数，确认后才写入；整个文件要么全部导入，要么一条也不导入；同一文件再次导入不会重复。</p>
      {error && <p class="form-errors" role="alert">{error}</p>}
      <form method="post" action="/ledger/import" enctype="multipart/form-data" class="stack"
        hx-post="/ledger/import" hx-target="#main" hx-select="#main" hx-swap="outerHTML" hx-indicator="#import-progress" hx-disable="find button">
        <div class="field">
          <label for="f-files">台账文件</label>
          <input id="f-files" type="file" name="files" accept=".xlsx,.csv" multiple required />
        </div>
        <button type="submit" class="primary">上传并预检</button>
        <span id="import-progress" class="htmx-indicator" role="status">正在上传并逐行校验，请稍候……</span>
      </form>
      <p class="muted">命令行：<code>npm run cli -- import 路径 [--mapping 映射文件] [--center 中心编码] [--strict]</code>，与此处使用同一套校验与导入代码。</p>
    </section>
  );
}

export function PreviewPage({ upload, result, notice, sheetColumns }: { upload: UploadInfo; result: ImportResult | null; notice?: string; sheetColumns: SheetColumns }) {
  const title = !result ? '列映射有误' : result.ok ? '预检通过' : '预检未通过';
  return (
    <section>
      <h1>{title}：{upload.filename}</h1>
      {notice && <p class={result?.ok ? 'notice' : 'form-errors'} role={result?.ok ? 'status' : 'alert'}>{notice}</p>}
      {result && !result.ok && (
        <>
          <p class="form-errors" role="alert">共 {result.errors.length} 处错误，未做任何更改。请修改文件后重新上传{result.layouts.some((l) => !l.skipped && needsMapping(l)) ? '，或在下方“列映射”中指定无法识别的表和列' : ''}。</p>
          <ProblemTable id="import-errors" problems={result.errors} label="问题" />
        </>
      )}
      {result && result.warnings.length > 0 && <Warnings warnings={result.warnings} />}
      {result && result.notices.length > 0 && <Notices notices={result.notices} />}
      {result && <MappingForm upload={upload} layouts={result.layouts} sheetColumns={sheetColumns} />}
      {result?.ok && <CountsTable counts={result.counts} applied={false} />}
      <div class="actions">
        {result?.ok && (
          <form method="post" action={`/ledger/import/${upload.id}/confirm`} class="stack"
            hx-post={`/ledger/import/${upload.id}/confirm`} hx-target="#main" hx-select="#main" hx-swap="outerHTML" hx-indicator="#confirm-progress" hx-disable="find button">
            <input type="hidden" name="warnings" value={String(result.warnings.length)} />
            {result.warnings.length > 0 && (
              <label class="check"><input type="checkbox" name="accept_warnings" value="1" required />
                含 {result.warnings.length} 条预警，确认按历史记录导入（预警将保留在相应记录上，供财务查看）</label>
            )}
            <button type="submit" class="primary">确认导入</button>
            <span id="confirm-progress" class="htmx-indicator" role="status">正在写入，请勿关闭页面……</span>
          </form>
        )}
        <a class="button" href="/ledger/import">重新上传</a>
      </div>
    </section>
  );
}

export function AppliedPage({ upload, summary }: { upload: UploadInfo; summary: ImportSummary | SheetCount[] | null }) {
  // Uploads confirmed before warnings existed kept the counts alone.
  const s = Array.isArray(summary) ? { counts: summary, warnings: [], notices: [] } : summary;
  return (
    <section>
      <h1>导入完成：{upload.filename}</h1>
      {s && 'counts' in s && <CountsTable counts={s.counts} applied />}
      {s && s.warnings.length > 0 && <Warnings warnings={s.warnings} applied />}
      {s && s.notices.length > 0 && <Notices notices={s.notices} />}
      <div class="actions"><a class="button" href="/ledger/import">继续导入</a><a class="button" href="/warnings">导入预警</a></div>
    </section>
  );
}

function where(p: ImportError) {
  return p.fileColumn ? <>{p.column}<span class="muted">（文件中为“{p.fileColumn}”）</span></> : p.column;
}

function ProblemTable({ id, problems, label }: { id: string; problems: ImportError[]; label: string }) {
  return (
    <table class={`data ${id}`} id={id}>
      <thead><tr><th>工作表</th><th class="num">行</th><th>列</th><th>值</th><th>{label}</th></tr></thead>
      <tbody>
        {problems.map((e) => (
          <tr><td>{e.sheet}</td><td class="num">{e.row || ''}</td><td>{where(e)}</td><td>{e.value}</td><td>{e.message}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function Warnings({ warnings, applied = false }: { warnings: ImportWarning[]; applied?: boolean }) {
  return (
    <>
      <h2 id="warnings">预警（{warnings.length} 条）</h2>
      <p class="hint">预警不是错误：这些记录违反了新录入时的控制规则（如劳务费超过应付、跨年支付），但可能是真实的历史。
        {applied ? '已按历史记录导入，预警保留在相应记录上。' : '确认导入时须勾选“确认按历史记录导入”；预警将保留在相应记录上。'}</p>
      <ProblemTable id="import-warnings" problems={warnings} label="预警" />
    </>
  );
}

function Notices({ notices }: { notices: ImportNotice[] }) {
  return (
    <details class="notices" open>
      <summary>读取说明（{notices.length} 条）</summary>
      <ul>{notices.map((n) => <li><strong>{n.sheet}</strong>：{n.message}</li>)}</ul>
    </details>
  );
}

const HOW: Record<LayoutColumn['how'], string> = {
  exact: '按列名', alias: '按同义列名', mapped: '按列映射', serial: '序号列，不导入', ignored: '忽略该列', unknown: '未识别',
  'bad-unit': '单位无法识别', duplicate: '与另一列重复',
};

/** A sheet the user has something to tell about: an unknown name, a header not the format's own, a column missing. */
const needsMapping = (l: SheetLayout) => l.sheet === null || l.missing.length > 0 || l.columns.some((c) => c.how !== 'exact');

/**
 * The mapping form: for each sheet read otherwise than by its exact names, what it is and what each
 * header is read as; the user changes what is wrong and the preview runs again. Rows of four fields
 * (mk, ms, mh, mv), one per choice, in document order.
 */
function MappingForm({ upload, layouts, sheetColumns }: { upload: UploadInfo; layouts: SheetLayout[]; sheetColumns: SheetColumns }) {
  const shown = layouts.filter(needsMapping);
  if (shown.length === 0 || upload.status === 'applied') return null;
  const problems = shown.some((l) => (l.sheet === null && !l.skipped) || l.missing.length > 0 || l.columns.some((c) => ['unknown', 'bad-unit', 'duplicate'].includes(c.how)));
  return (
    <details class="mapping" open={problems}>
      <summary>列映射（{shown.length} 张表的列名与台账格式不同）</summary>
      <form method="post" action={`/ledger/import/${upload.id}/mapping`} class="stack">
        {shown.map((l) => {
          const columns = l.sheet ? sheetColumns[l.sheet] ?? [] : [];
          return (
            <fieldset>
              <legend>{l.fileSheet}{l.sheet && l.sheet !== l.fileSheet ? ` → ${l.sheet}` : ''}<span class="muted">（{l.file}{l.headerRow ? `，第 ${l.headerRow} 行为列标题` : ''}）</span></legend>
              {l.sheet === null && (
                <div class="field">
                  <Row kind="sheet" sheet={l.fileSheet} name="" />
                  <label>这张表是
                    <select name="mv">
                      <option value="">（请选择）</option>
                      {Object.keys(sheetColumns).map((s) => <option value={s} selected={!l.skipped && s === l.suggested}>{s}{s === l.suggested ? '（按列标题推测）' : ''}</option>)}
                      <option value="-" selected={l.skipped}>不导入这张表</option>
                    </select>
                  </label>
                </div>
              )}
              {l.sheet !== null && (
                <table class="data">
                  <thead><tr><th>文件中的列</th><th>读取为</th><th>说明</th></tr></thead>
                  <tbody>
                    {l.columns.filter((c) => c.how !== 'exact').map((c) => (
                      <tr>
                        <td>{c.text}{c.unit && <span class="muted">（单位 {c.unit}）</span>}</td>
                        <td>
                          <Row kind="col" sheet={l.fileSheet} name={c.text} />
                          <select name="mv" aria-label={`“${c.text}”读取为`}>
                            <option value="">（未指定）</option>
                            {columns.map((h) => <option value={h} selected={h === c.column}>{h}</option>)}
                            <option value="-" selected={c.how === 'ignored' || c.how === 'serial'}>忽略该列</option>
                          </select>
                        </td>
                        <td>{HOW[c.how]}</td>
                      </tr>
                    ))}
                    {[...l.missing, ...Object.keys(l.values)].map((h) => (
                      <tr>
                        <td class="muted">（文件中没有）</td>
                        <td>
                          <Row kind="val" sheet={l.fileSheet} name={h} />
                          <label>{h} 整列取值 <input name="mv" value={l.values[h] ?? ''} /></label>
                        </td>
                        <td>{l.missing.includes(h) ? '必填列，请填写各行共同的值' : '各行共同的值'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </fieldset>
          );
        })}
        <button type="submit">按此映射重新预检</button>
        <p class="hint">映射会为本中心保存：以后上传列标题相同的表格时将直接按此读取（各行共同的值不保存）。</p>
      </form>
    </details>
  );
}

function Row({ kind, sheet, name }: { kind: string; sheet: string; name: string }) {
  return <><input type="hidden" name="mk" value={kind} /><input type="hidden" name="ms" value={sheet} /><input type="hidden" name="mh" value={name} /></>;
}

function CountsTable({ counts, applied }: { counts: SheetCount[]; applied: boolean }) {
  return (
    <table class="data">
      <thead><tr><th>工作表</th><th class="num">行数</th><th class="num">{applied ? '已新增' : '将新增'}</th><th class="num">{applied ? '已更新' : '将更新'}</th><th class="num">未变</th></tr></thead>
      <tbody>
        {counts.map((s) => <tr><td>{s.sheet}</td><td class="num">{s.rows}</td><td class="num">{s.created}</td><td class="num">{s.updated}</td><td class="num">{s.unchanged}</td></tr>)}
      </tbody>
    </table>
  );
}

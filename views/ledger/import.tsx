import type { ImportError, SheetCount } from '../../src/ledger/types';

export function ImportPage({ error }: { error?: string }) {
  return (
    <section>
      <h1>台账导入</h1>
      <p>上传一个 <code>.xlsx</code> 工作簿（工作表名为 交易中心、拍卖机构、标的、出让公告、出让活动 …），或多个以工作表命名的
        <code>.csv</code> 文件（如 <code>标的.csv</code>）。上传后先预检：列出每一处错误或将要新增、更新的条数，确认后才写入；
        整个文件要么全部导入，要么一条也不导入；同一文件再次导入不会重复。</p>
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
      <p class="muted">命令行：<code>npm run cli -- import 路径</code>，与此处使用同一套校验与导入代码。</p>
    </section>
  );
}

export function PreviewPage({ id, filename, counts, errors, applied }: { id: string; filename: string; counts?: SheetCount[]; errors?: ImportError[]; applied: boolean }) {
  return (
    <section>
      <h1>{applied ? '导入完成' : errors ? '预检未通过' : '预检通过'}：{filename}</h1>
      {errors && (
        <>
          <p class="form-errors" role="alert">共 {errors.length} 处错误，未做任何更改。请修改文件后重新上传。</p>
          <table class="data import-errors">
            <thead><tr><th>工作表</th><th class="num">行</th><th>列</th><th>值</th><th>问题</th></tr></thead>
            <tbody>
              {errors.map((e) => (
                <tr><td>{e.sheet}</td><td class="num">{e.row || ''}</td><td>{e.column}</td><td>{e.value}</td><td>{e.message}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {counts && <CountsTable counts={counts} applied={applied} />}
      <div class="actions">
        {counts && !applied && (
          <form method="post" action={`/ledger/import/${id}/confirm`}
            hx-post={`/ledger/import/${id}/confirm`} hx-target="#main" hx-select="#main" hx-swap="outerHTML" hx-indicator="#confirm-progress" hx-disable="find button">
            <button type="submit" class="primary">确认导入</button>
            <span id="confirm-progress" class="htmx-indicator" role="status">正在写入，请勿关闭页面……</span>
          </form>
        )}
        <a class="button" href="/ledger/import">{applied ? '继续导入' : '重新上传'}</a>
      </div>
    </section>
  );
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

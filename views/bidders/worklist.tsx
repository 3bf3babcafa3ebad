import type { ApplicationChoice, UnmatchedLine } from '../../src/bidders/statement';
import type { RefundRow, Worklist } from '../../src/bidders/worklist';
import { formatYuan } from '../../src/lib/money';

const total = (rows: { balance: bigint }[]) => formatYuan(rows.reduce((s, r) => s + r.balance, 0n));

function RefundTable(p: { id: string; rows: RefundRow[]; empty: string; overdue?: boolean; amountLabel?: string }) {
  return (
    <table class="data" id={p.id}>
      <thead><tr><th>交易中心</th><th>标的</th><th>场次</th><th>结果</th><th>号牌</th><th>竞买人</th><th>活动结束</th><th>应退截止</th>
        {p.overdue && <th class="num">逾期（工作日）</th>}<th class="num">{p.amountLabel ?? '应退金额（元）'}</th></tr></thead>
      <tbody>
        {p.rows.length === 0 && <tr><td colspan={p.overdue ? 10 : 9} class="empty">{p.empty}</td></tr>}
        {p.rows.map((r) => (
          <tr>
            <td>{r.center}</td><td><a href={`/transfers/${r.transferId}/bidders#deposits`}>{r.code}</a></td><td>第{r.round}场 {r.mode}</td>
            <td>{r.result}</td><td class="num">{r.paddleNo ?? ''}</td><td>{r.bidders}</td><td>{r.activityEnd ?? '未登记'}</td>
            <td>{r.due ?? '—'}</td>{p.overdue && <td class="num">{r.overdueDays}</td>}<td class="num">{formatYuan(r.balance)}</td>
          </tr>
        ))}
      </tbody>
      {p.rows.length > 0 && <tfoot><tr><th colspan={p.overdue ? 9 : 8}>合计 {p.rows.length} 笔</th><td class="num">{total(p.rows)}</td></tr></tfoot>}
    </table>
  );
}

export interface StatementProps {
  unmatched: UnmatchedLine[]; choices: ApplicationChoice[]; canRecord: boolean;
  /** Why the uploaded statement could not be read (nothing was imported). */
  errors?: string[];
  /** A hand match that was refused: the line and the message. */
  matchError?: { line: number; message: string };
}

function Statement(p: StatementProps) {
  return (
    <>
      <h2 id="unmatched">未匹配到账（{p.unmatched.length} 笔）</h2>
      <p class="muted">银行流水中付款人、金额或账号与报名对不上的到账。第三方代缴的款项不能匹配，应退回原账户。</p>
      {p.matchError && !p.unmatched.some((l) => l.id === p.matchError!.line) && <p class="form-errors" role="alert">{p.matchError.message}</p>}
      <table class="data">
        <thead><tr><th>到账时间</th><th>交易中心</th><th>银行流水号</th><th>对方户名</th><th>对方账号</th><th>摘要</th><th class="num">金额（元）</th>{p.canRecord && <th>匹配到报名</th>}</tr></thead>
        <tbody>
          {p.unmatched.length === 0 && <tr><td colspan={p.canRecord ? 8 : 7} class="empty">没有未匹配的到账</td></tr>}
          {p.unmatched.map((l) => {
            const choices = p.choices.filter((c) => c.center_id === l.center_id);
            const error = p.matchError?.line === l.id ? p.matchError.message : '';
            return (
              <tr>
                <td>{l.received_at}</td><td>{l.center}</td><td>{l.bank_serial}</td><td>{l.payer_name}</td><td>{l.payer_account}</td><td>{l.summary ?? ''}</td>
                <td class="num">{formatYuan(BigInt(l.amount))}</td>
                {p.canRecord && (
                  <td>
                    <form method="post" action={`/deposits/statements/lines/${l.id}/match`} class="inline">
                      <select name="application" aria-label={`流水 ${l.bank_serial} 的报名`} aria-describedby={`err-line-${l.id}`}>
                        <option value="">选择报名</option>
                        {choices.map((c) => <option value={String(c.id)}>{c.label}</option>)}
                      </select>
                      <button type="submit">匹配</button>
                      <span class="field-error" id={`err-line-${l.id}`}>{error}</span>
                    </form>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {p.canRecord && (
        <form method="post" action="/deposits/statements" enctype="multipart/form-data" class="stack" id="statement-form">
          <h3>导入银行流水</h3>
          <p class="muted">网银导出的 CSV（UTF-8 或 GBK），需有交易流水号、交易时间、对方户名、对方账号、贷方金额（或收入金额）列，或一列金额加借贷标志列；标题行与合计行可保留，支出行自动跳过。付款人是某场进行中出让的竞买人、金额等于其应缴未缴的保证金、账号与其此前缴款账号一致的到账自动登记为该报名的保证金，其余列为未匹配。同一流水重复导入不会重复登记。</p>
          {p.errors?.length ? <ul class="form-errors" id="err-file">{p.errors.slice(0, 50).map((e) => <li>{e}</li>)}
            {p.errors.length > 50 && <li>……另有 {p.errors.length - 50} 处错误</li>}</ul> : null}
          <label>流水文件 <input type="file" name="file" accept=".csv,text/csv" required /></label>
          <button type="submit">导入</button>
        </form>
      )}
    </>
  );
}

/** The 保证金管理科's day: arrivals, refunds due and overdue, and this year's late refunds. */
export function DepositWorklistPage(w: Worklist & { statement: StatementProps }) {
  return (
    <section>
      <div class="page-head"><h1>保证金工作台</h1><a class="button" href="/deposits">在途余额表与台账</a></div>
      <form method="get" action="/deposits/worklist" class="filters">
        <label>日期 <input type="date" name="on" value={w.on} /></label>
        <button type="submit">查看</button>
      </form>
      <p class="hint">未竞得人的保证金应在出让活动结束后 {w.refundDays} 个工作日内退还（国土资源部令第39号；期限可由管理员在“工作日历”中设置，工作日按工作日历中的节假日与调休计算）。竞得人的保证金不在此列，转定金或抵作价款。</p>
      <h2 id="arrivals">当日到账（{w.arrivals.length} 笔）</h2>
      <table class="data">
        <thead><tr><th>时间</th><th>交易中心</th><th>标的</th><th>场次</th><th>号牌</th><th>竞买人</th><th>缴款人</th><th>账号</th><th>银行流水号</th><th class="num">金额（元）</th></tr></thead>
        <tbody>
          {w.arrivals.length === 0 && <tr><td colspan={10} class="empty">当日没有保证金到账</td></tr>}
          {w.arrivals.map((a) => (
            <tr>
              <td>{a.received_at}</td><td>{a.center}</td><td><a href={`/transfers/${a.transfer_id}/bidders#deposits`}>{a.code}</a></td><td>第{a.round}场</td>
              <td class="num">{a.paddle_no ?? ''}</td><td>{a.bidders}</td><td>{a.payer_name}</td><td>{a.payer_account}</td><td>{a.bank_serial}</td>
              <td class="num">{formatYuan(BigInt(a.amount))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Statement {...w.statement} />
      <h2 id="overdue">逾期未退（{w.overdue.length} 笔）</h2>
      <RefundTable id="overdue-table" rows={w.overdue} empty="没有逾期未退的保证金" overdue />
      <h2 id="due">应退未退（{w.due.length} 笔）</h2>
      <RefundTable id="due-table" rows={w.due} empty="没有待退还的保证金" />
      <h2 id="voided">成交无效的原竞得人保证金（待处置 {w.voided.length} 笔）</h2>
      <p class="muted">成交被认定无效（如竞得人拒签出让合同）的原竞得人，其保证金不按未竞得人退还，应按认定无效的决定处置：没收（填写文号）或退还。</p>
      <RefundTable id="voided-table" rows={w.voided} empty="没有待处置的原竞得人保证金" amountLabel="待处置金额（元）" />
      <p class="actions"><a class="button" href={`/deposits/worklist.csv?on=${w.on}`}>导出应退与逾期清单 CSV</a></p>
      <h2 id="late">本年逾期退还（{w.late.length} 笔）</h2>
      <table class="data">
        <thead><tr><th>交易中心</th><th>标的</th><th>场次</th><th>竞买人</th><th>退还账户</th><th>活动结束</th><th>应退截止</th><th>实际退还</th><th class="num">逾期（工作日）</th><th class="num">金额（元）</th></tr></thead>
        <tbody>
          {w.late.length === 0 && <tr><td colspan={10} class="empty">本年没有逾期退还</td></tr>}
          {w.late.map((l) => (
            <tr>
              <td>{l.center}</td><td><a href={`/transfers/${l.transferId}/bidders#deposits`}>{l.code}</a></td><td>第{l.round}场</td><td>{l.bidders}</td>
              <td>{l.payerAccount}</td><td>{l.activityEnd}</td><td>{l.due}</td><td>{l.disposedOn}</td><td class="num">{l.lateDays}</td>
              <td class="num">{formatYuan(l.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

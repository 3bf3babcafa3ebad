import { parcelKinds, serviceFeeMethods, serviceFeePayers, serviceFeeRemitRules } from '../../db/schema';
import { formatRate, formatTiers, parseRate, TIERS_EXAMPLE, tiersFromStored } from '../../src/fees/rules';
import { formatYuan } from '../../src/lib/money';
import { inForce, type Schedule, type Statement, type StatementRow } from '../../src/service-fees/queries';
import type { ReceiptStatus } from '../../src/service-fees/receipts';
import { Actions, Field, FieldError, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

/** A standard's 上缴时限 in words. */
export function remitTerms(s: Pick<Schedule, 'remitRule' | 'remitDays'>): string {
  if (!s.remitRule) return '未规定';
  return s.remitRule === '收款后天数' ? `收款后${s.remitDays}日内` : `按季，季度后首月${s.remitDays}日前`;
}

/** Where a receipt's remittance stands, in words. */
function remitState(x: ReceiptStatus) {
  if (x.reversal) return <span class="muted">已冲销（{x.reversal.collectedOn}，{x.reversal.reason}）</span>;
  if (x.remittedOn) return <span class={x.onTime === false ? 'status status-预警' : undefined}>{x.remittedOn} 上缴{x.onTime === false && x.dueOn ? `（迟${Math.round((Date.parse(x.remittedOn) - Date.parse(x.dueOn)) / 86_400_000)}天）` : ''}</span>;
  if (x.overdueDays > 0) return <span class="status status-预警">已逾期{x.overdueDays}天{x.remitted > 0n ? `（已上缴 ${formatYuan(x.remitted)} 元）` : ''}</span>;
  return <span>未上缴{x.remitted > 0n ? `（已上缴 ${formatYuan(x.remitted)} 元）` : ''}</span>;
}

/** A standard as one line: `按成交价比例 0.5%，封顶 100,000.00 元`. */
export function scheduleTerms(s: Schedule): string {
  const terms = s.method === '按宗固定' ? `每宗 ${formatYuan(s.fixedAmount ?? 0n)} 元`
    : s.method === '按成交价比例' ? `成交价的 ${formatRate((parseRate(s.rate ?? '0') as { ok: true; value: bigint }).value)}%`
    : `分档累进 ${formatTiers(tiersFromStored(s.tiers ?? []))}`;
  return `${terms}${s.cap !== null ? `，封顶 ${formatYuan(s.cap)} 元` : ''}`;
}

export interface ServiceFeeProps {
  centerName: string; year: number; schedules: Schedule[]; statement: Statement; canWrite: boolean; values: Values; errors: Errors;
  receiptValues: Values; receiptErrors: Errors; reversalErrors: Errors;
  /** The receipt whose 冲销 was just refused, and what was typed. */
  reversal?: { id: number; values: Values };
}

/** 交易服务费: the center's standards, the year's statement and receipts, and (to finance) their forms. */
export function ServiceFeePage(p: ServiceFeeProps) {
  const { rows, receipts, surplus } = p.statement;
  const open = rows.filter((r) => r.owed !== null && r.owed > 0n);
  const sum = (f: (r: StatementRow) => bigint | null) => formatYuan(rows.reduce((a, r) => a + (f(r) ?? 0n), 0n));
  const missing = rows.filter((r) => r.schedule === null).length;
  return (
    <section>
      <div class="page-head"><h1>{p.centerName} · {p.year}年 · 交易服务费</h1><a class="button" href="/service-fees/export.csv">导出 CSV</a></div>
      <h2 id="schedules">收费标准</h2>
      <table class="data">
        <thead><tr><th>标的类型</th><th>执行日期</th><th>收费文号</th><th>标准</th><th>缴费方</th><th>上缴时限</th></tr></thead>
        <tbody>
          {p.schedules.length === 0 && <tr><td colspan={6} class="empty">尚未登记收费标准</td></tr>}
          {p.schedules.map((s) => {
            const by = p.schedules.find((x) => x.supersedesId === s.id);
            return (
              <tr id={`schedule-${s.id}`} class={by ? 'reversal' : undefined}>
                <td>{s.parcelKind}</td><td>{s.effectiveFrom} 起</td>
                <td>{s.documentNo}{by && <span class="status status-预警">已更正，不再适用</span>}{s.supersedesId !== null && <span class="muted">（更正，原因：{s.reason}）</span>}</td>
                <td>{scheduleTerms(s)}</td><td>{s.payer}</td><td>{remitTerms(s)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2 id="statement">{p.year}年交易服务费明细</h2>
      {missing > 0 && <p class="warnings" role="note">{missing} 宗成交在成交日期没有适用的收费标准，应收金额无法计算：请先登记收费标准（含文号）。</p>}
      <table class="data" id="service-fee-statement">
        <thead><tr><th>标的编号</th><th>名称</th><th>场次</th><th>成交日期</th><th class="num">成交价（元）</th><th>缴费方</th><th>适用标准</th>
          <th class="num">应收（元）</th><th class="num">已收（元）</th><th class="num">已上缴（元）</th><th class="num">欠收（元）</th><th class="num">待上缴（元）</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colspan={12} class="empty">{p.year}年没有成交</td></tr>}
          {rows.map((r) => (
            <tr class={r.owed ? 'overdue' : undefined}>
              <td><a href={`/transfers/${r.transferId}`}>{r.code}</a></td><td>{r.name}</td><td>第{r.round}场</td><td>{r.dealDate}</td>
              <td class="num">{formatYuan(r.dealPrice)}</td>
              <td>{r.schedule ? (r.schedule.payer === '受让人' ? `受让人 ${r.winner ?? ''}` : '出让人') : '—'}</td>
              <td>{r.schedule ? `${r.schedule.documentNo}（${r.schedule.effectiveFrom} 起）` : <span class="status status-预警">无适用标准</span>}</td>
              <td class="num">{r.fee === null ? '—' : formatYuan(r.fee)}</td><td class="num">{formatYuan(r.received)}</td><td class="num">{formatYuan(r.remitted)}</td>
              <td class="num">{r.owed === null ? '—' : formatYuan(r.owed)}</td><td class="num">{formatYuan(r.pending)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th colspan={7}>合计 {rows.length} 宗</th><td class="num">{sum((r) => r.fee)}</td><td class="num">{sum((r) => r.received)}</td><td class="num">{sum((r) => r.remitted)}</td><td class="num">{sum((r) => r.owed)}</td><td class="num">{sum((r) => r.pending)}</td></tr></tfoot>
      </table>
      <p class="hint">已收：登记的收费票据（冲销后）。已上缴：本中心收入类型为交易服务费的非税收入（在“非税收入”中登记），按收款先后依次冲抵各笔收费，先收先缴。</p>
      {surplus > 0n && <p class="warnings" role="note" id="unlinked-fees">另有 {formatYuan(surplus)} 元交易服务费已上缴、没有对应的收费票据（历史导入的汇总上缴，或收费尚未登记）。</p>}
      <div class="page-head"><h2 id="fee-receipts">{p.year}年的收费票据</h2><a class="button" href="/service-fees/receipts.csv">导出 CSV</a></div>
      <table class="data">
        <thead><tr><th>票据号</th><th>标的编号</th><th>开票日期</th><th>收款日期</th><th class="num">金额（元）</th><th>应上缴日期</th><th>上缴</th>{p.canWrite && <th>冲销</th>}</tr></thead>
        <tbody>
          {receipts.length === 0 && <tr><td colspan={p.canWrite ? 8 : 7} class="empty">尚未登记收费</td></tr>}
          {receipts.map((x) => (
            <tr id={`receipt-${x.receipt.id}`} class={x.onTime === false ? 'overdue' : undefined}>
              <td>{x.receipt.invoiceNo}</td><td><a href={`/transfers/${x.transferId}`}>{x.code}</a></td><td>{x.receipt.invoicedOn}</td><td>{x.receipt.collectedOn}</td>
              <td class="num">{formatYuan(x.receipt.amount)}</td><td>{x.dueOn ?? '未规定时限'}</td><td>{remitState(x)}</td>
              {p.canWrite && <td>{!x.reversal && (
                <form method="post" action={`/service-fees/receipts/${x.receipt.id}/reversal`} class="inline-form" novalidate>
                  {p.reversal?.id === x.receipt.id && p.reversalErrors._form && <span class="field-error" role="alert">{p.reversalErrors._form}</span>}
                  <label>冲销日期 <input type="date" name="reversed_on" required aria-describedby={`err-r${x.receipt.id}-reversed_on`}
                    value={p.reversal?.id === x.receipt.id ? String(p.reversal.values.reversed_on ?? '') : undefined} /></label>
                  <FieldError name="reversed_on" idPrefix={`r${x.receipt.id}-`} error={p.reversalErrors[`r${x.receipt.id}-reversed_on`]} />
                  <label>原因 <input type="text" name="reason" required aria-describedby={`err-r${x.receipt.id}-reason`}
                    value={p.reversal?.id === x.receipt.id ? String(p.reversal.values.reason ?? '') : undefined} /></label>
                  <FieldError name="reason" idPrefix={`r${x.receipt.id}-`} error={p.reversalErrors[`r${x.receipt.id}-reason`]} />
                  <button type="submit">冲销</button>
                </form>
              )}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <FormErrors errors={p.reversalErrors} />
      {p.canWrite && (
        <form method="post" action="/service-fees/receipts" class="grid-form" novalidate id="receipt-form">
          <FormErrors errors={p.receiptErrors} />
          <fieldset>
            <legend>登记收费</legend>
            <p class="hint">每张票据登记一条；同一宗成交的收费合计不能超过应收。{open.length === 0 && `${p.year}年没有欠收交易服务费的成交。`}</p>
            <SelectField name="transfer_id" label="成交" blank="请选择" values={p.receiptValues} errors={p.receiptErrors} required
              options={open.map((r) => ({ value: String(r.transferId), label: `${r.code} 第${r.round}场（${r.dealDate}，欠收 ${r.owed === null ? '—' : formatYuan(r.owed)} 元）` }))} />
            <Field name="invoice_no" label="票据号" values={p.receiptValues} errors={p.receiptErrors} required />
            <MoneyField name="amount" label="金额（元）" values={p.receiptValues} errors={p.receiptErrors} required />
            <Field name="invoiced_on" label="开票日期" type="date" values={p.receiptValues} errors={p.receiptErrors} required />
            <Field name="collected_on" label="收款日期" type="date" values={p.receiptValues} errors={p.receiptErrors} required />
          </fieldset>
          <Actions><button type="submit" class="primary">登记收费</button></Actions>
        </form>
      )}
      {p.canWrite && (
        <form method="post" action="/service-fees/schedules" class="grid-form" novalidate>
          <FormErrors errors={p.errors} />
          <fieldset>
            <legend>登记收费标准</legend>
            <p class="hint">收费标准由价格主管部门核定，须填写文号；标准调整时从新的执行日期另登记一条，旧标准保留，成交按成交日期适用当时的标准。</p>
            <SelectField name="parcel_kind" label="标的类型" options={parcelKinds} values={p.values} errors={p.errors} required />
            <Field name="effective_from" label="执行日期" type="date" values={p.values} errors={p.errors} required />
            <Field name="document_no" label="收费文号" values={p.values} errors={p.errors} required />
            <SelectField name="method" label="计费方式" options={serviceFeeMethods} values={p.values} errors={p.errors} required />
            <MoneyField name="fixed_amount" label="固定金额（元）" values={p.values} errors={p.errors} hint="按宗固定时填写" />
            <Field name="rate" label="费率（%）" values={p.values} errors={p.errors} hint="按成交价比例时填写，如 0.5" />
            <Field name="tiers" label="分档" values={p.values} errors={p.errors} hint={`分档累进时填写，金额单位元，如 ${TIERS_EXAMPLE}`} />
            <MoneyField name="cap" label="封顶金额（元）" values={p.values} errors={p.errors} hint="不封顶留空；按宗固定不填" />
            <SelectField name="payer" label="缴费方" options={serviceFeePayers} values={p.values} errors={p.errors} required />
            <SelectField name="remit_rule" label="上缴时限" blank="未规定" options={serviceFeeRemitRules} values={p.values} errors={p.errors}
              hint="同级财政部门规定的上缴时限（财税〔2016〕33号要求及时足额上缴，具体时限由各地规定）；未规定则不计入按时上缴" />
            <Field name="remit_days" label="上缴时限天数" values={p.values} errors={p.errors} hint="收款后天数：收款后第几日前；按季：季度后首月第几日前" />
            <SelectField name="supersedes" label="更正的标准" blank="（不是更正：登记新标准）" values={p.values} errors={p.errors}
              options={inForce(p.schedules).map((s) => ({ value: String(s.id), label: `${s.parcelKind} ${s.effectiveFrom} 起 ${s.documentNo}` }))}
              hint="录错的标准不能修改：选择它，按正确内容（同一标的类型和执行日期）重新填写，原记录保留并注明已更正" />
            <Field name="reason" label="更正原因" values={p.values} errors={p.errors} hint="更正时必填" />
          </fieldset>
          <Actions><button type="submit" class="primary">登记</button></Actions>
        </form>
      )}
    </section>
  );
}

import { parcelKinds, serviceFeeMethods, serviceFeePayers } from '../../db/schema';
import { formatRate, formatTiers, parseRate, TIERS_EXAMPLE, tiersFromStored } from '../../src/fees/rules';
import { formatYuan } from '../../src/lib/money';
import type { Schedule, StatementRow } from '../../src/service-fees/queries';
import { Actions, Field, FormErrors, MoneyField, SelectField, type Errors, type Values } from '../components/form';

/** A standard as one line: `按成交价比例 0.5%，封顶 100,000.00 元`. */
export function scheduleTerms(s: Schedule): string {
  const terms = s.method === '按宗固定' ? `每宗 ${formatYuan(s.fixedAmount ?? 0n)} 元`
    : s.method === '按成交价比例' ? `成交价的 ${formatRate((parseRate(s.rate ?? '0') as { ok: true; value: bigint }).value)}%`
    : `分档累进 ${formatTiers(tiersFromStored(s.tiers ?? []))}`;
  return `${terms}${s.cap !== null ? `，封顶 ${formatYuan(s.cap)} 元` : ''}`;
}

export interface ServiceFeeProps {
  centerName: string; year: number; schedules: Schedule[]; rows: StatementRow[]; unlinked: bigint; canWrite: boolean; values: Values; errors: Errors;
}

/** 交易服务费: the center's standards, the year's statement, and (to finance) the form for a new standard. */
export function ServiceFeePage(p: ServiceFeeProps) {
  const sum = (f: (r: StatementRow) => bigint | null) => formatYuan(p.rows.reduce((a, r) => a + (f(r) ?? 0n), 0n));
  const missing = p.rows.filter((r) => r.schedule === null).length;
  return (
    <section>
      <div class="page-head"><h1>{p.centerName} · {p.year}年 · 交易服务费</h1><a class="button" href="/service-fees/export.csv">导出 CSV</a></div>
      <h2 id="schedules">收费标准</h2>
      <table class="data">
        <thead><tr><th>标的类型</th><th>执行日期</th><th>收费文号</th><th>标准</th><th>缴费方</th></tr></thead>
        <tbody>
          {p.schedules.length === 0 && <tr><td colspan={5} class="empty">尚未登记收费标准</td></tr>}
          {p.schedules.map((s) => <tr><td>{s.parcelKind}</td><td>{s.effectiveFrom} 起</td><td>{s.documentNo}</td><td>{scheduleTerms(s)}</td><td>{s.payer}</td></tr>)}
        </tbody>
      </table>
      <h2 id="statement">{p.year}年交易服务费明细</h2>
      {missing > 0 && <p class="warnings" role="note">{missing} 宗成交在成交日期没有适用的收费标准，应收金额无法计算：请先登记收费标准（含文号）。</p>}
      <table class="data" id="service-fee-statement">
        <thead><tr><th>标的编号</th><th>名称</th><th>场次</th><th>成交日期</th><th class="num">成交价（元）</th><th>缴费方</th><th>适用标准</th>
          <th class="num">应收（元）</th><th class="num">已上缴（元）</th><th class="num">欠缴（元）</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={10} class="empty">{p.year}年没有成交</td></tr>}
          {p.rows.map((r) => (
            <tr class={r.owed ? 'overdue' : undefined}>
              <td><a href={`/transfers/${r.transferId}`}>{r.code}</a></td><td>{r.name}</td><td>第{r.round}场</td><td>{r.dealDate}</td>
              <td class="num">{formatYuan(r.dealPrice)}</td>
              <td>{r.schedule ? (r.schedule.payer === '受让人' ? `受让人 ${r.winner ?? ''}` : '出让人') : '—'}</td>
              <td>{r.schedule ? `${r.schedule.documentNo}（${r.schedule.effectiveFrom} 起）` : <span class="status status-预警">无适用标准</span>}</td>
              <td class="num">{r.fee === null ? '—' : formatYuan(r.fee)}</td><td class="num">{formatYuan(r.remitted)}</td>
              <td class="num">{r.owed === null ? '—' : formatYuan(r.owed)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th colspan={7}>合计 {p.rows.length} 宗</th><td class="num">{sum((r) => r.fee)}</td><td class="num">{sum((r) => r.remitted)}</td><td class="num">{sum((r) => r.owed)}</td></tr></tfoot>
      </table>
      <p class="hint">已上缴：收入类型为交易服务费、关联该出让活动的非税收入（在“非税收入”中登记）。</p>
      {p.unlinked > 0n && <p class="warnings" role="note" id="unlinked-fees">另有 {formatYuan(p.unlinked)} 元交易服务费于{p.year}年上缴、未对应上表的成交（未关联出让活动，或关联的是其他年度或已无效的成交），不能冲抵上表任何一宗的欠缴。</p>}
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
          </fieldset>
          <Actions><button type="submit" class="primary">登记</button></Actions>
        </form>
      )}
    </section>
  );
}

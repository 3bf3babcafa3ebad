import type { contractOf } from '../../src/contracts/queries';
import { MAX_INSTALMENTS } from '../../src/contracts/rules';
import { fenToYuan, formatYuan } from '../../src/lib/money';
import { Actions, Field, FieldError, FormErrors, MoneyField, type Errors, type Values } from '../components/form';

type Contract = NonNullable<Awaited<ReturnType<typeof contractOf>>>;

export interface RoundFacts {
  id: number; code: string; name: string; round: number; result: string; dealPrice: bigint | null; winner: string | null; dealDate: string | null;
  /** The last day to sign on time (成交后10个工作日). */
  signingDue: string | null;
}

const head = (r: RoundFacts) => (
  <p>
    <a href={`/transfers/${r.id}`}>{r.code} {r.name} · 第{r.round}场</a>
    {r.dealPrice !== null && `：${r.dealDate} 成交，成交价 ${formatYuan(r.dealPrice)} 元，竞得人 ${r.winner}`}
  </p>
);

/** A recorded contract and its schedule. */
export function ContractPage({ r, c }: { r: RoundFacts; c: Contract }) {
  const ratio = c.plotRatioMin || c.plotRatioMax ? `${c.plotRatioMin ?? '—'} 至 ${c.plotRatioMax ?? '—'}` : '—';
  return (
    <section>
      <div class="page-head"><h1>出让合同 {c.contractNo}</h1></div>
      {head(r)}
      {r.result !== '成交' && <p class="warnings" role="note">本场成交已{r.result}；合同记录保留。</p>}
      <dl class="facts">
        <dt>电子监管号</dt><dd>{c.supervisionNo ?? '—'}</dd>
        <dt>签订日期</dt><dd>{c.signedOn}</dd>
        <dt>出让人</dt><dd>{c.grantor}</dd>
        <dt>受让人</dt><dd>{c.grantee}</dd>
        <dt>出让面积</dt><dd>{c.area ? `${c.area} 平方米` : '—'}</dd>
        <dt>土地用途</dt><dd>{c.landUse ?? '—'}</dd>
        <dt>约定容积率</dt><dd>{ratio}</dd>
        <dt>出让价款</dt><dd>{formatYuan(c.price)} 元</dd>
        <dt>定金</dt><dd>{formatYuan(c.earnest)} 元</dd>
        <dt>交地日期</dt><dd>{c.deliveryOn ?? '—'}</dd>
        <dt>约定开工／竣工</dt><dd>{c.startBy ?? '—'} ／ {c.completeBy ?? '—'}</dd>
        <dt>延期缴纳决策文号</dt><dd>{c.extensionDocNo ?? '—'}</dd>
        <dt>登记人</dt><dd>{c.by ?? '—'}</dd>
      </dl>
      <h2>价款分期</h2>
      <table class="data" id="instalments">
        <thead><tr><th>期次</th><th>应缴日期</th><th class="num">金额（元）</th><th class="num">占出让价款</th></tr></thead>
        <tbody>
          {c.instalments.map((x) => (
            <tr><td>第{x.seq}期</td><td>{x.dueOn}</td><td class="num">{formatYuan(x.amount)}</td>
              <td class="num">{(Number((x.amount * 10000n) / c.price) / 100).toFixed(2)}%</td></tr>
          ))}
        </tbody>
        <tfoot><tr><th colspan={2}>合计 {c.instalments.length} 期</th><td class="num">{formatYuan(c.instalments.reduce((s, x) => s + x.amount, 0n))}</td><td></td></tr></tfoot>
      </table>
      <p class="muted">缴款登记（国库缴款书／税务入库）和欠缴、逾期的计算尚未提供。</p>
    </section>
  );
}

/** The form that records a deal's contract. */
export function ContractForm({ r, values, errors }: { r: RoundFacts; values: Values; errors: Errors }) {
  const rows = Array.from({ length: MAX_INSTALMENTS }, (_, i) => i + 1);
  return (
    <section>
      <h1>登记出让合同</h1>
      {head(r)}
      <FormErrors errors={errors} />
      <form method="post" action={`/transfers/${r.id}/contract`} class="grid-form" novalidate>
        <fieldset>
          <legend>合同</legend>
          <Field name="contract_no" label="合同编号" values={values} errors={errors} required />
          <Field name="supervision_no" label="电子监管号" values={values} errors={errors} />
          <Field name="signed_on" label="签订日期" type="date" values={values} errors={errors} required
            hint={r.signingDue ? `成交后10个工作日内签订，不晚于 ${r.signingDue}（国土资发〔2010〕34号）` : undefined} />
          <Field name="grantor" label="出让人" values={values} errors={errors} required hint="如“某某市自然资源和规划局”" />
          <Field name="grantee" label="受让人" values={values} errors={errors} required hint="本场竞得人" />
        </fieldset>
        <fieldset>
          <legend>宗地</legend>
          <Field name="area" label="出让面积（平方米）" values={values} errors={errors} inputmode="decimal" />
          <Field name="land_use" label="土地用途" values={values} errors={errors} />
          <Field name="plot_ratio_min" label="容积率下限" values={values} errors={errors} inputmode="decimal" />
          <Field name="plot_ratio_max" label="容积率上限" values={values} errors={errors} inputmode="decimal" />
          <Field name="delivery_on" label="交地日期" type="date" values={values} errors={errors} />
          <Field name="start_by" label="约定开工日期" type="date" values={values} errors={errors} />
          <Field name="complete_by" label="约定竣工日期" type="date" values={values} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>价款与分期</legend>
          <p class="hint">出让价款为成交价 {r.dealPrice !== null ? formatYuan(r.dealPrice) : '—'} 元。合同签订后1个月内缴纳不低于50%的首期价款，余款最迟一年内缴清（国土资发〔2010〕34号）；经集体决策可在两年内缴清，须填写决策文号（财综〔2009〕74号）。一次付清的只填第1期。</p>
          <MoneyField name="earnest" label="定金（元）" values={values} errors={errors} />
          <Field name="extension_doc_no" label="延期缴纳决策文号" values={values} errors={errors} />
          <FieldError name="instalments" error={errors.instalments} />
          <table class="data">
            <thead><tr><th>期次</th><th>金额（元）</th><th>应缴日期</th></tr></thead>
            <tbody>
              {rows.map((n) => (
                <tr>
                  <td>第{n}期</td>
                  <td><MoneyField name={`inst_amount_${n}`} label={`第${n}期金额`} values={values} errors={errors} /></td>
                  <td><Field name={`inst_due_${n}`} label={`第${n}期应缴日期`} type="date" values={values} errors={errors} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <Actions><button type="submit" class="primary">登记合同</button><a href={`/transfers/${r.id}`}>取消</a></Actions>
      </form>
    </section>
  );
}

/** The form's first values: the deal's winner and price as one instalment left to the user. */
export function contractDefaults(r: RoundFacts, parcel: { area: string | null; landUse: string | null; plotRatio: string | null }): Values {
  return {
    grantee: r.winner ?? '', area: parcel.area ?? '', land_use: parcel.landUse ?? '', plot_ratio_max: parcel.plotRatio ?? '',
    inst_amount_1: r.dealPrice !== null ? fenToYuan(r.dealPrice) : '',
  };
}

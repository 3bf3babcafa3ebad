import { bidderKinds } from '../../db/schema';
import type { BidderRow, roundsOfBidder } from '../../src/bidders/queries';
import { maskIdNumber } from '../../src/lib/id-number';
import { Field, FormErrors, SelectField, type Errors, type Values } from '../components/form';
import { FilterForm, Pagination, type ListPageProps } from '../components/table';

/** A bidder's identity as the viewer may read it: the credit code of a 法人 in full, a person's ID masked unless visible. */
export const identityOf = (b: { credit_code: string | null; id_number: string | null }, visible: boolean) =>
  b.credit_code ?? (b.id_number ? (visible ? b.id_number : maskIdNumber(b.id_number)) : '');

export function BidderListPage(p: ListPageProps<BidderRow> & { canEdit: boolean }) {
  return (
    <section>
      <div class="page-head">
        <h1>竞买人</h1>
        <div class="actions">{p.canEdit && <a class="button primary" href="/bidders/new">登记竞买人</a>}</div>
      </div>
      <p class="muted">竞买人登记一次，各交易中心的出让活动报名时共用。自然人的身份证号码仅登记中心和其报名所在中心可见。</p>
      <FilterForm path="/bidders" target="bidder-results" search sort={p.sort} dir={p.dir}>
        <label>关键词 <input id="q" type="search" name="q" value={String(p.params.q ?? '')} placeholder="名称、统一社会信用代码或法定代表人" /></label>
      </FilterForm>
      <BidderResults {...p} />
    </section>
  );
}

export function BidderResults(p: ListPageProps<BidderRow>) {
  return (
    <div id="bidder-results">
      <table class="data">
        <thead><tr><th>名称或姓名</th><th>类型</th><th>统一社会信用代码／身份证号码</th><th>法定代表人</th><th>联系电话</th><th class="num">报名次数</th></tr></thead>
        <tbody>
          {p.rows.length === 0 && <tr><td colspan={6} class="empty">没有符合条件的竞买人</td></tr>}
          {p.rows.map((r) => (
            <tr>
              <td><a href={`/bidders/${r.id}`}>{r.name}</a></td>
              <td>{r.kind}</td>
              <td>{identityOf(r, r.id_visible)}</td>
              <td>{r.legal_rep ?? ''}</td>
              <td>{r.phone ?? ''}</td>
              <td class="num">{r.applications}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination path="/bidders" params={p.params} page={p.page} total={p.total} pageSize={p.pageSize} />
    </div>
  );
}

export function BidderForm({ values, errors, back }: { values: Values; errors: Errors; back?: string }) {
  const v = '/bidders/validate';
  return (
    <section>
      <h1>登记竞买人</h1>
      <FormErrors errors={errors} />
      <form method="post" action="/bidders" class="grid-form" novalidate>
        {back && <input type="hidden" name="back" value={back} />}
        <fieldset>
          <legend>竞买人</legend>
          <SelectField name="kind" label="类型" options={bidderKinds} values={values} errors={errors} required validate={v} />
          <Field name="name" label="名称或姓名" values={values} errors={errors} required validate={v} />
          <Field name="credit_code" label="统一社会信用代码" values={values} errors={errors} validate={v} hint="法人填写：18位，含校验位" autocomplete="off" />
          <Field name="legal_rep" label="法定代表人" values={values} errors={errors} validate={v} hint="法人填写" />
          <Field name="id_number" label="身份证号码" values={values} errors={errors} validate={v} hint="自然人填写：18位，含校验位" autocomplete="off" />
          <Field name="phone" label="联系电话" type="tel" values={values} errors={errors} inputmode="tel" validate={v} />
          <Field name="address" label="住所" values={values} errors={errors} validate={v} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button><a href={back ?? '/bidders'}>取消</a></div>
      </form>
    </section>
  );
}

export function BidderDetailPage({ b, rounds }: { b: BidderRow & { address: string | null; created_center: string }; rounds: Awaited<ReturnType<typeof roundsOfBidder>> }) {
  return (
    <section>
      <h1>{b.name}</h1>
      <dl class="facts">
        <dt>类型</dt><dd>{b.kind}</dd>
        <dt>{b.kind === '法人' ? '统一社会信用代码' : '身份证号码'}</dt><dd>{identityOf(b, b.id_visible)}</dd>
        {b.kind === '法人' && <><dt>法定代表人</dt><dd>{b.legal_rep}</dd></>}
        <dt>联系电话</dt><dd>{b.phone ?? '—'}</dd>
        <dt>住所</dt><dd>{b.address ?? '—'}</dd>
        <dt>登记中心</dt><dd>{b.created_center}</dd>
      </dl>
      <h2>报名的出让活动</h2>
      <table class="data">
        <thead><tr><th>标的编号</th><th>场次</th><th>方式</th><th>报名日期</th><th>资格审查</th><th>号牌</th><th>结果</th></tr></thead>
        <tbody>
          {rounds.length === 0 && <tr><td colspan={7} class="empty">在您可查看的交易中心尚无报名</td></tr>}
          {rounds.map((r) => (
            <tr>
              <td>{r.code}</td><td><a href={`/transfers/${r.transfer_id}/bidders`}>第{r.round}场</a></td><td>{r.mode}</td><td>{r.applied_on}</td>
              <td>{r.review}</td><td>{r.paddle_no ?? ''}</td><td><span class={`result result-${r.result}`}>{r.result}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

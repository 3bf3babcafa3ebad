import type { parcels } from '../../db/schema';
import { formatDateTime } from '../../src/lib/dates';
import { formatYuan } from '../../src/lib/money';
import type { parcelHistory } from '../../src/parcels/queries';
import { squareMetresToMu, trimDecimal, type ParcelStatus } from '../../src/parcels/rules';
import { RecordWarnings } from '../warnings/list';
import { RULES_OF } from '../../src/transfers/exceptions';
import { RuleExceptions, type ExceptionRow } from '../transfers/exceptions';
import type { Errors, Values } from '../components/form';

type Parcel = typeof parcels.$inferSelect;
type History = Awaited<ReturnType<typeof parcelHistory>>;

const ACTIONS: Record<string, string> = { create: '登记', update: '修改', 'import-create': '导入登记', 'import-update': '导入更新', 'rule-exception': '登记规则例外' };

export function ParcelDetailPage({ parcel: p, history, status, canEdit, canOffer, warnings, exceptions, canExcept, exceptionValues, exceptionErrors }: {
  parcel: Parcel; history: History; status: ParcelStatus; canEdit: boolean; canOffer: boolean; warnings: Parameters<typeof RecordWarnings>[0]['warnings'];
  exceptions: ExceptionRow[]; canExcept: boolean; exceptionValues?: Values; exceptionErrors?: Errors;
}) {
  const land = p.kind === '土地';
  return (
    <section>
      <div class="page-head">
        <h1>{p.code} {p.name} <span class={`status status-${status}`}>{status}</span></h1>
        <div class="actions">
          {canEdit && <a class="button" href={`/parcels/${p.id}/edit`}>修改</a>}
          {canEdit && canOffer && <a class="button primary" href={`/transfers/new?parcel=${p.id}`}>新增出让活动（第{history.rounds.length + 1}场）</a>}
        </div>
      </div>
      <RecordWarnings warnings={warnings} />
      <dl class="facts">
        <dt>类型</dt><dd>{p.kind}</dd>
        <dt>位置</dt><dd>{p.location ?? '—'}</dd>
        <dt>所在区县</dt><dd>{p.district ?? '—'}</dd>
        {land ? (
          <>
            <dt>用途</dt><dd>{p.landUse ?? '—'}</dd>
            <dt>面积</dt><dd>{p.area ? `${trimDecimal(p.area)} m²（${squareMetresToMu(p.area)} 亩）` : '—'}</dd>
            <dt>容积率</dt><dd>{p.plotRatio ? trimDecimal(p.plotRatio) : '—'}</dd>
            <dt>出让年限</dt><dd>{p.termYears ? `${p.termYears} 年` : '—'}</dd>
          </>
        ) : (
          <>
            <dt>矿种</dt><dd>{p.mineral ?? '—'}</dd>
            <dt>矿区面积</dt><dd>{p.area ? `${trimDecimal(p.area)} km²` : '—'}</dd>
            <dt>资源量</dt><dd>{p.resources ?? '—'}</dd>
            <dt>有效期至</dt><dd>{p.validUntil ?? '—'}</dd>
          </>
        )}
        <dt>起始价</dt><dd>{formatYuan(p.startingPrice)} 元</dd>
        <dt>竞买保证金</dt><dd>{p.deposit !== null ? `${formatYuan(p.deposit)} 元` : '—'}</dd>
      </dl>

      <h2>出让经过</h2>
      <table class="data">
        <thead><tr><th>场次</th><th>方式</th><th>拍卖机构</th><th>公告</th><th>竞价日期</th><th>结果</th><th class="num">成交价（元）</th><th>竞得人</th><th>成交日期</th><th>成交确认书</th></tr></thead>
        <tbody>
          {history.rounds.length === 0 && <tr><td colspan={10} class="empty">尚未组织出让</td></tr>}
          {history.rounds.map((r) => (
            <tr>
              <td><a href={`/transfers/${r.id}`}>第{r.round}场</a></td>
              <td>{r.mode}</td>
              <td>{r.agencyName ?? '—'}</td>
              <td>{r.announcementId ? <a href={`/announcements/${r.announcementId}`}>{r.announcementCode}</a> : '—'}</td>
              <td>{r.auctionDate ?? '—'}</td>
              <td><span class={`result result-${r.result}`}>{r.result}</span></td>
              <td class="num">{r.dealPrice !== null ? formatYuan(r.dealPrice) : ''}</td>
              <td>{r.winner ?? ''}</td>
              <td>{r.dealDate ?? ''}</td>
              <td>{r.confirmationNo ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>出让公告</h2>
      <table class="data">
        <thead><tr><th>公告编号</th><th>标题</th><th>媒体</th><th>发布日期</th><th class="num">公告费用（元）</th><th class="num">覆盖标的数</th><th class="num">本标的分摊（元）</th></tr></thead>
        <tbody>
          {history.covered.length === 0 && <tr><td colspan={7} class="empty">无</td></tr>}
          {history.covered.map((a) => (
            <tr>
              <td><a href={`/announcements/${a.id}`}>{a.code}</a></td><td>{a.title}</td><td>{a.medium ?? ''}</td>
              <td>{a.publishedOn}</td><td class="num">{formatYuan(a.cost)}</td><td class="num">{a.parcelCount}</td>
              <td class="num">{formatYuan(a.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">公告费用按覆盖标的平均分摊到分，除不尽的分按标的编号顺序由前面的标的各多摊 1 分。</p>
      <p><strong>出让成本（公告费分摊）合计 {formatYuan(history.announcementCost)} 元</strong></p>

      {land && <RuleExceptions exceptions={exceptions} action={`/parcels/${p.id}/exceptions`} rules={RULES_OF.parcel} canAdd={canExcept} values={exceptionValues} errors={exceptionErrors} />}
      <h2>修改记录</h2>
      <ul class="audit-trail">
        {history.audit.map((e) => <li>{formatDateTime(e.at)} {e.actor} {ACTIONS[e.action] ?? e.action}{e.note ? `（${e.note}）` : ''}</li>)}
      </ul>
    </section>
  );
}

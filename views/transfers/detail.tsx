import type { findTransfer, TransferEventRow } from '../../src/transfers/queries';
import type { DetailForm } from '../../src/transfers/routes';
import { Actions, Field, FormErrors, TextArea } from '../components/form';
import { formatYuan } from '../../src/lib/money';
import type { RecordWarning } from '../../src/warnings/queries';
import { RecordWarnings } from '../warnings/list';
import { RULES_OF } from '../../src/transfers/exceptions';
import { RuleExceptions, type ExceptionRow } from './exceptions';
import type { Errors, Values } from '../components/form';
import type { ReserveView } from '../../src/transfers/reserve';

type Found = NonNullable<Awaited<ReturnType<typeof findTransfer>>>;

type Outcome = { which: Exclude<DetailForm, 'exception'>; values: Values; errors: Errors };

const dealText = (d: { dealPrice?: string | null; winner?: string | null; dealDate?: string | null; confirmationNo?: string | null } | undefined) =>
  d?.dealPrice ? `成交价 ${formatYuan(BigInt(d.dealPrice))} 元，竞得人 ${d.winner}，成交日期 ${d.dealDate}，确认书 ${d.confirmationNo}` : '';

function eventDetail(e: TransferEventRow): string {
  const d = e.detail as { voided?: Parameters<typeof dealText>[0]; before?: { result: string }; after?: Parameters<typeof dealText>[0] & { result: string } } | null;
  if (e.kind === '无效') return `原成交：${dealText(d?.voided)}`;
  if (e.kind === '成交') return dealText(d?.after) + (d?.before && d.before.result !== '进行中' ? `（原结果：${d.before.result}）` : '');
  if (d?.before && d.before.result !== '进行中') return `原结果：${d.before.result}`;
  return '';
}

/**
 * The round's 底价: its amount only to those who set one (ReserveView), that one exists to the rest;
 * staff set or reset it while the round runs, with the collective decision's 文号.
 */
function Reserve(p: { t: Found; reserve: ReserveView; canSet: boolean; outcome?: Outcome }) {
  const x = p.t.transfer;
  const form = p.outcome?.which === 'reserve' ? p.outcome : { values: {}, errors: {} };
  const settable = p.canSet && x.result === '进行中' && x.mode !== '协议';
  return (
    <section id="reserve">
      <h2>底价</h2>
      {!settable && p.outcome?.which === 'reserve' && <div class="form-errors" role="alert">{Object.values(p.outcome.errors).join('；')}</div>}
      <p>
        {x.mode === '协议' && !p.reserve.set ? '协议出让不设底价。' : !p.reserve.set ? '本场未设定底价。'
          : p.reserve.amount !== null ? `底价 ${formatYuan(p.reserve.amount)} 元（集体决策文号 ${p.reserve.decisionNo}，${p.reserve.at} 设定）。此金额仅设定人可见。`
            : '本场设有底价。底价保密，仅设定人可见。'}
      </p>
      {settable && (
        <details open={p.outcome?.which === 'reserve'}>
          <summary>{p.reserve.set ? '重新设定底价' : '设定底价'}</summary>
          <form method="post" action={`/transfers/${x.id}/reserve`} class="grid-form" novalidate>
            <FormErrors errors={form.errors} />
            <p class="hint">底价经集体决策确定，在出让活动结束前保密（国土资源部令第39号）；不得低于起始价。成交价低于底价的不能登记成交。金额不在日志、导出或其他人的页面中显示。</p>
            <Field name="amount" idPrefix="rp-" label="底价（元）" values={form.values} errors={form.errors} required />
            <Field name="decision_no" idPrefix="rp-" label="集体决策文号" values={form.values} errors={form.errors} required />
            <Actions><button type="submit" class="button">保存底价</button></Actions>
          </form>
        </details>
      )}
    </section>
  );
}

/** The round's history and, for staff, the step its state allows: 中止, 恢复 or 成交无效. */
function History(p: { t: Found; events: TransferEventRow[]; canEdit: boolean; latest: boolean; outcome?: Outcome }) {
  const x = p.t.transfer;
  const form = (which: Outcome['which']) => (p.outcome?.which === which ? p.outcome : { values: {}, errors: {} });
  const shown = {
    suspend: p.canEdit && x.result === '进行中' && !x.suspendedOn, resume: p.canEdit && !!x.suspendedOn, annul: p.canEdit && p.latest && x.result === '成交',
    publish: p.canEdit && x.result === '成交' && !x.resultPublishedOn,
  };
  return (
    <section id="history">
      <h2>结果与过程记录</h2>
      {p.outcome && p.outcome.which !== 'reserve' && !shown[p.outcome.which] && <div class="form-errors" role="alert">{Object.values(p.outcome.errors).join('；')}</div>}
      {p.events.length === 0 ? <p class="muted">尚无记录（本场结果登记于记录功能之前，或尚未登记）</p> : (
        <table class="data">
          <thead><tr><th>事项</th><th>日期</th><th>原因或说明</th><th>文号</th><th>内容</th><th>登记人</th><th>登记时间</th></tr></thead>
          <tbody>
            {p.events.map((e) => (
              <tr><td>{e.kind}</td><td>{e.on_date ?? '—'}</td><td>{e.reason ?? ''}</td><td>{e.document_no ?? ''}</td><td>{eventDetail(e)}</td><td>{e.by ?? '—'}</td><td>{e.at}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.suspend && (
        <details open={p.outcome?.which === 'suspend'}>
          <summary>登记中止</summary>
          <form method="post" action={`/transfers/${x.id}/suspension`} class="grid-form" novalidate>
            <FormErrors errors={form('suspend').errors} />
            <p class="hint">如权属争议未解决、竞买人有违法行为未处理或不可抗力。中止期间不能登记结果，原因消除后登记恢复。</p>
            <Field name="on" idPrefix="s-" label="中止日期" type="date" values={form('suspend').values} errors={form('suspend').errors} required />
            <TextArea name="reason" idPrefix="s-" label="中止原因" values={form('suspend').values} errors={form('suspend').errors} required />
            <Field name="document_no" idPrefix="s-" label="文号" values={form('suspend').values} errors={form('suspend').errors} />
            <Actions><button type="submit" class="button">登记中止</button></Actions>
          </form>
        </details>
      )}
      {shown.resume && (
        <form method="post" action={`/transfers/${x.id}/resumption`} class="grid-form" novalidate>
          <h3>恢复交易</h3>
          <FormErrors errors={form('resume').errors} />
          <Field name="on" idPrefix="r-" label="恢复日期" type="date" values={form('resume').values} errors={form('resume').errors} required />
          <TextArea name="reason" idPrefix="r-" label="说明" values={form('resume').values} errors={form('resume').errors} />
          <Actions><button type="submit" class="button">登记恢复</button></Actions>
        </form>
      )}
      {shown.publish && (
        <form method="post" action={`/transfers/${x.id}/publication`} class="grid-form" novalidate>
          <h3>登记结果公示</h3>
          <FormErrors errors={form('publish').errors} />
          <p class="hint">出让结果应在成交后10个工作日内公示（国土资源部令第39号，按工作日历计算）。</p>
          <Field name="on" idPrefix="p-" label="结果公示日期" type="date" values={form('publish').values} errors={form('publish').errors} required />
          <Actions><button type="submit" class="button">登记公示</button></Actions>
        </form>
      )}
      {shown.annul && (
        <details open={p.outcome?.which === 'annul'}>
          <summary>登记成交无效</summary>
          <form method="post" action={`/transfers/${x.id}/annulment`} class="grid-form" novalidate>
            <FormErrors errors={form('annul').errors} />
            <p class="hint">成交确认书已签订，成交结果不能修改。竞得人放弃、违约或经认定成交无效时，凭文件登记：本场结果改为“无效”，原成交保留在记录中，标的可组织下一场出让。</p>
            <Field name="on" idPrefix="a-" label="认定无效日期" type="date" values={form('annul').values} errors={form('annul').errors} required />
            <Field name="document_no" idPrefix="a-" label="文号" values={form('annul').values} errors={form('annul').errors} required />
            <TextArea name="reason" idPrefix="a-" label="无效原因" values={form('annul').values} errors={form('annul').errors} required />
            <Actions><button type="submit" class="button">登记成交无效</button></Actions>
          </form>
        </details>
      )}
    </section>
  );
}

export function TransferDetailPage({ t, canEdit, warnings, exceptions, canExcept, exceptionValues, exceptionErrors, events, reserve, canSetReserve, winnerNote, outcome }: {
  t: Found; canEdit: boolean; warnings: RecordWarning[]; exceptions: ExceptionRow[]; canExcept: boolean; exceptionValues?: Values; exceptionErrors?: Errors;
  events: TransferEventRow[]; reserve: ReserveView; canSetReserve: boolean; winnerNote: string | null; outcome?: Outcome;
}) {
  const x = t.transfer;
  const latest = t.latestRound === x.round;
  return (
    <section>
      <div class="page-head">
        <h1>{t.parcel.code} {t.parcel.name} · 第{x.round}场 <span class={`result result-${x.result}`}>{x.result}</span>
          {x.suspendedOn && <span class="result result-中止">中止</span>}</h1>
        {(
          <div class="actions">
            <a class="button" href={`/transfers/${x.id}/bidders`}>竞买人与保证金</a>
            {t.parcel.kind === '土地' && (x.result === '成交' || x.result === '无效') && <a class="button" href={`/transfers/${x.id}/contract`}>出让合同</a>}
            {canEdit && <a class="button" href={`/transfers/${x.id}/edit`}>修改安排</a>}
            {canEdit && latest && (x.result === '进行中' || x.result === '流拍') && !x.suspendedOn
              && <a class="button primary" href={`/transfers/${x.id}/result`}>{x.result === '进行中' ? '登记结果' : '更正结果'}</a>}
          </div>
        )}
      </div>
      <RecordWarnings warnings={warnings} />
      <dl class="facts">
        <dt>标的</dt><dd><a href={`/parcels/${t.parcel.id}`}>{t.parcel.code} {t.parcel.name}</a>（{t.parcel.kind}，起始价 {formatYuan(t.parcel.startingPrice)} 元）</dd>
        <dt>出让方式</dt><dd>{x.mode}</dd>
        <dt>拍卖机构</dt><dd>{x.agencyId ? <a href={`/agencies/${x.agencyId}`}>{t.agencyName}</a> : '—'}</dd>
        <dt>出让公告</dt><dd>{x.announcementId ? <a href={`/announcements/${x.announcementId}`}>{t.announcementCode} {t.announcementTitle}</a> : '—'}</dd>
        <dt>公告期</dt><dd>{x.noticeStart || x.noticeEnd ? `${x.noticeStart ?? '?'} 至 ${x.noticeEnd ?? '?'}` : '—'}</dd>
        <dt>报名截止</dt><dd>{x.registrationDeadline ?? '—'}</dd>
        <dt>竞价日期</dt><dd>{x.auctionDate ?? '—'}</dd>
        <dt>结果</dt><dd>{x.result}{x.failureReason && `（${x.failureReason}）`}{x.documentNo && `，文号 ${x.documentNo}`}{x.suspendedOn && `；自 ${x.suspendedOn} 起中止`}</dd>
        {x.result === '成交' && (
          <>
            <dt>成交价</dt><dd>{formatYuan(x.dealPrice!)} 元</dd>
            <dt>竞得人</dt><dd>{x.winner}{winnerNote && <span class="status status-预警" title={winnerNote}>未关联报名</span>}
              {winnerNote && <span class="muted" id="winner-note">{winnerNote}</span>}</dd>
            <dt>成交日期</dt><dd>{x.dealDate}</dd>
            <dt>成交确认书</dt><dd>{x.confirmationNo}{x.confirmationDate && `（${x.confirmationDate} 签订）`}</dd>
            <dt>结果公示</dt><dd>{x.resultPublishedOn ?? '尚未登记'}</dd>
          </>
        )}
      </dl>
      {!latest && <p class="muted">该标的已有第{t.latestRound}场，本场结果不可再修改。</p>}
      <Reserve t={t} reserve={reserve} canSet={canSetReserve} outcome={outcome} />
      <History t={t} events={events} canEdit={canEdit} latest={latest} outcome={outcome} />
      <RuleExceptions exceptions={exceptions} action={`/transfers/${x.id}/exceptions`} rules={RULES_OF.transfer} canAdd={canExcept} values={exceptionValues} errors={exceptionErrors} />
    </section>
  );
}

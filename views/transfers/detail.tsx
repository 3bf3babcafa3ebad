import type { findTransfer } from '../../src/transfers/queries';
import { formatYuan } from '../../src/lib/money';
import type { RecordWarning } from '../../src/warnings/queries';
import { RecordWarnings } from '../warnings/list';
import { RULES_OF } from '../../src/transfers/exceptions';
import { RuleExceptions, type ExceptionRow } from './exceptions';
import type { Errors, Values } from '../components/form';

type Found = NonNullable<Awaited<ReturnType<typeof findTransfer>>>;

export function TransferDetailPage({ t, canEdit, warnings, exceptions, canExcept, exceptionValues, exceptionErrors }: {
  t: Found; canEdit: boolean; warnings: RecordWarning[]; exceptions: ExceptionRow[]; canExcept: boolean; exceptionValues?: Values; exceptionErrors?: Errors;
}) {
  const x = t.transfer;
  const latest = t.latestRound === x.round;
  return (
    <section>
      <div class="page-head">
        <h1>{t.parcel.code} {t.parcel.name} · 第{x.round}场 <span class={`result result-${x.result}`}>{x.result}</span></h1>
        {(
          <div class="actions">
            <a class="button" href={`/transfers/${x.id}/bidders`}>竞买人与保证金</a>
            {canEdit && <a class="button" href={`/transfers/${x.id}/edit`}>修改安排</a>}
            {canEdit && latest && <a class="button primary" href={`/transfers/${x.id}/result`}>{x.result === '进行中' ? '登记结果' : '更正结果'}</a>}
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
        <dt>结果</dt><dd>{x.result}</dd>
        {x.result === '成交' && (
          <>
            <dt>成交价</dt><dd>{formatYuan(x.dealPrice!)} 元</dd>
            <dt>竞得人</dt><dd>{x.winner}</dd>
            <dt>成交日期</dt><dd>{x.dealDate}</dd>
            <dt>成交确认书编号</dt><dd>{x.confirmationNo}</dd>
          </>
        )}
      </dl>
      {!latest && <p class="muted">该标的已有第{t.latestRound}场，本场结果不可再修改。</p>}
      <RuleExceptions exceptions={exceptions} action={`/transfers/${x.id}/exceptions`} rules={RULES_OF.transfer} canAdd={canExcept} values={exceptionValues} errors={exceptionErrors} />
    </section>
  );
}

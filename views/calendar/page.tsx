import type { calendarDays } from '../../db/schema';
import type { ResolvedSetting } from '../../src/calendar/queries';
import { FormErrors, Field, SelectField, type Errors, type Values } from '../components/form';

type Day = typeof calendarDays.$inferSelect;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()];

export interface CalendarPageProps {
  year: number; years: number[]; days: Day[];
  /** The current center, whose settings the forms set (for it and the centers below it). */
  center: string; refund: ResolvedSetting; mineralNotice: ResolvedSetting; mineralListing: ResolvedSetting; targetMargin: ResolvedSetting;
  dayValues: Values; dayErrors: Errors; refundValues: Values; refundErrors: Errors; mineralValues: Values; mineralErrors: Errors; marginValues: Values; marginErrors: Errors;
}

const SOURCES: Record<ResolvedSetting['from'], string> = { center: '本中心设置', parent: '沿用上级中心', deployment: '沿用系统设置', default: '法定默认值' };
const sourceOf = (s: ResolvedSetting) => `${SOURCES[s.from]}${s.from === 'parent' ? `（${s.center}）` : ''}`;

/** 系统管理 → 工作日历: the year's 放假 and 调休上班 days, and the 保证金 refund period counted in them. */
export function CalendarPage(p: CalendarPageProps) {
  return (
    <section>
      <div class="page-head"><h1>工作日历（{p.year}年）</h1></div>
      <p class="muted">
        工作日为周一至周五，下列日期除外：法定节假日中的工作日放假，调休的周末上班（依国务院办公厅每年发布的部分节假日安排通知）。
        保证金退还期限等按工作日计算的期限以本日历为准；未录入的年份按周一至周五计算。
      </p>
      <nav class="portal-tabs" aria-label="年份">
        {[...new Set([...p.years, p.year])].sort((a, b) => b - a).map((y) => (
          <a href={`/admin/calendar?year=${y}`} aria-current={y === p.year ? 'page' : undefined}>{y}年</a>
        ))}
      </nav>
      <table class="data">
        <thead><tr><th>日期</th><th>星期</th><th>类型</th><th>说明</th><th></th></tr></thead>
        <tbody>
          {p.days.length === 0 && <tr><td colspan={5} class="empty">{p.year}年还没有录入节假日安排，按周一至周五计算工作日</td></tr>}
          {p.days.map((d) => (
            <tr>
              <td>{d.day}</td>
              <td>{weekday(d.day)}</td>
              <td>{d.working ? '上班' : '放假'}</td>
              <td>{d.note}</td>
              <td>
                <form method="post" action={`/admin/calendar/days/${d.day}/removal`}>
                  <button type="submit" class="danger">删除</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/admin/calendar/days" class="grid-form" novalidate>
        <fieldset>
          <legend>录入或修改一天</legend>
          <FormErrors errors={p.dayErrors} />
          <Field name="day" label="日期" type="date" values={p.dayValues} errors={p.dayErrors} required />
          <SelectField name="working" label="类型" options={['放假', '上班']} values={p.dayValues} errors={p.dayErrors} required
            hint="放假：原本的工作日休息；上班：调休的周末上班" />
          <Field name="note" label="说明" values={p.dayValues} errors={p.dayErrors} required hint="如“国庆节放假”“春节调休上班”" />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存</button></div>
      </form>
      <form method="post" action="/admin/calendar/refund-days" class="grid-form" novalidate>
        <fieldset>
          <legend>保证金退还期限（{p.center}及下级中心）</legend>
          <FormErrors errors={p.refundErrors} />
          <Field name="days" label="活动结束后（工作日）" type="number" values={{ days: String(p.refund.value), ...p.refundValues }} errors={p.refundErrors} required
            hint={`未竞得人的竞买保证金应在出让活动结束后该数量的工作日内退还（国土资源部令第39号规定为5个工作日）。当前：${sourceOf(p.refund)}`} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存期限</button></div>
      </form>
      <form method="post" action="/admin/calendar/mineral-notice" class="grid-form" novalidate>
        <fieldset>
          <legend>矿业权出让公告期（按省规定；{p.center}及下级中心）</legend>
          <FormErrors errors={p.mineralErrors} />
          <Field name="notice_days" label="公告至拍卖/挂牌开始（工作日）" type="number" idPrefix="m-"
            values={{ notice_days: String(p.mineralNotice.value), ...p.mineralValues }} errors={p.mineralErrors} required
            hint={`出让公告至少在拍卖、挂牌开始日前该数量的工作日发布（四川省规定为20个工作日）。当前：${sourceOf(p.mineralNotice)}`} />
          <Field name="listing_days" label="挂牌期（工作日）" type="number" idPrefix="m-"
            values={{ listing_days: String(p.mineralListing.value), ...p.mineralValues }} errors={p.mineralErrors} required
            hint={`挂牌时间不少于该数量的工作日（四川省规定为10个工作日）。当前：${sourceOf(p.mineralListing)}`} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存公告期</button></div>
      </form>
      <form method="post" action="/admin/calendar/target-margin" class="grid-form" novalidate>
        <fieldset>
          <legend>绩效目标偏低提示（{p.center}及下级中心）</legend>
          <FormErrors errors={p.marginErrors} />
          <Field name="target_margin" label="实际超出目标（%）" type="number" values={{ target_margin: String(p.targetMargin.value), ...p.marginValues }} errors={p.marginErrors} required
            hint={`出让宗数、财政增收等指标的实际完成值超出目标该比例以上时，绩效报告的“存在的问题”提示“目标可能设定偏低”。本系统默认50%，非法定数值。当前：${p.targetMargin.from === 'default' ? '系统默认值' : sourceOf(p.targetMargin)}`} />
        </fieldset>
        <div class="actions"><button type="submit" class="primary">保存提示比例</button></div>
      </form>
    </section>
  );
}

// The public pages (成交公示): a layout of their own, with no staff navigation, context switch or
// user menu whoever asks, and pages that show only what is published.
import type { Child } from 'hono/jsx';
import { formatWan } from '../../src/lib/money';
import type { PublicAnnouncement, PublicCenter, PublicDeal } from '../../src/public/queries';

export function PublicLayout(p: { title: string; children: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · 出让信息公开`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body class="public">
        <header class="topbar">
          <a class="brand" href="/public">土地矿业权出让信息公开</a>
          <nav class="nav" aria-label="公开信息"><a href="/public">交易中心</a><a href="/login">工作人员登录</a></nav>
        </header>
        <main id="main">{p.children}</main>
      </body>
    </html>
  );
}

export function PublicNotFound({ message }: { message: string }) {
  return (
    <section class="error-page">
      <h1>未找到</h1>
      <p>{message}</p>
      <p><a href="/public">返回交易中心列表</a></p>
    </section>
  );
}

const centerHref = (code: string, year?: number) => `/public/centers/${encodeURIComponent(code)}${year ? `?year=${year}` : ''}`;

export function CenterList({ centers, current }: { centers: PublicCenter[]; current?: string }) {
  return (
    <ul class="public-centers">
      {centers.length === 0 && <li class="muted">暂无交易中心</li>}
      {centers.map((c) => (
        <li>
          {c.code === current ? <strong>{c.name}</strong> : <a href={centerHref(c.code, c.last_year ?? undefined)}>{c.name}</a>}
          <span class="muted">（{c.level}级{c.deals > 0 ? `，累计成交 ${c.deals} 宗` : ''}）</span>
        </li>
      ))}
    </ul>
  );
}

export interface CenterResultsProps {
  center: { code: string; name: string };
  year: number;
  years: number[];
  announcements: PublicAnnouncement[];
  deals: PublicDeal[];
}

export function PublicIndexPage(p: { centers: PublicCenter[]; selected: CenterResultsProps | null }) {
  return (
    <section>
      <h1>土地、矿业权出让信息公开</h1>
      <p class="muted">各交易中心已发布的出让公告和成交结果公示。</p>
      <h2>交易中心</h2>
      <CenterList centers={p.centers} current={p.selected?.center.code} />
      {p.selected && <CenterResults {...p.selected} />}
    </section>
  );
}

export function PublicCenterPage(p: CenterResultsProps) {
  return (
    <section>
      <p><a href="/public">← 全部交易中心</a></p>
      <CenterResults {...p} />
    </section>
  );
}

/** 约定容积率 as 中国土地市场网 writes it: `1.0 ≤ 容积率 ≤ 2.5`, one bound, or —. */
const plotRatio = (min: string | null, max: string | null) =>
  min && max ? `${min} ≤ 容积率 ≤ ${max}` : min ? `容积率 ≥ ${min}` : max ? `容积率 ≤ ${max}` : '—';

function CenterResults(p: CenterResultsProps) {
  return (
    <div class="public-results">
      <div class="page-head">
        <h1>{p.center.name} · {p.year}年</h1>
      </div>
      <form class="filters" method="get" action={`/public/centers/${encodeURIComponent(p.center.code)}`}>
        <label>年度 <select name="year">
          {p.years.map((y) => <option value={String(y)} selected={y === p.year}>{y}年</option>)}
        </select></label>
        <button type="submit">查看</button>
      </form>
      <h2>成交结果公示（{p.deals.length} 宗）</h2>
      <p class="muted">约定容积率、约定开竣工时间和合同签订日期在出让合同签订后公布。机器可读的数据：<a href={`/public/feed.json?center=${encodeURIComponent(p.center.code)}&year=${p.year}`}>feed.json</a>（OCDS 发布包）。</p>
      <table class="data" id="public-deals">
        <thead><tr><th>宗地编号</th><th>宗地名称</th><th>位置</th><th class="num">面积</th><th>用途</th><th>出让年限</th><th>供地方式</th>
          <th class="num">成交价（万元）</th><th>受让人</th><th>约定容积率</th><th>约定开竣工时间</th><th>合同签订日期</th><th>成交日期</th><th>结果公示日期</th></tr></thead>
        <tbody>
          {p.deals.length === 0 && <tr><td colspan={14} class="empty">本年度暂无成交结果</td></tr>}
          {p.deals.map((d) => (
            <tr class="public-deal">
              <td>{d.code}</td>
              <td>{d.name}</td>
              <td>{[d.district, d.location].filter(Boolean).join(' ') || '—'}</td>
              <td class="num">{d.area ? `${d.area} ${d.kind === '土地' ? '平方米' : '平方千米'}` : '—'}</td>
              <td>{d.kind === '土地' ? (d.land_use ?? '—') : d.kind}</td>
              <td>{d.term_years ? `${d.term_years}年` : '—'}</td>
              <td>{d.mode}出让</td>
              <td class="num">{formatWan(BigInt(d.deal_price))}</td>
              <td>{d.winner}</td>
              <td>{d.contract_no ? plotRatio(d.plot_ratio_min, d.plot_ratio_max) : '—'}</td>
              <td>{d.contract_no ? `${d.start_by ?? '—'} 开工，${d.complete_by ?? '—'} 竣工` : '—'}</td>
              <td>{d.signed_on ?? '—'}</td>
              <td>{d.deal_date}</td>
              <td>{d.result_published_on ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>出让公告（{p.announcements.length} 则）</h2>
      <table class="data">
        <thead><tr><th>公告编号</th><th>标题</th><th>发布媒体</th><th>发布日期</th><th>标的</th></tr></thead>
        <tbody>
          {p.announcements.length === 0 && <tr><td colspan={5} class="empty">本年度暂无已发布的公告</td></tr>}
          {p.announcements.map((a) => (
            <tr class="public-announcement">
              <td>{a.code}</td><td>{a.title}</td><td>{a.medium ?? '—'}</td><td>{a.published_on}</td><td>{a.parcels ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

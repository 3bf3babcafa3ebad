import type { Child } from 'hono/jsx';
import type { Role } from '../db/schema';
import type { CurrentUser, Scope } from '../src/types';

export interface LayoutProps {
  title: string;
  user: CurrentUser | null;
  scope: Scope | null;
  flash?: string | null;
  isDemo?: boolean;
  children: Child;
}

interface NavItem { href: string; label: string; roles: Role[] }

const NAV: NavItem[] = [
  { href: '/', label: '首页', roles: ['admin', 'staff', 'finance', 'leader', 'agency'] },
  { href: '/parcels', label: '标的', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/transfers', label: '出让活动', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/announcements', label: '出让公告', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/agencies', label: '拍卖机构', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/bidders', label: '竞买人', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/deposits', label: '保证金', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/contracts', label: '出让价款', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/statistics/deals', label: '成交统计', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/surveys', label: '满意度调查', roles: ['admin', 'staff', 'finance', 'leader', 'agency'] },
  { href: '/projects', label: '项目经费', roles: ['admin', 'finance', 'leader'] },
  { href: '/payments', label: '支付审批', roles: ['admin', 'finance', 'leader'] },
  { href: '/fees', label: '劳务费', roles: ['admin', 'finance', 'leader'] },
  { href: '/service-fees', label: '交易服务费', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/revenue', label: '非税收入', roles: ['admin', 'staff', 'finance', 'leader'] },
  { href: '/monitoring', label: '执行监控', roles: ['admin', 'finance', 'leader'] },
  { href: '/warnings', label: '导入预警', roles: ['admin', 'finance', 'leader'] },
  { href: '/centers', label: '交易中心', roles: ['admin'] },
  { href: '/admin/users', label: '用户', roles: ['admin'] },
  { href: '/admin/tokens', label: 'API令牌', roles: ['admin'] },
  { href: '/admin/calendar', label: '工作日历', roles: ['admin'] },
  { href: '/ledger/import', label: '台账导入', roles: ['admin'] },
  { href: '/admin/audit', label: '审计日志', roles: ['admin'] },
  { href: '/portal', label: '机构门户', roles: ['agency'] },
  { href: '/portal/transfers', label: '我的出让活动', roles: ['agency'] },
  { href: '/portal/payments', label: '支付', roles: ['agency'] },
  { href: '/portal/agreements', label: '收费协议', roles: ['agency'] },
];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员', staff: '交易组织科', finance: '财务科', leader: '分管领导', agency: '拍卖机构',
};

export function Layout(p: LayoutProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · 出让台账`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/vendor/htmx.min.js" defer></script>
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/">出让台账</a>
          {p.user && (
            <nav class="nav" aria-label="主导航">
              {NAV.filter((n) => n.roles.includes(p.user!.role)).map((n) => <a href={n.href}>{n.label}</a>)}
            </nav>
          )}
          {p.user && p.scope && <ContextSwitch scope={p.scope} />}
          {p.user && (
            <form class="signout" method="post" action="/logout">
              <span class="who">{p.user.displayName}（{ROLE_LABELS[p.user.role]}）</span>
              <button type="submit" class="link">退出</button>
            </form>
          )}
        </header>
        {p.isDemo && <div class="demo-banner" role="note">演示数据：本系统当前载入的是根据公开报告编制的演示台账，其中标的、价格、机构等细节为虚构。</div>}
        <main id="main">
          <div id="flash" aria-live="polite">{p.flash && <p class="flash">{p.flash}</p>}</div>
          {p.children}
        </main>
      </body>
    </html>
  );
}

function ContextSwitch({ scope }: { scope: Scope }) {
  const now = new Date().getFullYear();
  const years: number[] = [];
  for (let y = now + 1; y >= 2015; y--) years.push(y);
  return (
    <form class="context" method="post" action="/context" hx-post="/context" hx-trigger="change">
      <label>
        <span class="sr-only">交易中心</span>
        <select name="center" aria-label="交易中心">
          {scope.centers.map((c) => <option value={String(c.id)} selected={c.id === scope.centerId}>{c.name}</option>)}
        </select>
      </label>
      <label>
        <span class="sr-only">年度</span>
        <select name="year" aria-label="年度">
          {years.map((y) => <option value={String(y)} selected={y === scope.year}>{y}年</option>)}
        </select>
      </label>
      <noscript><button type="submit">切换</button></noscript>
    </form>
  );
}

export function ErrorPage({ status, message }: { status: number; message: string }) {
  return (
    <section class="error-page">
      <h1>{status === 404 ? '未找到' : status === 403 ? '无权访问' : status >= 500 ? '服务器出错' : '请求有误'}</h1>
      <p>{message}</p>
      <p><a href="/">返回首页</a></p>
    </section>
  );
}

// The report as .xlsx (the seed's table) and the 绩效自评报告 as a .docx draft.
import { Hono, type Context } from 'hono';
import { allow } from '../auth/access';
import { FUNDS_READ } from '../funds/access';
import type { AppEnv } from '../types';
import { performanceDocx } from './docx';
import { reportFindings } from './findings';
import { loadReport } from './routes';
import { performanceXlsx } from './xlsx';
import { selfEvaluationXlsx } from './self-evaluation';
import { eq } from 'drizzle-orm';
import { centers } from '../../db/schema';

export const performanceExportRoutes = new Hono<AppEnv>();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

performanceExportRoutes.get('/:id/performance.xlsx', allow(...FUNDS_READ), async (c) => {
  const report = await loadReport(c);
  const name = `${report.project.name}${report.project.year}年绩效目标完成情况表.xlsx`;
  return download(c, await performanceXlsx(report), XLSX, `performance-${report.project.id}.xlsx`, name);
});

// The 项目支出绩效自评表 in the provinces' layout, beside the seed's table. Its 主管部门 is the center above
// the project's (a 交易中心's 政务服务和公共资源交易中心), until projects carry their own (issue 16).
performanceExportRoutes.get('/:id/self-evaluation.xlsx', allow(...FUNDS_READ), async (c) => {
  const report = await loadReport(c);
  const [row] = await c.get('db').select({ parentId: centers.parentId }).from(centers).where(eq(centers.id, report.center.id));
  const [parent] = row?.parentId == null ? [] : await c.get('db').select({ name: centers.name }).from(centers).where(eq(centers.id, row.parentId));
  const name = `${report.project.name}${report.project.year}年项目支出绩效自评表.xlsx`;
  return download(c, await selfEvaluationXlsx(report, { department: parent?.name ?? null }), XLSX, `self-evaluation-${report.project.id}.xlsx`, name);
});

performanceExportRoutes.get('/:id/performance.docx', allow(...FUNDS_READ), async (c) => {
  const report = await loadReport(c);
  const name = `${report.project.name}项目${report.project.year}年绩效评价报告.docx`;
  return download(c, await performanceDocx(report, await reportFindings(c.get('db'), report)), DOCX, `performance-${report.project.id}.docx`, name);
});

/** An attachment with an ASCII fallback name and the Chinese name (RFC 6266 filename*). */
function download(c: Context<AppEnv>, buf: Buffer, type: string, ascii: string, name: string) {
  return c.body(new Uint8Array(buf), 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

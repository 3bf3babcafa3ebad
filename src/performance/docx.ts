// The 绩效自评报告 draft as a .docx, following the seed's project report (一、项目概况 … 五、评价
// 结论及建议) and ending with the 绩效目标完成情况表. Every figure is read from the report object and
// only formatted here; the standard paragraphs are the seed's wording, for the finance office to
// edit. Pure: report in, Buffer out, so the routes and the CLI share it.
import { suggestions, type Finding } from './findings';
import {
  AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableLayoutType,
  TableRow, TextRun, VerticalAlignTable, WidthType,
} from 'docx';
import type { PerformanceReport } from './report';
import { chineseDate, formatHundredths, isTransferProject, narrativeWan } from './rules';
import { fundsBySource } from './sources';
import { completionTable, scoreTable, tableTitle, wan, type TableModel } from './xlsx';

// ─── Type and page (GB/T 9704 margins on A4) ───────────────────────────────────────────────────

/** Chinese text in 宋体 (SimSun), headings in 黑体 (SimHei); LibreOffice substitutes Noto CJK. */
const SONG = { ascii: 'SimSun', hAnsi: 'SimSun', cs: 'SimSun', eastAsia: '宋体' };
const HEI = { ascii: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei', eastAsia: '黑体' };
const BODY = 28; // 四号 14 pt, in half-points
const CELL = 21; // 五号 10.5 pt
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 2098, bottom: 1984, left: 1587, right: 1474 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Relative widths of the six columns: the amounts of 预算执行情况 (third column) must fit one line. */
const COLUMN_SHARES = [15, 14, 16, 19, 18, 18];

// ─── Wording helpers (formatting only; the figures come from the report) ────────────────────────

/** An amount in a sentence, by REPORTING.md's one rule for sentences: 91.5万元, 100万元, 2200余万元. */
const sentenceWan = narrativeWan;
const rateText = (rate: string | null) => (rate === null ? '—' : `${rate}%`);
const pts = formatHundredths;

// ─── Paragraphs ────────────────────────────────────────────────────────────────────────────────

const title = (text: string) => new Paragraph({
  alignment: AlignmentType.CENTER, spacing: { after: 120 },
  children: [new TextRun({ text, font: SONG, size: 44, bold: true })],
});
const h1 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(text)] });
const h2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
/** A body paragraph, indented two characters as Chinese reports are. */
const p = (text: string) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 2 * BODY * 10 }, children: [new TextRun(text)] });

/** 1．a 2．b … as separate paragraphs (the seed numbers the points of a section this way). */
const numbered = (items: string[], sep = '．') => items.map((t, k) => p(`${k + 1}${sep}${t}`));

// ─── Tables ────────────────────────────────────────────────────────────────────────────────────

function columnWidths(shares: number[]) {
  const sum = shares.reduce((a, b) => a + b, 0);
  const w = shares.map((s) => Math.floor((TEXT_WIDTH * s) / sum));
  w[w.length - 1]! += TEXT_WIDTH - w.reduce((a, b) => a + b, 0);
  return w;
}

function cellParagraphs(text: string, align: (typeof AlignmentType)[keyof typeof AlignmentType], bold: boolean) {
  return (text === '' ? [''] : text.split('\n')).map((line) => new Paragraph({
    alignment: align, spacing: { before: 40, after: 40, line: 300 },
    children: [new TextRun({ text: line, size: CELL, bold })],
  }));
}

/** A table model (xlsx.ts) as a Word table, spans and all. */
function modelTable(model: TableModel): Table {
  const widths = columnWidths(COLUMN_SHARES.slice(0, model.columns));
  const rows = model.rows.map((cells, ri) => {
    // The grid column each cell starts in, skipping columns held by row spans from above.
    const held = heldColumns(model, ri);
    let col = 0;
    const out = cells.map((c) => {
      while (held.has(col)) col++;
      const span = c.colSpan ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      col += span;
      const heading = c.role === 'label' || c.role === 'head';
      return new TableCell({
        columnSpan: span, rowSpan: c.rowSpan ?? 1, width: { size: width, type: WidthType.DXA },
        verticalAlign: VerticalAlignTable.CENTER,
        ...(c.role === 'head' ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F2F2F2' } } : {}),
        children: cellParagraphs(c.text, c.role === 'text' ? AlignmentType.LEFT : AlignmentType.CENTER, heading),
      });
    });
    return new TableRow({ cantSplit: true, children: out });
  });
  return new Table({ rows, columnWidths: widths, width: { size: TEXT_WIDTH, type: WidthType.DXA }, layout: TableLayoutType.FIXED });
}

/** Grid columns of row `ri` covered by cells spanning down from earlier rows. */
function heldColumns(model: TableModel, ri: number): Set<number> {
  const held = new Map<number, Set<number>>();
  for (let r = 0; r <= ri; r++) {
    const mine = held.get(r) ?? new Set<number>();
    let col = 0;
    for (const c of model.rows[r]!) {
      while (mine.has(col)) col++;
      const span = c.colSpan ?? 1;
      for (let dr = 1; dr < (c.rowSpan ?? 1); dr++) {
        const s = held.get(r + dr) ?? new Set<number>();
        for (let dc = 0; dc < span; dc++) s.add(col + dc);
        held.set(r + dr, s);
      }
      col += span;
    }
  }
  return held.get(ri) ?? new Set<number>();
}

/** 资金计划 / 资金到位 / 资金使用 with 来源渠道 and 分析说明, as the seed's small table. */
function fundsTable(r: PerformanceReport): Table {
  const f = r.funds;
  const { initial, spent } = fundsBySource(f);
  const channel = ({ fiscal, other }: { fiscal: bigint; other: bigint }) =>
    [fiscal !== 0n || other === 0n ? '财政拨款' : null, other !== 0n ? '其它资金' : null].filter(Boolean).join('、');
  const model: TableModel = {
    columns: 4,
    rows: [
      [{ text: '', role: 'head' }, { text: '金额', role: 'head' }, { text: '来源渠道', role: 'head' }, { text: '分析说明', role: 'head' }],
      [{ text: '资金计划', role: 'label' }, { text: wan(f.initial), role: 'amount' }, { text: channel(initial), role: 'amount' },
        { text: `年初预算${sentenceWan(f.initial)}，${f.carriedOver === 0n ? '' : `上年结转${sentenceWan(f.carriedOver)}，`}${adjustmentPhrase(f.adjustments)}，全年预算数${sentenceWan(f.total)}`, role: 'text' }],
      [{ text: '资金到位', role: 'label' }, { text: wan(f.arrived), role: 'amount' }, { text: channel({ fiscal: f.arrivedFiscal, other: f.arrivedOther }), role: 'amount' },
        { text: `资金到位${sentenceWan(f.arrived)}，到位率${rateText(f.arrivalRate)}`, role: 'text' }],
      [{ text: '资金使用', role: 'label' }, { text: wan(f.spent), role: 'amount' }, { text: channel(spent), role: 'amount' },
        { text: `预算执行率${rateText(f.executionRate)}；支付范围、支付标准、支付进度、支付依据等合规合法，与预算相符。`, role: 'text' }],
    ],
  };
  const shares = [14, 18, 18, 54];
  const widths = columnWidths(shares);
  return new Table({
    columnWidths: widths, width: { size: TEXT_WIDTH, type: WidthType.DXA }, layout: TableLayoutType.FIXED,
    rows: model.rows.map((cells) => new TableRow({
      cantSplit: true,
      children: cells.map((c, k) => new TableCell({
        width: { size: widths[k]!, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.CENTER,
        ...(c.role === 'head' ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F2F2F2' } } : {}),
        children: cellParagraphs(c.text, c.role === 'text' ? AlignmentType.LEFT : AlignmentType.CENTER, c.role === 'head' || c.role === 'label'),
      })),
    })),
  });
}

/** 追加40万元 / 调减5万元 / 年度内未调整预算. */
function adjustmentPhrase(adj: bigint) {
  if (adj > 0n) return `追加${sentenceWan(adj)}`;
  if (adj < 0n) return `调减${sentenceWan(-adj)}`;
  return '年度内未调整预算';
}

// ─── The sections ──────────────────────────────────────────────────────────────────────────────

/** The paragraphs of the report body, section by section (exported for the tests and the CLI). */
export function reportSections(r: PerformanceReport, found: readonly Finding[] = []) {
  const { project, funds: f, transfers: t, revenue: rev, satisfaction: sat, score: s } = r;
  const unit = project.budgetUnit ?? r.center.name;
  const land = isTransferProject(project.name) || r.indicators.some((i) => i.rule === '出让宗数');
  const laws = land ? '《中华人民共和国土地管理法》《中华人民共和国拍卖法》的规定' : '相关法律法规';

  const basic = [
    `${unit}根据单位职能职责申请设立了“${project.name}”项目预算，${land ? '作为开展土地（矿权）出让工作必需的工作业务费' : '用于保障相关工作的正常开展'}。`,
    `${project.name}项目${project.year}年度申报年初项目预算${sentenceWan(f.initial)}，${f.carriedOver === 0n ? '' : `上年结转${sentenceWan(f.carriedOver)}，`}${f.adjustments === 0n ? '年度内未调整预算' : `后因工作需要${adjustmentPhrase(f.adjustments)}`}，合计${sentenceWan(f.total)}。`,
    ...(land ? [
      `${project.name}主要用于支付土地拍卖机构劳务费、土地出让公告费，以及其他为完成年度非税征收任务而进行的必要开支。支付标准为有关财务管理制度、规定以及中心与拍卖机构签订的费用支付协议等。`,
      '资金分配时根据重要性及及时性原则优先支付拍卖机构的劳务报酬，根据约定土地拍卖工作完成后及时支付。在资金充足情况下合理支付其他必要开支。',
    ] : []),
  ];

  const targets = r.indicators.map((i) => `${i.level3}：${i.expected}`);
  const goals = [
    `项目主要内容：${project.target?.trim() || '（未填写项目绩效目标）'}`,
    `${project.year}年设定项目绩效目标：${targets.length ? `${targets.join('；')}。` : '（尚未设定绩效指标）'}`
      + (r.defaultIndicators ? '（本项目尚未设定绩效指标，按土地出让项目的默认指标评价。）' : ''),
  ];

  const completion: string[] = [];
  if (r.narrative) completion.push(r.narrative);
  if (land) {
    completion.push(`${project.year}年组织出让${t.organised}宗次，其中成交${t.sold}宗，流拍${t.failed}宗次${t.terminated ? `，终止${t.terminated}宗次` : ''}`
      + `${t.sold ? `，成交总价${narrativeWan(t.dealValue)}` : ''}。`);
    if (rev.target === null) completion.push(`上缴财政非税收入${narrativeWan(rev.remitted)}。`);
    else if (rev.targetReachedOn) {
      completion.push(`上缴财政非税收入${narrativeWan(rev.remitted)}，于${chineseDate(rev.targetReachedOn)}完成年度非税征收任务${narrativeWan(rev.target)}`
        + `${rev.rate ? `，完成率${rev.rate}%` : ''}。`);
    } else {
      completion.push(`上缴财政非税收入${narrativeWan(rev.remitted)}，年度非税征收任务${narrativeWan(rev.target)}尚未完成${rev.rate ? `（完成率${rev.rate}%）` : ''}。`);
    }
  }
  completion.push(`下达年度${project.name}项目资金${sentenceWan(f.total)}，实际支付${sentenceWan(f.spent)}，执行率${rateText(f.executionRate)}。`);

  const benefits: string[] = [];
  const benefitRows = r.indicators.filter((i) => i.level1.includes('效益') && i.actual);
  if (benefitRows.length) benefits.push(`该项目顺利实施，${benefitRows.map((i) => `${i.level3}：${i.actual}`).join('；')}。`);
  if (sat.responses > 0) {
    benefits.push(`${project.year}年共收到拍卖机构满意度评价${sat.responses}份，其中“非常满意”或“满意”${sat.satisfied}份，拍卖机构满意度${rateText(sat.rate)}。`);
  } else if (land || r.indicators.some((i) => i.rule === '拍卖机构满意度')) {
    benefits.push(`${project.year}年尚未收到拍卖机构满意度评价。`);
  }
  if (benefits.length === 0) benefits.push('（请补充项目效益情况。）');

  // 存在的问题 and 相关建议 are the findings of the records (findings.ts): nothing is said that no record holds.
  const problems = found.map((x) => x.text);
  const advice = suggestions(found);

  return {
    title: [project.name, `项目${project.year}年绩效评价报告`],
    sections: [
      { heading: '一、项目概况', parts: [
        { heading: '（一）项目基本情况', paragraphs: numbered(basic) },
        { heading: '（二）项目绩效目标', paragraphs: numbered(goals) },
        { heading: '（三）项目自评步骤及方法', paragraphs: [
          p(`由涉及相关业务科室先自评，再由中心领导班子组织审评。对照《${project.year}年市级财政项目支出绩效评价指标体系》，从预算执行率（10分）和产出、效益、满意度指标（90分）进行评分，并对存在的问题扣分。`),
        ] },
      ] },
      { heading: '二、项目资金申报及使用情况', parts: [
        { heading: '（一）项目资金申报及批复情况', paragraphs: [
          p(`${project.name}预算申报${sentenceWan(f.initial)}，财政下达预算批复${sentenceWan(f.initial)}，${f.carriedOver === 0n ? '' : `上年结转${sentenceWan(f.carriedOver)}，`}${f.adjustments === 0n ? '年度内未调整预算' : `中途预算调整${adjustmentPhrase(f.adjustments)}`}，年度合计下达经费指标${sentenceWan(f.total)}。`),
        ] },
        { heading: '（二）资金计划、到位及使用情况', paragraphs: [
          fundsTable(r),
          p(`全年预算数${sentenceWan(f.total)}，资金到位${sentenceWan(f.arrived)}，资金到位率${rateText(f.arrivalRate)}；实际支付${sentenceWan(f.spent)}，预算执行率${rateText(f.executionRate)}。`),
        ] },
        { heading: '（三）项目财务管理情况', paragraphs: [
          p('项目资金支付严格执行单位财务制度规定的报销流程，应附与经济业务事项相关的合法合规的原始凭证和附件，需经办人签字，科室负责人、业务分管领导及财务分管领导审批后才能进行支付。账务处理及时，会计核算规范有序。'),
        ] },
      ] },
      { heading: '三、项目实施及管理情况', parts: [
        { heading: '（一）项目组织架构及实施流程', paragraphs: [
          p(`根据${unit}的职能职责及年度工作安排，由${unit}根据工作需要确定项目资金和安排实施进度。资金支付严格按照审批流程操作执行：经办人填报并附原始凭证，经科室负责人审核、业务分管领导审批、财务分管领导审批后支付，符合相关管理办法，分配结果公平合理。`),
        ] },
        { heading: '（二）项目管理情况', paragraphs: [
          p(`本项目在实施过程中执行${laws}和单位财务管理制度。`),
        ] },
      ] },
      { heading: '四、项目绩效情况', parts: [
        { heading: '（一）项目完成情况', paragraphs: [p(completion.join(''))] },
        { heading: '（二）项目效益情况', paragraphs: benefits.map(p) },
      ] },
      { heading: '五、评价结论及建议', parts: [
        { heading: '（一）评价结论', paragraphs: [
          p(`结合中心工作实际情况，对照《${project.year}年市级财政项目支出绩效评价指标体系》进行自评打分，综合得分${pts(s.total)}分`
            + `（预算执行率得分${pts(s.execution)}分，绩效指标得分${pts(s.indicators)}分，扣分${pts(s.deductions)}分），项目支出绩效评价为“${s.grade}”。`),
        ] },
        { heading: '（二）存在的问题', paragraphs: problems.length ? numbered(problems, '.') : [p('无')] },
        { heading: '（三）相关建议', paragraphs: advice.length ? numbered(advice, '.') : [p('无')] },
      ] },
    ],
  };
}

/** The 绩效自评报告 draft of a project, with its 绩效目标完成情况表 appended. */
export async function performanceDocx(r: PerformanceReport, found: readonly Finding[] = []): Promise<Buffer> {
  const body = reportSections(r, found);
  const children: (Paragraph | Table)[] = [...body.title.map(title), new Paragraph({ children: [] })];
  for (const s of body.sections) {
    children.push(h1(s.heading));
    for (const part of s.parts) children.push(h2(part.heading), ...part.paragraphs);
  }

  // 附表: the table on a page of its own, titled as in the seed.
  const [name, tableName, year] = tableTitle(r);
  children.push(
    new Paragraph({ pageBreakBefore: true, children: [new TextRun({ text: '附表', font: HEI })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: name, bold: true, size: 32 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: tableName, bold: true, size: 32 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: year })] }),
    modelTable(completionTable(r)),
    new Paragraph({ children: [] }),
    modelTable(scoreTable(r)),
  );

  const doc = new Document({
    creator: '出让台账',
    title: `${r.project.name}项目${r.project.year}年绩效评价报告`,
    styles: {
      default: {
        document: {
          // zh-CN, so a substituted font (Noto CJK) shows the Simplified Chinese glyph forms.
          run: { font: SONG, size: BODY, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: 360, before: 0, after: 0 } },
        },
        heading1: { run: { font: HEI, size: 32, bold: false, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading2: { run: { font: SONG, size: BODY, bold: true, color: '000000' }, paragraph: { spacing: { before: 120, after: 60 }, indent: { firstLine: 2 * BODY * 10 }, keepNext: true } },
      },
    },
    sections: [{
      properties: { page: { size: PAGE, margin: { ...MARGIN, header: 851, footer: 992 } } },
      footers: {
        default: new Footer({ children: [new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: CELL })],
        })] }),
      },
      children,
    }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

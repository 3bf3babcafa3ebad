// Column headers as real ledgers write them: `成交价款（万元）`, `宗地\n编号`, `*金额(元)`, `序号`.
// A header is normalized (full-width brackets, spaces and line breaks, required marks), its unit
// is split off, and its name is matched against the sheet's columns, then the other names ledgers
// use for them (ALIASES). Pure: the layout (layout.ts) decides what the matches mean.
import { asciiForm } from './values';

export interface HeaderName {
  /** The name without spaces, marks or unit: what is matched. */
  name: string;
  /** The unit in brackets after it (`万元` of `起始价（万元）`), without `单位:`; null when none. */
  unit: string | null;
}

/** `成交价款（万元）` → { name: 成交价款, unit: 万元 }; `*金额(单位：元)` → { name: 金额, unit: 元 }. */
export function headerName(raw: string): HeaderName {
  // NFKC turns （）：＊ into ()：* — only for matching: the file's own text is kept for display.
  let s = asciiForm(raw).replace(/[\s\u200b-\u200d\ufeff]+/g, '').replace(/^\*+|\*+$/g, '');
  let unit: string | null = null;
  const m = /^(.+?)[([]([^()[\]]*)[)\]]\*?$/.exec(s) ?? /^(.+?)\/([^/]+)$/.exec(s);
  if (m) {
    s = m[1]!.replace(/\*+$/, '');
    unit = m[2]!.replace(/^单位[:：]?/, '') || null;
  }
  return { name: s, unit };
}

/** The running number of a row (序号), which no sheet stores: its column is left out. */
export const SERIAL_NAMES: ReadonlySet<string> = new Set(['序号', '序', 'No', 'No.', 'NO', 'NO.', '编号No']);

/**
 * Other names for the format's columns, from the format itself and what ledgers of trading
 * centers and finance offices write: alias → the columns it may mean, tried in order, the first
 * the sheet has winning (so `中心编码` is 交易中心's 编码 and every other sheet's 中心编码).
 */
export const ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Centers and agencies
  中心代码: ['中心编码'], 交易中心编码: ['中心编码'], 交易中心代码: ['中心编码'], 中心编号: ['中心编码'],
  中心编码: ['编码'], 代码: ['编码'],
  中心名称: ['名称'], 交易中心名称: ['名称'], 交易中心: ['名称'],
  上级中心编码: ['上级编码'], 上级代码: ['上级编码'],
  机构名称: ['名称'], 拍卖机构名称: ['名称', '拍卖机构'], 单位名称: ['名称'], 公司名称: ['名称'],
  信用代码: ['统一社会信用代码', '拍卖机构信用代码'], 社会信用代码: ['统一社会信用代码', '拍卖机构信用代码'],
  统一信用代码: ['统一社会信用代码', '拍卖机构信用代码'], 统一社会信用代码: ['拍卖机构信用代码'],
  拍卖机构统一社会信用代码: ['拍卖机构信用代码', '统一社会信用代码'], 机构信用代码: ['拍卖机构信用代码', '统一社会信用代码'],
  拍卖机构: ['拍卖机构', '名称'], 拍卖公司: ['拍卖机构', '名称'], 拍卖单位: ['拍卖机构', '名称'], 拍卖人: ['拍卖机构'],
  委托拍卖机构: ['拍卖机构'], 代理机构: ['拍卖机构'],
  电话: ['联系电话'], 联系方式: ['联系电话'], 手机: ['联系电话'],
  // Parcels
  宗地编号: ['标的编号'], 地块编号: ['标的编号'], 宗地号: ['标的编号'], 地块号: ['标的编号'], 标的号: ['标的编号'],
  宗地代码: ['标的编号'], 矿权编号: ['标的编号'],
  标的名称: ['名称'], 宗地名称: ['名称'], 地块名称: ['名称'], 矿权名称: ['名称'], 项目名称: ['项目名称', '名称'],
  标的类型: ['类型'], 类别: ['类别', '类型'], 权利类型: ['类型'],
  宗地位置: ['位置'], 地块位置: ['位置'], 坐落: ['位置'], 土地坐落: ['位置'], 宗地坐落: ['位置'], 地址: ['位置'],
  所在区县: ['区县'], 县区: ['区县'], 行政区: ['区县'], 所属区县: ['区县'], 区域: ['区县'],
  土地用途: ['用途'], 规划用途: ['用途'], 出让用途: ['用途'],
  出让面积: ['面积'], 宗地面积: ['面积'], 土地面积: ['面积'], 用地面积: ['面积'], 矿区面积: ['面积'],
  规划容积率: ['容积率'],
  使用年限: ['出让年限'], 土地使用年限: ['出让年限'], 年限: ['出让年限'], 有效年限: ['出让年限'],
  开采矿种: ['矿种'], 勘查矿种: ['矿种'],
  起拍价: ['起始价'], 起始价格: ['起始价'], 挂牌起始价: ['起始价'], 拍卖起始价: ['起始价'], 出让起始价: ['起始价'], 起叫价: ['起始价'],
  竞买保证金: ['保证金'], 保证金额: ['保证金'],
  资源储量: ['资源量'], 储量: ['资源量'],
  有效期至: ['有效期'], 许可证有效期: ['有效期'],
  // Announcements
  公告号: ['公告编号'], 公告文号: ['公告编号'], 公告名称: ['标题'], 公告标题: ['标题'],
  发布媒体: ['媒体'], 刊登媒体: ['媒体'], 媒介: ['媒体'],
  公告日期: ['发布日期'], 发布时间: ['发布日期'], 刊登日期: ['发布日期'],
  公告费: ['费用'], 公告费用: ['费用'], 刊登费用: ['费用'],
  // Transfers
  轮次: ['场次'], 出让次数: ['场次'], 第几次: ['场次'], 次数: ['场次'],
  出让方式: ['方式'], 交易方式: ['方式'], 供地方式: ['方式'],
  公告开始时间: ['公告开始日期'], 公告起始日期: ['公告开始日期'], 公告截止时间: ['公告截止日期'], 公告结束日期: ['公告截止日期'],
  报名截止时间: ['报名截止日期'],
  拍卖日期: ['竞价日期'], 竞价时间: ['竞价日期'], 交易日期: ['竞价日期'], 开拍日期: ['竞价日期'], 挂牌截止日期: ['竞价日期'],
  出让结果: ['结果'], 交易结果: ['结果'], 交易状态: ['结果'],
  成交价款: ['成交价'], 成交金额: ['成交价'], 成交价格: ['成交价'], 成交总价: ['成交价'], 出让价款: ['成交价'],
  竞得单位: ['竞得人'], 受让人: ['竞得人'], 受让单位: ['竞得人'], 竞得人名称: ['竞得人'], 买受人: ['竞得人'], 竞得者: ['竞得人'],
  成交时间: ['成交日期'],
  成交确认书号: ['成交确认书编号'], 确认书编号: ['成交确认书编号'], 成交确认书: ['成交确认书编号'],
  // Projects and money
  年份: ['年度'], 预算年度: ['年度'], 项目年度: ['年度'],
  项目: ['项目名称'],
  预算单位名称: ['预算单位'], 单位: ['预算单位'],
  绩效目标: ['年度目标'], 年度绩效目标: ['年度目标'],
  预算类型: ['类型'], 调整类型: ['类型'],
  支付金额: ['金额'], 付款金额: ['金额'], 预算金额: ['金额'], 到位金额: ['金额'], 上缴金额: ['金额'], 缴款金额: ['金额'],
  入库金额: ['金额'], 发生额: ['金额'],
  预算日期: ['日期'], 批复日期: ['日期'], 下达日期: ['日期'],
  文件文号: ['文号'], 批复文号: ['文号'],
  资金来源: ['来源'], 来源渠道: ['来源'],
  到账日期: ['到位日期'], 拨付日期: ['到位日期'],
  凭证编号: ['凭证号'], 记账凭证号: ['凭证号'], 凭证字号: ['凭证号'], 会计凭证号: ['凭证号'],
  支付类别: ['类别'], 费用类别: ['类别'], 支出类别: ['类别'],
  收款单位: ['收款方'], 收款人: ['收款方'], 支付对象: ['收款方'], 收款单位名称: ['收款方'],
  付款日期: ['支付日期'], 支付时间: ['支付日期'],
  用途说明: ['摘要'], 事由: ['摘要'], 支付事由: ['摘要'], 付款事由: ['摘要'],
  冲销凭证: ['冲销凭证号'], 被冲销凭证号: ['冲销凭证号'],
  缴款书编号: ['缴款书号'], 票据号: ['缴款书号'], 票据编号: ['缴款书号'], 缴款书号码: ['缴款书号'], 缴款凭证号: ['缴款书号'],
  收入项目: ['收入类型'], 收入种类: ['收入类型'], 非税收入类型: ['收入类型'], 收入类别: ['收入类型'],
  缴款日期: ['上缴日期'], 入库日期: ['上缴日期'], 上缴时间: ['上缴日期'],
  征收任务: ['任务金额'], 非税征收任务: ['任务金额'], 任务: ['任务金额'],
  // Agreements, surveys, indicators
  收费方式: ['计费方式'], 计费标准: ['计费方式'], 固定费用: ['固定金额'], 每宗金额: ['固定金额'], 收费比例: ['费率'], 比例: ['费率'],
  封顶: ['封顶金额'], 最高金额: ['封顶金额'], 流拍是否计费: ['流拍计费'],
  评价: ['总体评价'], 满意度: ['总体评价'], 满意度评价: ['总体评价'], 评价结果: ['总体评价'],
  意见建议: ['意见'], 评价意见: ['意见'], 建议: ['意见'],
  指标值: ['预期指标值'], 年度指标值: ['预期指标值'], 实际完成指标值: ['实际完成值'], 分值: ['权重'],
  扣分原因: ['原因'], 扣分分值: ['扣分'],
};

/** Every name that marks a header row in some sheet: how a header row is told from a title above it. */
export function knownHeaderNames(columnHeaders: Iterable<string>): Set<string> {
  const names = new Set<string>(columnHeaders);
  for (const alias of Object.keys(ALIASES)) names.add(alias);
  return names;
}

/**
 * The column of `columns` (the sheet's headers) that a header name means: itself, else its first
 * alias the sheet has; null when none.
 */
export function columnFor(name: string, columns: ReadonlySet<string>): string | null {
  if (columns.has(name)) return name;
  for (const candidate of ALIASES[name] ?? []) if (columns.has(candidate)) return candidate;
  return null;
}

// A small RFC 4180 reader: ledgers exported from Excel ("CSV UTF-8") or WPS. Quoted fields may
// hold commas, doubled quotes and line breaks; records end with CRLF, LF or a lone CR.

export class CsvError extends Error {
  constructor(readonly record: number, message: string) { super(message); }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Returns the records of `text` (BOM already removed); throws CsvError on malformed quoting.
 * A ledger may hold 100,000 rows: fields are cut out with slice, never built a character at a time.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const n = text.length;
  if (n === 0) return records;
  let record: string[] = [];
  let i = 0;
  // Each turn reads one field starting at i, then what ends it.
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      // A quote opens a quoted field only at its start; elsewhere it is an ordinary character,
      // as Excel reads it.
      let field = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvError(records.length + 1, `CSV 格式错误：第 ${records.length + 1} 行开始的引号没有闭合`);
        if (text.charCodeAt(q + 1) === QUOTE) { field += text.slice(from, q + 1); from = q + 2; continue; }
        field += text.slice(from, q);
        i = q + 1;
        break;
      }
      const next = text.charCodeAt(i);
      if (i < n && next !== COMMA && next !== LF && next !== CR) {
        throw new CsvError(records.length + 1, `CSV 格式错误：第 ${records.length + 1} 行的引号字段后面有多余的字符，引号内的引号应写成两个（""）`);
      }
      record.push(field);
    } else {
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
      }
      record.push(text.slice(i, j));
      i = j;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === COMMA) { i++; continue; }
    records.push(record);
    record = [];
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    // The final line break adds no record.
    if (i >= n) return records;
  }
  records.push(record);
  return records;
}

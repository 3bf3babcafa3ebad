// A small RFC 4180 reader: ledgers exported from Excel ("CSV UTF-8") or WPS. Quoted fields may
// hold commas, doubled quotes and line breaks; records end with CRLF, LF or a lone CR.

export class CsvError extends Error {
  constructor(readonly record: number, message: string) { super(message); }
}

/** Returns the records of `text` (BOM already removed); throws CsvError on malformed quoting. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field: only a separator may follow
  let i = 0;
  const n = text.length;
  const endField = () => { record.push(field); field = ''; afterQuote = false; };
  while (i < n) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        inQuotes = false;
        afterQuote = true;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === ',') { endField(); i++; continue; }
    if (c === '\r' || c === '\n') {
      endField();
      records.push(record);
      record = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (afterQuote) {
      throw new CsvError(records.length + 1, `CSV 格式错误：第 ${records.length + 1} 行的引号字段后面有多余的字符，引号内的引号应写成两个（""）`);
    }
    // A quote opens a quoted field only at its start; elsewhere it is an ordinary character,
    // as Excel reads it.
    if (c === '"' && field === '') { inQuotes = true; i++; continue; }
    field += c;
    i++;
  }
  if (inQuotes) throw new CsvError(records.length + 1, `CSV 格式错误：第 ${records.length + 1} 行开始的引号没有闭合`);
  if (field !== '' || record.length > 0 || afterQuote) { endField(); records.push(record); }
  return records;
}

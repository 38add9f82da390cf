// CSV as RFC 4180 writes it (quoted fields, doubled quotes, CRLF or LF), with the line each
// record starts on, so that an import can name the line of every bad row. Pure.
//
// A text cell that a spreadsheet would run as a formula (starting = + - @, tab or CR) is
// written with a leading apostrophe, which spreadsheets show as text; the parser takes one
// apostrophe off such a cell, so exported files import back unchanged.

export interface CsvRecord {
  /** 1-based line in the file where the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string): { records: CsvRecord[]; error?: { line: number; reason: string } } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(restored(field));
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i += 1;
        if (i < src.length && !',\r\n'.includes(src[i]))
          return { records, error: { line, reason: 'text after a closing quote' } };
        continue;
      }
      if (c === '\n') line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      fields.push(restored(field));
      field = '';
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) return { records, error: { line: recordLine, reason: 'a quoted field is never closed' } };
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
}

/** Starts like a formula, behind any apostrophes already neutralising it. */
const FORMULA = /^'*[=+\-@\t\r]/;
const neutralised = (value: string) => (FORMULA.test(value) ? `'${value}` : value);
const restored = (value: string) => (value.startsWith("'") && FORMULA.test(value) ? value.slice(1) : value);

const quote = (value: string) =>
  /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** A CSV text with a header line; null and undefined become empty fields. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'string' ? quote(neutralised(v)) : quote(String(v));
  return `${[columns.map((c) => quote(neutralised(c))).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}

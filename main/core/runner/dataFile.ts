import { LatchkeyError } from '../errors';

/** One iteration's variables from a data file: a CSV row under its header, or one object of a JSON array. */
export type DataRow = Record<string, string>;

/** Most rows a data file may hold; a run of more is refused rather than read. */
export const MAX_DATA_ROWS = 100_000;

const bad = (file: string, message: string) => new LatchkeyError('invalid_request', `${file}: ${message}`);

/**
 * CSV (RFC 4180): a header row naming the variables, then one row per iteration; quoted fields
 * may hold commas, quotes ("") and line breaks; CRLF or LF. A row with more or fewer fields than
 * the header is refused with its line number.
 */
export function parseCsv(text: string, file = 'the data file'): DataRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: rowLine });
    if (rows.length > MAX_DATA_ROWS + 1) throw bad(file, `more than ${MAX_DATA_ROWS.toLocaleString('en-US')} rows`);
    fields = [];
  };
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && body[i + 1] === '\n') i++;
      line++;
      rowLine = line;
    } else field += c;
    i++;
  }
  if (quoted) throw bad(file, `a quoted field opened on line ${rowLine} is never closed`);
  if (field !== '' || fields.length > 0) endRow();
  const [header, ...data] = rows;
  if (!header) throw bad(file, 'it is empty; a CSV data file needs a header row naming the variables');
  const names = header.fields.map((n) => n.trim());
  const blank = names.findIndex((n) => n === '');
  if (blank >= 0) throw bad(file, `column ${blank + 1} of the header row has no name`);
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice) throw bad(file, `the header names "${twice}" twice`);
  return data.map(({ fields: values, line: at }) => {
    if (values.length !== names.length) throw bad(file, `line ${at} has ${values.length} ${values.length === 1 ? 'field' : 'fields'}, the header has ${names.length}`);
    return Object.fromEntries(names.map((n, k) => [n, values[k]!]));
  });
}

/** A JSON array of objects; each value becomes text (numbers and booleans as written, objects as JSON). */
export function parseJsonData(text: string, file = 'the data file'): DataRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(file, `not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw bad(file, 'a JSON data file is an array of objects, one per iteration');
  if (value.length > MAX_DATA_ROWS) throw bad(file, `more than ${MAX_DATA_ROWS.toLocaleString('en-US')} rows`);
  return value.map((row, k) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw bad(file, `item ${k + 1} is not an object`);
    return Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([name, v]) => [name, typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]));
  });
}

/** A data file by its name or its first character: JSON when it ends in .json or starts with [, CSV otherwise. */
export function parseDataFile(text: string, file: string): DataRow[] {
  return /\.json$/i.test(file) || text.trimStart().startsWith('[') ? parseJsonData(text, file) : parseCsv(text, file);
}

/**
 * The one CSV reader of the toolkit (csv-parse), for the data files and the importer's tables: RFC 4180 records with
 * the line each starts on (a quoted field may hold line breaks). A byte order mark is dropped; a line ends at \r\n
 * or \n (a lone \r is text, as in the files the research team writes). Records keep the number of cells they have:
 * the callers check it against a header and say what to do.
 */
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  cells: string[];
}

export interface CsvReadOptions {
  /** Leave out lines with nothing on them (else each is a record of one empty cell). */
  skipEmptyLines?: boolean;
  /** Keep a quote inside an unquoted field as text (else it is a CsvSyntaxError). */
  relaxQuotes?: boolean;
  /** Read no more than this many records. */
  records?: number;
}

/** Text that is not RFC 4180 CSV: what is wrong and on which line. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
    this.reason = reason;
  }
}

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected text after a closing quote',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double the quote)',
};

export function readCsv(text: string | Buffer, { skipEmptyLines = false, relaxQuotes = false, records }: CsvReadOptions = {}): CsvRecord[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(bytes, {
      bom: true,
      info: true,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      relax_quotes: relaxQuotes,
      skip_empty_lines: skipEmptyLines,
      ...(records === undefined ? {} : { to: records }),
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(Number((error as CsvError & { lines?: number }).lines ?? 1), REASONS[error.code] ?? error.message);
    throw error;
  }
  // csv-parse gives where each record ends (in bytes, past its line break); lines are counted from those offsets,
  // since its own line count goes astray on a quoted line break.
  const out: CsvRecord[] = [];
  let offset = 0;
  let line = 1;
  for (const { record, info } of parsed) {
    let start = offset;
    if (skipEmptyLines) while (start < info.bytes && (bytes[start] === 0x0a || (bytes[start] === 0x0d && bytes[start + 1] === 0x0a))) start++;
    line += lineBreaks(bytes, offset, start);
    out.push({ line, cells: record });
    line += lineBreaks(bytes, start, info.bytes);
    offset = info.bytes;
  }
  return out;
}

/** Line breaks in bytes[from, to). */
function lineBreaks(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

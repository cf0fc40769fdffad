/** Reading citations back: result IDs out of text (ranges expanded) and the cited-results CSV. */

/** An MLPerf result ID as published: "5.1-0001", "v4.1-0003". */
const ID = String.raw`(?<![\w.-])v?\d+\.\d+-\d{4,}(?!\w)`;

/**
 * Every result ID a citation text names: single IDs and "A to B" ("A 至 B") runs (every ID from A to B, same prefix). Whitespace
 * (a PDF's line breaks) may fall anywhere between the parts.
 */
export function expandIds(text: string): string[] {
  const out: string[] = [];
  // "to" in English, "至" in Chinese (report-words.ts, idRange).
  for (const m of text.matchAll(new RegExp(`(${ID})(?:\\s*(?:to|至)\\s*(${ID}))?`, 'g'))) {
    const [, first, last] = m as unknown as [string, string, string | undefined];
    if (!last) {
      out.push(first);
      continue;
    }
    const [, prefix, from] = /^(.*-)(\d+)$/.exec(first)!;
    const [, prefixB, to] = /^(.*-)(\d+)$/.exec(last)!;
    if (prefix !== prefixB || Number(to) < Number(from!)) throw new Error(`not a run of IDs: ${first} to ${last}`);
    for (let n = Number(from); n <= Number(to); n++) out.push(`${prefix}${String(n).padStart(from!.length, '0')}`);
  }
  return out;
}

/** A CSV as Benchwright writes it (RFC 4180: quoted fields, doubled quotes, CRLF) into objects. */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field), records.push(record), (record = []), (field = '');
    } else field += c;
  }
  if (field !== '' || record.length) record.push(field), records.push(record);
  const [header, ...rows] = records;
  return rows.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

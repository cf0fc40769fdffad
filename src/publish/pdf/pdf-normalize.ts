/**
 * Chromium writes the print time (CreationDate, ModDate), a random document ID, and structure-element IDs
 * numbered from the browser's DOM node counter (which depends on what the browser printed before) into
 * every PDF. For reproducible output all are replaced in place, byte for byte the same length, so the
 * cross-reference offsets stay valid: a fixed date, an ID hashed from the rest of the file, and node IDs
 * replaced by their rank among the document's own (keeping their order). Not an offset from the lowest: the counter
 * sometimes skips a number between two printed nodes (one print in several of the same page), which an offset keeps.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const FIXED_DATE = 'D:20000101000000';

export function normalizePdf(bytes: Buffer): Buffer {
  let text = bytes.toString('latin1');
  text = text.replace(/\/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)/g, (_, key: string, _date: string, zone: string) => `/${key} (${FIXED_DATE}${'Z'.padEnd(zone.length, ' ').slice(0, zone.length)})`);
  const nodes = [...new Set([...text.matchAll(/\(node(\d{8})\)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const rank = new Map(nodes.map((n, i) => [n, i]));
  text = text.replace(/\(node(\d{8})\)/g, (_, n: string) => `(node${String(rank.get(Number(n))).padStart(8, '0')})`);
  const withoutIds = text.replace(/\/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]/g, (m) => m.replace(/[0-9A-Fa-f]/g, '0'));
  const digest = createHash('sha256').update(withoutIds, 'latin1').digest('hex').toUpperCase();
  text = text.replace(/\/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]/g, (_, a: string, b: string) => `/ID [<${digest.slice(0, a.length)}> <${digest.slice(0, b.length)}>]`);
  return Buffer.from(text, 'latin1');
}

export function normalizePdfs(files: string[]): void {
  for (const file of files) writeFileSync(file, normalizePdf(readFileSync(file)));
}

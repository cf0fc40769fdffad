import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Hex SHA-256 of the given parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
export function hashParts(...parts: string[]): string {
  const h = createHash('sha256');
  for (const part of parts) {
    h.update(String(Buffer.byteLength(part)));
    h.update(':');
    h.update(part);
  }
  return h.digest('hex');
}

/** `sha256:<hex>` of a file's bytes: the form used in data pins and cache keys. */
export function hashFile(path: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}

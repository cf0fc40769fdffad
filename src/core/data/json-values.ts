/**
 * DuckDB values → plain JSON-safe values. JSON.stringify throws on bigint and Dates lose their type,
 * so query results leave the engine already converted: integers as numbers (exact up to 2^53, an
 * error beyond), DATE as "YYYY-MM-DD", TIMESTAMP as an ISO string, lists and structs recursively.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type Row = Record<string, JsonValue>;

export function toJsonValue(value: unknown, duckdbType = ''): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`integer ${value} is too large to be exact in JavaScript; cast it to DOUBLE or VARCHAR in the query`);
    }
    return Number(value);
  }
  // -0 becomes 0: results round-trip through the JSON build cache, which cannot carry -0.
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return duckdbType === 'DATE' ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v);
    return out;
  }
  return String(value);
}

/** SQL literals and identifiers written into statements the toolkit makes. */

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

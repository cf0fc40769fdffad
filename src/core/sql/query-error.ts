/** The error of a query that DuckDB refused or the engine did not run, with a message for the article's author. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** DuckDB's message without the node API's prefix (which says which call failed, not what is wrong). */
export function cleanDuckDbMessage(message: string): string {
  return message.replace(/^Failed to (extract statements|prepare statement|execute prepared statement): /, '').trim();
}

/**
 * What html.ts (HTML) and xml.ts (SVG, RSS) share: markup of one kind, and a tagged template that escapes every
 * interpolated value unless it is markup of that kind. Arrays are written item by item; null, undefined and false
 * give nothing.
 */

/** Markup that is safe to place as it is; each kind (Html, Xml) is its own subclass, so one is never taken for the other. */
export abstract class Markup {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

export interface EscapingTemplate<M extends Markup> {
  /** The tagged template. */
  template: (strings: TemplateStringsArray, ...values: unknown[]) => M;
  /** Joins pieces with a separator (itself markup); a plain string piece is escaped. */
  join: (parts: readonly (M | string)[], separator?: string) => M;
}

/** The template of one kind of markup: `make` wraps a string as that kind, `escape` escapes a value that is not. */
export function escapingTemplate<M extends Markup>(kind: new (markup: string) => M, escape: (value: unknown) => string): EscapingTemplate<M> {
  const piece = (value: unknown): string => {
    if (value instanceof kind) return value.toString();
    if (Array.isArray(value)) return value.map(piece).join('');
    if (value === null || value === undefined || value === false) return '';
    return escape(value);
  };
  return {
    template(strings, ...values) {
      let out = strings[0]!;
      for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1]!;
      return new kind(out);
    },
    join: (parts, separator = '') => new kind(parts.map(piece).join(separator)),
  };
}

/** The errors authors meet most, with what to do: YAML's colon and indentation, and Plot's transforms (issue #19). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { expectBuildError, fence, fixtureEngine, LLAMA_SQL, renderBody } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

/** The article with one chart block of this YAML after the query; the line of `find` in it. */
function withChart(yaml: string, find: string) {
  const body = [fence('sql llama', LLAMA_SQL), fence('plot llama', yaml)].join('\n\n');
  return { body, line: body.split('\n').findIndex((l) => l.includes(find)) + 1 };
}

describe('YAML mistakes say what to do', () => {
  it('a value with ": " in it: quote it', async () => {
    const { body, line } = withChart('caption: Note: closed division only\nmarks:\n  - barX: { y: accelerator, x: per_accel }', 'caption:');
    const error = await expectBuildError(renderBody(engine, body), { line, contains: ['invalid YAML: a value with ": " in it, unquoted, reads as another key (Nested mappings are not allowed'] });
    expect(error.advice ?? error.message).toMatch(/needs quotes, e\.g\. caption: "Note: closed division only"/);
  });

  it('inside braces too', async () => {
    const { body, line } = withChart('x: { label: Throughput: tokens/s }\nmarks:\n  - barX: { y: accelerator, x: per_accel }', 'x: {');
    const error = await expectBuildError(renderBody(engine, body), { line, contains: ['invalid YAML'] });
    expect(error.message).toContain('inside { … } or [ … ], a value with ": " in it needs quotes');
  });

  it('list items out of line: indentation', async () => {
    const { body, line } = withChart('marks:\n  - barX: { y: accelerator, x: per_accel }\n   - ruleX: [0]', '- ruleX');
    const error = await expectBuildError(renderBody(engine, body), { line, contains: ['invalid YAML', 'All sequence items must start at the same column'] });
    expect(error.message).toContain('items of one list, and keys of one mapping, start at the same column');
  });
});

describe("Plot's transforms", () => {
  it('as a mark: aggregate in SQL', async () => {
    const { body, line } = withChart('marks:\n  - groupY: { x: count }', 'groupY');
    const error = await expectBuildError(renderBody(engine, body), { line, contains: ['"groupY" is a Plot transform; transforms are not available in blocks'] });
    expect(error.message).toContain('aggregate in SQL instead');
    expect(error.message).not.toContain('areaX');
  });

  it('as an option of a mark: the same message, not a list of every option', async () => {
    const { body, line } = withChart('marks:\n  - barX:\n      y: accelerator\n      x: per_accel\n      stackX: true', 'stackX');
    const error = await expectBuildError(renderBody(engine, body), { line, contains: ['"stackX" is a Plot transform'] });
    expect(error.message).not.toMatch(/takes: /);
  });
});

/**
 * The claims plugin: each ```check <query> runs its condition over the query's rows (claims.ts). A claim that holds
 * becomes a numbered note, and the sentence before it gets a mark linking there; one that fails stops the build.
 */
import type { Html, Parent, Root, Text } from 'mdast';
import { parseEntities } from 'parse-entities';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { blockLabel, type CheckBlock } from '../../article/blocks.ts';
import { BuildError, errorMessage } from '../../errors.ts';
import type { QueryEngine } from '../../sql/query-engine.ts';
import { runChecks, type CheckOutcome } from '../claims.ts';
import { fillHtml } from '../fill-html.ts';
import { html } from '../html.ts';
import { fill, reportWords, type ReportWords } from '../report-words.ts';
import { articleState, replaceWithHtml, type BenchwrightOptions, type EvaluatedQuery } from './article-state.ts';

export default function remarkClaims(options: BenchwrightOptions) {
  return async (_tree: Root, file: VFile): Promise<void> => {
    const { blocks, results, data } = articleState(file, 'remarkClaims');
    const words = reportWords(options.lang);
    const outcomes = await checkAll(blocks.checks, results, options.engine);
    for (const [i, block] of blocks.checks.entries()) {
      data.checks.push(renderCheckBlock(block, outcomes[i]!, `claim-${i + 1}`, i + 1, words));
    }
  };
}

/** Every check's outcome (or error), in the article's order: the checks of one query in one statement, all at once. */
async function checkAll(checks: readonly CheckBlock[], results: ReadonlyMap<string, EvaluatedQuery>, engine: QueryEngine): Promise<(CheckOutcome | Error)[]> {
  const byQuery = Map.groupBy(checks.map((block, i) => ({ block, i })), ({ block }) => block.query);
  const outcomes: (CheckOutcome | Error)[] = [];
  await Promise.all(
    [...byQuery].map(async ([query, group]) => {
      const answers = await runChecks(engine, results.get(query)!.sql, group.map(({ block }) => block.condition));
      group.forEach(({ i }, j) => (outcomes[i] = answers[j]!));
    }),
  );
  return outcomes;
}

function renderCheckBlock(block: CheckBlock, outcome: CheckOutcome | Error, id: string, n: number, w: ReportWords) {
  if (outcome instanceof Error) {
    throw new BuildError(`the condition of this check is not valid SQL for query "${block.query}": ${errorMessage(outcome)}`, {
      place: block.place,
      block: blockLabel(block),
      hint: 'write a SQL boolean over the query\'s columns, e.g. ratio BETWEEN 2.5 AND 3.5',
    });
  }
  if (outcome.failing.length > 0 || outcome.rows === 0) {
    const values = outcome.failing.map((row) => Object.entries(row).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', '));
    const claim = block.claim ? ` backing "${claimText(block)}"` : '';
    throw new BuildError(
      outcome.rows === 0
        ? `claim check failed: query "${block.query}" returned no rows to check "${block.condition}" against`
        : `claim check failed: "${block.condition}" is false for ${outcome.failingCount} of ${outcome.rows} row${outcome.rows === 1 ? '' : 's'} of query "${block.query}"${claim}; actual: ${values.join('; ')}`,
      { place: block.place, block: blockLabel(block), hint: 'the data no longer supports the sentence: update the sentence and its check, or the query' },
    );
  }
  const mark: Html = { type: 'html', value: String(html`<a class="bw-claim-mark" href="#${id}" aria-label="${fill(w.claimMark, { n })}" title="${w.claimMarkTitle}">✓<sup>${n}</sup></a>`) };
  if (block.claim) block.claim.children.push(mark as unknown as Text);
  const holds = fillHtml(w.claimHoldsHtml, {
    condition: html`<code>${block.condition}</code>`,
    rows: outcome.rows === 1 ? w.theRow : fill(w.allRows, { n: outcome.rows }),
    query: html`<code>${block.query}</code>`,
  });
  replaceWithHtml(block.node, String(html`<aside class="bw-claim" id="${id}"><p><span class="bw-note-label">${fill(w.checkedClaim, { n })}</span>${holds}</p></aside>`));
  return { id, query: block.query, condition: block.condition, rows: outcome.rows };
}

/** A node's words as a reader sees them: an inline value (already HTML here) as its number, emphasis and links as their text. */
function plainText(node: Node): string {
  if (node.type === 'html') return parseEntities(String((node as Html).value).replace(/<[^>]*>/g, ''));
  if ('value' in node) return String(node.value);
  if ('children' in node) return (node as Parent).children.map(plainText).join('');
  return '';
}

function claimText(block: CheckBlock): string {
  const text = (block.claim ? plainText(block.claim) : '').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

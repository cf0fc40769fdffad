/** The page-weight budgets (astro.config.mjs, `benchwright({ budgets })`): a build with a page over its budget fails. */
import { formatWeight, overBudget, type PageBudget, type PageWeight } from './page-weight.ts';

/** Throws, naming each page over its budget and what to do. */
export function checkPageBudgets(weights: PageWeight[], budgets: PageBudget[]): void {
  const over = overBudget(weights, budgets);
  if (over.length === 0) return;
  throw new Error(
    `${over.length} page${over.length === 1 ? ' is' : 's are'} over the page-weight budget (astro.config.mjs, budgets):\n` +
      over.map(({ weight, budget }) => `  ${formatWeight(weight)}; budget for "${budget.pages || '*'}" is ${(budget.maxBytes / 1000).toFixed(1)} KB`).join('\n') +
      '\n  what to do: make the page lighter (fewer or smaller figures, split the report) or raise its budget',
  );
}

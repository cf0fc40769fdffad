/**
 * Whether a page in the browser is wider than its window (a reader would have to scroll sideways), and what makes
 * it so. Run in the page with Playwright's `page.evaluate(pageOverflow)`: the function is sent as its source text,
 * so it uses nothing from outside its own body.
 */
export interface PageOverflow {
  /** The window's width (CSS px, without a scroll bar). */
  viewport: number;
  /** The page's width: wider than the viewport when it overflows. */
  scrollWidth: number;
  /**
   * What sticks out: each element that passes the window's right edge, is not inside a box that scrolls or clips
   * on its own, and has no child that sticks out itself, then each text that passes it inside a box that does not;
   * as a short path with the text's start.
   */
  culprits: string[];
}

export function pageOverflow(): PageOverflow {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const scrollWidth = root.scrollWidth;
  if (scrollWidth <= viewport) return { viewport, scrollWidth, culprits: [] };
  const contained = (el: Element) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
    return false;
  };
  const sticksOut = (el: Element) => el.getBoundingClientRect().right > viewport + 0.5 && !contained(el);
  const describe = (el: Element) => {
    const path: string[] = [];
    for (let a: Element | null = el; a && a !== document.body && path.length < 5; a = a.parentElement) {
      const cls = a.getAttribute('class')?.trim().split(/\s+/)[0];
      path.unshift(a.tagName.toLowerCase() + (a.id ? `#${a.id}` : cls ? `.${cls}` : ''));
    }
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return `${path.join(' > ')} (right edge ${Math.round(el.getBoundingClientRect().right)} px)${text ? `: "${text}"` : ''}`;
  };
  const culprits: string[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (sticksOut(el) && ![...el.children].some(sticksOut)) culprits.push(describe(el));
  }
  // A word too long for its line sticks out of a box that does not: its text, not an element, passes the edge.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || sticksOut(parent) || contained(node as unknown as Element)) continue;
    range.selectNodeContents(node);
    if (range.getBoundingClientRect().right <= viewport + 0.5) continue;
    // The word that passes the edge (a text node's box spans all its lines).
    for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const right = range.getBoundingClientRect().right;
      if (right <= viewport + 0.5) continue;
      culprits.push(`text in ${describe(parent).replace(/ \(right edge.*$/, '')} (right edge ${Math.round(right)} px): "${word[0].slice(0, 80)}"`);
      break;
    }
  }
  return { viewport, scrollWidth, culprits };
}

/**
 * Chart defaults that look right without the author's help: human tick labels on log axes, margins that hold every
 * facet and tick label, a narrow variant for phones, and images in the page's colours. Real Plot, real fonts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../src/core/charts/chart.ts';
import { normalizeChartSpec } from '../src/core/charts/chart-spec.ts';
import { humanTickFormat, wrapLabel } from '../src/core/charts/chart-ticks.ts';
import { NARROW_WIDTH } from '../src/core/charts/chart-layout.ts';
import { textWidth } from '../src/core/charts/font-metrics.ts';
import { svgToPng } from '../src/publish/raster.ts';
import { coloursOf, siteColours } from '../src/core/charts/site-colours.ts';
import { overflowOf, parseTransform, textBoxes, type SvgNode } from '../src/core/charts/svg-text-boxes.ts';
import { ROOT } from './helpers.ts';

type Row = Record<string, string | number>;

function chart(raw: Record<string, unknown>, rows: Row[]) {
  const spec = normalizeChartSpec(raw, Object.keys(rows[0]!));
  const { html, svg } = renderChart(spec, rows, 'q');
  const doc = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`).document;
  // A chart drawn once (no variants) counts as its wide variant, and has no narrow one.
  const variant = (name: string) => {
    const el = doc.querySelector(`.bw-chart-${name}`) ?? (name === 'wide' ? doc.querySelector('svg[class^="plot-"]') : null);
    if (!el) throw new Error(`the chart has no ${name} variant`);
    return (el.localName === 'svg' ? el : el.querySelector('svg[class^="plot-"]'))!;
  };
  return { get wide() { return variant('wide'); }, get narrow() { return variant('narrow'); }, html, svg };
}

const sizeOf = (svg: Element) => ({ width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) });
const overflow = (svg: Element) => overflowOf(textBoxes(svg as unknown as SvgNode), sizeOf(svg).width, sizeOf(svg).height);
const labels = (svg: Element, axis: string) => [...svg.querySelectorAll(`g[aria-label="${axis} tick label"] text`)].map((t) => t.textContent);

describe('log axes read as numbers', () => {
  it('formats ticks as 0.5, 500, 1k, 10k, 2.5M (not d3\'s SI "500m")', () => {
    expect([0.002, 0.05, 0.5, 1, 2, 500, 1000, 2000, 10000, 25000, 2.5e6, 3e9].map(humanTickFormat)).toEqual(['0.002', '0.05', '0.5', '1', '2', '500', '1k', '2k', '10k', '25k', '2.5M', '3G']);
    expect(humanTickFormat(0.30000000000000004)).toBe('0.3');
  });

  it('a log axis over 0.2 to 20 is labelled 0.2, 0.3, 1 … (d3 alone labels it "200m", "300m")', () => {
    const rows = [0.2, 0.5, 3, 8, 20].map((v, i) => ({ name: `part ${i}`, v }));
    const drawn = chart({ x: { type: 'log' }, marks: [{ dot: { x: 'v', y: 'name' } }] }, rows);
    expect(labels(drawn.wide, 'x-axis').filter(Boolean)).toEqual(['0.2', '0.3', '1', '2', '3', '10', '20']);
    const narrow = labels(drawn.narrow, 'x-axis').filter(Boolean);
    expect(narrow.length, 'the phone-width variant labels its axis too').toBeGreaterThan(1);
    for (const t of narrow) expect(t).toMatch(/^\d+(\.\d+)?$/);
    const large = chart({ y: { type: 'log' }, marks: [{ dot: { y: 'v', x: 'name' } }] }, [0.3, 700, 3000, 8000].map((v, i) => ({ name: `p${i}`, v }))).wide;
    expect(labels(large, 'y-axis').filter(Boolean)).toEqual(['1', '2', '10', '20', '100', '200', '1k', '2k']);
  });

  it('leaves an author\'s tickFormat alone', () => {
    const rows = [0.5, 5000].map((v, i) => ({ name: `p${i}`, v }));
    const { wide } = chart({ x: { type: 'log', tickFormat: '.1e' }, marks: [{ dot: { x: 'v', y: 'name' } }] }, rows);
    expect(labels(wide, 'x-axis').filter(Boolean).every((t) => /e[+-]/.test(t!))).toBe(true);
  });
});

describe('margins hold every label', () => {
  const rows = [
    { accelerator: 'NVIDIA GB200 NVL72 (x72), liquid-cooled rack', scenario: 'Offline, closed division', v: 120 },
    { accelerator: 'AMD Instinct MI355X', scenario: 'Server, closed division', v: 80 },
    { accelerator: 'AMD Instinct MI355X', scenario: 'Offline, closed division', v: 95 },
  ];

  it('widens the right margin for long fy facet labels (Plot gives 40 px, whatever they say)', () => {
    const drawn = chart({ marks: [{ barX: { x: 'v', y: 'accelerator', fy: 'scenario' } }] }, rows);
    for (const variant of ['wide', 'narrow'] as const) {
      const svg = drawn[variant];
      const facetLabels = labels(svg, 'fy-axis');
      expect(facetLabels.join(' ').replace(/\s+/g, ' ')).toContain('Offline, closed division'.split(' ')[0]);
      const o = overflow(svg);
      for (const side of ['top', 'right', 'bottom', 'left'] as const) expect(o[side], `${variant}: ${side} overflow`).toBeLessThanOrEqual(0.5);
    }
  });

  it('widens an author\'s margin that is too small for the tick labels, and keeps one that is wide enough', () => {
    const tight = chart({ marginLeft: 60, marks: [{ barX: { x: 'v', y: 'accelerator' } }] }, rows).wide;
    expect(overflow(tight).left).toBeLessThanOrEqual(0.5);
    const roomy = chart({ marginLeft: 320, marks: [{ barX: { x: 'v', y: 'accelerator' } }] }, rows).wide;
    expect(roomy.querySelector('g[aria-label="y-axis tick label"] text')?.getAttribute('transform')).toMatch(/^translate\(320,/);
  });

  it('measures text as the pinned font draws it', () => {
    // Chromium draws this label with DejaVu Sans 176.8 px wide at 10 px (getBBox).
    expect(textWidth('tokens/s per accelerator (Offline) →', 10)).toBeCloseTo(177, 0);
    expect(textWidth('HHi', 20)).toBeCloseTo(2 * textWidth('HHi', 10), 6);
    expect(textWidth('i', 10)).toBeLessThan(textWidth('W', 10) / 2);
    expect(textWidth('中', 10)).toBe(10);
    const rotated = parseTransform('translate(10,100) rotate(-90)');
    // A point 50 px along the rotated text's baseline lies 50 px above the anchor.
    expect(rotated[0] * 50 + rotated[2] * 0 + rotated[4]).toBeCloseTo(10, 6);
    expect(rotated[1] * 50 + rotated[3] * 0 + rotated[5]).toBeCloseTo(50, 6);
  });
});

describe('the narrow variant', () => {
  const rows = [
    { accelerator: 'NVIDIA GB200 NVL72 (x72) superchip, liquid-cooled', v: 1200 },
    { accelerator: 'AMD Instinct MI355X', v: 900 },
    { accelerator: 'Google TPU v6e Trillium', v: 400 },
  ];

  it(`is ${NARROW_WIDTH} px wide with the same 10 px text, wraps long category labels and cuts nothing`, () => {
    const { wide, narrow } = chart({ marginLeft: 330, width: 640, x: { label: 'tokens/s per accelerator (Offline), best system per accelerator name →' }, marks: [{ barX: { x: 'v', y: 'accelerator' } }] }, rows);
    expect(sizeOf(wide).width).toBe(640);
    expect(sizeOf(narrow).width).toBe(NARROW_WIDTH);
    expect(narrow.getAttribute('font-size')).toBe('10');
    const long = [...narrow.querySelectorAll('g[aria-label="y-axis tick label"] text')].find((t) => t.textContent?.includes('GB200'))!;
    expect(long.querySelectorAll('tspan').length).toBeGreaterThan(1);
    for (const side of Object.values(overflow(narrow))) expect(side).toBeLessThanOrEqual(0.5);
    // The plot area keeps at least half the width for the bars.
    const bars = [...narrow.querySelectorAll('g[aria-label="bar"] rect')].map((r) => Number(r.getAttribute('width')));
    expect(Math.max(...bars)).toBeGreaterThan(NARROW_WIDTH / 2 - 40);
  });

  it('stands crowded category names on x upright', () => {
    const names = ['NVIDIA B200-SXM-180GB', 'NVIDIA H200-SXM-141GB', 'AMD Instinct MI355X', 'NVIDIA GB300', 'Google TPU v6e', 'Intel Gaudi 3'];
    const { narrow } = chart({ marks: [{ barY: { x: 'name', y: 'v' } }] }, names.map((name, i) => ({ name, v: 10 + i })));
    expect(narrow.querySelector('g[aria-label="x-axis tick label"] text')?.getAttribute('transform')).toContain('rotate(-90)');
    for (const side of Object.values(overflow(narrow))) expect(side).toBeLessThanOrEqual(0.5);
  });

  it('wraps at spaces and after slashes and hyphens, keeping every character', () => {
    const text = 'tokens/s per accelerator (Offline) for NVIDIA-GB200-NVL72';
    const wrapped = wrapLabel(text, 80);
    expect(wrapped.split('\n').length).toBeGreaterThan(2);
    expect(wrapped.replace(/[\n ]/g, '')).toBe(text.replace(/ /g, ''));
    for (const line of wrapped.split('\n')) if (line.includes(' ')) expect(textWidth(line, 10)).toBeLessThanOrEqual(80);
  });
});

describe('images in the page\'s colours', () => {
  it('reads the colours from the stylesheet the pages use', () => {
    const css = readFileSync(join(ROOT, 'src/styles/site.css'), 'utf8');
    const root = /:root\s*\{([^}]*)\}/.exec(css)![1]!;
    expect(siteColours().bg).toBe(/--bg:\s*([^;]+);/.exec(root)![1]);
    expect(siteColours().text).toBe(/--text:\s*([^;]+);/.exec(root)![1]);
    expect(() => coloursOf(':root { --bg: #fff; }', 'x.css')).toThrow(/x\.css: .*--text/);
  });

  it('a chart\'s PNG has the page\'s background, and bars without a colour in the page\'s text colour (not black)', async () => {
    const rows = [{ name: 'a', v: 10 }, { name: 'b', v: 8 }];
    const { svg } = chart({ width: 200, height: 200, marks: [{ barY: { x: 'name', y: 'v' } }] }, rows);
    const { data, info } = await sharp(await svgToPng(svg, 1)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => '#' + [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)].map((c) => c.toString(16).padStart(2, '0')).join('');
    const hex = (c: string) => (c.length === 4 ? '#' + [...c.slice(1)].map((d) => d + d).join('') : c).toLowerCase();
    expect(pixel(1, 1)).toBe(hex(siteColours().bg));
    // The middle of the first bar.
    const bar = parseHTML(svg).document.querySelector('g[aria-label="bar"] rect')!;
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(bar.getAttribute(k)));
    expect(pixel(Math.round(x! + w! / 2), Math.round(y! + h! / 2))).toBe(hex(siteColours().text));
  });
});

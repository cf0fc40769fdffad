// Screenshots pages of the built site (dist/) in headless Chromium with JavaScript disabled, as a reader
// without scripts sees them. Run `npm run screenshot -- --help` for the options.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { scriptArgs } from './script-args.ts';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { pageOverflow } from '../src/publish/page-overflow.ts';
import { serveStatic } from '../src/publish/pdf/static-server.ts';

const HELP = `usage: npm run screenshot -- [--width N] [--height N] <page path> [<out.png>] [more pairs…]

Screenshots whole pages of the built site (${'$'}BENCHWRIGHT_OUT_DIR, default dist/; run npm run build first) in
headless Chromium with JavaScript off.

  --width N    the window's width in CSS pixels (default 1280); e.g. 390 for a phone
  --height N   the window's height (default 900); the screenshot is always the whole page
  -h, --help   this text

A page wider than the window (a reader would scroll sideways) is reported, with what sticks out.
The default file name is the page path with a '-<width>' suffix when --width is given.

  npm run screenshot -- reports/mlperf-inference-per-accelerator/ report.png
  npm run screenshot -- --width 390 matrix/ matrix-390.png accelerators/nvidia-h100-sxm-80gb/ h100-390.png`;

const { values, positionals: args } = scriptArgs('screenshot', HELP, { options: { width: { type: 'string' }, height: { type: 'string' } }, positionals: [0, Infinity] });
const pixels = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 200 || n > 4000) {
    console.error(`--${name} must be a whole number of CSS pixels from 200 to 4000, not "${value}"`);
    process.exit(2);
  }
  return n;
};
const width = pixels('width', values.width, 1280);
const height = pixels('height', values.height, 900);
const dist = resolve(process.env.BENCHWRIGHT_OUT_DIR || 'dist');
if (args.length === 0 || !existsSync(dist)) {
  console.error(args.length === 0 ? HELP : `${dist} does not exist: run npm run build first (or set BENCHWRIGHT_OUT_DIR).`);
  process.exit(2);
}
const site = await serveStatic(dist);
const browser = await launchBrowser({ javaScriptEnabled: false, viewport: { width, height } });
try {
  const page = await browser.context.newPage();
  for (let i = 0; i < args.length; i += 2) {
    const path = args[i]!.replace(/^\//, '');
    const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'index';
    const out = args[i + 1] ?? `${name}${values.width ? `-${width}` : ''}.png`;
    const response = await page.goto(`${site.url}${path}`);
    if (!response || response.status() !== 200) throw new Error(`${path}: HTTP ${response?.status()}`);
    await page.screenshot({ path: out, fullPage: true });
    // pageOverflow runs as page script, which Playwright may evaluate with the page's JavaScript off.
    const overflow = await page.evaluate(pageOverflow);
    const wide = overflow.scrollWidth > overflow.viewport ? ` (${overflow.scrollWidth} px wide in a ${overflow.viewport} px window: ${overflow.culprits.slice(0, 3).join('; ')})` : '';
    console.log(`/${path} at ${width} px → ${out}${wide}`);
  }
} finally {
  await browser.close();
  await site.close();
}

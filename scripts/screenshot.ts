// Screenshots pages of the built site (dist/) in headless Chromium with JavaScript disabled, as a reader
// without scripts sees them. Usage: npm run screenshot -- <page path> [<out.png>] [more pairs…]
//   npm run screenshot -- reports/mlperf-inference-per-accelerator/ report.png
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchBrowser } from '../src/lib/browser.ts';
import { serveStatic } from '../src/lib/static-server.ts';

const dist = resolve(process.env.BENCHWRIGHT_OUT_DIR || 'dist');
const args = process.argv.slice(2);
if (args.length === 0 || !existsSync(dist)) {
  console.error(`usage: npm run screenshot -- <page path> [<out.png>] …   (reads ${dist}; run npm run build first)`);
  process.exit(2);
}
const site = await serveStatic(dist);
const browser = await launchBrowser({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
try {
  const page = await browser.context.newPage();
  for (let i = 0; i < args.length; i += 2) {
    const path = args[i]!.replace(/^\//, '');
    const out = args[i + 1] ?? `${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'index'}.png`;
    const response = await page.goto(`${site.url}${path}`);
    if (!response || response.status() !== 200) throw new Error(`${path}: HTTP ${response?.status()}`);
    await page.screenshot({ path: out, fullPage: true });
    console.log(`${path} → ${out}`);
  }
} finally {
  await browser.close();
  await site.close();
}

/** PNG rendering with the installed fonts, and the loud failure when no font can draw text. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { svgToPng } from '../src/publish/raster.ts';
import { ROOT } from './helpers.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="28" font-size="20">Benchwright</text></svg>';

describe('svgToPng', () => {
  it('renders at the asked density with the installed fonts, the same bytes every time', async () => {
    const a = await svgToPng(SVG, 2);
    const b = await svgToPng(SVG, 2);
    expect(a.equals(b)).toBe(true);
    const meta = await sharp(a).metadata();
    expect([meta.width, meta.height]).toEqual([400, 80]);
  });

  it('fails, saying what to do, when text would be drawn as boxes', () => {
    // A fresh process whose fontconfig sees an empty font folder: librsvg would draw boxes and say nothing.
    const empty = mkdtempSync(join(tmpdir(), 'bw-no-fonts-'));
    const config = join(empty, 'fonts.conf');
    writeFileSync(config, `<?xml version="1.0"?>\n<fontconfig><dir>${empty}</dir><cachedir>${join(empty, 'cache')}</cachedir></fontconfig>\n`);
    const script = `import { svgToPng } from ${JSON.stringify(join(ROOT, 'src/publish/raster.ts'))};\nawait svgToPng(${JSON.stringify(SVG)});`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: config } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('FontError: no usable font: text renders as boxes');
    expect(run.stderr).toContain(config);
    expect(run.stderr).toContain('setup.sh --browser');
  });
});

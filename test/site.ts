/** Test helpers for whole sites: a real `astro build` in a child process, and a static file server. */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './helpers.ts';

export interface BuildResult {
  code: number | null;
  output: string;
  outDir: string;
}

/** Builds a site from the given content and data folders (relative to the project root) into a fresh folder. */
export function astroBuild({ content, data, base }: { content: string; data: string; base?: string }): BuildResult {
  const work = mkdtempSync(join(tmpdir(), 'bw-build-'));
  const outDir = join(work, 'dist');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      BENCHWRIGHT_CONTENT_DIR: content,
      BENCHWRIGHT_DATA_DIR: data,
      BENCHWRIGHT_OUT_DIR: outDir,
      BENCHWRIGHT_CACHE_DIR: join(work, 'cache'),
      ...(base ? { BASE_PATH: base } : {}),
    },
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}`, outDir };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.xml': 'application/xml', '.pdf': 'application/pdf' };

/** Serves a built site on 127.0.0.1 (a free port) under `base`. */
export async function serveStatic(dir: string, base = '/'): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.startsWith(base) ? normalize(join(dir, path.slice(base.length))) : '';
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file || !file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}${base}`, server };
}

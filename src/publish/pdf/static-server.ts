/** Serves a built site from a folder on 127.0.0.1 (a free port), for screenshots, PDFs and browser tests. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.xml': 'application/xml', '.pdf': 'application/pdf', '.csv': 'text/csv', '.json': 'application/json',
};

export interface StaticServer {
  /** The site's address, ending with the base path, e.g. http://127.0.0.1:41234/reports/ */
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveStatic(folder: string, base = '/'): Promise<StaticServer> {
  const dir = resolve(folder);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = path.startsWith(base) ? normalize(join(dir, path.slice(base.length))) : '';
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file || !file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${base}`,
    server,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

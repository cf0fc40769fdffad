/**
 * The build needs no network: the site, its search index and the PDFs are made with every Node process of the build
 * under test/no-network.mjs, which throws on (and logs) any attempt to reach a host other than this machine. No test
 * here reaches the network: the one non-local address used (192.0.2.1, TEST-NET-1, reserved for documentation) is
 * refused by the guard before a socket is opened, and the script checks that the guard is loaded before trying.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, findBrowser, launchBrowser } from '../src/publish/pdf/browser.ts';
import { ROOT } from './helpers.ts';
import { astroBuild, type BuildResult } from './site.ts';

const GUARD = join(ROOT, 'test/no-network.mjs');
const work = mkdtempSync(join(tmpdir(), 'bw-no-network-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let logs = 0;
/** A fresh log file name (not created: the guard creates it on the first blocked attempt). */
const logFile = (name: string) => join(work, `${name}-${++logs}.log`);
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

const hasBrowser = (() => {
  try {
    findBrowser();
    return true;
  } catch {
    return false;
  }
})();

const hasStrace = spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;

/**
 * The connect/send calls of an strace log that reach beyond loopback. One is let through: Chromium's IPv6 reachability
 * probe, a UDP socket connected to 2001:4860:4860::8888 port 443 to read the route, which sends nothing (any send
 * with an address, e.g. DNS to port 53, is counted).
 */
function outsideAttempts(log: string): string[] {
  const local = /inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|sa_family=AF_(UNIX|LOCAL|NETLINK)|inet_pton\(AF_INET6, "::ffff:127\./;
  const probe = /connect\(\d+, \{sa_family=AF_INET6, sin6_port=htons\(443\), [^}]*inet_pton\(AF_INET6, "2001:4860:4860::8888"/;
  return log
    .split('\n')
    .filter((line) => /(connect|sendto|sendmsg|sendmmsg)\(/.test(line) && /sa_family=AF_INET6?\b/.test(line))
    .filter((line) => !local.test(line) && !probe.test(line));
}

/** Runs a CommonJS snippet in a fresh Node with the guard preloaded. */
function guarded(code: string, log: string) {
  const run = spawnSync(process.execPath, ['--import', GUARD, '-e', code], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_NETWORK_LOG: log }, timeout: 30_000 });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Stops the snippet before it tries anything when the guard is not loaded, so a broken guard cannot leak a packet. */
const REQUIRE_GUARD = "if (globalThis[Symbol.for('benchwright.no-network')] !== true) { console.log('GUARD NOT LOADED'); process.exit(9); }";

describe('the network guard (test/no-network.mjs)', () => {
  it('blocks fetch to a non-local address before connecting, and logs the host and where it was called from', () => {
    const log = logFile('control');
    const { code, out } = guarded(
      `${REQUIRE_GUARD}
      fetch('http://192.0.2.1/', { signal: AbortSignal.timeout(2000) }).then(
        () => { console.log('REACHED'); process.exit(3); },
        (e) => { console.log('BLOCKED ' + e.name + ': ' + e.message); });`,
      log,
    );
    expect(out).toContain('BLOCKED NetworkBlockedError: no-network: fetch to 192.0.2.1:80 blocked');
    expect(code).toBe(0);
    const logged = lines(log);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z pid=\d+ fetch 192\.0\.2\.1:80 \| .*\[eval\]/);
  });

  it('blocks every way Node code opens a connection: net, tls, http, dns', () => {
    const log = logFile('all');
    const { code, out } = guarded(
      `${REQUIRE_GUARD}
      const net = require('node:net'), tls = require('node:tls'), http = require('node:http'), https = require('node:https'), dns = require('node:dns');
      const attempts = {
        'net.connect': () => net.connect({ host: '192.0.2.1', port: 80 }),
        'net.createConnection': () => net.createConnection(443, '192.0.2.1'),
        'Socket.connect': () => new net.Socket().connect(80, '192.0.2.1'),
        'tls.connect': () => tls.connect({ host: '192.0.2.1', port: 443 }),
        'http.get': () => http.get('http://192.0.2.1/'),
        'https.get': () => https.get('https://192.0.2.1/'),
        'dns.lookup': () => dns.lookup('blocked.example.invalid', () => console.log('dns.lookup REACHED')),
      };
      for (const [name, attempt] of Object.entries(attempts)) {
        try { const socket = attempt(); console.log(name + ' REACHED'); socket && socket.destroy && socket.destroy(); }
        catch (e) { console.log(name + ' ' + e.code); }
      }
      dns.promises.lookup('blocked.example.invalid').then(() => console.log('dns.promises.lookup REACHED'), (e) => console.log('dns.promises.lookup ' + e.code));`,
      log,
    );
    expect(code, out).toBe(0);
    expect(out).not.toContain('REACHED');
    for (const name of ['net.connect', 'net.createConnection', 'Socket.connect', 'tls.connect', 'http.get', 'https.get', 'dns.lookup', 'dns.promises.lookup']) {
      expect(out).toContain(`${name} ENETWORKBLOCKED`);
    }
    const logged = lines(log);
    expect(logged).toHaveLength(8);
    expect(logged.filter((l) => / 192\.0\.2\.1:(80|443) \| /.test(l))).toHaveLength(6);
    expect(logged.filter((l) => / blocked\.example\.invalid \| /.test(l))).toHaveLength(2);
  });

  it('lets loopback and unix-socket connections through, and logs nothing for them', () => {
    const log = logFile('local');
    const socket = join(work, 'guard.sock');
    const { code, out } = guarded(
      `${REQUIRE_GUARD}
      const http = require('node:http'), net = require('node:net');
      const server = http.createServer((req, res) => res.end('local ok')).listen(0, '127.0.0.1', async () => {
        const { port } = server.address();
        for (const url of ['http://127.0.0.1:' + port + '/', 'http://localhost:' + port + '/']) console.log(await (await fetch(url)).text());
        const unix = net.createServer((s) => s.end('unix ok')).listen(${JSON.stringify(socket)}, () => {
          net.connect(${JSON.stringify(socket)}).on('data', (d) => { console.log(String(d)); unix.close(); server.close(); });
        });
      });`,
      log,
    );
    expect(code, out).toBe(0);
    expect(out.match(/local ok/g)).toHaveLength(2);
    expect(out).toContain('unix ok');
    expect(existsSync(log)).toBe(false);
  });
});

describe('building the site needs no network', () => {
  let site: BuildResult;
  const log = logFile('build');
  const loaded = logFile('loaded');

  it('builds the fixture site and its search index with every Node process under the guard, and nothing is blocked', () => {
    const guard = {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${GUARD}`.trim(),
      NO_NETWORK_LOG: log,
      NO_NETWORK_LOADED: loaded,
    };
    // astroBuild passes `env` to `astro build` only; its search-index step inherits this process's environment.
    const saved = Object.fromEntries(Object.keys(guard).map((k) => [k, process.env[k]]));
    Object.assign(process.env, guard);
    try {
      site = astroBuild({ content: 'test/fixtures/site/content', data: 'test/fixtures/data', search: true, env: guard });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(site.code, site.output).toBe(0);
    expect(existsSync(join(site.outDir, 'reports/fixture-report/v1/index.html'))).toBe(true);
    expect(existsSync(join(site.outDir, 'pagefind/pagefind.js'))).toBe(true);
    expect(lines(log), 'network attempts during the build').toEqual([]);
    // The guard really was in the build: in `astro build` and in the search-index step.
    const processes = lines(loaded);
    expect(processes.some((l) => l.includes('astro.mjs build')), processes.join('\n')).toBe(true);
    expect(processes.some((l) => l.includes('scripts/search-index.ts')), processes.join('\n')).toBe(true);
  }, 240_000);

  it.skipIf(!hasBrowser)('prints the PDFs with the Node side under the guard (Chromium is driven over a pipe, the pages come from a loopback server)', () => {
    expect(site?.code, 'the site build above must succeed first').toBe(0);
    const run = spawnSync(process.execPath, ['--import', GUARD, join(ROOT, 'scripts/pdf.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_NETWORK_LOG: log, NO_NETWORK_LOADED: loaded, BENCHWRIGHT_OUT_DIR: site.outDir },
      timeout: 180_000,
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(existsSync(join(site.outDir, 'pdf/fixture-report-v1.pdf'))).toBe(true);
    expect(lines(log), 'network attempts while printing').toEqual([]);
    expect(lines(loaded).some((l) => l.includes('scripts/pdf.ts'))).toBe(true);
  }, 240_000);

  it.skipIf(!hasBrowser || !hasStrace)('Chromium itself makes no outside connection while printing, even for outside URLs in a page (strace)', () => {
    expect(site?.code, 'the site build above must succeed first').toBe(0);
    // A page that asks for outside resources, as a URL in a chart spec or an article could: a TEST-NET-3 address and
    // host names that must not even be looked up.
    const page = join(site.outDir, 'reports/fixture-report/v1/index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('</body>', '<img src="http://203.0.113.9/x.png"><img src="https://images.example.org/y.png"><link rel="stylesheet" href="https://fonts.example.com/a.css"></body>'));
    const trace = join(work, 'connect.strace');
    const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-e', 'signal=none', '-o', trace, process.execPath, join(ROOT, 'scripts/pdf.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BENCHWRIGHT_OUT_DIR: site.outDir },
      timeout: 180_000,
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const outside = outsideAttempts(readFileSync(trace, 'utf8'));
    expect(outside, 'connections and sends to anything but loopback while printing').toEqual([]);
    // The trace did see Chromium's loopback traffic (the pages it printed), so an empty list is not an empty trace.
    expect(readFileSync(trace, 'utf8')).toMatch(/connect\(\d+, \{sa_family=AF_INET, sin_port=htons\(\d+\), sin_addr=inet_addr\("127\.0\.0\.1"\)/);
  }, 240_000);

  afterAll(() => {
    // The build's own folder (.tmp/bw-build-*), made by astroBuild for this test only.
    if (site?.outDir) rmSync(dirname(site.outDir), { recursive: true, force: true });
  });
});

describe('Chromium for PDFs is launched offline', () => {
  const OFFLINE = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

  it('BROWSER_ARGS turn off background networking, component updates, sync, QUIC and first-run fetches', () => {
    for (const flag of OFFLINE) expect(BROWSER_ARGS).toContain(flag);
    // No debugging port; names resolve to nothing but loopback, and requests go to a closed loopback port, loopback excepted.
    expect(BROWSER_ARGS.filter((a) => /remote-debugging-port/.test(a))).toEqual([]);
    expect(BROWSER_ARGS).toContain('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]');
    expect(BROWSER_ARGS).toContain('--proxy-server=http://127.0.0.1:9');
  });

  it('the strace check counts DNS, TCP and sends beyond loopback, and lets through only the IPv6 route probe', () => {
    const log = [
      '9492  connect(24, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '9492  connect(19, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
      '9300  connect(95, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("203.0.113.9")}, 16) = -1 EINPROGRESS',
      '9300  connect(96, {sa_family=AF_INET, sin_port=htons(41234), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '9300  connect(97, {sa_family=AF_UNIX, sun_path="/tmp/x"}, 110) = 0',
      '9300  sendto(98, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 1',
    ].join('\n');
    expect(outsideAttempts(log).map((l) => l.split(' ')[2])).toEqual(['connect(19,', 'connect(95,', 'sendto(98,']);
  });

  it.skipIf(!hasBrowser)('launchBrowser starts Chromium with exactly those flags', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto('chrome://version');
      const commandLine = await page.locator('#command_line').innerText();
      for (const flag of BROWSER_ARGS) expect(commandLine).toContain(flag);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

/**
 * A network guard to preload into a Node process: `node --import ./test/no-network.mjs …`, or for a whole process
 * tree `NODE_OPTIONS="--import /abs/path/test/no-network.mjs"`. Any attempt to reach a host other than this machine
 * (loopback addresses, `localhost`, unix sockets) throws at once, before a packet is sent, and is appended as one
 * line to the file named by NO_NETWORK_LOG (created when needed): what was tried, the host and a stack excerpt.
 *
 * Guarded: net.Socket.prototype.connect (which every TCP client in Node ends in: http, https, undici, ws…),
 * net.connect / net.createConnection, tls.connect, dns.lookup (callback and promise forms) and globalThis.fetch.
 * Native code that opens its own sockets (DuckDB extensions, Pagefind's or esbuild's binaries, Chromium) is not
 * Node and is not covered; the build keeps those offline by configuration (see query-engine.ts and browser.ts).
 *
 * NO_NETWORK_LOADED, when set, names a file that gets a line per process the guard was loaded into, so a test can
 * prove the guard was really active in the processes it spawned.
 */
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const LOG = process.env.NO_NETWORK_LOG;

/** Loopback: 127.0.0.0/8, ::1 (also IPv4-mapped), localhost and its subdomains, and no host at all (Node's default). */
export function isLocalHost(host) {
  if (host === undefined || host === null || host === '') return true;
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return true;
  if (/^::ffff:127(\.\d{1,3}){3}$/.test(h)) return true;
  return h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h) || h === '0:0:0:0:0:0:0:1';
}

function stackExcerpt() {
  const frames = (new Error().stack ?? '').split('\n').slice(1).map((l) => l.trim().replace(/^at /, ''));
  // Leave out the guard's own frames: the first frame outside this file is the caller.
  return frames.filter((f) => !f.includes('no-network.mjs')).slice(0, 8).join(' < ');
}

class NetworkBlockedError extends Error {
  constructor(what, target) {
    super(`no-network: ${what} to ${target} blocked (this process must not use the network)`);
    this.name = 'NetworkBlockedError';
    this.code = 'ENETWORKBLOCKED';
  }
}

function block(what, host, port) {
  const target = port === undefined || port === null || port === '' ? String(host) : `${host}:${port}`;
  if (LOG) {
    try {
      appendFileSync(LOG, `${new Date().toISOString()} pid=${process.pid} ${what} ${target} | ${stackExcerpt()}\n`);
    } catch {
      // The guard must still block when the log cannot be written.
    }
  }
  return new NetworkBlockedError(what, target);
}

/** The host and port of net.connect-style arguments: (options[, cb]), (port[, host][, cb]) or (path[, cb]). */
function connectTarget(args) {
  let [first, second] = args;
  // Socket.prototype.connect is called internally with the normalized [options, cb] array.
  if (Array.isArray(first)) [first, second] = first;
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined && first.path !== null) return { local: true };
    return { host: first.host ?? first.hostname, port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { local: true }; // a unix socket path
  return { host: typeof second === 'string' ? second : undefined, port: first };
}

function guardConnect(what, original) {
  return function guarded(...args) {
    const target = connectTarget(args);
    if (!target.local && !isLocalHost(target.host)) throw block(what, target.host, target.port);
    return original.apply(this, args);
  };
}

const originalSocketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = guardConnect('net.Socket.connect', originalSocketConnect);
net.connect = guardConnect('net.connect', net.connect);
net.createConnection = guardConnect('net.createConnection', net.createConnection);
tls.connect = guardConnect('tls.connect', tls.connect);

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, ...rest) {
  if (!isLocalHost(hostname)) throw block('dns.lookup', hostname);
  return originalLookup.call(this, hostname, ...rest);
};
const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = function lookup(hostname, ...rest) {
  if (!isLocalHost(hostname)) return Promise.reject(block('dns.promises.lookup', hostname));
  return originalPromiseLookup.call(this, hostname, ...rest);
};

if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    let url;
    try {
      url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    } catch {
      return originalFetch.call(this, input, init); // not a URL fetch can reach: let fetch say so
    }
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && !isLocalHost(url.hostname)) {
      return Promise.reject(block('fetch', url.hostname, url.port || (url.protocol === 'https:' ? '443' : '80')));
    }
    return originalFetch.call(this, input, init);
  };
}

// `import { connect } from 'node:net'` reads the ESM view of the module: make it see the guarded functions too.
syncBuiltinESMExports();
/** A mark that the guard is installed in this process (a test checks it before trying anything). */
globalThis[Symbol.for('benchwright.no-network')] = true;

if (process.env.NO_NETWORK_LOADED) {
  try {
    appendFileSync(process.env.NO_NETWORK_LOADED, `pid=${process.pid} ${process.argv.slice(1).join(' ')}\n`);
  } catch {
    // Only evidence for tests; never a reason to fail.
  }
}

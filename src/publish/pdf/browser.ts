/**
 * A locally installed Chrome, Chromium or Edge, driven by playwright-core (which downloads no browser).
 * Used for PDFs and browser tests. BENCHWRIGHT_BROWSER names a browser binary explicitly.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const BROWSER_ENV = 'BENCHWRIGHT_BROWSER';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/usr/bin/microsoft-edge',
  '/opt/microsoft/msedge/msedge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];

export class BrowserNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `${detail}\n  what to do: install Chromium (Debian/Ubuntu: \`sudo apt-get install chromium\`, or run \`bash scripts/setup.sh --browser\`), ` +
        `or Chrome or Edge, or set ${BROWSER_ENV}=/path/to/browser.`,
    );
    this.name = 'BrowserNotFoundError';
  }
}

export function findBrowser(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CANDIDATES): string {
  const named = env[BROWSER_ENV];
  if (named) {
    if (!existsSync(named)) throw new BrowserNotFoundError(`${BROWSER_ENV} is set to ${named}, which does not exist.`);
    return named;
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new BrowserNotFoundError(`No Chrome, Chromium or Edge found (looked in ${candidates.join(', ')}).`);
  return found;
}

/**
 * Chromium's command line for every launch. No traffic beyond loopback: the build machine has no network, and output
 * must not depend on one. The background services are off (component and safe-browsing updates, sync, QUIC,
 * first-run fetches, metrics, domain reliability), and whatever is left cannot leave the machine: every host name but
 * localhost resolves to nothing, and every request goes to a proxy on a closed loopback port, loopback excepted (a
 * URL written in a chart spec or an article, or one a service still tries). What is left is Chromium's IPv6
 * reachability probe, a UDP socket connected to a public address that sends nothing (test/no-network.test.ts).
 */
export const BROWSER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--no-pings',
  '--metrics-recording-only',
  '--disable-features=OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater,AutofillServerCommunication,InterestFeedContentSuggestions',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]',
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>;127.0.0.1;localhost;[::1]',
];

export interface LaunchOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
}

/** A headless browser with a fresh profile, and a close() that removes the profile again. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = findBrowser();
  // playwright-core rejects --user-data-dir in args (TOOLCHAIN §4.9): a persistent context takes the folder.
  const profile = mkdtempSync(join(tmpdir(), 'benchwright-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [...BROWSER_ARGS],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

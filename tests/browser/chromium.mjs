// Everything Chromium-specific about running TermLens in a real browser: finding the executable,
// the flags, loading the unpacked extension, finding its id. A Firefox driver (issue 9) goes
// beside this file with the same exports' shape, and harness.ts picks one.
// Plain ESM so that scripts/start.mjs can use it without a TypeScript loader. Types: chromium.d.mts.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { INSECURE_HOST } from './page-server.mjs';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where `wxt build` puts the Chromium build of the extension. */
export const DEFAULT_EXTENSION_PATH = join(REPO_ROOT, '.output', 'chrome-mv3');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export class ChromiumNotFoundError extends Error {
  constructor(tried) {
    super(
      `Chromium was not found (tried ${tried.join(', ')}).\n` +
        'Install it with `sudo apt-get install chromium fonts-noto-cjk`, ' +
        'or set CHROME_PATH to a Chromium or Chrome executable.',
    );
    this.name = 'ChromiumNotFoundError';
  }
}

/** The Chromium executable: $CHROME_PATH if set (it must exist), else the first usual install path. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new ChromiumNotFoundError([`CHROME_PATH=${fromEnv}`]);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new ChromiumNotFoundError(CANDIDATES);
  return found;
}

/**
 * Launches Chromium with the unpacked extension loaded, in a fresh temporary profile (removed by
 * close()), and waits for the extension's service worker to learn the extension id.
 */
export async function launchChromiumWithExtension(options = {}) {
  const extensionPath = resolve(options.extensionPath ?? process.env.TERMLENS_EXTENSION ?? DEFAULT_EXTENSION_PATH);
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath} (no manifest.json). Run \`npx wxt build\` first.`);
  }
  const headless = options.headless ?? true;
  const executablePath = findChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'termlens-chromium-'));
  const args = [
    // Playwright's own headless switch picks the old headless shell, which cannot load extensions.
    ...(headless ? ['--headless=new'] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // A host name that is not local: pages served under it are not a secure context (page-server.mjs).
    `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
    `--disable-extensions-except=${extensionPath}`,
    `--load-extension=${extensionPath}`,
  ];

  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: false,
      args,
      // Headed: let the window size the page, as a person's browser would.
      viewport: headless ? (options.viewport ?? { width: 1280, height: 900 }) : null,
      locale: 'zh-CN',
      // Playwright turns the back/forward cache off; a person's browser has it (options.backForwardCache).
      ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }

  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };

  let worker;
  try {
    worker = await waitForExtensionWorker(context, options.serviceWorkerTimeout ?? 15_000, extensionPath);
  } catch (error) {
    await close();
    throw error;
  }
  const extensionId = new URL(worker.url()).host;

  return {
    browserName: 'chromium',
    context,
    extensionId,
    extensionPath,
    userDataDir,
    extensionUrl(path) {
      return `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;
    },
    // The service worker can be stopped and restarted by the browser: ask for the current one.
    serviceWorker() {
      return waitForExtensionWorker(context, options.serviceWorkerTimeout ?? 15_000, extensionPath);
    },
    close,
  };
}

async function waitForExtensionWorker(context, timeout, extensionPath) {
  const isExtension = (w) => w.url().startsWith('chrome-extension://');
  const existing = context.serviceWorkers().find(isExtension);
  if (existing) return existing;
  try {
    return await context.waitForEvent('serviceworker', { predicate: isExtension, timeout });
  } catch {
    throw new Error(
      `The extension at ${extensionPath} started no service worker within ${timeout} ms. ` +
        'Is it built completely, and is its manifest valid (e.g. _locales present for default_locale)?',
    );
  }
}

// Types for chromium.mjs.
import type { BrowserContext, Worker } from 'playwright-core';

/** `.output/chrome-mv3` in this repository. */
export declare const DEFAULT_EXTENSION_PATH: string;

export declare class ChromiumNotFoundError extends Error {
  constructor(tried: string[]);
}

/** $CHROME_PATH if set (throws if it does not exist), else the first usual install path; throws ChromiumNotFoundError. */
export declare function findChromium(): string;

export interface LaunchOptions {
  /** The unpacked extension; default $TERMLENS_EXTENSION, else `.output/chrome-mv3`. */
  extensionPath?: string;
  /** Default true (`--headless=new`). */
  headless?: boolean;
  /** Headless only; default 1280×900. */
  viewport?: { width: number; height: number };
  /** How long to wait for the extension's service worker; default 15 s. */
  serviceWorkerTimeout?: number;
  /** Keep the back/forward cache, which Playwright turns off by default; default false. */
  backForwardCache?: boolean;
}

/** A browser with TermLens loaded. The same shape is expected from a future Firefox driver. */
export interface ExtensionBrowser {
  readonly browserName: 'chromium' | 'firefox';
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly extensionPath: string;
  readonly userDataDir: string;
  /** `chrome-extension://ID/PATH` */
  extensionUrl(path: string): string;
  /** The extension's current background service worker (waits for it if the browser stopped it). */
  serviceWorker(): Promise<Worker>;
  /** Closes the browser and removes the temporary profile. */
  close(): Promise<void>;
}

export declare function launchChromiumWithExtension(options?: LaunchOptions): Promise<ExtensionBrowser>;

// Types for firefox.mjs.
import type { Browser, Page } from 'puppeteer-core';

/** `.output/firefox-mv3` in this repository. */
export declare const DEFAULT_FIREFOX_EXTENSION_PATH: string;
/** The add-on id in the manifest. */
export declare const GECKO_ID: string;

export declare class FirefoxNotFoundError extends Error {
  constructor(tried: string[]);
}

/** $FIREFOX_PATH if set and present, else the first usual install path, else null. */
export declare function firefoxPath(): string | null;
/** Like firefoxPath(), but throws FirefoxNotFoundError. */
export declare function findFirefox(): string;

export interface FirefoxLaunchOptions {
  /** The unpacked extension; default $TERMLENS_FIREFOX_EXTENSION, else `.output/firefox-mv3`. */
  extensionPath?: string;
  /** Default true. */
  headless?: boolean;
  /** Default 1280×900. */
  viewport?: { width: number; height: number };
}

/** An extension page open in a tab, reached through a privileged frame script. */
export interface ExtensionPageHandle {
  readonly url: string;
  /** Runs `fnSource` (`(content, arg) => value`, as source text) in the page's tab; the value comes back through JSON. */
  evaluate<T = unknown>(fnSource: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  /** Evaluates `source` (an expression, may be a Promise) with the page's own globals, e.g. `browser.commands.getAll()`. */
  callExtension<T = unknown>(source: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Firefox with TermLens installed as a temporary add-on. The same role as chromium.mjs's
 * ExtensionBrowser; Playwright's BrowserContext and Worker have no counterpart here, so pages are
 * puppeteer-core pages and extension pages are handles.
 */
export interface FirefoxExtensionBrowser {
  readonly browserName: 'firefox';
  readonly browser: Browser;
  /** The gecko id (`termlens@termlens.dev`). */
  readonly extensionId: string;
  /** The moz-extension:// host of this profile. */
  readonly extensionUuid: string;
  readonly extensionPath: string;
  readonly userDataDir: string;
  /** `moz-extension://UUID/PATH` */
  extensionUrl(path: string): string;
  /** Evaluates an expression (may be a Promise of a JSON-able value) in the browser window, with chrome privileges. */
  chromeEval<T = unknown>(expression: string): Promise<T>;
  /** A new tab with the default viewport. */
  newPage(): Promise<Page>;
  /** The tab id (browser.tabs) of a page; brings it to the front. */
  tabIdOf(page: Page): Promise<number>;
  /** Runs `fnSource` (`(content, arg) => value`) with system privileges in the page's tab (e.g. to open a closed shadow root). */
  inPageTab<T = unknown>(page: Page, fnSource: string, arg?: unknown): Promise<T>;
  /**
   * Evaluates `source` (an expression, may be a Promise of a JSON-able value) in the extension's
   * background page, waking it if Firefox has unloaded it: its `browser` APIs and what
   * entrypoints/background.ts puts on its global, e.g. `termlensBackground.runPageCommand('next-term', 3)`.
   */
  callBackground<T = unknown>(source: string): Promise<T>;
  /** Opens an extension page (e.g. `popup.html?tab=3`) in a new tab and waits for it to load. */
  openExtensionPage(path: string, loadTimeoutMs?: number): Promise<ExtensionPageHandle>;
  /** Closes the browser and removes the profile. */
  close(): Promise<void>;
}

export declare function launchFirefoxWithExtension(options?: FirefoxLaunchOptions): Promise<FirefoxExtensionBrowser>;

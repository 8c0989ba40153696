// What the "faults" browser suite (tests/browser/faults-*.test.ts) does to the browser:
// stop the extension's service worker through CDP, reload the extension, read the glossary
// database as stored, and reach a content script's isolated world.

import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { ExtensionBrowser } from './harness';
import { storedRowsInPage } from './shared-faults';
import { controlSession, isExtensionWorker, stopServiceWorker } from './worker-stop.mjs';

export { stopServiceWorker };

/** The extension's service worker targets that are running now. */
export async function runningWorkers(browser: ExtensionBrowser): Promise<string[]> {
  const control = await controlSession(browser.context);
  try {
    const { targetInfos } = await control.session.send('Target.getTargets');
    return targetInfos
      .filter((t) => isExtensionWorker(t, browser.extensionId))
      .map((t) => t.targetId);
  } finally {
    await control.close();
  }
}

/**
 * Switches on developer mode in the profile. Chromium disables an unpacked extension that is
 * reloaded (chrome.runtime.reload) in a profile without it ("may have been corrupted"), so a
 * test that reloads the extension needs it, as a developer's browser has it.
 */
export async function enableDeveloperMode(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          (globalThis as unknown as { chrome: { developerPrivate: { updateProfileConfiguration(c: object, cb: () => void): void } } }).chrome.developerPrivate.updateProfileConfiguration(
            { inDeveloperMode: true },
            resolve,
          ),
        ),
    );
  } finally {
    await page.close();
  }
}

/** Turns the extension off or on as the reader does in chrome://extensions. */
export async function setExtensionEnabled(browser: ExtensionBrowser, enabled: boolean): Promise<void> {
  const page = await browser.context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      ([id, on]) =>
        new Promise<void>((resolve) =>
          (globalThis as unknown as { chrome: { management: { setEnabled(id: string, on: boolean, cb: () => void): void } } }).chrome.management.setEnabled(id, on, resolve),
        ),
      [browser.extensionId, enabled] as const,
    );
  } finally {
    await page.close();
  }
}

/** Every row of the named tables of the `termlens` database, as stored (read with raw IndexedDB from an extension page). */
export function storedRows<T = Record<string, unknown>>(page: Page, tables: string[] = ['list', 'entry', 'history']): Promise<Record<string, T[]>> {
  return page.evaluate(storedRowsInPage, tables) as Promise<Record<string, T[]>>;
}

/** An extension page to read the database from (about:blank cannot open the extension's IndexedDB). */
export async function extensionPage(browser: ExtensionBrowser, context: BrowserContext = browser.context): Promise<Page> {
  const page = await context.newPage();
  // popup.html is the lightest extension page; a `?tab` that names no tab keeps it from asking any page.
  await page.goto(browser.extensionUrl('popup.html?tab=-1'));
  return page;
}

/**
 * Evaluates `expression` in TermLens's content script world of `page`'s top frame (the
 * isolated world Chrome made for the extension), through CDP. Content scripts are the only
 * code that runs there, so this is "what a content script could do", e.g. send a message.
 */
export async function evaluateInContentScript(page: Page, expression: string): Promise<unknown> {
  const session = await page.context().newCDPSession(page);
  try {
    const contexts: { id: number; origin: string; name: string; auxData?: { isDefault?: boolean; type?: string; frameId?: string } }[] = [];
    session.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await session.send('Runtime.enable');
    const { frameTree } = await session.send('Page.getFrameTree');
    const world = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://') && c.auxData.frameId === frameTree.frame.id,
    );
    if (!world) throw new Error(`no content-script world in ${page.url()} (worlds: ${contexts.map((c) => `${c.name}/${c.auxData?.type}`).join(', ')})`);
    const result = await session.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
    return result.result.value;
  } finally {
    await session.detach().catch(() => {});
  }
}

/**
 * The extension's running service worker, woken if it was stopped. After a CDP stop, Playwright
 * may still hold the stopped worker for a moment, and evaluating in it never returns: wake the
 * worker with a message from an extension page and take the newest worker that answers.
 */
export async function awakeWorker(browser: ExtensionBrowser): Promise<Worker> {
  const page = await extensionPage(browser);
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'get-matcher' }).catch(() => undefined),
      );
      const workers = browser.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
      for (const worker of workers.reverse()) {
        const answered = await Promise.race([worker.evaluate(() => true).catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2_000))]);
        if (answered) return worker;
      }
      if (Date.now() > deadline) throw new Error('no running service worker answered');
    }
  } finally {
    await page.close();
  }
}

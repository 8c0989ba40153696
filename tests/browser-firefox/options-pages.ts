// What the Firefox workspace tests (workspace.test.ts, workspace-more.test.ts) do with extension
// pages: open them for a test and close them after it, type the editor spec's new entry, find an
// entry's row, ask the background for a card's data, and read the import preview.

import { afterEach } from 'vitest';
import { readPreviewCounts } from '../browser/shared-import-export';
import { DEFINITION, TERM, TRANSLATION, VARIANT } from '../browser/shared-options-editor';
import { ExtensionPageDriver, testId, type FirefoxSuite, type Target } from './harness';

/**
 * Call in a describe: returns an opener of extension pages (tabs of the first window, driven by
 * frame scripts) at `path`, ready when `ready` shows; every page it opened is closed after each test.
 */
export function useExtensionPages(suite: FirefoxSuite): (path: string, ready: Target) => Promise<ExtensionPageDriver> {
  const drivers: ExtensionPageDriver[] = [];
  afterEach(() => Promise.all(drivers.splice(0).map((d) => d.close().catch(() => {}))));
  return async (path, ready) => {
    const driver = await ExtensionPageDriver.open(suite, path, ready);
    drivers.push(driver);
    return driver;
  };
}

/** Opens the options page's new-entry form and types the editor spec's entry into it: TERM with VARIANT, TRANSLATION and DEFINITION (unsaved). */
export async function typeNewEntry(options: ExtensionPageDriver): Promise<void> {
  await options.click(testId('entry-new'));
  await options.type(testId('entry-term'), TERM);
  await options.click(testId('entry-variant-add'));
  await options.type({ css: testId('entry-variant'), last: true }, VARIANT);
  await options.type(testId('entry-translation-en'), TRANSLATION);
  await options.type(testId('entry-definition'), DEFINITION);
}

/** The id of the entry whose row shows `term`, once the options page's table shows it. */
export async function entryIdOf(options: ExtensionPageDriver, term: string): Promise<string> {
  const state = await options.waitFor({ css: testId('entry-row'), text: term });
  return state.attributes['data-entry-id']!;
}

/** The card's data as the background serves it to content scripts (a fresh read from the database). */
export function cardEntry(options: ExtensionPageDriver, entryId: string): Promise<{ definition: string } | null> {
  return options.call<{ definition: string } | null>(`browser.runtime.sendMessage({ type: 'get-card-entry', entryId: ${JSON.stringify(entryId)} })`);
}

/** The import preview's counts once it is not busy (Chromium's previewCounts): undefined where the panel shows no such count. */
export async function previewCounts(options: ExtensionPageDriver): Promise<ReturnType<typeof readPreviewCounts>> {
  await options.waitFor(`${testId('import-preview')}[aria-busy="false"]`, (s) => s.exists, 30_000);
  return options.call<ReturnType<typeof readPreviewCounts>>(`(${readPreviewCounts.toString()})()`);
}

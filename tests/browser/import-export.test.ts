// Import and export in the options page (issue 6, points 1 and 2), driven as an editor would:
// choosing files with the file picker (setInputFiles), reading the preview, applying, while a
// news page is open in another tab. The panel lives at options.html#/sharing (IMPORT_HASH).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights, type WatchedPage } from './harness';
import {
  brokenTbxIssuePrefix,
  columnAfterLine12,
  countStoredRows,
  IMPORT_HASH,
  IMPORT_LIST_NAME,
  IMPORT_NEWS as NEWS,
  importFixture as fixture,
  LARGE_IMPORT_BOUNDS,
  LARGE_IMPORT_FILE,
  LARGE_IMPORT_LIST_NAME,
  LARGE_IMPORT_MB,
  LARGE_IMPORT_TIMEOUTS,
  largeImportCsv,
  longestTaskAfterDone,
  longestTaskWhen,
  missingTermIssues,
  PARSE_PROGRESS,
  PREVIEW,
  readImportFrames,
  readStoredTables,
  resetImportFrameMax,
  SILVER,
  type StoredTables,
  watchImportFrames,
  IMPORT_PROGRESS_MS,
} from './shared-import-export';

const suite = useBrowserSuite();
const scratch = mkdtempSync(join(tmpdir(), 'termlens-import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function openNews(path: string): Promise<WatchedPage> {
  const news = await suite.newPage();
  await news.page.goto(suite.server.page(path, NEWS));
  await waitForSettledHighlights(news.page);
  return news;
}

async function openImport(): Promise<WatchedPage> {
  const options = await suite.newPage();
  await options.page.setViewportSize({ width: 1280, height: 1000 });
  await options.page.goto(suite.browser.extensionUrl(`options.html${IMPORT_HASH}`));
  await options.page.getByTestId('import-export-panel').waitFor({ timeout: 15_000 });
  return options;
}

/** Every row of every glossary table, as stored, sorted by id (read from an extension page). */
function storedRows(page: Page): Promise<StoredTables> {
  return page.evaluate(readStoredTables);
}

/**
 * How many rows a glossary table holds, counted in the page: the same rows storedRows returns, but
 * only their number crosses to Node (storedRows of a 2 MB import moves every row through the
 * DevTools protocol, about 13 s on the two-core machine).
 */
function storedCount(page: Page, table: 'list' | 'entry' | 'history'): Promise<number> {
  return page.evaluate(countStoredRows, table);
}

/** A UI string as the extension shows it in this browser's language (chrome.i18n, from an extension page). */
function message(page: Page, key: string, ...substitutions: (string | number)[]): Promise<string> {
  return page.evaluate(
    ([k, subs]) => (globalThis as unknown as { chrome: { i18n: { getMessage(k: string, s: string[]): string } } }).chrome.i18n.getMessage(k, subs),
    [key, substitutions.map(String)] as const,
  );
}

async function previewCounts(page: Page) {
  const preview = page.getByTestId('import-preview');
  await preview.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 30_000 });
  const read = async (id: string) => {
    const item = preview.getByTestId(id);
    return (await item.count()) ? Number(await item.locator('strong').textContent()) : undefined;
  };
  return {
    new: await read('preview-new'),
    changed: await read('preview-changed'),
    unchanged: await read('preview-unchanged'),
    deleted: await read('preview-deleted'),
    conflicts: await read('preview-conflicts'),
  };
}

describe('importing through the options page', () => {
  it('imports a CSV into a new list: the preview counts it, and an open page highlights its terms', async () => {
    const news = await openNews('/news/import-1.html');
    expect((await waitForSettledHighlights(news.page)).counts.has('低空经济')).toBe(false);

    const options = await openImport();
    await options.page.getByTestId('import-file').setInputFiles(fixture('low-altitude.csv'));
    await options.page.getByTestId('import-parsed').waitFor();
    await options.page.getByTestId('import-target-new').check();
    await options.page.getByTestId('import-new-name').fill(IMPORT_LIST_NAME);
    await options.page.getByTestId('import-preview').getByTestId('preview-new-lists').waitFor();
    expect(await previewCounts(options.page)).toMatchObject(PREVIEW.csvIntoNewList);
    await screenshot(options.page, 'import-csv-preview', { fullPage: true });

    await options.page.getByTestId('import-apply').click();
    await options.page.getByTestId('import-done').waitFor();
    expect(await options.page.getByTestId('import-done').textContent()).toContain('2');

    await waitForHighlights(news.page, (r) => r.counts.get('低空经济') === 2 && r.counts.get('银发经济') === 2, { timeout: 5_000 });
    const rows = await storedRows(options.page);
    const list = rows.list.find((l) => l.name === IMPORT_LIST_NAME);
    expect(list).toBeDefined();
    expect(rows.entry.filter((e) => e.listId === list!.id).map((e) => e.term).sort()).toEqual(['低空经济', '银发经济'].sort());
    await screenshot(options.page, 'import-csv-done');
    expect(options.errors.pageErrors).toEqual([]);
    expect(news.errors.pageErrors).toEqual([]);
  });

  it('merges a second CSV into that list: 1 new, 1 changed, 1 unchanged, with the change applied', async () => {
    const news = await openNews('/news/import-2.html');
    const options = await openImport();
    await options.page.getByTestId('import-file').setInputFiles(fixture('low-altitude-v2.csv'));
    await options.page.getByTestId('import-parsed').waitFor();
    await options.page.getByTestId('import-target-existing').check();
    await options.page.getByTestId('import-existing-list').selectOption({ label: IMPORT_LIST_NAME });
    await options.page.getByTestId('import-mode-merge').check();
    await expect.poll(() => previewCounts(options.page), { timeout: 10_000 }).toMatchObject(PREVIEW.merge);

    // "Add only new" keeps the changed entry as it is, and lists it as a conflict with both values.
    await options.page.getByTestId('import-mode-add-new').check();
    await expect.poll(() => previewCounts(options.page), { timeout: 10_000 }).toMatchObject(PREVIEW.addOnlyNew);
    const conflict = options.page.getByTestId('import-conflict');
    expect(await conflict.textContent()).toContain('银发经济');
    expect(await conflict.getByTestId('conflict-existing').allTextContents()).toContain(SILVER.existingDefinition);
    expect(await conflict.getByTestId('conflict-incoming').allTextContents()).toContain(SILVER.incomingDefinition);
    await screenshot(options.page, 'import-conflict', { fullPage: true });

    await options.page.getByTestId('import-mode-merge').check();
    await expect.poll(() => previewCounts(options.page), { timeout: 10_000 }).toMatchObject(PREVIEW.merge);
    await options.page.getByTestId('import-apply').click();
    await options.page.getByTestId('import-done').waitFor();
    await waitForHighlights(news.page, (r) => r.counts.get('首发经济') === 1, { timeout: 5_000 });
    const changed = (await storedRows(options.page)).entry.find((e) => e.term === '银发经济' && e.deletedAt === undefined);
    expect(changed?.definition).toBe(SILVER.incomingDefinition);
    expect(changed?.translations?.en).toEqual(SILVER.mergedEnglish);
    // The change is in the entry's history, by the import.
    const history = (await storedRows(options.page)).history.filter((h) => (h as unknown as { entryId: string }).entryId === changed!.id);
    expect(history.map((h) => (h as unknown as { by: { context: string } }).by.context)).toContain('import');
  });

  it('rejects a TBX file that is not well-formed XML, naming the line and column, and changes nothing', async () => {
    const options = await openImport();
    const before = await storedRows(options.page);
    await options.page.getByTestId('import-file').setInputFiles(fixture('broken.tbx'));
    const error = options.page.getByTestId('import-error');
    await error.waitFor();
    const issues = await error.getByTestId('import-issues').locator('li').allTextContents();
    expect(issues).toHaveLength(1);
    // In the UI language, e.g. "第 12 行第 30 列：文件不是格式正确的 XML。（Expected closing tag …）"
    const expected = await brokenTbxIssuePrefix((key, ...subs) => message(options.page, key, ...subs), columnAfterLine12(issues[0]!));
    expect(issues[0]!.startsWith(expected)).toBe(true);
    expect(issues[0]).toMatch(/closing tag/i); // the parser's own detail, as it is
    await screenshot(options.page, 'import-broken-tbx');
    expect(await options.page.getByTestId('import-apply').count()).toBe(0);
    expect(await storedRows(options.page)).toEqual(before);
  });

  it('rejects a CSV without the term column, naming line 1 and the column, and changes nothing', async () => {
    const options = await openImport();
    const before = await storedRows(options.page);
    await options.page.getByTestId('import-file').setInputFiles(fixture('missing-term.csv'));
    const error = options.page.getByTestId('import-error');
    await error.waitFor();
    const issues = await error.getByTestId('import-issues').locator('li').allTextContents();
    expect(issues).toEqual(await missingTermIssues((key, ...subs) => message(options.page, key, ...subs)));
    await screenshot(options.page, 'import-missing-term');
    expect(await storedRows(options.page)).toEqual(before);
  });

  it('exports every list as JSON with notes, and importing that file back finds everything unchanged', async () => {
    const options = await openImport();
    await options.page.getByTestId('export-list').selectOption('all');
    await options.page.getByTestId('export-format').selectOption('json');
    await options.page.getByTestId('export-notes').check();
    const [download] = await Promise.all([options.page.waitForEvent('download'), options.page.getByTestId('export-run').click()]);
    const path = join(scratch, download.suggestedFilename());
    await download.saveAs(path);
    expect(download.suggestedFilename()).toMatch(/-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync(path, 'utf8')) as { lists: { name: string; entries: { term: string }[] }[] };
    const rows = await storedRows(options.page);
    const liveLists = rows.list.filter((l) => l.deletedAt === undefined);
    const liveIds = new Set(liveLists.map((l) => l.id));
    const live = rows.entry.filter((e) => e.deletedAt === undefined && liveIds.has(e.listId!));
    expect(exported.lists.map((l) => l.name).sort()).toEqual(liveLists.map((l) => l.name!).sort());
    expect(exported.lists.flatMap((l) => l.entries.map((e) => e.term)).sort()).toEqual(live.map((e) => e.term!).sort());

    await options.page.getByTestId('import-file').setInputFiles(path);
    await options.page.getByTestId('import-parsed').waitFor();
    await options.page.getByTestId('import-mode-merge').check();
    expect(await previewCounts(options.page)).toMatchObject({ new: 0, changed: 0, unchanged: live.length, conflicts: 0 });
    expect(await options.page.getByTestId('import-apply').isDisabled()).toBe(true);
    await screenshot(options.page, 'import-roundtrip-preview', { fullPage: true });
  });

  // The file size: 2 MB in `npm test` (CI's ten minutes), 50 MB with TERMLENS_LARGE_IMPORT_MB=50
  // (`npm run test:large-import`; about 5 minutes on the two-core machine, most of it IndexedDB's).
  const largeMb = LARGE_IMPORT_MB;
  it(`imports a ~${largeMb} MB CSV with a progress bar, and the page keeps painting frames throughout`, async () => {
    const csv = largeImportCsv(largeMb);
    const bytes = csv.bytes;
    const path = join(scratch, LARGE_IMPORT_FILE);
    writeFileSync(path, csv.text);
    const entryCount = csv.entryCount;

    const options = await openImport();
    // Frame pings: the longest gap between two animation frames while the import runs, and every progress value shown.
    await options.page.evaluate(watchImportFrames);
    const gaps = () => options.page.evaluate(readImportFrames);
    const resetMax = () => options.page.evaluate(resetImportFrameMax);

    const started = Date.now();
    await options.page.getByTestId('import-file').setInputFiles(path);
    // The page's own record of the progress bar (watchImportFrames): a wait for the bar itself polls
    // from the driver, and under load it once looked only after the bar had made way for the preview.
    await expect.poll(async () => (await gaps()).seen.length, { timeout: IMPORT_PROGRESS_MS }).toBeGreaterThan(0);
    const progress = options.page.getByTestId('import-progress');
    if (await progress.isVisible()) await screenshot(options.page, 'import-large-progress');
    await resetMax(); // the screenshot's own frame is the test's cost, not the page's
    await options.page.getByTestId('import-parsed').waitFor({ timeout: LARGE_IMPORT_TIMEOUTS.parse });
    await options.page.getByTestId('import-target-new').check();
    await options.page.getByTestId('import-new-name').fill(LARGE_IMPORT_LIST_NAME);
    await expect.poll(() => previewCounts(options.page), { timeout: LARGE_IMPORT_TIMEOUTS.parse }).toMatchObject({ new: entryCount });
    const parsed = { ...(await gaps()) };
    const parseMs = Date.now() - started;

    await resetMax();
    const applyStarted = Date.now();
    await options.page.getByTestId('import-apply').click();
    // Writing 250,000 entries (six indexes) in one IndexedDB transaction took 160 s in headless Chromium on the
    // two-core test machine, with raw IndexedDB as well: the time is the database's, the page must stay responsive.
    await options.page.getByTestId('import-done').waitFor({ timeout: LARGE_IMPORT_TIMEOUTS.apply });
    const applied = await gaps();
    const when = await options.page.evaluate(longestTaskAfterDone);
    const applyMs = Date.now() - applyStarted;
    console.log(
      `${largeMb} MB import: ${entryCount} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB; parse+preview ${parseMs} ms, longest frame gap ${parsed.max.toFixed(0)} ms, ` +
        `longest task ${parsed.longest.toFixed(0)} ms; apply ${applyMs} ms, longest frame gap ${applied.max.toFixed(0)} ms, longest task ${applied.longest.toFixed(0)} ms; ` +
        `${longestTaskWhen(when)}; progress shown: ${parsed.seen.slice(0, 4).join(' ')} … ${parsed.seen.length} states`,
    );
    // Progress moved through parse fractions strictly between 0 and 100.
    expect(parsed.seen.some((s) => PARSE_PROGRESS.test(s))).toBe(true);
    // While the file is read, parsed, validated and compared (all in the worker), the page's own main-thread
    // tasks stay short (measured 207–239 ms on the two-core test machine). Frame gaps also count the machine's
    // cores being busy with the worker, the background and the driver (measured 217–667 ms), so their bound is looser.
    expect(parsed.longest).toBeLessThan(LARGE_IMPORT_BOUNDS.parseLongestTask);
    expect(parsed.max).toBeLessThan(LARGE_IMPORT_BOUNDS.parseFrameGap);
    // Writing runs in the worker too (measured: longest task 509–603 ms, frame gaps 517–767 ms, over 3.5–5 minutes
    // of writing 250,000 entries; the options page also reads the whole entry table back after the commit).
    expect(applied.longest).toBeLessThan(LARGE_IMPORT_BOUNDS.applyLongestTask);
    expect(applied.max).toBeLessThan(LARGE_IMPORT_BOUNDS.applyFrameGap);
    await screenshot(options.page, 'import-large-done');
    expect(await storedCount(options.page, 'entry')).toBeGreaterThanOrEqual(entryCount);
  }, LARGE_IMPORT_TIMEOUTS.test);
});

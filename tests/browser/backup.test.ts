// Backup and restore in the options page (issue 8, point 2): a downloaded backup brings back
// exactly what was there; a damaged one is refused before anything changes; the weekly automatic
// backup can be made now, shows its size, and can be switched off.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, type WatchedPage } from './harness';

const suite = useBrowserSuite();
const IMPORT_HASH = '#/sharing';
const scratch = mkdtempSync(join(tmpdir(), 'termlens-backup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function openPanel(): Promise<WatchedPage> {
  const options = await suite.newPage();
  await options.page.setViewportSize({ width: 1280, height: 1000 });
  await options.page.goto(suite.browser.extensionUrl(`options.html${IMPORT_HASH}`));
  await options.page.getByTestId('backup-panel').waitFor({ timeout: 15_000 });
  return options;
}

/** Every row of every table, sorted by key, as stored (read from an extension page). */
function tables(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('termlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const out: Record<string, unknown[]> = {};
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => (out[name] = request.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
        };
      }),
  );
}

/** Adds an entry to the first list straight into IndexedDB (what an edit elsewhere would do). */
function addEntryBehindTheBack(page: Page, term: string): Promise<void> {
  return page.evaluate(
    (t) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('termlens');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['list', 'entry'], 'readwrite');
          const lists = tx.objectStore('list').getAll();
          lists.onsuccess = () => {
            const listId = (lists.result[0] as { id: string }).id;
            tx.objectStore('entry').add({
              id: `later-${t}`,
              listId,
              term: t,
              variants: [],
              lang: 'zh-Hans',
              translations: {},
              definition: '',
              note: '',
              tags: [],
              match: { caseSensitive: false, wholeWord: true, exclusions: [] },
              createdAt: 1,
              updatedAt: 1,
            });
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    term,
  );
}

describe('backup and restore in the options page', () => {
  let backupPath = '';

  it('downloads a backup of everything, and restoring it brings back exactly that', async () => {
    const options = await openPanel();
    const before = await tables(options.page);
    const [download] = await Promise.all([options.page.waitForEvent('download'), options.page.getByTestId('backup-download').click()]);
    backupPath = join(scratch, download.suggestedFilename());
    await download.saveAs(backupPath);
    expect(download.suggestedFilename()).toMatch(/^termlens-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(readFileSync(backupPath, 'utf8')) as { format: string; tables: Record<string, unknown[]> };
    expect(file.format).toBe('termlens-backup');
    expect(file.tables.entry!.length).toBe(before.entry!.length);

    await addEntryBehindTheBack(options.page, '备份之后加的');
    expect((await tables(options.page)).entry!.length).toBe(before.entry!.length + 1);

    await options.page.getByTestId('backup-file').setInputFiles(backupPath);
    await options.page.getByTestId('backup-confirm').waitFor();
    await screenshot(options.page, 'backup-confirm', { fullPage: true });
    // The confirm button has the focus: the keyboard path is one Enter.
    await options.page.keyboard.press('Enter');
    await options.page.getByTestId('backup-restored').waitFor();
    expect(await tables(options.page)).toEqual(before);
    expect(options.errors.pageErrors).toEqual([]);
  });

  it('refuses a damaged backup, naming the bad record, and changes nothing', async () => {
    const options = await openPanel();
    const before = await tables(options.page);
    const damaged = JSON.parse(readFileSync(backupPath, 'utf8')) as { tables: { entry: Record<string, unknown>[] } };
    damaged.tables.entry[0]!.term = 42;
    const path = join(scratch, 'damaged.json');
    writeFileSync(path, JSON.stringify(damaged));
    await options.page.getByTestId('backup-file').setInputFiles(path);
    const error = options.page.getByTestId('backup-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('tables.entry[0].term');
    expect(await options.page.getByTestId('backup-confirm').count()).toBe(0);
    await screenshot(options.page, 'backup-damaged');
    expect(await tables(options.page)).toEqual(before);
  });

  it('makes an automatic backup now, shows its size, and can be switched off', async () => {
    const options = await openPanel();
    await options.page.getByTestId('backup-auto-now').click();
    await options.page.getByTestId('backup-auto-item').first().waitFor();
    expect(await options.page.getByTestId('backup-auto-usage').textContent()).toMatch(/\d+(\.\d)? (KB|MB)/);
    const sw = options.page.getByTestId('backup-auto-switch');
    expect(await sw.isChecked()).toBe(true);
    await sw.focus();
    await options.page.keyboard.press('Space');
    await expect.poll(() => sw.isChecked()).toBe(false);
    const stored = await options.page.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { enabled: boolean; backups: unknown[] }>> } } } }).chrome.storage.local.get('backup-state'),
    );
    expect(stored['backup-state']).toMatchObject({ enabled: false });
    expect(stored['backup-state']!.backups).toHaveLength(1);
    await screenshot(options.page, 'backup-auto', { fullPage: true });
  });
});

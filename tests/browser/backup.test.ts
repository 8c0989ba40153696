// Backup and restore in the options page (issue 8, point 2): a downloaded backup brings back
// exactly what was there; a damaged one is refused before anything changes; the weekly automatic
// backup can be made now, shows its size, and can be switched off.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, type WatchedPage } from './harness';
import {
  addEntryBehindTheBack as writeEntryBehindTheBack,
  AUTO_STATE_KEY,
  AUTO_USAGE,
  BACKUP_FILE_NAME,
  BACKUP_FORMAT,
  BACKUP_HASH as IMPORT_HASH,
  DAMAGED_FILE,
  DAMAGED_PATH,
  damageBackup,
  LATER_TERM,
  laterEntryId,
  restoredView,
  readAllTables,
} from './shared-backup';

const suite = useBrowserSuite();
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
  return page.evaluate(readAllTables);
}

/** Adds an entry to the first list straight into IndexedDB (what an edit elsewhere would do). */
function addEntryBehindTheBack(page: Page, term: string): Promise<void> {
  return page.evaluate(writeEntryBehindTheBack, term);
}

describe('backup and restore in the options page', () => {
  let backupPath = '';

  it('downloads a backup of everything, and restoring it brings back exactly that', async () => {
    const options = await openPanel();
    const before = await tables(options.page);
    const [download] = await Promise.all([options.page.waitForEvent('download'), options.page.getByTestId('backup-download').click()]);
    backupPath = join(scratch, download.suggestedFilename());
    await download.saveAs(backupPath);
    expect(download.suggestedFilename()).toMatch(BACKUP_FILE_NAME);
    const file = JSON.parse(readFileSync(backupPath, 'utf8')) as { format: string; tables: Record<string, unknown[]> };
    expect(file.format).toBe(BACKUP_FORMAT);
    expect(file.tables.entry!.length).toBe(before.entry!.length);

    await addEntryBehindTheBack(options.page, LATER_TERM);
    expect((await tables(options.page)).entry!.length).toBe(before.entry!.length + 1);

    await options.page.getByTestId('backup-file').setInputFiles(backupPath);
    await options.page.getByTestId('backup-confirm').waitFor();
    await screenshot(options.page, 'backup-confirm', { fullPage: true });
    // The confirm button has the focus: the keyboard path is one Enter.
    await options.page.keyboard.press('Enter');
    await options.page.getByTestId('backup-restored').waitFor();
    const after = await tables(options.page);
    expect(restoredView(after)).toEqual(restoredView(before));
    // The entry made after the backup is deleted, as a tombstone that sync carries: in the trash.
    expect((after.entry as { id: string; deletedAt?: number }[]).find((e) => e.id === laterEntryId(LATER_TERM))?.deletedAt).toEqual(expect.any(Number));
    expect(options.errors.pageErrors).toEqual([]);
  });

  it('refuses a damaged backup, naming the bad record, and changes nothing', async () => {
    const options = await openPanel();
    const before = await tables(options.page);
    const damaged = JSON.parse(readFileSync(backupPath, 'utf8')) as { tables: { entry: Record<string, unknown>[] } };
    damageBackup(damaged);
    const path = join(scratch, DAMAGED_FILE);
    writeFileSync(path, JSON.stringify(damaged));
    await options.page.getByTestId('backup-file').setInputFiles(path);
    const error = options.page.getByTestId('backup-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(DAMAGED_PATH);
    expect(await options.page.getByTestId('backup-confirm').count()).toBe(0);
    await screenshot(options.page, 'backup-damaged');
    expect(await tables(options.page)).toEqual(before);
  });

  it('makes an automatic backup now, shows its size, and can be switched off', async () => {
    const options = await openPanel();
    await options.page.getByTestId('backup-auto-now').click();
    await options.page.getByTestId('backup-auto-item').first().waitFor();
    expect(await options.page.getByTestId('backup-auto-usage').textContent()).toMatch(AUTO_USAGE);
    const sw = options.page.getByTestId('backup-auto-switch');
    expect(await sw.isChecked()).toBe(true);
    await sw.focus();
    await options.page.keyboard.press('Space');
    await expect.poll(() => sw.isChecked()).toBe(false);
    const stored = () =>
      options.page.evaluate(
        async (key) =>
          (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { enabled: boolean; backups: unknown[] }>> } } } }).chrome.storage.local.get(key))[key],
        AUTO_STATE_KEY,
      );
    // The switch shows the change at once; the write to storage.local follows (seen late under load).
    await expect.poll(async () => (await stored())?.enabled).toBe(false);
    expect((await stored())!.backups).toHaveLength(1);
    await screenshot(options.page, 'backup-auto', { fullPage: true });
  });
});

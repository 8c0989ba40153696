/**
 * What the reader is told when the glossary database cannot be opened or written
 * (issue 8: "A failed upgrade leaves the old data readable, and says so"; "When
 * IndexedDB is full, the user is told, and nothing already stored is damaged").
 */
import { t } from '../i18n';
import { dbProblemOf, isStorageFull, type DbProblem } from './db';

function detail(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The message for a database that could not be opened. */
export function openProblemText(problem: DbProblem, error: unknown): string {
  if (problem === 'storage-full') return t('dbStorageFull');
  if (problem === 'upgrade-failed') return t('dbUpgradeFailed', detail(error));
  return t('dbUnavailable', detail(error));
}

/**
 * The message for a write that failed. A full disk gets its own words (nothing was
 * saved, nothing saved before changed: every write is one transaction); anything else
 * is "could not save" with the error.
 */
export function writeFailedText(error: unknown): string {
  return isStorageFull(error) || dbProblemOf(error) === 'storage-full' ? t('dbStorageFull') : t('optWriteFailed', detail(error));
}

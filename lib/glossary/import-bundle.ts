/**
 * Imports into the database (issue 6, "Bad files"): where a parsed file goes (target),
 * what it would change (a preview, `planImport` against what is stored now), and the
 * change itself, applied in one read-write transaction over lists, entries and history,
 * so that an import is either all there or not there at all.
 */
import Dexie from 'dexie';
import { planImport, type ExchangeBundle, type ExistingGlossary, type ImportMode, type ImportOperation, type ImportPlan } from '../exchange';
import type { GlossaryDb } from './db';
import type { GlossaryEntry, GlossaryList } from './model';
import { newId } from './model';
import { nextColor } from './list-store';
import { readAllInPages } from './paged-read';
import { changedFields, HISTORY_LIMIT, type ChangeAction, type ChangeAuthor, type EntryVersion } from './history';

/** Where the entries of a file go. */
export type ImportTarget =
  /** Each list of the file into the live list with its id or name, else a new list of that name. */
  | { kind: 'as-in-file' }
  /** Every entry of the file into one new local list with this name. */
  | { kind: 'new-list'; name: string }
  /** Every entry of the file into this existing local list. */
  | { kind: 'existing'; listId: string };

/** A plan, plus what stops it from being applied. */
export interface ImportPreview extends ImportPlan {
  /** Names of subscribed lists the plan would write to: subscribed entries belong to their publisher, so such a plan is refused. */
  readOnlyLists: string[];
}

/** What an applied import wrote. */
export interface ImportCounts {
  listsAdded: number;
  listsUpdated: number;
  entriesAdded: number;
  entriesUpdated: number;
  /** Entries moved to the trash (replace mode). */
  entriesDeleted: number;
}

/** The database changed between the preview and the import; nothing was written. Preview again. */
export class StaleImportError extends Error {
  override readonly name = 'StaleImportError';
}

/** The import would write to a subscribed list; nothing was written. */
export class ReadOnlyListError extends Error {
  override readonly name = 'ReadOnlyListError';
}

/** The author of a version whose change predates the history (as entry-store records it). */
const UNKNOWN_AUTHOR: ChangeAuthor = { context: 'background', device: '' };

/** Every list and every entry (trashed ones included), read in one transaction so that they agree. */
export function readExisting(db: GlossaryDb): Promise<ExistingGlossary> {
  return db.transaction('r', db.list, db.entry, async () => ({ lists: await db.list.toArray(), entries: await readAllInPages(db.entry) }));
}

/**
 * What importing `bundle` into `target` in `mode` would do, against `existing`. A new
 * list gets the colour no live list uses and a place above every other list, as one made
 * in the sidebar does. Pure apart from the clock and ids (injectable).
 */
export function previewImport(
  existing: ExistingGlossary,
  bundle: ExchangeBundle,
  mode: ImportMode,
  target: ImportTarget,
  options: { now?: number; newId?: () => string } = {},
): ImportPreview {
  const now = options.now ?? Date.now();
  const makeId = options.newId ?? newId;
  let plan: ImportPlan;
  if (target.kind === 'new-list') {
    const live = existing.lists.filter((l) => l.deletedAt === undefined);
    const list: GlossaryList = {
      id: makeId(),
      name: target.name.trim() || bundle.lists[0]?.name || 'Imported',
      color: nextColor(existing.lists),
      enabled: true,
      priority: live.length ? Math.max(...live.map((l) => l.priority)) + 1 : 0,
      origin: 'local',
      createdAt: now,
      updatedAt: now,
    };
    plan = planImport({ lists: [...existing.lists, list], entries: existing.entries }, bundle, mode, { targetListId: list.id, now, newId: makeId });
    plan.operations.unshift({ kind: 'add-list', list });
    plan.newListCount++;
  } else {
    plan = planImport(existing, bundle, mode, { ...(target.kind === 'existing' ? { targetListId: target.listId } : {}), now, newId: makeId });
  }
  const subscribed = new Map(existing.lists.filter((l) => l.origin === 'subscription').map((l) => [l.id, l.name]));
  const readOnly = new Set<string>();
  for (const op of plan.operations) {
    const listId = op.kind === 'add-list' ? undefined : op.kind === 'update-list' ? op.after.id : op.kind === 'add-entry' ? op.entry.listId : op.after.listId;
    const name = listId === undefined ? undefined : subscribed.get(listId);
    if (name !== undefined) readOnly.add(name);
  }
  return { ...plan, readOnlyLists: [...readOnly] };
}

/**
 * Applies the operations of a plan in one read-write transaction over lists, entries and
 * history: all of them are written, or (on any error) none.
 *
 * Promises:
 * - Every record an operation was planned against is checked first: a list or entry that
 *   changed since (another `updatedAt`), or an id that a new record would take, throws a
 *   {@link StaleImportError}; an operation on a subscribed list throws a
 *   {@link ReadOnlyListError}. Either way nothing is written.
 * - Changed, trashed and restored entries get a history version by `author` (context
 *   `import`), after a `baseline` version of the state before when the entry had no
 *   history yet, exactly as the editor's saves do; each entry keeps its last
 *   HISTORY_LIMIT versions. New entries get no version (the history's first version of
 *   them is the baseline of their first edit), so a 100,000-entry import does not double
 *   the database.
 * - A changed entry's `updatedAt` is later than the stored one, even within a millisecond.
 */
export async function applyImport(
  db: GlossaryDb,
  operations: readonly ImportOperation[],
  author: ChangeAuthor = { context: 'import', device: '' },
): Promise<ImportCounts> {
  const counts: ImportCounts = { listsAdded: 0, listsUpdated: 0, entriesAdded: 0, entriesUpdated: 0, entriesDeleted: 0 };
  return db.transaction('rw', db.list, db.entry, db.history, async () => {
    const listIds = new Set<string>();
    const entryIds = new Set<string>();
    for (const op of operations) {
      if (op.kind === 'add-list') listIds.add(op.list.id);
      else if (op.kind === 'update-list') listIds.add(op.after.id);
      else {
        // New entries are not read first: `bulkAdd` fails on an id that exists, and that aborts the whole transaction.
        if (op.kind !== 'add-entry') entryIds.add(op.after.id);
        listIds.add(op.kind === 'add-entry' ? op.entry.listId : op.after.listId);
      }
    }
    const storedLists = new Map<string, GlossaryList>();
    for (const l of await db.list.bulkGet([...listIds])) if (l) storedLists.set(l.id, l);
    const storedEntries = new Map<string, GlossaryEntry>();
    for (const e of await db.entry.bulkGet([...entryIds])) if (e) storedEntries.set(e.id, e);

    const newLists: GlossaryList[] = [];
    const changedLists: GlossaryList[] = [];
    const newEntries: GlossaryEntry[] = [];
    const changed: { before: GlossaryEntry; after: GlossaryEntry; action: ChangeAction }[] = [];
    const addedListIds = new Set<string>();

    for (const op of operations) {
      if (op.kind === 'add-list') {
        if (storedLists.has(op.list.id)) throw new StaleImportError(`list ${op.list.id} already exists`);
        newLists.push(op.list);
        addedListIds.add(op.list.id);
      } else if (op.kind === 'update-list') {
        const stored = storedLists.get(op.after.id);
        if (!stored || stored.updatedAt !== op.before.updatedAt || stored.deletedAt !== op.before.deletedAt) {
          throw new StaleImportError(`list "${op.before.name}" changed since the preview`);
        }
        if (stored.origin === 'subscription') throw new ReadOnlyListError(`list "${stored.name}" is a subscription`);
        changedLists.push(op.after);
      } else {
        const entry = op.kind === 'add-entry' ? op.entry : op.after;
        const list = storedLists.get(entry.listId);
        if (!list && !addedListIds.has(entry.listId)) throw new StaleImportError(`the list of "${entry.term}" is gone`);
        if (list?.origin === 'subscription') throw new ReadOnlyListError(`list "${list.name}" is a subscription`);
        if (op.kind === 'add-entry') {
          newEntries.push(entry);
          continue;
        }
        const stored = storedEntries.get(entry.id);
        if (!stored || stored.updatedAt !== op.before.updatedAt || stored.deletedAt !== op.before.deletedAt) {
          throw new StaleImportError(`entry "${op.before.term}" changed since the preview`);
        }
        const after = { ...op.after, updatedAt: Math.max(op.after.updatedAt, stored.updatedAt + 1) };
        const action: ChangeAction = op.kind === 'delete-entry' ? 'trash' : stored.deletedAt !== undefined ? 'restore' : 'edit';
        changed.push({ before: stored, after, action });
      }
    }

    if (newLists.length) await db.list.bulkAdd(newLists);
    if (changedLists.length) await db.list.bulkPut(changedLists);
    if (newEntries.length) {
      try {
        await db.entry.bulkAdd(newEntries);
      } catch (error) {
        if (error instanceof Dexie.BulkError && Object.values(error.failuresByPos).every((f) => f.name === 'ConstraintError')) {
          throw new StaleImportError('an entry the import would add already exists');
        }
        throw error;
      }
    }
    if (changed.length) {
      await db.entry.bulkPut(changed.map((c) => c.after));
      await recordVersions(db, changed, author);
    }

    counts.listsAdded = newLists.length;
    counts.listsUpdated = changedLists.length;
    counts.entriesAdded = newEntries.length;
    counts.entriesDeleted = changed.filter((c) => c.action === 'trash').length;
    counts.entriesUpdated = changed.length - counts.entriesDeleted;
    return counts;
  });
}

/** Writes the versions of changed entries and drops the oldest beyond HISTORY_LIMIT; inside the import's transaction. */
async function recordVersions(
  db: GlossaryDb,
  changed: readonly { before: GlossaryEntry; after: GlossaryEntry; action: ChangeAction }[],
  author: ChangeAuthor,
): Promise<void> {
  const ranges = changed.map((c): [[string, unknown], [string, unknown]] => [
    [c.after.id, Dexie.minKey],
    [c.after.id, Dexie.maxKey],
  ]);
  // Both read the same index in the same order, so key i and primary key i are one row.
  const keys = (await db.history.where('[entryId+at]').inAnyRange(ranges).keys()) as unknown as [string, number][];
  const primaryKeys = await db.history.where('[entryId+at]').inAnyRange(ranges).primaryKeys();
  const existing = new Map<string, string[]>();
  keys.forEach(([entryId], i) => existing.set(entryId, [...(existing.get(entryId) ?? []), primaryKeys[i]!]));

  const versions: EntryVersion[] = [];
  const drop: string[] = [];
  for (const { before, after, action } of changed) {
    const held = existing.get(after.id) ?? [];
    const added: EntryVersion[] = [];
    if (held.length === 0) added.push(version(before, undefined, 'baseline', UNKNOWN_AUTHOR, before.updatedAt));
    added.push(version(after, before, action, author, after.updatedAt));
    versions.push(...added);
    const excess = held.length + added.length - HISTORY_LIMIT;
    // `held` is oldest first (index order); new versions are always the newest.
    if (excess > 0) drop.push(...held.slice(0, excess));
  }
  await db.history.bulkAdd(versions);
  if (drop.length) await db.history.bulkDelete(drop);
}

function version(entry: GlossaryEntry, before: GlossaryEntry | undefined, action: ChangeAction, by: ChangeAuthor, at: number): EntryVersion {
  return { id: newId(), entryId: entry.id, at, by, action, changed: changedFields(before, entry), entry: structuredClone(entry) };
}

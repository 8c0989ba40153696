import { glossaryGeneration, type GlossaryDb } from './db';
import type { GlossaryEntry, GlossaryList } from './model';
import { readAllInPages } from './paged-read';
import { compileGlossary, matchableFromEntry, type CompiledMatcher, type MatchableEntry } from '../match';

/** The glossary as the pages see it: compiled forms of every live entry of every enabled list. */
export interface ActiveGlossary {
  matcher: CompiledMatcher;
  entryCount: number;
  /** The glossary's generation that was read with the entries (undefined before the first write). */
  generation: string | undefined;
}

/** True when the list's entries should be matched on pages. */
export function isListActive(list: GlossaryList): boolean {
  return list.enabled && list.deletedAt === undefined;
}

/** True when the entry is not in the trash. */
export function isEntryLive(entry: GlossaryEntry): boolean {
  return entry.deletedAt === undefined;
}

/**
 * Reads every enabled list and live entry in one read transaction and compiles
 * them into one matcher (design: "Build it once in the background per glossary
 * change, not once per tab").
 */
export async function compileActiveGlossary(db: GlossaryDb): Promise<ActiveGlossary> {
  const { matchables, generation, start } = await readActiveMatchables(db);
  const matcher = compileGlossary(matchables);
  // The matcher build of each glossary change, as it happens in the background (read by bench/).
  performance.measure('termlens:compile', { start, end: performance.now(), detail: { entries: matchables.length } });
  return { matcher, entryCount: matchables.length, generation };
}

/**
 * Every entry of these lists, in one read transaction's scope. Each list's entries are read with
 * one `getAll` on the list index (`equals`); when those lists hold most of the table, the whole
 * table is read (a `getAll` on the primary key) and the rest dropped. Why (session 13): the read
 * was `where('listId').anyOf(ids)`, which Dexie walks with a cursor, a step per entry: 320–830 ms
 * for the realistic 10,000 entries in an extension page, against 180–240 ms by `equals` and
 * 110–190 ms for the whole table (Chromium 156, four rounds each). It was most of the time from an
 * editor's save to the new matcher. A disabled list's entries are still not read when they are
 * most of the table.
 */
async function readEntriesOf(db: GlossaryDb, listIds: string[]): Promise<GlossaryEntry[]> {
  if (listIds.length === 0) return [];
  const [total, counts] = await Promise.all([db.entry.count(), Promise.all(listIds.map((id) => db.entry.where('listId').equals(id).count()))]);
  const wanted = counts.reduce((a, b) => a + b, 0);
  if (wanted * 2 >= total) {
    const ids = new Set(listIds);
    return (await readAllInPages(db.entry)).filter((e) => ids.has(e.listId));
  }
  return (await Promise.all(listIds.map((id) => db.entry.where('listId').equals(id).toArray()))).flat();
}

/**
 * What the matcher needs of every live entry of every active list, and the generation read with
 * them; `start`: when the entries had been read. The records themselves are dropped when this
 * returns, before the compile: held through it (definitions, notes, history fields), they were
 * most of what a garbage collection during the compile had to mark.
 */
async function readActiveMatchables(db: GlossaryDb): Promise<{ matchables: MatchableEntry[]; generation: string | undefined; start: number }> {
  // Only the entries of active lists are read: a disabled 10,000-entry list costs nothing.
  // The generation in the same transaction: the matcher is exactly that generation's glossary.
  const [active, entries, generation] = await db.transaction('r', db.list, db.entry, db.meta, async () => {
    const lists = new Map((await db.list.toArray()).filter(isListActive).map((l) => [l.id, l]));
    return [lists, await readEntriesOf(db, [...lists.keys()]), await glossaryGeneration(db)] as const;
  });
  const start = performance.now();
  const matchables: MatchableEntry[] = [];
  for (const entry of entries) {
    const list = active.get(entry.listId);
    if (!list || !isEntryLive(entry)) continue;
    // Its label (the headword) travels inside the matcher.
    matchables.push(matchableFromEntry(entry, list));
  }
  return { matchables, generation, start };
}

import type { GlossaryDb } from './db';
import type { GlossaryEntry, GlossaryList } from './model';
import { compileGlossary, matchableFromEntry, type CompiledMatcher } from '../match';

/** The glossary as the pages see it: compiled forms of every live entry of every enabled list. */
export interface ActiveGlossary {
  matcher: CompiledMatcher;
  labels: Record<string, string>;
  entryCount: number;
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
  const [lists, entries] = await db.transaction('r', db.list, db.entry, () =>
    Promise.all([db.list.toArray(), db.entry.toArray()]),
  );
  const active = new Map(lists.filter(isListActive).map((l) => [l.id, l]));
  const matchables = [];
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    const list = active.get(entry.listId);
    if (!list || !isEntryLive(entry)) continue;
    matchables.push(matchableFromEntry(entry, list));
    labels[entry.id] = entry.term;
  }
  return { matcher: compileGlossary(matchables), labels, entryCount: matchables.length };
}

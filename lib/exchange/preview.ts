/**
 * The import preview: what applying a bundle would do, before anything is written. The
 * options page shows "N new, N changed, N unchanged, N conflicts"; the database import
 * then applies `operations` in one transaction. Pure: ids and the clock are injected.
 */
import type { ColorSlot, GlossaryEntry, GlossaryList } from '../glossary/model';
import { newId as randomId } from '../glossary/model';
import { lastStamp, stampAfter } from '../glossary/stamp';
import { ENTRY_FIELDS, type EntryField, type ExchangeBundle, type ExchangeEntry, type ExchangeList } from './bundle';
import { termKey } from './check-duplicates';

/**
 * - `add-new`: add entries that are not there; leave every existing entry as it is.
 * - `merge`: add new entries and update existing ones with the file's fields.
 * - `replace`: make the target list hold exactly the file's entries (the rest go to the trash).
 */
export type ImportMode = 'add-new' | 'merge' | 'replace';

export interface ExistingGlossary {
  lists: readonly GlossaryList[];
  /** All entries, trashed ones included (an id can bring an entry back from the trash). */
  entries: readonly GlossaryEntry[];
}

export interface PlanOptions {
  /** Put every entry of the bundle into this existing list, whatever lists the file names. */
  targetListId?: string;
  /** The time for new and changed records (default `Date.now()`). */
  now?: number;
  /** Id generator for new records (default `crypto.randomUUID`). */
  newId?: () => string;
}

export type ImportOperation =
  | { kind: 'add-list'; list: GlossaryList }
  | { kind: 'update-list'; before: GlossaryList; after: GlossaryList }
  | { kind: 'add-entry'; entry: GlossaryEntry }
  | { kind: 'update-entry'; before: GlossaryEntry; after: GlossaryEntry }
  /** `after` is the tombstone (deletedAt set): deletions travel through sync. */
  | { kind: 'delete-entry'; before: GlossaryEntry; after: GlossaryEntry };

export type ConflictKind =
  /** The file's entry differs from the existing one, and `add-new` keeps the existing one. */
  | 'differs'
  /** `merge`: the existing entry was edited after the file's copy (by `updatedAt`); it is kept. */
  | 'existing-newer'
  /** Several existing entries of the list have this term; the file's entry cannot pick one. */
  | 'ambiguous-term'
  /** The file's entry matches an existing entry by id, but its term belongs to another entry. */
  | 'id-term-mismatch'
  /** Two lists of the file, imported into one target list, both have this term. */
  | 'duplicate-incoming';

export interface ImportConflict {
  kind: ConflictKind;
  /** The name of the target list. */
  list: string;
  term: string;
  incoming: ExchangeEntry;
  existing: GlossaryEntry[];
  /** English, for logs; the UI words it from `kind`. */
  message: string;
}

export interface ImportPlan {
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  /** Entries `replace` moves to the trash. */
  deletedCount: number;
  newListCount: number;
  /** Entries not applied; nothing in `operations` touches them. */
  conflicts: ImportConflict[];
  operations: ImportOperation[];
}

/**
 * Compares a parsed bundle with the database and returns what an import in `mode` would
 * do. Each file list goes to `targetListId`, or the live list with the same id, or the
 * live list with the same name, or a new list. Within the target list an incoming entry
 * is matched by id when it has one (trashed entries included: they are restored), else by
 * term (Unicode NFC). Only the fields the file carries (`bundle.carriedFields`) are
 * compared and overwritten. Conflicting entries are reported and left out of `operations`.
 */
export function planImport(existing: ExistingGlossary, bundle: ExchangeBundle, mode: ImportMode, options: PlanOptions = {}): ImportPlan {
  const now = options.now ?? Date.now();
  const makeId = options.newId ?? randomId;
  const fields = bundle.carriedFields ?? ENTRY_FIELDS;
  const plan: ImportPlan = { newCount: 0, changedCount: 0, unchangedCount: 0, deletedCount: 0, newListCount: 0, conflicts: [], operations: [] };

  const entryById = new Map(existing.entries.map((e) => [e.id, e]));
  const listIds = new Set(existing.lists.map((l) => l.id));
  const liveLists = existing.lists.filter((l) => l.deletedAt === undefined);
  const usedEntryIds = new Set(entryById.keys());
  // Per target list: its live entries by term, the entries matched so far, and the terms claimed by this import.
  const targets = new Map<string, { list: GlossaryList; byTerm: Map<string, GlossaryEntry[]>; seen: Set<string>; claimed: Set<string> }>();

  const targetFor = (incoming: ExchangeList) => {
    let list: GlossaryList | undefined;
    if (options.targetListId !== undefined) {
      list = liveLists.find((l) => l.id === options.targetListId);
      if (!list) throw new Error(`planImport: no live list with id ${options.targetListId}`);
    } else {
      list =
        (incoming.id !== undefined ? liveLists.find((l) => l.id === incoming.id) : undefined) ??
        liveLists.find((l) => l.name === incoming.name) ??
        [...targets.values()].find((t) => t.list.name === incoming.name)?.list;
    }
    if (!list) {
      const id = incoming.id !== undefined && !listIds.has(incoming.id) ? incoming.id : makeId();
      listIds.add(id);
      list = {
        id,
        name: incoming.name,
        color: incoming.color ?? leastUsedColor(liveLists),
        enabled: incoming.enabled ?? true,
        priority: incoming.priority ?? 0,
        origin: 'local',
        createdAt: now,
        updatedAt: now,
      };
      plan.operations.push({ kind: 'add-list', list });
      plan.newListCount++;
    } else if (mode === 'replace' && options.targetListId === undefined && !targets.has(list.id)) {
      const after: GlossaryList = {
        ...list,
        name: incoming.name,
        color: incoming.color ?? list.color,
        priority: incoming.priority ?? list.priority,
        enabled: incoming.enabled ?? list.enabled,
      };
      if (after.name !== list.name || after.color !== list.color || after.priority !== list.priority || after.enabled !== list.enabled) {
        after.updatedAt = stampAfter(lastStamp(list), now);
        plan.operations.push({ kind: 'update-list', before: list, after });
      }
    }
    let target = targets.get(list.id);
    if (!target) {
      const byTerm = new Map<string, GlossaryEntry[]>();
      for (const e of existing.entries) {
        if (e.listId !== list.id || e.deletedAt !== undefined) continue;
        const key = termKey(e.term);
        byTerm.set(key, [...(byTerm.get(key) ?? []), e]);
      }
      target = { list, byTerm, seen: new Set(), claimed: new Set() };
      targets.set(list.id, target);
    }
    return target;
  };

  for (const incomingList of bundle.lists) {
    const target = targetFor(incomingList);
    const listName = target.list.name;
    const conflict = (kind: ConflictKind, incoming: ExchangeEntry, found: GlossaryEntry[], message: string) =>
      plan.conflicts.push({ kind, list: listName, term: incoming.term, incoming, existing: found, message: `"${incoming.term}" in list "${listName}": ${message}` });

    for (const incoming of incomingList.entries) {
      const key = termKey(incoming.term);
      if (target.claimed.has(key)) {
        conflict('duplicate-incoming', incoming, [], 'the file has this term in more than one list, and they are imported into one list.');
        continue;
      }
      target.claimed.add(key);
      const byId = incoming.id !== undefined ? entryById.get(incoming.id) : undefined;
      let match: GlossaryEntry | undefined;
      if (byId && byId.listId === target.list.id) {
        match = byId;
        const holders = (target.byTerm.get(key) ?? []).filter((e) => e.id !== byId.id);
        if (holders.length > 0) {
          conflict('id-term-mismatch', incoming, [byId, ...holders], `its id belongs to "${byId.term}", but another entry already has this term.`);
          target.seen.add(byId.id);
          for (const h of holders) target.seen.add(h.id);
          continue;
        }
      } else {
        const holders = target.byTerm.get(key) ?? [];
        if (holders.length > 1) {
          conflict('ambiguous-term', incoming, holders, `${holders.length} existing entries have this term.`);
          for (const h of holders) target.seen.add(h.id);
          continue;
        }
        match = holders[0];
      }

      if (!match) {
        const id = incoming.id !== undefined && !usedEntryIds.has(incoming.id) ? incoming.id : makeId();
        usedEntryIds.add(id);
        plan.operations.push({ kind: 'add-entry', entry: newEntry(incoming, id, target.list.id, now) });
        plan.newCount++;
        continue;
      }
      target.seen.add(match.id);
      if (match.deletedAt === undefined && sameContent(match, incoming, fields)) {
        plan.unchangedCount++;
        continue;
      }
      if (mode === 'add-new') {
        conflict('differs', incoming, [match], 'an entry with this term already exists and differs; "add new" keeps it.');
        continue;
      }
      if (mode === 'merge' && incoming.updatedAt !== undefined && match.deletedAt === undefined && match.updatedAt > incoming.updatedAt) {
        conflict('existing-newer', incoming, [match], 'the existing entry was edited after the file was made; it is kept.');
        continue;
      }
      plan.operations.push({ kind: 'update-entry', before: match, after: mergedEntry(match, incoming, fields, now) });
      plan.changedCount++;
    }
  }

  if (mode === 'replace') {
    for (const target of targets.values()) {
      for (const holders of target.byTerm.values()) {
        for (const e of holders) {
          if (target.seen.has(e.id)) continue;
          const at = stampAfter(lastStamp(e), now);
          plan.operations.push({ kind: 'delete-entry', before: e, after: { ...e, deletedAt: at, updatedAt: at } });
          plan.deletedCount++;
        }
      }
    }
  }
  return plan;
}

function leastUsedColor(lists: readonly GlossaryList[]): ColorSlot {
  const uses = [0, 0, 0, 0, 0, 0, 0, 0];
  for (const l of lists) uses[l.color] = (uses[l.color] ?? 0) + 1;
  return uses.indexOf(Math.min(...uses)) as ColorSlot;
}

function newEntry(e: ExchangeEntry, id: string, listId: string, now: number): GlossaryEntry {
  const out: GlossaryEntry = {
    id,
    listId,
    term: e.term,
    variants: [...e.variants],
    lang: e.lang,
    translations: copyTranslations(e.translations),
    definition: e.definition,
    note: e.note,
    tags: [...e.tags],
    match: { ...e.match, exclusions: [...e.match.exclusions] },
    createdAt: e.createdAt ?? now,
    updatedAt: e.updatedAt ?? now,
  };
  if (e.source) out.source = { ...e.source };
  return out;
}

function mergedEntry(before: GlossaryEntry, e: ExchangeEntry, fields: readonly EntryField[], now: number): GlossaryEntry {
  const incoming = newEntry(e, before.id, before.listId, now);
  const after: GlossaryEntry = { ...before, updatedAt: stampAfter(lastStamp(before), now) };
  delete after.deletedAt;
  for (const f of fields) {
    if (f === 'source') {
      if (incoming.source) after.source = incoming.source;
      else delete after.source;
    } else (after as unknown as Record<string, unknown>)[f] = incoming[f];
  }
  return after;
}

function copyTranslations(t: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [...v]]));
}

/** True when the entry equals the incoming one on every given field (empty translation arrays count as absent). */
export function sameContent(a: GlossaryEntry, b: ExchangeEntry, fields: readonly EntryField[] = ENTRY_FIELDS): boolean {
  return fields.every((f) => {
    switch (f) {
      case 'variants':
      case 'tags':
        return sameStrings(a[f], b[f]);
      case 'translations': {
        const ka = Object.keys(a.translations).filter((k) => a.translations[k]!.length > 0);
        const kb = Object.keys(b.translations).filter((k) => b.translations[k]!.length > 0);
        return ka.length === kb.length && ka.every((k) => sameStrings(a.translations[k]!, b.translations[k] ?? []));
      }
      case 'source':
        return a.source?.title === b.source?.title && a.source?.url === b.source?.url && a.source?.date === b.source?.date;
      case 'match':
        return a.match.caseSensitive === b.match.caseSensitive && a.match.wholeWord === b.match.wholeWord && sameStrings(a.match.exclusions, b.match.exclusions);
      default:
        return a[f] === b[f];
    }
  });
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

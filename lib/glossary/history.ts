/**
 * Who changed what, when: the versions kept for each entry (issue 5, "Trash and
 * history"). A version is a whole snapshot of the entry after a change, so that
 * restoring one needs nothing else, plus the names of the fields that changed.
 */
import { ENTRY_CONTENT_FIELDS, type GlossaryEntry } from './model';

/** How many versions each entry keeps; older ones are dropped on the next change. */
export const HISTORY_LIMIT = 20;

/** Which part of TermLens made a change. */
export type ChangeContext = 'options' | 'popup' | 'import' | 'sync' | 'subscription' | 'background';

/** Who made a change: the extension context and the browser it ran in. */
export interface ChangeAuthor {
  context: ChangeContext;
  /** A short label of the browser and system, e.g. `Chrome · Linux`. */
  device: string;
}

/** What kind of change a version records. */
export type ChangeAction = 'create' | 'edit' | 'trash' | 'restore' | 'revert' | 'baseline';

/** The fields of an entry that a version says changed. */
export type EntryField =
  | 'listId'
  | 'term'
  | 'variants'
  | 'lang'
  | 'translations'
  | 'definition'
  | 'note'
  | 'tags'
  | 'source'
  | 'match'
  | 'deletedAt';

const FIELDS: readonly EntryField[] = ['listId', ...ENTRY_CONTENT_FIELDS, 'deletedAt'];

export interface EntryVersion {
  id: string;
  entryId: string;
  /** When the change was made (ms since epoch): the entry's `updatedAt` after it. */
  at: number;
  by: ChangeAuthor;
  action: ChangeAction;
  /** The fields that differ from the version before; every field for a creation. */
  changed: EntryField[];
  /** The whole entry as it was after the change. */
  entry: GlossaryEntry;
}

/** The fields whose values differ between two versions of an entry (deep, order-sensitive for lists). */
export function changedFields(before: GlossaryEntry | undefined, after: GlossaryEntry): EntryField[] {
  if (!before) return FIELDS.filter((f) => after[f] !== undefined);
  return FIELDS.filter((f) => !sameValue(before[f], after[f]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A short label of the browser and system from a user-agent string: `Chrome · Linux`, `Firefox · Windows`. */
export function deviceLabel(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : '';
  return system ? `${browser} · ${system}` : browser;
}

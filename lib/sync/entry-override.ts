/**
 * The reader's edits to a subscribed entry (design: "The reader's overrides survive
 * every update"; issue 6, point 3). A subscribed entry belongs to its publisher: an
 * update replaces it. What the reader changed is kept apart, field by field, with
 * the upstream value each change was made against, and laid on top again after every
 * update. The database row of a subscribed entry always holds the *effective* entry
 * (upstream with the override applied), so matching, cards and the editor read one
 * table and need not know about overrides.
 */
import { ENTRY_CONTENT_FIELDS, type GlossaryEntry } from '../glossary/model';
import { stampAfter } from '../glossary/stamp';
import { canonicalJson, hash64, sameData } from './canonical-json';

/** The fields a reader may override: the content fields, and the trash (hiding an entry). */
export const OVERRIDABLE_FIELDS = [...ENTRY_CONTENT_FIELDS, 'deletedAt'] as const;

export type OverridableField = (typeof OVERRIDABLE_FIELDS)[number];

/** The values of the overridable fields (`source` and `deletedAt` may be absent). */
export type EntryContent = Pick<GlossaryEntry, OverridableField>;

/** One stored override (table `override`, keyed by the subscribed entry's id). */
export interface EntryOverride {
  entryId: string;
  listId: string;
  /** The fields the reader changed, in the order of OVERRIDABLE_FIELDS. */
  changed: OverridableField[];
  /** The reader's value of each changed field (a missing key: the reader removed the value). */
  mine: Partial<EntryContent>;
  /** Upstream's value of each changed field as last seen: what "mine" is a change against. */
  upstream: Partial<EntryContent>;
  /** Hash of the whole upstream entry last reconciled with this override. */
  upstreamRevision: string;
  /**
   * Changed fields whose upstream value changed since the reader made the change. Both
   * values are shown (`mine` and `upstream`) until the reader chooses one.
   */
  review: OverridableField[];
  updatedAt: number;
}

/**
 * `upstreamRevision` of an override whose upstream is not known in this browser: one that
 * browser sync brought for an entry this browser has not fetched yet. The next update takes
 * upstream's values as what the reader's change is against, without flagging them for review.
 */
export const UNKNOWN_UPSTREAM = '';

/**
 * The tombstone of an override: the reader took back every change (or an update settled them).
 * It is kept, with the time it happened, so that browser sync carries the taking-back to the
 * reader's other browsers instead of bringing the older override back from them (sync is
 * last-writer-wins, and a row deleted without trace loses to any version). It changes nothing:
 * no field is overridden.
 */
export function clearedOverride(entryId: string, listId: string, now: number): EntryOverride {
  return { entryId, listId, changed: [], mine: {}, upstream: {}, upstreamRevision: UNKNOWN_UPSTREAM, review: [], updatedAt: now };
}

/** True for an override that changes nothing: a tombstone (clearedOverride). */
export function isCleared(override: EntryOverride): boolean {
  return override.changed.length === 0;
}

/** The override if it changes something; undefined for none or a tombstone. */
export function liveOverride(override: EntryOverride | undefined): EntryOverride | undefined {
  return override && !isCleared(override) ? override : undefined;
}

/** The overridable fields of an entry, deep-copied. */
export function entryContent(entry: EntryContent): EntryContent {
  const out = {} as Record<string, unknown>;
  for (const field of OVERRIDABLE_FIELDS) {
    const value = entry[field];
    if (value !== undefined) out[field] = structuredClone(value);
  }
  return out as EntryContent;
}

/** The revision of an upstream entry: a hash of its content (ids and times excluded). */
export function upstreamRevision(upstream: EntryContent): string {
  return hash64(canonicalJson(entryContent(upstream)));
}

function fieldValue(content: Partial<EntryContent>, field: OverridableField): unknown {
  return content[field];
}

function setField(target: Partial<EntryContent>, field: OverridableField, value: unknown): void {
  const record = target as Record<string, unknown>;
  if (value === undefined) delete record[field];
  else record[field] = structuredClone(value);
}

/**
 * What the reader sees: the upstream entry with the reader's changed fields laid on
 * top. Without an override it is the upstream entry itself (copied).
 */
export function effectiveEntry(upstream: GlossaryEntry, override: EntryOverride | undefined): GlossaryEntry {
  const out = structuredClone(upstream);
  if (!override) return out;
  for (const field of override.changed) setField(out, field, fieldValue(override.mine, field));
  out.updatedAt = Math.max(upstream.updatedAt, override.updatedAt);
  return out;
}

/**
 * The upstream entry behind an effective one: the changed fields put back to the
 * upstream values the override remembers.
 */
export function upstreamBehind(effective: GlossaryEntry, override: EntryOverride | undefined): GlossaryEntry {
  const out = structuredClone(effective);
  if (!override) return out;
  for (const field of override.changed) setField(out, field, fieldValue(override.upstream, field));
  return out;
}

/**
 * The override after the reader saved `edited` over the subscribed entry whose
 * upstream is `upstream`. Every field that differs from upstream is overridden (and
 * only those: a field edited back to upstream's value stops being overridden). A field
 * under review that the reader edited again leaves review: they have seen both values.
 * Returns undefined when nothing differs from upstream any more.
 */
export function overrideAfterEdit(
  upstream: GlossaryEntry,
  previous: EntryOverride | undefined,
  edited: EntryContent,
  now: number,
): EntryOverride | undefined {
  const changed = OVERRIDABLE_FIELDS.filter((f) => !sameData(fieldValue(edited, f), fieldValue(upstream, f)));
  if (changed.length === 0) return undefined;
  const mine: Partial<EntryContent> = {};
  const base: Partial<EntryContent> = {};
  for (const field of changed) {
    setField(mine, field, fieldValue(edited, field));
    setField(base, field, fieldValue(upstream, field));
  }
  const review = (previous?.review ?? []).filter(
    (f) => changed.includes(f) && sameData(fieldValue(previous?.mine ?? {}, f), fieldValue(edited, f)),
  );
  return {
    entryId: upstream.id,
    listId: upstream.listId,
    changed,
    mine,
    upstream: base,
    upstreamRevision: upstreamRevision(upstream),
    review,
    updatedAt: now,
  };
}

/**
 * The override another browser made, taken as that browser wrote it (the fields, the reader's
 * values and its time: browser sync's record, sync-records.ts), against this browser's own
 * `upstream` of the entry, or UNKNOWN_UPSTREAM when this browser has not fetched the entry yet.
 * A field under review here (`previous`) stays so while the reader's value is the same.
 */
export function overrideTaken(
  taken: Pick<EntryOverride, 'entryId' | 'listId' | 'changed' | 'mine' | 'updatedAt'>,
  upstream: EntryContent | undefined,
  previous: EntryOverride | undefined,
): EntryOverride {
  const base: Partial<EntryContent> = {};
  if (upstream) for (const field of taken.changed) setField(base, field, fieldValue(upstream, field));
  const review = (previous?.review ?? []).filter(
    (f) => taken.changed.includes(f) && sameData(fieldValue(previous!.mine, f), fieldValue(taken.mine, f)),
  );
  return {
    entryId: taken.entryId,
    listId: taken.listId,
    changed: taken.changed,
    mine: taken.mine,
    upstream: base,
    upstreamRevision: upstream ? upstreamRevision(upstream) : UNKNOWN_UPSTREAM,
    review,
    updatedAt: taken.updatedAt,
  };
}

/**
 * The override after a list update brought `upstream` as the entry's new upstream
 * version. For each field the reader overrode:
 * - upstream unchanged: the override stands;
 * - upstream now equals the reader's value: the override of that field is dropped
 *   (they agree, nothing to keep or review);
 * - upstream changed to something else: the field is flagged for review and the new
 *   upstream value remembered beside the reader's.
 * Returns undefined when no field is overridden any more.
 */
export function reconcileOverride(override: EntryOverride, upstream: EntryContent, now: number): EntryOverride | undefined {
  // An override that came through browser sync before its entry did: upstream's values now are
  // what the reader's change stands against (the reader made it against the same list elsewhere).
  const baseKnown = override.upstreamRevision !== UNKNOWN_UPSTREAM;
  const changed: OverridableField[] = [];
  const mine: Partial<EntryContent> = {};
  const base: Partial<EntryContent> = {};
  const review = new Set(override.review);
  let touched = false;
  for (const field of override.changed) {
    const theirs = fieldValue(upstream, field);
    const reader = fieldValue(override.mine, field);
    if (sameData(theirs, reader)) {
      review.delete(field);
      touched = true;
      continue;
    }
    if (baseKnown && !sameData(theirs, fieldValue(override.upstream, field))) {
      review.add(field);
      touched = true;
    }
    changed.push(field);
    setField(mine, field, reader);
    setField(base, field, theirs);
  }
  if (changed.length === 0) return undefined;
  return {
    ...override,
    changed,
    mine,
    upstream: base,
    upstreamRevision: upstreamRevision(upstream),
    review: OVERRIDABLE_FIELDS.filter((f) => review.has(f) && changed.includes(f)),
    updatedAt: touched ? stampAfter(override.updatedAt, now) : override.updatedAt,
  };
}

/**
 * The override after the reader settled a field under review: `mine` keeps their
 * value (now against the current upstream value), `theirs` drops their change of that
 * field. Returns undefined when no field is overridden any more.
 */
export function resolveReviewField(
  override: EntryOverride,
  field: OverridableField,
  choice: 'mine' | 'theirs',
  now: number,
): EntryOverride | undefined {
  const review = override.review.filter((f) => f !== field);
  if (choice === 'mine') return { ...override, review, updatedAt: now };
  const changed = override.changed.filter((f) => f !== field);
  if (changed.length === 0) return undefined;
  const mine = { ...override.mine };
  const base = { ...override.upstream };
  setField(mine, field, undefined);
  setField(base, field, undefined);
  return { ...override, changed, mine, upstream: base, review, updatedAt: now };
}

/** True when the override hides the entry and changes nothing else. */
export function onlyHides(override: EntryOverride): boolean {
  return override.changed.length === 1 && override.changed[0] === 'deletedAt';
}

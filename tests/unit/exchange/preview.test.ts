import { describe, expect, it } from 'vitest';
import type { GlossaryEntry, GlossaryList } from '../../../lib/glossary/model';
import { planImport, type ExchangeBundle, type ExchangeEntry, type ImportMode, type ImportPlan } from '../../../lib/exchange';

const NOW = 1_800_000_000_000;
const T0 = 1_700_000_000_000;

const list = (over: Partial<GlossaryList> = {}): GlossaryList => ({
  id: 'L1',
  name: 'Policy',
  color: 0,
  enabled: true,
  priority: 0,
  origin: 'local',
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const stored = (id: string, term: string, over: Partial<GlossaryEntry> = {}): GlossaryEntry => ({
  id,
  listId: 'L1',
  term,
  variants: [],
  lang: 'zh-Hans',
  translations: { en: [`${term} (en)`] },
  definition: `${term} is…`,
  note: 'mine',
  tags: [],
  match: { caseSensitive: false, wholeWord: true, exclusions: [] },
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

/** The file's copy of a stored entry, without listId and deletedAt. */
const incoming = (e: GlossaryEntry, over: Partial<ExchangeEntry> = {}): ExchangeEntry => {
  const { listId: _l, deletedAt: _d, ...rest } = e;
  return { ...rest, translations: { ...rest.translations }, ...over };
};

const existing = {
  lists: [list(), list({ id: 'L2', name: 'Energy', color: 3 })],
  entries: [
    stored('e1', '新质生产力'),
    stored('e2', '西部大开发'),
    stored('e3', '能源革命', { listId: 'L2' }),
    stored('e4', '旧提法', { deletedAt: T0 + 5 }),
  ],
};
const [e1, e2, e3, e4] = existing.entries as [GlossaryEntry, GlossaryEntry, GlossaryEntry, GlossaryEntry];

const bundleOf = (entries: ExchangeEntry[], name = 'Policy'): ExchangeBundle => ({ lists: [{ name, entries }] });
let ids = 0;
const plan = (bundle: ExchangeBundle, mode: ImportMode, opts: { targetListId?: string } = {}) =>
  planImport(existing, bundle, mode, { now: NOW, newId: () => `new-${++ids}`, ...opts });
const counts = (p: ImportPlan) => [p.newCount, p.changedCount, p.unchangedCount, p.deletedCount, p.conflicts.map((c) => c.kind)];

describe('planImport counts', () => {
  const changed = incoming(e1, { definition: 'new wording' });
  const fresh: ExchangeEntry = { ...incoming(e1), id: undefined, term: '能源安全' };
  const byTermOnly: ExchangeEntry = { ...incoming(e2), id: undefined };

  it.each<[string, ExchangeBundle, ImportMode, unknown[]]>([
    ['an identical entry is unchanged', bundleOf([incoming(e1)]), 'merge', [0, 0, 1, 0, []]],
    ['a new term is new', bundleOf([fresh]), 'merge', [1, 0, 0, 0, []]],
    ['a changed entry is changed in merge', bundleOf([changed]), 'merge', [0, 1, 0, 0, []]],
    ['a changed entry is a conflict in add-new, which keeps it', bundleOf([changed, fresh]), 'add-new', [1, 0, 0, 0, ['differs']]],
    ['an entry without id matches by term', bundleOf([{ ...byTermOnly, definition: 'x' }]), 'merge', [0, 1, 0, 0, []]],
    ['replace trashes what the file does not have', bundleOf([incoming(e1)]), 'replace', [0, 0, 1, 1, []]],
    ['replace updates and adds too', bundleOf([changed, fresh, incoming(e2)]), 'replace', [1, 1, 1, 0, []]],
    ['an id of a trashed entry restores it', bundleOf([incoming(e4)]), 'merge', [0, 1, 0, 0, []]],
    ['merge keeps an entry edited after the file was made', bundleOf([incoming(e1, { definition: 'old', updatedAt: T0 - 1 })]), 'merge', [0, 0, 0, 0, ['existing-newer']]],
    ['replace overwrites it anyway', bundleOf([incoming(e1, { definition: 'old', updatedAt: T0 - 1 }), incoming(e2)]), 'replace', [0, 1, 1, 0, []]],
    ['an id whose term belongs to another entry is a conflict', bundleOf([incoming(e1, { term: '西部大开发' })]), 'merge', [0, 0, 0, 0, ['id-term-mismatch']]],
  ])('%s', (_name, bundle, mode, expected) => {
    expect(counts(plan(bundle, mode))).toEqual(expected);
  });
});

describe('planImport operations', () => {
  it('adds a new list when no list has the file list’s id or name, with the file’s colour', () => {
    const p = plan({ lists: [{ id: 'L9', name: 'Tech', color: 6, entries: [{ ...incoming(e1), id: undefined }] }] }, 'merge');
    expect(p.newListCount).toBe(1);
    expect(p.operations[0]).toMatchObject({ kind: 'add-list', list: { id: 'L9', name: 'Tech', color: 6, enabled: true, origin: 'local', createdAt: NOW } });
    expect(p.operations[1]).toMatchObject({ kind: 'add-entry', entry: { listId: 'L9', term: '新质生产力' } });
  });

  it('matches a list by name, and puts everything into targetListId when given', () => {
    expect(plan(bundleOf([incoming(e3)], 'Energy'), 'merge').unchangedCount).toBe(1);
    const p = plan(bundleOf([{ ...incoming(e3), id: undefined }], 'Whatever'), 'merge', { targetListId: 'L1' });
    expect(p.operations).toEqual([expect.objectContaining({ kind: 'add-entry', entry: expect.objectContaining({ listId: 'L1', term: '能源革命' }) })]);
  });

  it('gives a new entry a fresh id when its id is taken in another list', () => {
    const p = plan(bundleOf([incoming(e3)]), 'merge');
    const op = p.operations[0]!;
    expect(op.kind).toBe('add-entry');
    expect(op.kind === 'add-entry' && op.entry.id).toMatch(/^new-/);
  });

  it('keeps a new entry’s id and timestamps from the file when they are free', () => {
    const p = plan(bundleOf([{ ...incoming(e1), id: 'free-id', term: '新词', createdAt: 5, updatedAt: 6 }]), 'merge');
    expect(p.operations[0]).toMatchObject({ kind: 'add-entry', entry: { id: 'free-id', createdAt: 5, updatedAt: 6 } });
  });

  it('updates only the fields the file carries, so a CSV without notes keeps the notes', () => {
    const csvLike: ExchangeBundle = { ...bundleOf([{ ...incoming(e1), id: undefined, note: '', definition: 'new' }]), carriedFields: ['term', 'definition'] };
    const p = plan(csvLike, 'merge');
    expect(p.operations).toEqual([
      { kind: 'update-entry', before: e1, after: { ...e1, definition: 'new', updatedAt: NOW } },
    ]);
  });

  it('restoring a trashed entry clears its deletedAt', () => {
    const p = plan(bundleOf([incoming(e4)]), 'merge');
    const op = p.operations[0]!;
    expect(op.kind === 'update-entry' && 'deletedAt' in op.after).toBe(false);
  });

  it('replace moves the rest to the trash as tombstones, and renames or recolours the list from the file', () => {
    const p = plan({ lists: [{ id: 'L1', name: 'Policy terms', color: 4, entries: [incoming(e1)] }] }, 'replace');
    expect(p.operations).toContainEqual({ kind: 'delete-entry', before: e2, after: { ...e2, deletedAt: NOW, updatedAt: NOW } });
    expect(p.operations).toContainEqual(expect.objectContaining({ kind: 'update-list', after: expect.objectContaining({ name: 'Policy terms', color: 4, updatedAt: NOW }) }));
  });

  it('a conflict changes nothing', () => {
    const p = plan(bundleOf([incoming(e1, { term: '西部大开发' })]), 'replace');
    expect(p.conflicts[0]).toMatchObject({ kind: 'id-term-mismatch', list: 'Policy', term: '西部大开发' });
    expect(p.operations).toEqual([]);
  });

  it('reports ambiguous matches when the list already holds a term twice', () => {
    const twice = { lists: existing.lists, entries: [stored('a', '双'), stored('b', '双')] };
    const p = planImport(twice, bundleOf([{ ...incoming(stored('x', '双')), id: undefined }]), 'merge', { now: NOW });
    expect(p.conflicts.map((c) => [c.kind, c.existing.map((e) => e.id)])).toEqual([['ambiguous-term', ['a', 'b']]]);
  });

  it('reports two file lists imported into one target that share a term', () => {
    const b: ExchangeBundle = { lists: [{ name: 'A', entries: [{ ...incoming(e1), id: undefined, term: 'x' }] }, { name: 'B', entries: [{ ...incoming(e1), id: undefined, term: 'x' }] }] };
    expect(counts(plan(b, 'merge', { targetListId: 'L2' }))).toEqual([1, 0, 0, 0, ['duplicate-incoming']]);
  });

  it('does not change its inputs', () => {
    const before = JSON.stringify(existing);
    plan(bundleOf([incoming(e1, { definition: 'changed' })]), 'replace');
    expect(JSON.stringify(existing)).toBe(before);
  });
});

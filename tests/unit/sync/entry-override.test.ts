import { describe, expect, it } from 'vitest';
import type { GlossaryEntry } from '@/lib/glossary/model';
import {
  effectiveEntry,
  entryContent,
  overrideAfterEdit,
  reconcileOverride,
  resolveReviewField,
  upstreamBehind,
  type EntryOverride,
} from '@/lib/sync/entry-override';
import { entry } from './support/glossary-fixtures';

const T0 = 1_700_000_000_000;
const upstream = entry('sub:1', 'sub', '新质生产力', T0, {
  definition: '上游释义 v1',
  translations: { en: ['new quality productive forces'] },
  tags: ['经济'],
  source: { title: '政府工作报告', url: 'https://www.gov.cn/a' },
});

/** The override after the reader changed `patch` on top of `upstream`. */
function edited(patch: Partial<GlossaryEntry>, base: GlossaryEntry = upstream, previous?: EntryOverride): EntryOverride | undefined {
  return overrideAfterEdit(base, previous, entryContent({ ...effectiveEntry(base, previous), ...patch }), T0 + 10);
}

describe('an edit of a subscribed entry becomes a field-level override', () => {
  it('keeps only the fields that differ from upstream, with the upstream value they were made against', () => {
    const o = edited({ definition: '我的释义', note: '我的笔记' })!;
    expect(o.changed).toEqual(['definition', 'note']);
    expect(o.mine).toEqual({ definition: '我的释义', note: '我的笔记' });
    expect(o.upstream).toEqual({ definition: '上游释义 v1', note: '' });
    expect(o.review).toEqual([]);
  });

  it('is no override at all when the reader edits a field back to upstream’s value', () => {
    const first = edited({ definition: '我的释义' })!;
    expect(edited({ definition: '上游释义 v1' }, upstream, first)).toBeUndefined();
  });

  it('records a removed source as an override, and shows the entry without it', () => {
    const { source: _gone, ...withoutSource } = effectiveEntry(upstream, undefined);
    const o = overrideAfterEdit(upstream, undefined, entryContent(withoutSource), T0 + 1)!;
    expect(o.changed).toEqual(['source']);
    expect(effectiveEntry(upstream, o).source).toBeUndefined();
    expect(upstreamBehind(effectiveEntry(upstream, o), o).source).toEqual(upstream.source);
  });

  it('shows the reader’s values on top of upstream, and can give upstream back', () => {
    const o = edited({ translations: { en: ['NQPF'] } })!;
    const shown = effectiveEntry(upstream, o);
    expect(shown.translations).toEqual({ en: ['NQPF'] });
    expect(shown.definition).toBe('上游释义 v1');
    expect(entryContent(upstreamBehind(shown, o))).toEqual(entryContent(upstream));
  });
});

describe('reconciling an override with a new upstream version', () => {
  const mine = edited({ definition: '我的释义', tags: ['我的标签'] })!;
  const next = (patch: Partial<GlossaryEntry>) => ({ ...upstream, ...patch });

  // Each row: what upstream did → what becomes of the override.
  const cases: {
    name: string;
    upstream: GlossaryEntry;
    changed: string[] | 'none';
    review: string[];
    shows: Partial<GlossaryEntry>;
  }[] = [
    {
      name: 'upstream changed a field the reader did not touch: the override stands, the new field shows',
      upstream: next({ translations: { en: ['NQPF (official)'] } }),
      changed: ['definition', 'tags'],
      review: [],
      shows: { definition: '我的释义', translations: { en: ['NQPF (official)'] } },
    },
    {
      name: 'upstream changed an overridden field: flagged for review, the reader’s value still shows',
      upstream: next({ definition: '上游释义 v2' }),
      changed: ['definition', 'tags'],
      review: ['definition'],
      shows: { definition: '我的释义' },
    },
    {
      name: 'upstream adopted the reader’s value: that field is no longer overridden, nothing to review',
      upstream: next({ definition: '我的释义' }),
      changed: ['tags'],
      review: [],
      shows: { definition: '我的释义', tags: ['我的标签'] },
    },
    {
      name: 'upstream adopted every overridden value: the override is gone',
      upstream: next({ definition: '我的释义', tags: ['我的标签'] }),
      changed: 'none',
      review: [],
      shows: { definition: '我的释义', tags: ['我的标签'] },
    },
    {
      name: 'upstream changed both overridden fields: both are flagged',
      upstream: next({ definition: '上游释义 v2', tags: ['新标签'] }),
      changed: ['definition', 'tags'],
      review: ['definition', 'tags'],
      shows: { definition: '我的释义', tags: ['我的标签'] },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const o = reconcileOverride(mine, c.upstream, T0 + 100);
      if (c.changed === 'none') expect(o).toBeUndefined();
      else {
        expect(o!.changed).toEqual(c.changed);
        expect(o!.review).toEqual(c.review);
      }
      expect(effectiveEntry(c.upstream, o)).toMatchObject(c.shows);
    });
  }

  it('remembers upstream’s new value beside the reader’s, for the review', () => {
    const o = reconcileOverride(mine, next({ definition: '上游释义 v2' }), T0 + 100)!;
    expect(o.mine.definition).toBe('我的释义');
    expect(o.upstream.definition).toBe('上游释义 v2');
  });

  it('does not flag a field again when upstream sends the same value a second time', () => {
    const v2 = next({ definition: '上游释义 v2' });
    const flagged = reconcileOverride(mine, v2, T0 + 100)!;
    const settled = resolveReviewField(flagged, 'definition', 'mine', T0 + 200)!;
    expect(reconcileOverride(settled, v2, T0 + 300)!.review).toEqual([]);
  });

  it('never flags the reader’s trash: a hidden entry stays hidden whatever upstream does', () => {
    const hidden = edited({ deletedAt: T0 + 5 })!;
    const o = reconcileOverride(hidden, next({ definition: '上游释义 v2' }), T0 + 100)!;
    expect(o.review).toEqual([]);
    expect(effectiveEntry(next({ definition: '上游释义 v2' }), o).deletedAt).toBe(T0 + 5);
  });
});

describe('settling a review', () => {
  const flagged = reconcileOverride(edited({ definition: '我的释义', note: '笔记' })!, { ...upstream, definition: '上游释义 v2' }, T0 + 100)!;

  it('“keep mine” clears the flag and keeps the reader’s value', () => {
    const o = resolveReviewField(flagged, 'definition', 'mine', T0 + 200)!;
    expect(o.review).toEqual([]);
    expect(o.mine.definition).toBe('我的释义');
  });

  it('“use the publisher’s” drops the reader’s change of that field only', () => {
    const o = resolveReviewField(flagged, 'definition', 'theirs', T0 + 200)!;
    expect(o.changed).toEqual(['note']);
    expect(effectiveEntry({ ...upstream, definition: '上游释义 v2' }, o)).toMatchObject({ definition: '上游释义 v2', note: '笔记' });
  });

  it('leaves no override when the last changed field goes back to upstream', () => {
    const one = reconcileOverride(edited({ definition: '我的释义' })!, { ...upstream, definition: 'v2' }, T0 + 100)!;
    expect(resolveReviewField(one, 'definition', 'theirs', T0 + 200)).toBeUndefined();
  });
});

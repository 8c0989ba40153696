import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import { compileActiveGlossary } from '@/lib/glossary/active-glossary';
import type { GlossaryList } from '@/lib/glossary/model';
import { Matcher } from '@/lib/match';
import { glossaryEntry } from '../../fixtures/glossary-entry';
import { deletedAfterEach } from '../helpers/scratch-databases';

const T = 1_714_000_000_000;
let names = 0;
const opened = deletedAfterEach();

const list = (id: string, patch: Partial<GlossaryList> = {}): GlossaryList => ({
  id,
  name: id,
  color: 0,
  enabled: true,
  priority: 0,
  origin: 'local',
  createdAt: T,
  updatedAt: T,
  ...patch,
});

/** Two enabled lists (one entry of the first in the trash), a disabled list of `disabledSize` entries and a deleted list. */
async function glossary(disabledSize: number): Promise<GlossaryDb> {
  const db = new GlossaryDb(`termlens-active-${++names}`);
  opened.push(db);
  await db.list.bulkPut([list('a'), list('c'), list('off', { enabled: false }), list('gone', { deletedAt: T })]);
  await db.entry.bulkPut([
    glossaryEntry('a1', 'a', '新质生产力', T),
    glossaryEntry('a2', 'a', '能源革命', T),
    glossaryEntry('a3', 'a', '西部大开发', T, { deletedAt: T }),
    glossaryEntry('c1', 'c', '因地制宜', T),
    glossaryEntry('gone1', 'gone', '高质量发展', T),
    ...Array.from({ length: disabledSize }, (_, i) => glossaryEntry(`off${i}`, 'off', `停用词${i}`, T)),
  ]);
  return db;
}

async function compiledIds(db: GlossaryDb): Promise<string[]> {
  const active = await compileActiveGlossary(db);
  return [...Matcher.from(active.matcher).entryIds].sort();
}

describe('the active glossary', () => {
  // The whole table is read when the enabled lists hold most of it, each list's entries by the
  // list index otherwise: both must give the live entries of the enabled lists, and only those.
  it('holds the live entries of the enabled lists when they are most of the table', async () => {
    expect(await compiledIds(await glossary(1))).toEqual(['a1', 'a2', 'c1']);
  });

  it('holds the same when a disabled list is most of the table', async () => {
    expect(await compiledIds(await glossary(50))).toEqual(['a1', 'a2', 'c1']);
  });

  it('is empty when no list is enabled', async () => {
    const db = await glossary(3);
    await db.list.bulkPut([list('a', { enabled: false }), list('c', { enabled: false })]);
    expect((await compileActiveGlossary(db)).entryCount).toBe(0);
  });
});

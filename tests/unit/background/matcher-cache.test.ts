import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { GlossaryService } from '@/lib/background/glossary-service';
import { MatcherCache } from '@/lib/background/matcher-cache';
import { GlossaryDb, glossaryGeneration } from '@/lib/glossary/db';
import { defaultMatchOptions, type GlossaryEntry, type GlossaryList } from '@/lib/glossary/model';
import { Matcher, unpackMatcherFromWire } from '@/lib/match';

let names = 0;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

function fresh(): { db: GlossaryDb; cache: MatcherCache } {
  const n = ++names;
  const db = new GlossaryDb(`termlens-cache-test-${n}`);
  const cache = new MatcherCache(`termlens-cache-test-cache-${n}`);
  cleanup.push(async () => {
    db.close();
    cache.close();
    await Dexie.delete(`termlens-cache-test-${n}`);
    await Dexie.delete(`termlens-cache-test-cache-${n}`);
  });
  return { db, cache };
}

const list = { id: 'l1', name: 'L', enabled: true, priority: 0, color: 0, createdAt: 1, updatedAt: 1 } as unknown as GlossaryList;
const entry = (id: string, term: string) =>
  ({ id, listId: 'l1', term, variants: [], translations: {}, tags: [], match: defaultMatchOptions(), createdAt: 1, updatedAt: 1 }) as unknown as GlossaryEntry;

/** The terms a wire's matcher finds in `text`, by entry id. */
function found(wire: string, text: string): string[] {
  return Matcher.from(unpackMatcherFromWire(wire)).findMatches(text).map((m) => m.entryId);
}

/** Waits until the cache holds a matcher for the database's generation (the service keeps it without waiting). */
async function kept(db: GlossaryDb, cache: MatcherCache, build: string) {
  for (let i = 0; i < 50; i++) {
    const row = await cache.read(await glossaryGeneration(db), build);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the matcher was not kept');
}

describe('the compiled matcher kept across service-worker restarts', () => {
  it('is taken back by a restarted background while the glossary has not changed, with the same revision', async () => {
    const { db, cache } = fresh();
    await db.list.add(list);
    await db.entry.add(entry('west', '西部大开发'));
    const first = await new GlossaryService(db, { cache, build: 'b1' }).matcherFor();
    expect(found(first.matcher!, '推进西部大开发')).toEqual(['west']);
    const row = await kept(db, cache, 'b1');
    expect(row).toMatchObject({ wire: first.matcher, revision: first.revision, entryCount: 1 });

    // A restart: a new service over the same database. It answers with what was kept (a
    // revision that no compile gives proves it did not compile), and a tab that has that revision gets no body.
    await cache.write({ ...row, revision: 4242 });
    const restarted = new GlossaryService(db, { cache, build: 'b1' });
    expect(await restarted.matcherFor()).toEqual({ revision: 4242, matcher: row.wire });
    expect(await restarted.matcherFor(4242)).toEqual({ revision: 4242 });
  });

  it('is not used once the glossary changed, even when no one told the background', async () => {
    const { db, cache } = fresh();
    await db.list.add(list);
    await db.entry.add(entry('west', '西部大开发'));
    await new GlossaryService(db, { cache, build: 'b1' }).matcherFor();
    await kept(db, cache, 'b1');
    // Written while the background was stopped (an editor's popup closed before its notice left).
    await db.entry.add(entry('nqpf', '新质生产力'));
    const restarted = await new GlossaryService(db, { cache, build: 'b1' }).matcherFor();
    expect(found(restarted.matcher!, '西部大开发和新质生产力')).toEqual(['west', 'nqpf']);
    // …and the new compile is kept in its place.
    expect(found((await kept(db, cache, 'b1')).wire, '新质生产力')).toEqual(['nqpf']);
  });

  it('is not used by another build, and a cache that fails changes nothing', async () => {
    const { db, cache } = fresh();
    await db.list.add(list);
    await db.entry.add(entry('west', '西部大开发'));
    await new GlossaryService(db, { cache, build: 'b1' }).matcherFor();
    const row = await kept(db, cache, 'b1');
    await cache.write({ ...row, wire: 'not a matcher', revision: 1 });
    const other = await new GlossaryService(db, { cache, build: 'b2' }).matcherFor();
    expect(found(other.matcher!, '西部大开发')).toEqual(['west']);
    expect((await kept(db, cache, 'b2')).wire).toBe(other.matcher);
    // A cache that fails to read and to write: compiled as before.
    const failing = { read: () => Promise.reject(new Error('unreadable')), write: () => Promise.reject(new Error('full')) } as unknown as MatcherCache;
    const without = await new GlossaryService(db, { cache: failing, build: 'b1' }).matcherFor();
    expect(found(without.matcher!, '西部大开发')).toEqual(['west']);
  });

  it('is forgotten by clear()', async () => {
    const { db, cache } = fresh();
    await db.list.add(list);
    await new GlossaryService(db, { cache, build: 'b1' }).matcherFor();
    await kept(db, cache, 'b1');
    await cache.clear();
    expect(await cache.read(await glossaryGeneration(db), 'b1')).toBeUndefined();
  });
});

describe('invalidate (a new build, seeding)', () => {
  it('compiles anew even when the generation did not change', async () => {
    const { db, cache } = fresh();
    await db.list.add(list);
    await db.entry.add(entry('west', '西部大开发'));
    const service = new GlossaryService(db, { cache, build: 'b1' });
    await service.matcherFor();
    const row = await kept(db, cache, 'b1');
    // The kept row is marked, so that using it would show.
    await cache.write({ ...row, revision: 4242 });
    service.invalidate();
    const after = await service.matcherFor();
    expect(after.revision).not.toBe(4242);
    expect(found(after.matcher!, '西部大开发')).toEqual(['west']);
  });
});

describe('an extension page’s notice that the glossary changed', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));
  /** A service over a fresh database that holds one list and 西部大开发 (entry `west`). */
  async function serviceOverWest() {
    const { db, cache } = fresh();
    await db.list.add(list);
    await db.entry.add(entry('west', '西部大开发'));
    return { db, cache, service: new GlossaryService(db, { cache, build: 'b1' }) };
  }
  // The service tells the tabs 50 ms after a change; this lets it finish before the database closes.
  afterEach(() => new Promise((r) => setTimeout(r, 120)));

  it('compiles nothing again when the matcher is of the generation the page read', async () => {
    const { db, cache, service } = await serviceOverWest();
    const first = await service.matcherFor();
    await tick();
    service.noticed(await glossaryGeneration(db));
    expect(await service.matcherFor(first.revision)).toEqual({ revision: first.revision });
  });

  it('compiles nothing again when the notice comes while that generation is being compiled', async () => {
    const { db, cache, service } = await serviceOverWest();
    const generation = await glossaryGeneration(db);
    const compiling = service.matcherFor();
    service.noticed(generation);
    const first = await compiling;
    await tick();
    expect((await service.matcherFor()).revision).toBe(first.revision);
  });

  it('follows a write it heard of through Dexie with one compile, which the page’s notice of it does not repeat', async () => {
    const { db, cache, service } = await serviceOverWest();
    const first = await service.matcherFor();
    await tick();
    await db.entry.add(entry('energy', '能源革命'));
    let after = await service.matcherFor(first.revision);
    for (let i = 0; i < 50 && after.revision === first.revision; i++) {
      await tick();
      after = await service.matcherFor(first.revision);
    }
    expect(found(after.matcher!, '能源革命')).toEqual(['energy']);
    await tick();
    service.noticed(await glossaryGeneration(db));
    await tick();
    expect(await service.matcherFor(after.revision)).toEqual({ revision: after.revision });
  });

  it('compiles nothing again when Dexie reports a write that the compiled generation already holds', async () => {
    const { db, cache, service } = await serviceOverWest();
    const first = await service.matcherFor();
    await tick();
    // The report of a write this compile read already (it comes late, after the page's notice).
    Dexie.on('storagemutated').fire({ [`idb://${db.name}/entry/`]: true });
    await tick();
    expect(await service.matcherFor(first.revision)).toEqual({ revision: first.revision });
  });

  it('compiles anew for another generation, and a get-matcher right after the notice waits for it', async () => {
    const { db, cache, service } = await serviceOverWest();
    const first = await service.matcherFor();
    // Written with IndexedDB itself, which Dexie does not report: only the notice tells the service.
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(db.name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('meta', 'readwrite');
        tx.objectStore('meta').put({ key: 'generation', value: 'from-the-page' });
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    expect(await glossaryGeneration(db)).toBe('from-the-page');
    await tick();
    service.noticed('from-the-page');
    const after = await service.matcherFor(first.revision);
    expect(after.revision).not.toBe(first.revision);
    expect(after.matcher).toEqual(expect.any(String));
  });

  it('compiles anew when the notice names no generation (an import’s), or nothing is compiled yet', async () => {
    const { db, cache, service } = await serviceOverWest();
    const first = await service.matcherFor();
    await tick();
    service.noticed();
    const second = await service.matcherFor();
    expect(second.revision).not.toBe(first.revision);

    const restarted = new GlossaryService(db, { cache, build: 'b1' });
    await kept(db, cache, 'b1');
    await tick();
    restarted.noticed(await glossaryGeneration(db));
    const third = await restarted.matcherFor();
    expect([first.revision, second.revision]).not.toContain(third.revision);
  });
});

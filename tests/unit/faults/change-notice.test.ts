import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_RETRY_MS, noticeGlossaryChanges, sendGlossaryChanged } from '@/lib/glossary/change-notice';
import { GlossaryDb, glossaryGeneration } from '@/lib/glossary/db';
import type { BackgroundRequest } from '@/lib/messages';

const stops: (() => void)[] = [];
const dbs: GlossaryDb[] = [];
afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const list = (id: string) => ({ id, name: id, color: 0 as const, enabled: true, priority: 0, origin: 'local' as const, createdAt: 1, updatedAt: 1 });
const settle = () => new Promise((r) => setTimeout(r, 250));

describe('telling the background that an extension page changed the glossary', () => {
  it('sends one glossary-changed for a burst of writes (it wakes a stopped worker), with the generation after the last', async () => {
    const db = new GlossaryDb(`termlens-notice-${Math.random()}`);
    dbs.push(db);
    const sent: BackgroundRequest[] = [];
    stops.push(noticeGlossaryChanges(db, async (r) => void sent.push(r)));
    await db.list.add(list('a'));
    const early = await glossaryGeneration(db);
    await db.list.add(list('b'));
    await db.list.bulkAdd([list('c'), list('d')]);
    await settle();
    const generation = await glossaryGeneration(db);
    expect(generation).toEqual(expect.any(String));
    expect(generation).not.toBe(early);
    expect(sent).toEqual([{ type: 'glossary-changed', generation }]);
  });

  it('says nothing for another database, and nothing after it is stopped', async () => {
    const db = new GlossaryDb(`termlens-notice-${Math.random()}`);
    const other = new GlossaryDb(`other-${Math.random()}`);
    dbs.push(db, other);
    const sent: BackgroundRequest[] = [];
    const stop = noticeGlossaryChanges(db, async (r) => void sent.push(r));
    await other.list.add(list('x'));
    await settle();
    expect(sent).toEqual([]);
    stop();
    await db.list.add(list('y'));
    await settle();
    expect(sent).toEqual([]);
  });

  it('does not throw when no background answers, and tries again a few times', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const db = new GlossaryDb(`termlens-notice-${Math.random()}`);
      dbs.push(db);
      let calls = 0;
      stops.push(noticeGlossaryChanges(db, () => (calls++, Promise.reject(new Error('Receiving end does not exist')))));
      await db.list.add(list('z'));
      await vi.advanceTimersByTimeAsync(200);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(NOTICE_RETRY_MS.reduce((a, b) => a + b, 0) + 100);
      expect(calls).toBe(1 + NOTICE_RETRY_MS.length);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls).toBe(1 + NOTICE_RETRY_MS.length);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends again when the background was stopping as the message left, and stops once one is answered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const db = new GlossaryDb(`termlens-notice-${Math.random()}`);
      dbs.push(db);
      const attempts: string[] = [];
      stops.push(
        noticeGlossaryChanges(db, async () => {
          attempts.push(attempts.length === 0 ? 'refused' : 'answered');
          if (attempts.length === 1) throw new Error('Message manager disconnected');
        }),
      );
      await db.list.add(list('w'));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(attempts).toEqual(['refused', 'answered']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says it directly, for the import worker’s writes, and again while no background answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const sent: string[] = [];
      sendGlossaryChanged(async (r) => {
        sent.push(r.type);
        if (sent.length < 3) throw new Error('Could not establish connection. Receiving end does not exist.');
      });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(sent).toEqual(['glossary-changed', 'glossary-changed', 'glossary-changed']);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { applyFrameReport, distinctEntries, TabTermsStore, withFrameReport, type TabTerms } from '../../../lib/background/tab-terms';

describe('the badge\'s count over a tab\'s frames', () => {
  it('counts an entry found in two frames once', () => {
    let tab = withFrameReport(null, { frameId: 0, entryIds: ['a', 'b'], documentStart: 1000, at: 1500 });
    tab = withFrameReport(tab, { frameId: 7, entryIds: ['b', 'c'], at: 1600 });
    expect(distinctEntries(tab)).toBe(3);
    // A frame that holds nothing now is dropped.
    tab = withFrameReport(tab, { frameId: 7, entryIds: [], at: 1700 });
    expect(tab.frames).toEqual({ 0: { at: 1500, entryIds: ['a', 'b'] } });
    expect(distinctEntries(tab)).toBe(2);
  });

  it('forgets the frames of the document before, and keeps those of the new one that reported before its top frame', () => {
    let tab: TabTerms = withFrameReport(null, { frameId: 0, entryIds: ['a'], documentStart: 1000, at: 1500 });
    tab = withFrameReport(tab, { frameId: 3, entryIds: ['old'], at: 1600 });
    // A new document starts at 2000; its frame 9 reports at 2400, before the top frame's first report.
    tab = withFrameReport(tab, { frameId: 9, entryIds: ['new'], at: 2400 });
    expect(distinctEntries(tab)).toBe(3);
    tab = withFrameReport(tab, { frameId: 0, entryIds: ['a', 'b'], documentStart: 2000, at: 2500 });
    expect(Object.keys(tab.frames).sort()).toEqual(['0', '9']);
    expect(distinctEntries(tab)).toBe(3);
    // The same document telling a new count keeps its frames.
    tab = withFrameReport(tab, { frameId: 0, entryIds: ['a'], documentStart: 2000, at: 3000 });
    expect(distinctEntries(tab)).toBe(2);
    // A report of the document before, arriving late, changes nothing.
    expect(withFrameReport(tab, { frameId: 0, entryIds: ['x', 'y', 'z'], documentStart: 1000, at: 3100 })).toBe(tab);
  });

  describe('kept in storage.session', () => {
    beforeEach(() => fakeBrowser.reset());

    it('outlives the store (a restarted worker), and applies reports one after another', async () => {
      const open = async () => [4];
      const store = new TabTermsStore(open);
      const counts = await Promise.all([
        store.report(4, { frameId: 0, entryIds: ['a', 'b'], documentStart: 10, at: 20 }),
        store.report(4, { frameId: 2, entryIds: ['c'], at: 21 }),
        store.report(4, { frameId: 5, entryIds: ['a', 'd'], at: 22 }),
      ]);
      expect(counts.map((c) => c.distinct)).toEqual([2, 3, 4]);
      const restarted = new TabTermsStore(open);
      expect(await restarted.report(4, { frameId: 2, entryIds: ['c', 'e'], at: 30 })).toEqual({ distinct: 5, dropped: 0 });
    });

    it('forgets closed tabs when a top frame tells of a new document, and leaves other session items alone', async () => {
      let open = [1, 2];
      const store = new TabTermsStore(async () => open);
      await storage.setItem('session:other', 'kept');
      await store.report(1, { frameId: 0, entryIds: ['a'], documentStart: 10, at: 20 });
      await store.report(2, { frameId: 0, entryIds: ['b'], documentStart: 10, at: 20 });
      open = [2, 3];
      // The same document again: nothing asked.
      await store.report(2, { frameId: 0, entryIds: ['b', 'c'], documentStart: 10, at: 30 });
      expect(await storage.getItem('session:tab-terms:1')).not.toBeNull();
      // A new document in tab 3: tab 1 is closed now.
      await store.report(3, { frameId: 0, entryIds: ['z'], documentStart: 40, at: 50 });
      expect(await storage.getItem('session:tab-terms:1')).toBeNull();
      expect(await storage.getItem('session:tab-terms:2')).toMatchObject({ documentStart: 10 });
      expect(await storage.getItem('session:tab-terms:3')).toMatchObject({ documentStart: 40 });
      expect(await storage.getItem('session:other')).toBe('kept');
    });

    it('says how many frames a new document dropped; its own top frame, or a frame that had left, is not one of them', async () => {
      const store = new TabTermsStore(async () => [4]);
      await store.report(4, { frameId: 0, entryIds: ['a'], documentStart: 10, at: 20 });
      await store.report(4, { frameId: 2, entryIds: ['b'], at: 30 });
      await store.report(4, { frameId: 3, entryIds: ['c'], at: 31 });
      await store.report(4, { frameId: 3, entryIds: [], at: 32 });
      expect(await store.report(4, { frameId: 0, entryIds: ['a', 'd'], documentStart: 40, at: 45 })).toEqual({ distinct: 2, dropped: 1 });
      // The same document again drops nothing.
      await store.report(4, { frameId: 5, entryIds: ['e'], at: 50 });
      expect(await store.report(4, { frameId: 0, entryIds: ['a'], documentStart: 40, at: 55 })).toEqual({ distinct: 2, dropped: 0 });
    });

    /** The badge's effects, recorded. */
    function recordedEffects() {
      const calls: string[] = [];
      return {
        calls,
        effects: {
          setBadge: async (tabId: number, distinct: number) => void calls.push(`badge ${tabId} ${distinct}`),
          askFrames: async (tabId: number) => void calls.push(`ask ${tabId}`),
        },
      };
    }

    it('asks the frames to tell again when a page brought back from the cache dropped its own frame, which reported before its top frame (Firefox)', async () => {
      const store = new TabTermsStore(async () => [4]);
      const { calls, effects } = recordedEffects();
      // The page before: its top frame and its frame 7.
      await applyFrameReport(store, 4, { frameId: 0, entryIds: ['a'], documentStart: 1000, at: 1500 }, effects);
      await applyFrameReport(store, 4, { frameId: 7, entryIds: ['b'], at: 1600 }, effects);
      // Back: frame 7 of the page brought back reports at 5001, the top frame's pageshow came at 5002.
      await applyFrameReport(store, 4, { frameId: 7, entryIds: ['c'], at: 5001 }, effects);
      await applyFrameReport(store, 4, { frameId: 0, entryIds: ['d'], documentStart: 5002, at: 5003 }, effects);
      expect(calls).toEqual(['badge 4 1', 'badge 4 2', 'badge 4 2', 'badge 4 1', 'ask 4']);
      // Frame 7 tells again, after the top frame's time.
      await applyFrameReport(store, 4, { frameId: 7, entryIds: ['c'], at: 5010 }, effects);
      expect(calls.slice(5)).toEqual(['badge 4 2']);
    });

    it('shows a frame\'s own count when storage.session refuses, and asks nothing', async () => {
      const refusing = { report: () => Promise.reject(new Error('quota')) } as unknown as TabTermsStore;
      const { calls, effects } = recordedEffects();
      await applyFrameReport(refusing, 4, { frameId: 3, entryIds: ['a', 'b'], documentStart: 10, at: 20 }, effects);
      expect(calls).toEqual(['badge 4 2']);
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { distinctEntries, TabTermsStore, withFrameReport, type TabTerms } from '../../../lib/background/tab-terms';

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
      expect(counts).toEqual([2, 3, 4]);
      const restarted = new TabTermsStore(open);
      expect(await restarted.report(4, { frameId: 2, entryIds: ['c', 'e'], at: 30 })).toBe(5);
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
  });
});

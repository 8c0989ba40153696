import { describe, expect, it } from 'vitest';
import { handOverOpenTabs, type HandoverApi } from '@/lib/background/content-script-handover';

function fakeApi(tabs: number[], refuse: Set<number> = new Set()) {
  const calls: string[] = [];
  const api: HandoverApi = {
    tabIds: async () => tabs,
    contentScripts: () => [{ js: ['content-scripts/content.js'], css: ['content-scripts/content.css'] }],
    insertCss: async (tabId, files) => {
      if (refuse.has(tabId)) throw new Error('Cannot access contents of the page');
      calls.push(`css ${tabId} ${files.join(',')}`);
    },
    executeScript: async (tabId, files) => {
      calls.push(`js ${tabId} ${files.join(',')}`);
    },
  };
  return { api, calls };
}

describe('handing open tabs over to the new version of the content script', () => {
  it('injects the manifest’s CSS, then its script, into every open tab', async () => {
    const { api, calls } = fakeApi([1, 2]);
    expect(await handOverOpenTabs(api)).toBe(2);
    expect(calls).toEqual([
      'css 1 content-scripts/content.css',
      'css 2 content-scripts/content.css',
      'js 1 content-scripts/content.js',
      'js 2 content-scripts/content.js',
    ]);
  });

  it('skips tabs it may not script (the browser’s own pages) and still does the others', async () => {
    const { api, calls } = fakeApi([1, 2, 3], new Set([2]));
    expect(await handOverOpenTabs(api)).toBe(2);
    expect(calls.filter((c) => c.startsWith('js')).sort()).toEqual(['js 1 content-scripts/content.js', 'js 3 content-scripts/content.js']);
  });

  it('never throws, even when the tabs cannot be listed', async () => {
    const { api } = fakeApi([]);
    api.tabIds = () => Promise.reject(new Error('no tabs API'));
    expect(await handOverOpenTabs(api)).toBe(0);
  });
});

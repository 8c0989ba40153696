import { describe, expect, it } from 'vitest';
import { handOverOpenTabs, PAGE_SCRIPT, putPageScriptIntoFrame, type HandoverApi, type ScriptTarget } from '@/lib/background/content-script-handover';

/** Where a call went, as text: the tab, and `all`, `top` or the frame ids. */
const where = (t: ScriptTarget) => `${t.tabId}${t.frameIds ? ` frames ${t.frameIds.join(',')}` : t.allFrames ? ' all' : ' top'}`;

function fakeApi(tabs: number[], refuse: Set<number> = new Set()) {
  const calls: string[] = [];
  const api: HandoverApi = {
    tabIds: async () => tabs,
    // As the manifest lists them: the page script in the top frame, the frames' small script in every frame.
    contentScripts: () => [
      { js: [PAGE_SCRIPT], css: ['content-scripts/content.css'], allFrames: false },
      { js: ['content-scripts/frame.js'], css: [], allFrames: true },
    ],
    insertCss: async (target, files) => {
      if (refuse.has(target.tabId)) throw new Error('Cannot access contents of the page');
      calls.push(`css ${where(target)} ${files.join(',')}`);
    },
    executeScript: async (target, files) => {
      if (refuse.has(target.tabId)) throw new Error('Cannot access contents of the page');
      calls.push(`js ${where(target)} ${files.join(',')}`);
    },
  };
  return { api, calls };
}

describe('handing open tabs over to the new version of the content scripts', () => {
  it('injects each script of the manifest, its CSS first, into the frames its entry names, in every open tab', async () => {
    const { api, calls } = fakeApi([1, 2]);
    expect(await handOverOpenTabs(api)).toBe(2);
    expect(calls.filter((c) => c.includes(' 1 ') || c.includes(' 1 all'))).toEqual([
      'css 1 top content-scripts/content.css',
      'js 1 top content-scripts/content.js',
      'js 1 all content-scripts/frame.js',
    ]);
    expect(calls.filter((c) => c.startsWith('js 2'))).toEqual(['js 2 top content-scripts/content.js', 'js 2 all content-scripts/frame.js']);
  });

  it('skips tabs it may not script (the browser’s own pages) and still does the others', async () => {
    const { api, calls } = fakeApi([1, 2, 3], new Set([2]));
    expect(await handOverOpenTabs(api)).toBe(2);
    expect(calls.filter((c) => c.startsWith('js') && c.includes('content.js')).sort()).toEqual([
      'js 1 top content-scripts/content.js',
      'js 3 top content-scripts/content.js',
    ]);
  });

  it('never throws, even when the tabs cannot be listed', async () => {
    const { api } = fakeApi([]);
    api.tabIds = () => Promise.reject(new Error('no tabs API'));
    expect(await handOverOpenTabs(api)).toBe(0);
  });
});

describe('putting the page script into a frame that holds text', () => {
  it('injects the page script and its CSS into that frame only', async () => {
    const { api, calls } = fakeApi([1]);
    expect(await putPageScriptIntoFrame(1, 7, api)).toBe(true);
    expect(calls).toEqual(['css 1 frames 7 content-scripts/content.css', 'js 1 frames 7 content-scripts/content.js']);
  });

  it('finds the page script where the manifest gives full addresses, as Firefox does', async () => {
    const { api, calls } = fakeApi([1]);
    const base = 'moz-extension://c887d6a2-ac2c-47b3-a423-af69b858b936/';
    api.contentScripts = () => [{ js: [`${base}${PAGE_SCRIPT}`], css: [`${base}content-scripts/content.css`], allFrames: false }];
    expect(await putPageScriptIntoFrame(1, 7, api)).toBe(true);
    expect(calls).toEqual([`css 1 frames 7 ${base}content-scripts/content.css`, `js 1 frames 7 ${base}content-scripts/content.js`]);
  });

  it('never into a top frame (it has the page script from the manifest), and never throws', async () => {
    const { api, calls } = fakeApi([1], new Set([2]));
    expect(await putPageScriptIntoFrame(1, 0, api)).toBe(false);
    expect(await putPageScriptIntoFrame(2, 5, api)).toBe(false);
    expect(calls).toEqual([]);
  });
});

// Frames (issue 3, "Hostile pages"): the content script runs in every frame (allFrames) and in
// frames without a URL of their own (matchAboutBlank), so same-origin iframes — srcdoc, a
// same-origin src, and one the page's script fills — are scanned, each with its own registry.
// Page: tests/fixtures/pages/hostile-pages.mjs.

import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AD_FRAME_COUNTS, FRAME_COUNTS } from '../fixtures/pages/hostile-pages.mjs';
import { addEntry } from './add-entry';
import { screenshot, useBrowserSuite } from './harness';
import {
  expectWaitingFrameTakesNewTerm,
  matcherFetchInFrame,
  serveAdFramesPage,
  serveFramesPage,
  WAITING_FRAME_PATH,
  waitForFrameCounts,
  waitingFramePage,
} from './shared-pages';

// Timings: the frames' `termlens:*` entries tell which of them fetched the glossary's matcher.
const suite = useBrowserSuite({ timings: true });

describe('frames', () => {
  it('highlights the terms of srcdoc, same-origin and script-filled frames, each in its own frame', async () => {
    const { page, errors } = await suite.newPage();
    await page.goto(serveFramesPage(suite.server));

    const frameOf = async (id: string) => (await page.$(`#${id}`))!.contentFrame() as Promise<Frame>;
    const frames = {
      top: page.mainFrame(),
      srcdoc: await frameOf('srcdoc'),
      child: await frameOf('child'),
      blank: await frameOf('blank'),
    };
    const seen = await waitForFrameCounts(frames);
    await screenshot(page, 'frames');
    expect(seen).toEqual(FRAME_COUNTS);
    expect(errors.pageErrors).toEqual([]);
  });

  it('puts its page script, and fetches the glossary, only into frames whose document holds text, and into a frame filled later once its text comes', async () => {
    const { page, errors } = await suite.newPage();
    await page.goto(serveAdFramesPage(suite.server));
    const frameOf = async (id: string) => (await page.$(`#${id}`))!.contentFrame() as Promise<Frame>;
    const frames = { top: page.mainFrame(), pixel: await frameOf('pixel'), empty: await frameOf('empty'), later: await frameOf('later') };
    expect(await waitForFrameCounts(frames, AD_FRAME_COUNTS)).toEqual(AD_FRAME_COUNTS);
    // The page script came only into the frame with text (the others have only the frames' small script),
    // and only there was the matcher fetched (956 KB with 10,000 entries).
    expect(await frames.pixel.evaluate(matcherFetchInFrame)).toEqual({ started: false, fetched: false });
    expect(await frames.empty.evaluate(matcherFetchInFrame)).toEqual({ started: false, fetched: false });
    expect(await frames.later.evaluate(matcherFetchInFrame)).toEqual({ started: true, fetched: true });
    expect(errors.pageErrors).toEqual([]);
  });

  it('a frame still waiting for text highlights a term added meanwhile, once its text comes', async () => {
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page(WAITING_FRAME_PATH, waitingFramePage()));
    const waiting = (await (await page.$('#waiting'))!.contentFrame())!;
    await expectWaitingFrameTakesNewTerm(page, { top: page.mainFrame(), waiting }, async (term) => {
      const extension = await suite.browser.context.newPage();
      await extension.goto(suite.browser.extensionUrl('popup.html'));
      await addEntry(extension, { term, definition: '测试用的词条。' });
      await extension.close();
    });
    expect(errors.pageErrors).toEqual([]);
  });
});

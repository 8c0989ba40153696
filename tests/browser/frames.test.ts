// Frames (issue 3, "Hostile pages"): the content script runs in every frame (allFrames) and in
// frames without a URL of their own (matchAboutBlank), so same-origin iframes — srcdoc, a
// same-origin src, and one the page's script fills — are scanned, each with its own registry.
// Page: tests/fixtures/pages/hostile-pages.mjs.

import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { childFramePage, FRAME_COUNTS, framesPage } from '../fixtures/pages/hostile-pages.mjs';
import { countTerms, readHighlights, screenshot, useBrowserSuite, type HighlightRange } from './harness';
import { FRAMES_CHILD_PATH, FRAMES_TIMEOUT_MS, FRAMES_TOP_PATH, sortedCounts } from './shared-pages';

const suite = useBrowserSuite();

async function countsIn(frame: Frame) {
  // readHighlights only calls evaluate, which a Frame has as a Page does.
  const ranges: HighlightRange[] = await readHighlights(frame as unknown as Page);
  return sortedCounts(countTerms(ranges));
}

describe('frames', () => {
  it('highlights the terms of srcdoc, same-origin and script-filled frames, each in its own frame', async () => {
    const childUrl = suite.server.page(FRAMES_CHILD_PATH, childFramePage());
    const url = suite.server.page(FRAMES_TOP_PATH, framesPage(childUrl));
    const { page, errors } = await suite.newPage();
    await page.goto(url);

    const frameOf = async (id: string) => (await page.$(`#${id}`))!.contentFrame() as Promise<Frame>;
    const frames = {
      top: page.mainFrame(),
      srcdoc: await frameOf('srcdoc'),
      child: await frameOf('child'),
      blank: await frameOf('blank'),
    };
    const seen: Record<string, unknown> = {};
    const deadline = Date.now() + FRAMES_TIMEOUT_MS;
    for (;;) {
      for (const [name, frame] of Object.entries(frames)) seen[name] = await countsIn(frame);
      if (JSON.stringify(seen) === JSON.stringify(FRAME_COUNTS) || Date.now() > deadline) break;
      await page.waitForTimeout(250);
    }
    await screenshot(page, 'frames');
    expect(seen).toEqual(FRAME_COUNTS);
    expect(errors.pageErrors).toEqual([]);
  });
});

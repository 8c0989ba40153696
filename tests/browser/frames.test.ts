// Frames (issue 3, "Hostile pages"): the content script runs in every frame (allFrames) and in
// frames without a URL of their own (matchAboutBlank), so same-origin iframes — srcdoc, a
// same-origin src, and one the page's script fills — are scanned, each with its own registry.
// Page: tests/fixtures/pages/hostile-pages.mjs.

import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FRAME_COUNTS } from '../fixtures/pages/hostile-pages.mjs';
import { screenshot, useBrowserSuite } from './harness';
import { serveFramesPage, waitForFrameCounts } from './shared-pages';

const suite = useBrowserSuite();

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
});

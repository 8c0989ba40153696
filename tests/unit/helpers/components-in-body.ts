// For tests that render Preact components into happy-dom's body.
import { render } from 'preact';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * Registers, for every test of the file: a fresh fake browser whose i18n gives each message's key
 * as its text, and afterwards the body's components unmounted, the body emptied and the mocks
 * restored.
 */
export function componentsInBody(): void {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string) => key) as typeof fakeBrowser.i18n.getMessage);
  });
  afterEach(() => {
    render(null, document.body);
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });
}

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { CardController, type CardPage } from '../../../lib/content/card-controller';

/** A page pipeline that has found nothing. */
const emptyPage: CardPage = {
  occurrences: () => [],
  occurrencesIn: () => [],
  containerOf: () => null,
  reveal: () => {},
  fetchEntry: async () => null,
};

let cards: CardController | undefined;
beforeEach(() => {
  // The fake browser has no message catalogue: each string is its key.
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string) => key);
});
afterEach(() => {
  vi.restoreAllMocks();
  cards?.detach();
  cards = undefined;
});

describe('CardController', () => {
  it('asks for the language of the card\'s labels when it makes its first card, not when it starts', () => {
    // In Chromium a content script's first i18n call loads the message catalogue through a
    // synchronous call to the browser: a page where no card opens must not pay for it.
    const uiLanguage = vi.fn(() => 'en');
    cards = new CardController(window, emptyPage, uiLanguage);
    cards.start();
    document.body.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 5, clientY: 5, pointerType: 'mouse' }));
    expect(uiLanguage).not.toHaveBeenCalled();
    // No term on the page: the notice saying so is the first card made.
    expect(cards.navigate('next')).toBe(false);
    expect(uiLanguage).toHaveBeenCalledTimes(1);
    cards.navigate('previous');
    expect(uiLanguage).toHaveBeenCalledTimes(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_ALLOWED,
  parseBackgroundRequest,
  parseContentRequest,
  parsePagePortReply,
  parsePagePortRequest,
} from '../../lib/messages';

describe('message validation', () => {
  it('accepts a well-formed request and drops unknown fields', () => {
    expect(parseBackgroundRequest({ type: 'get-card-entry', entryId: 'abc', extra: '<script>' })).toEqual({
      type: 'get-card-entry',
      entryId: 'abc',
    });
  });

  it('takes a change notice with or without the generation its page read', () => {
    expect(parseBackgroundRequest({ type: 'glossary-changed' })).toEqual({ type: 'glossary-changed' });
    expect(parseBackgroundRequest({ type: 'glossary-changed', generation: 'a1b2' })).toEqual({ type: 'glossary-changed', generation: 'a1b2' });
  });

  it.each([
    null,
    'get-matcher',
    [],
    { type: 'nope' },
    { type: 'toString' },
    { type: '__proto__' },
    { type: 'get-card-entry' },
    { type: 'get-card-entry', entryId: 42 },
    { type: 'get-card-entry', entryId: '' },
    { type: 'get-matcher', knownRevision: -1 },
    { type: 'get-matcher', knownRevision: '1' },
    { type: 'page-stats', distinctTerms: 1 },
    { type: 'page-stats', entryIds: 'a' },
    { type: 'page-stats', entryIds: ['a', ''] },
    { type: 'page-stats', entryIds: ['a', 7] },
    { type: 'page-stats', entryIds: ['a'], documentStart: -5 },
    { type: 'page-stats', entryIds: ['a'], documentStart: Number.NaN },
    { type: 'glossary-changed', generation: 42 },
    { type: 'glossary-changed', generation: 'g'.repeat(201) },
  ])('rejects the malformed background request %j', (raw) => {
    expect(parseBackgroundRequest(raw)).toBeNull();
  });

  it('takes a frame\'s entries for the badge, and the top frame\'s document start', () => {
    expect(parseBackgroundRequest({ type: 'page-stats', entryIds: ['a', 'b'], x: 1 })).toEqual({ type: 'page-stats', entryIds: ['a', 'b'] });
    expect(parseBackgroundRequest({ type: 'page-stats', entryIds: [], documentStart: 1764547200000.5 })).toEqual({
      type: 'page-stats',
      entryIds: [],
      documentStart: 1764547200000.5,
    });
  });

  describe('the popup\'s port to every frame', () => {
    const reply = {
      type: 'page-terms',
      seq: 3,
      frame: 'f1',
      top: false,
      supported: true,
      active: true,
      host: 'example.org',
      terms: [{ entryId: 'e1', term: '新质生产力', slot: 2, count: 4, extra: '<b>' }],
    };

    it('takes polls and reveals meant for a frame, rebuilt field by field', () => {
      expect(parsePagePortRequest({ type: 'get-page-terms', seq: 1, x: 2 })).toEqual({ type: 'get-page-terms', seq: 1 });
      expect(parsePagePortRequest({ type: 'reveal-term', entryId: 'e1', frame: 'f1' })).toEqual({ type: 'reveal-term', entryId: 'e1', frame: 'f1' });
    });

    it.each([null, { type: 'get-page-terms' }, { type: 'get-page-terms', seq: -1 }, { type: 'reveal-term', entryId: 'e1' }, { type: 'navigate-term' }])(
      'rejects the malformed request %j',
      (raw) => expect(parsePagePortRequest(raw)).toBeNull(),
    );

    it('takes a frame\'s terms and its reveal, dropping unknown fields', () => {
      expect(parsePagePortReply(reply)).toEqual({ ...reply, terms: [{ entryId: 'e1', term: '新质生产力', slot: 2, count: 4 }] });
      expect(parsePagePortReply({ type: 'revealed', frame: 'f1', entryId: 'e1', index: -1, total: 0 })).toEqual({
        type: 'revealed',
        frame: 'f1',
        entryId: 'e1',
        index: -1,
        total: 0,
      });
    });

    it.each([
      { ...reply, frame: '' },
      { ...reply, seq: 'x' },
      { ...reply, top: 'yes' },
      { ...reply, host: 'h'.repeat(301) },
      { ...reply, terms: [{ entryId: 'e1', term: 'x', slot: 0, count: -1 }] },
      { ...reply, terms: [{ entryId: 'e1', term: 5, slot: 0, count: 1 }] },
      { ...reply, terms: 'all' },
      { type: 'revealed', frame: 'f1', entryId: 'e1', index: -2, total: 0 },
      { type: 'revealed', frame: 'f1', entryId: 'e1', index: 0, total: 1.5 },
      { type: 'page-stats', frame: 'f1' },
    ])('rejects the malformed reply %#', (raw) => expect(parsePagePortReply(raw)).toBeNull());
  });

  it('rejects malformed content requests', () => {
    expect(parseContentRequest({ type: 'reveal-term' })).toBeNull();
    expect(parseContentRequest({ type: 'glossary-changed', revision: 'x' })).toBeNull();
    expect(parseContentRequest({ type: 'get-page-terms' })).toEqual({ type: 'get-page-terms' });
  });

  it('accepts the keyboard commands\' navigate-term with a direction, and get-page-info', () => {
    expect(parseContentRequest({ type: 'navigate-term', direction: 'next', extra: 1 })).toEqual({ type: 'navigate-term', direction: 'next' });
    expect(parseContentRequest({ type: 'navigate-term', direction: 'previous' })).toEqual({ type: 'navigate-term', direction: 'previous' });
    expect(parseContentRequest({ type: 'navigate-term', direction: 'next', focusedOnly: true })).toEqual({
      type: 'navigate-term',
      direction: 'next',
      focusedOnly: true,
    });
    expect(parseContentRequest({ type: 'get-page-info', url: 'x' })).toEqual({ type: 'get-page-info' });
    expect(parseContentRequest({ type: 'report-page-stats', entryIds: ['x'] })).toEqual({ type: 'report-page-stats' });
  });

  it.each([
    { type: 'navigate-term' },
    { type: 'navigate-term', direction: 'up' },
    { type: 'navigate-term', direction: ['next'] },
    { type: 'navigate-term', direction: 'next', focusedOnly: 'yes' },
  ])('rejects the malformed content request %j', (raw) => {
    expect(parseContentRequest(raw)).toBeNull();
  });

  it('lets content scripts only read, and a frame say that it holds text', () => {
    expect(CONTENT_SCRIPT_ALLOWED.has('glossary-changed')).toBe(false);
    expect(CONTENT_SCRIPT_ALLOWED.has('get-matcher')).toBe(true);
    expect(CONTENT_SCRIPT_ALLOWED.has('frame-has-text')).toBe(true);
    // Rebuilt field by field: nothing else a frame sends reaches the background.
    expect(parseBackgroundRequest({ type: 'frame-has-text', tabId: 3, files: ['x.js'] })).toEqual({ type: 'frame-has-text' });
  });
});

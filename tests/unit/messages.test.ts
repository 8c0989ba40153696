import { describe, expect, it } from 'vitest';
import { CONTENT_SCRIPT_ALLOWED, parseBackgroundRequest, parseContentRequest } from '../../lib/messages';

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
    { type: 'page-stats', distinctTerms: 1.5 },
    { type: 'glossary-changed', generation: 42 },
    { type: 'glossary-changed', generation: 'g'.repeat(201) },
  ])('rejects the malformed background request %j', (raw) => {
    expect(parseBackgroundRequest(raw)).toBeNull();
  });

  it('rejects malformed content requests', () => {
    expect(parseContentRequest({ type: 'reveal-term' })).toBeNull();
    expect(parseContentRequest({ type: 'glossary-changed', revision: 'x' })).toBeNull();
    expect(parseContentRequest({ type: 'get-page-terms' })).toEqual({ type: 'get-page-terms' });
  });

  it('accepts the keyboard commands\' navigate-term with a direction, and get-page-info', () => {
    expect(parseContentRequest({ type: 'navigate-term', direction: 'next', extra: 1 })).toEqual({ type: 'navigate-term', direction: 'next' });
    expect(parseContentRequest({ type: 'navigate-term', direction: 'previous' })).toEqual({ type: 'navigate-term', direction: 'previous' });
    expect(parseContentRequest({ type: 'get-page-info', url: 'x' })).toEqual({ type: 'get-page-info' });
  });

  it.each([
    { type: 'navigate-term' },
    { type: 'navigate-term', direction: 'up' },
    { type: 'navigate-term', direction: ['next'] },
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

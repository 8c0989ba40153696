import { describe, expect, it } from 'vitest';
import { FramesPageTerms } from '../../lib/page-terms';
import type { PageTermCount, PageTermsReply } from '../../lib/messages';

const term = (entryId: string, label: string, count: number, slot = 0): PageTermCount => ({ entryId, term: label, count, slot });

function reply(frame: string, seq: number, terms: PageTermCount[], top = false, host = top ? 'news.example' : 'ads.example'): PageTermsReply {
  return { type: 'page-terms', seq, frame, top, supported: true, active: true, host, terms };
}

describe('a tab\'s terms over its frames (FramesPageTerms)', () => {
  it('sums each entry\'s counts over the frames, most frequent first, with the top frame\'s host and state', () => {
    const view = new FramesPageTerms();
    const seq = view.nextPoll();
    view.take(reply('story', seq, [term('xz', '新质生产力', 2), term('ny', '能源革命', 1, 3)]));
    view.take(reply('top', seq, [term('ny', '能源革命', 1, 3), term('xb', '西部大开发', 1)], true));
    expect(view.merged()).toEqual({
      supported: true,
      active: true,
      host: 'news.example',
      terms: [term('ny', '能源革命', 2, 3), term('xz', '新质生产力', 2), term('xb', '西部大开发', 1)],
    });
  });

  it('never names a frame\'s host as the page\'s, before the top frame answers', () => {
    const view = new FramesPageTerms();
    view.take(reply('ad', view.nextPoll(), [term('xb', '西部大开发', 1)]));
    expect(view.merged()).toMatchObject({ host: '', terms: [term('xb', '西部大开发', 1)] });
    expect(new FramesPageTerms().merged()).toBeNull();
  });

  it('keeps each frame\'s latest answer, and forgets a frame that misses two polls in a row', () => {
    const view = new FramesPageTerms();
    const first = view.nextPoll();
    view.take(reply('top', first, [term('ny', '能源革命', 1)], true));
    view.take(reply('ad', first, [term('xb', '西部大开发', 5)]));
    const second = view.nextPoll();
    view.take(reply('top', second, [term('ny', '能源革命', 3)], true));
    // A late answer to an older poll does not replace a newer one.
    expect(view.take(reply('top', first, [term('ny', '能源革命', 1)], true))).toBe(false);
    expect(view.merged()!.terms).toEqual([term('xb', '西部大开发', 5), term('ny', '能源革命', 3)]);
    view.nextPoll();
    expect(view.merged()!.terms.map((t) => t.entryId)).toEqual(['xb', 'ny']);
    view.nextPoll();
    // 'ad' last answered poll 1 of 4: gone. 'top' answered poll 2 and is kept until it misses one more.
    expect(view.merged()!.terms.map((t) => t.entryId)).toEqual(['ny']);
    view.clear();
    expect(view.merged()).toBeNull();
  });

  it('reveals an entry in the top frame first, moves to the next frame that holds it after a frame\'s last occurrence, and comes back', () => {
    const view = new FramesPageTerms();
    const seq = view.nextPoll();
    view.take(reply('story', seq, [term('ny', '能源革命', 2)]));
    view.take(reply('ad', seq, [term('xb', '西部大开发', 1)]));
    view.take(reply('top', seq, [term('ny', '能源革命', 1)], true));
    expect(view.revealTarget('ny')).toBe('top');
    view.revealed({ type: 'revealed', frame: 'top', entryId: 'ny', index: 0, total: 1 });
    expect(view.revealTarget('ny')).toBe('story');
    view.revealed({ type: 'revealed', frame: 'story', entryId: 'ny', index: 0, total: 2 });
    expect(view.revealTarget('ny')).toBe('story');
    view.revealed({ type: 'revealed', frame: 'story', entryId: 'ny', index: 1, total: 2 });
    expect(view.revealTarget('ny')).toBe('top');
    // A frame that holds none now passes the turn on.
    view.revealed({ type: 'revealed', frame: 'top', entryId: 'ny', index: -1, total: 0 });
    expect(view.revealTarget('ny')).toBe('story');
    expect(view.revealTarget('xb')).toBe('ad');
    expect(view.revealTarget('nowhere')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { pickWinner } from '@/lib/sync/last-writer-wins';
import type { SyncValue } from '@/lib/sync/sync-records';

const live = (updatedAt: number, definition = 'x'): SyncValue => ({ id: 'e1', listId: 'l1', term: '词', lang: 'zh-Hans', definition, createdAt: 1, updatedAt });
const tomb = (updatedAt: number, deletedAt: number): SyncValue => ({ id: 'e1', listId: 'l1', updatedAt, deletedAt });

describe('last writer wins, record by record', () => {
  // Each row: browser A's version, browser B's version, the winner.
  const cases: { name: string; a: SyncValue | undefined; b: SyncValue | undefined; winner: 'a' | 'b' | 'same' }[] = [
    { name: 'the later edit wins', a: live(10), b: live(20, 'y'), winner: 'b' },
    { name: 'the later edit wins from either side', a: live(30, 'y'), b: live(20), winner: 'a' },
    { name: 'a deletion after an edit wins', a: live(20), b: tomb(10, 25), winner: 'b' },
    { name: 'an edit (restore) after a deletion wins', a: live(30), b: tomb(10, 25), winner: 'a' },
    { name: 'a record one side lacks is taken from the other', a: undefined, b: live(5), winner: 'b' },
    { name: 'a tombstone one side lacks is taken too', a: tomb(5, 6), b: undefined, winner: 'a' },
    { name: 'the same data is the same', a: live(10), b: { ...live(10) }, winner: 'same' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pickWinner(c.a, c.b)).toBe(c.winner);
      const mirrored = c.winner === 'same' ? 'same' : c.winner === 'a' ? 'b' : 'a';
      expect(pickWinner(c.b, c.a)).toBe(mirrored);
    });
  }

  it('breaks a tie in time the same way on both browsers, by content', () => {
    const a = live(10, 'from A');
    const b = live(10, 'from B');
    const onA = pickWinner(a, b) === 'a' ? a : b;
    const onB = pickWinner(b, a) === 'a' ? b : a;
    expect(onA).toBe(onB);
  });

  it('does not care about key order', () => {
    const a = { updatedAt: 10, term: '词', id: 'e1' };
    const b = { id: 'e1', term: '词', updatedAt: 10 };
    expect(pickWinner(a, b)).toBe('same');
  });
});

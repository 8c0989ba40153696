/**
 * The merge rule of browser sync (design: "Each record is merged last-writer-wins on
 * `updatedAt`, and deletions travel as tombstones"). Both browsers apply the same rule
 * to the same pair, so they pick the same winner and converge, whichever sees the pair
 * first.
 */
import { canonicalJson } from './canonical-json';
import { recordStamp, type SyncValue } from './sync-records';

/**
 * Which of two versions of one record wins: the one changed last (`updatedAt`, or
 * `deletedAt` when later). On a tie, the one whose canonical JSON sorts last, so the
 * choice depends only on the two versions, not on the browser that makes it. A missing
 * version always loses. 'same' when both are the same data.
 */
export function pickWinner(a: SyncValue | undefined, b: SyncValue | undefined): 'a' | 'b' | 'same' {
  if (a === undefined) return b === undefined ? 'same' : 'b';
  if (b === undefined) return 'a';
  const sa = recordStamp(a);
  const sb = recordStamp(b);
  if (sa !== sb) return sa > sb ? 'a' : 'b';
  const ca = canonicalJson(a);
  const cb = canonicalJson(b);
  if (ca === cb) return 'same';
  return ca > cb ? 'a' : 'b';
}

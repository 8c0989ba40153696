/**
 * The Traditional spellings that a Simplified form also matches, for the entry
 * form's live preview. The matcher folds Traditional to Simplified character by
 * character (lib/match, t2s-table.json); this module reads the same table the
 * other way, so the preview can never promise a spelling the matcher would fold
 * differently. It is built on first use, in the page that shows the preview.
 */
import t2sTable from '../match/t2s-table.json';
import { foldForm } from '../match';

/** One character of a form: the Simplified character and the Traditional characters that fold to it. */
export interface SpellingSlot {
  simplified: string;
  /** Other characters that fold to `simplified`, in code-point order; empty when there are none. */
  traditional: string[];
}

let s2t: Map<string, string[]> | undefined;

/** Simplified character → the Traditional characters that fold to it. */
function simplifiedToTraditional(): Map<string, string[]> {
  if (s2t) return s2t;
  const map = new Map<string, string[]>();
  const chars = Array.from((t2sTable as { pairs: string }).pairs);
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const t = chars[i]!;
    const s = chars[i + 1]!;
    // Compatibility ideographs look the same as their unified twins: not a spelling an editor needs to see.
    if (t === s || isCompatibilityIdeograph(t.codePointAt(0)!)) continue;
    const list = map.get(s);
    if (list) list.push(t);
    else map.set(s, [t]);
  }
  for (const list of map.values()) list.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  s2t = map;
  return map;
}

function isCompatibilityIdeograph(cp: number): boolean {
  return (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

/**
 * The characters of `form`'s folded (Simplified) text, each with the Traditional
 * characters that also match at its place. Every combination of the choices is
 * text that the matcher folds to the same key.
 */
export function traditionalSpelling(form: string): SpellingSlot[] {
  const table = simplifiedToTraditional();
  return Array.from(foldForm(form)).map((simplified) => ({ simplified, traditional: table.get(simplified) ?? [] }));
}

/** True when some character of the form has a Traditional spelling. */
export function hasTraditionalSpelling(slots: readonly SpellingSlot[]): boolean {
  return slots.some((s) => s.traditional.length > 0);
}

/** The spelling that takes the first Traditional choice at every place: 新质生产力 → 新質生產力. */
export function firstTraditionalSpelling(slots: readonly SpellingSlot[]): string {
  return slots.map((s) => s.traditional[0] ?? s.simplified).join('');
}

/**
 * The compiled matcher as it travels from the background to content scripts: its JSON text.
 *
 * Why plain JSON (session 3): the content script pays for decoding on the page's main thread, on
 * every page, in code the engine has not optimised yet. The matcher used to travel deflated and in
 * base64 (a quarter of the bytes), but inflating it in the content script cost 90–180 ms of main
 * thread for the realistic 10,000-entry glossary (fflate, cold), against 9–16 ms for `JSON.parse`
 * of the plain text (measured in Chromium 156, docs/architecture.md, "The wire"). The larger
 * message costs wall time in the browser's messaging, which overlaps the page's own loading.
 *
 * What JSON.parse costs is then the matcher's layout (compile.ts, CompiledMatcher): since format
 * version 3 each list of strings travels as one string, because making tens of thousands of small
 * strings was about half of the parse of version 2; the text itself is still parsed at some 5–10 ns
 * a character (Node 20 and 26), so the wire's length still counts.
 */
import type { CompiledMatcher } from './compile';

/** Packs a compiled matcher for a message; unpackMatcherFromWire gives it back. */
export function packMatcherForWire(compiled: CompiledMatcher): string {
  return JSON.stringify(compiled);
}

/**
 * The compiled matcher that packMatcherForWire packed. Throws an Error whose message starts with
 * "compiled matcher:" when the text is not JSON of an object; the object's own checks are
 * Matcher.from's.
 */
export function unpackMatcherFromWire(wire: string): CompiledMatcher {
  if (typeof wire !== 'string') throw new Error('compiled matcher: not a string');
  let value: unknown;
  try {
    value = JSON.parse(wire);
  } catch {
    throw new Error('compiled matcher: not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('compiled matcher: not an object');
  return value as CompiledMatcher;
}

/**
 * The compiled matcher as it travels from the background to content scripts: one string, made of a
 * JSON header and the matcher's texts concatenated after it.
 *
 *     termlens-matcher 5 {"entryCount":…,"recordFlags":"…",…,"lengths":[…]}\n<entryIds><labels><keys><caseForms>
 *
 * The prefix names the matcher's format version (MATCHER_FORMAT_VERSION), which the header does not
 * repeat. The header holds the matcher's other numbers, its packed lists of numbers (offsets, slots, flags: a
 * fifth of the matcher), and the length of each text (TEXT_FIELDS: ids, labels, keys, case forms);
 * the content script cuts the texts out of the wire with `slice`, which in V8 makes a view of the
 * wire for a slice of 13 units or more, not a copy. The packed lists are parsed instead because a
 * match reads them for every candidate, and reading a view costs an indirection each time: in
 * Node, scanning with the dense 10,000-term glossary took 10 % longer with every field a view.
 *
 * Why (session 6): the content script pays for taking the matcher in on the page's main thread, on
 * every page, in code the engine has not optimised yet. Until session 5 the matcher travelled as
 * its JSON text, and `JSON.parse` scanned and copied all of it: 940 KB for the realistic
 * 10,000-entry glossary, 10–13 ms in a content script, the larger part of the start-up budget. Four
 * fifths of that are the four texts, in which there is nothing for a parser to do but find where
 * each ends, which the header says. The browser's messaging moves the wire as it
 * moved the JSON text, as one string, and it keeps every code unit (lone surrogates, U+0000 and
 * noncharacters included: checked in Chromium 156, whose messaging serialises with JSON.stringify,
 * which escapes them; Firefox clones messages).
 *
 * Session 2 sent the matcher deflated in base64, but inflating it in a content script cost
 * 90–180 ms of main thread; see docs/architecture.md, "The wire".
 */
import { COMPILED_STRING_FIELDS, MATCHER_FORMAT_VERSION, type CompiledMatcher } from './compile';

/** The wire's first characters: its format, which is the matcher's format version. */
const WIRE_START = `termlens-matcher ${MATCHER_FORMAT_VERSION} `;

/** The wire's format (a matcher kept across restarts is used only by code that writes the same one). */
export const MATCHER_WIRE_FORMAT = WIRE_START.trim();

/** The numbers of a CompiledMatcher, which the header carries as they are (its version is the prefix's). */
const NUMBER_FIELDS = ['entryCount', 'nodeCount', 'keyCount', 'recordCount'] as const satisfies readonly (keyof CompiledMatcher)[];
/** The string fields that travel after the header, in this order: the matcher's texts. */
const TEXT_FIELDS = ['entryIds', 'labels', 'keys', 'caseForms'] as const satisfies readonly (keyof CompiledMatcher)[];
/** The fields that travel in the header as they are: the numbers, and the packed lists of numbers. */
const HEADER_FIELDS = [...NUMBER_FIELDS, ...COMPILED_STRING_FIELDS.filter((field) => !(TEXT_FIELDS as readonly string[]).includes(field))];

/** Packs a compiled matcher for a message; unpackMatcherFromWire gives it back. */
export function packMatcherForWire(compiled: CompiledMatcher): string {
  const header: Record<string, unknown> = {};
  for (const field of HEADER_FIELDS) header[field] = compiled[field];
  header.lengths = TEXT_FIELDS.map((field) => compiled[field].length);
  // JSON.stringify never writes a raw newline, so the first one ends the header.
  return WIRE_START + JSON.stringify(header) + '\n' + TEXT_FIELDS.map((field) => compiled[field]).join('');
}

/**
 * The compiled matcher that packMatcherForWire packed. Throws an Error whose message starts with
 * "compiled matcher:" when the wire is not one (not a string, another format, a header that is not
 * JSON, or string lengths that do not add up to what follows the header); the matcher's own checks
 * are Matcher.from's.
 */
export function unpackMatcherFromWire(wire: string): CompiledMatcher {
  if (typeof wire !== 'string') throw new Error('compiled matcher: not a string');
  if (!wire.startsWith(WIRE_START)) {
    const other = /^termlens-matcher (\S+) /.exec(wire.slice(0, 40))?.[1];
    throw new Error(
      other !== undefined
        ? `compiled matcher: format version ${other} is not read here (this code reads version ${MATCHER_FORMAT_VERSION}); compile the glossary again`
        : wire.startsWith('{')
          ? 'compiled matcher: JSON text, the wire of an older version; compile the glossary again'
          : 'compiled matcher: not a TermLens matcher wire',
    );
  }
  const headerEnd = wire.indexOf('\n', WIRE_START.length);
  if (headerEnd < 0) throw new Error('compiled matcher: the wire has no header');
  let header: unknown;
  try {
    header = JSON.parse(wire.slice(WIRE_START.length, headerEnd));
  } catch {
    throw new Error('compiled matcher: the header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('compiled matcher: the header is not an object');
  const { lengths } = header as { lengths?: unknown };
  if (!Array.isArray(lengths) || lengths.length !== TEXT_FIELDS.length) {
    throw new Error(`compiled matcher: the header does not give ${TEXT_FIELDS.length} text lengths`);
  }
  // Only the matcher's own fields are taken from the header (Matcher.from checks their values).
  const compiled: Record<string, unknown> = { version: MATCHER_FORMAT_VERSION };
  for (const field of HEADER_FIELDS) compiled[field] = (header as Record<string, unknown>)[field];
  let at = headerEnd + 1;
  for (let i = 0; i < lengths.length; i++) {
    const length: unknown = lengths[i];
    if (!(typeof length === 'number' && Number.isSafeInteger(length) && length >= 0 && at + length <= wire.length)) {
      throw new Error(`compiled matcher: the length of ${TEXT_FIELDS[i]} is malformed or runs past the wire`);
    }
    compiled[TEXT_FIELDS[i]!] = wire.slice(at, at + length);
    at += length;
  }
  if (at !== wire.length) throw new Error('compiled matcher: the wire is longer than its texts');
  return compiled as unknown as CompiledMatcher;
}

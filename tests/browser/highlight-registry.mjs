// Reads TermLens's highlights from the page's CSS.highlights registry. The content script's
// isolated world and the page's main world share that registry, so a test can read from the page
// what the reader sees: one range per occurrence, under names that begin with `termlens-`.
// Plain ESM so that scripts/start.mjs can use it without a TypeScript loader. Types: highlight-registry.d.mts.

/** Every range registered under a `termlens-` name, in registry order. */
export async function readHighlights(page) {
  return page.evaluate(() => {
    const out = [];
    if (typeof CSS === 'undefined' || !CSS.highlights) return out;
    CSS.highlights.forEach((highlight, name) => {
      if (!name.startsWith('termlens-')) return;
      for (const r of highlight) {
        // A StaticRange has no toString(): read it through a live Range over the same boundaries.
        let range = r;
        if (!(r instanceof Range)) {
          range = document.createRange();
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
        }
        const text = range.toString();
        out.push({ name, text, term: text.replace(/\s/g, ''), collapsed: r.collapsed });
      }
    });
    return out;
  });
}

/** Counts ranges by their text with whitespace removed (line breaks and letter-spacing are layout). Collapsed ranges are not occurrences and are not counted. */
export function countTerms(ranges) {
  const counts = new Map();
  for (const { term } of ranges) {
    if (term === '') continue;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** The highlighted terms of the page and how many ranges each has. */
export async function highlightCounts(page) {
  return countTerms(await readHighlights(page));
}

async function readOnce(page) {
  const ranges = await readHighlights(page);
  return { ranges, counts: countTerms(ranges) };
}

const describe = (counts) =>
  counts.size === 0 ? '(no termlens highlights)' : [...counts].map(([t, n]) => `${t} ×${n}`).join(', ');

/** Polls the registry until predicate(reading) holds; throws after timeout with the last reading in the message. */
export async function waitForHighlights(page, predicate, options = {}) {
  const timeout = options.timeout ?? 15_000;
  // 50 ms: a reading is one small evaluate; a slower poll only adds its interval to every wait.
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let reading = await readOnce(page);
  while (!predicate(reading)) {
    if (Date.now() > deadline) {
      throw new Error(`Highlights did not reach the expected state within ${timeout} ms. Last seen: ${describe(reading.counts)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
    reading = await readOnce(page);
  }
  return reading;
}

/**
 * Waits until the page has at least one termlens highlight and the registry has not changed for
 * quietMs (scanning happens in idle-time chunks, so the first reading may be partial).
 */
export async function waitForSettledHighlights(page, options = {}) {
  const quietMs = options.quietMs ?? 750;
  const key = (reading) => JSON.stringify(reading.ranges.map((r) => [r.name, r.text]));
  let last = '';
  let since = Date.now();
  return waitForHighlights(
    page,
    (reading) => {
      const k = key(reading);
      if (k !== last) {
        last = k;
        since = Date.now();
        return false;
      }
      return reading.ranges.length > 0 && Date.now() - since >= quietMs;
    },
    options,
  );
}

/** "新质生产力 ×4, 能源革命 ×2, …" */
export function describeCounts(counts) {
  return describe(counts);
}

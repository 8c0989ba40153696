/**
 * LARGE FILES [slow]: about 10 s on an idle machine, more on a busy one. A 50 MB CSV and a 50 MB JSON file parse
 * without quadratic behaviour, report progress, and hand the event loop back while they
 * work, so the options page does not freeze.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv, parseJson } from '../../../lib/exchange';
import { issuesOf } from './expect-issues';

const TARGET = 50 * 1024 * 1024;
const filler = '以科技创新为主导、摆脱传统经济增长方式、生产力发展路径，具有高科技、高效能、高质量特征。'.repeat(3);

/** A CSV of about `bytes` UTF-8 bytes; every tenth definition is quoted and spans two lines, as real exports do. */
function bigCsv(bytes: number): { text: string; rows: number; lines: number } {
  const parts = ['term,lang,en,definition,tags,list'];
  let size = 0;
  let rows = 0;
  let lines = 1;
  while (size < bytes) {
    const twoLines = rows % 10 === 0;
    const def = twoLines ? `"第${rows}条, ""引文""\n${filler}"` : filler;
    const row = `术语${rows},zh-Hans,term ${rows}|t${rows},${def},经济|科技,${rows % 3 === 0 ? 'A' : 'B'}`;
    parts.push(row);
    size += new TextEncoder().encode(row).length + 2;
    rows++;
    lines += twoLines ? 2 : 1;
  }
  return { text: parts.join('\r\n') + '\r\n', rows, lines };
}

/** Counts event-loop turns while `work` runs: more than a handful means the parse yielded. */
async function withTicker<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const start = performance.now();
  try {
    const result = await work();
    return { result, ticks, ms: performance.now() - start };
  } finally {
    clearInterval(timer);
  }
}

describe('large files [slow]', () => {
  let csvMs = 0;

  it('parses a 50 MB CSV, reporting progress and yielding to the event loop', { timeout: 60_000 }, async () => {
    const { text, rows } = bigCsv(TARGET);
    const progress: number[] = [];
    const { result, ticks, ms } = await withTicker(() => parseCsv(text, { onProgress: (f) => progress.push(f) }));
    csvMs = ms;
    expect(result.lists.map((l) => l.name)).toEqual(['A', 'B']);
    expect(result.lists[0]!.entries.length + result.lists[1]!.entries.length).toBe(rows);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(ticks).toBeGreaterThan(10);
  });

  it('takes about a tenth of the time for a tenth of the size (no quadratic cost), and names the line of a late duplicate', { timeout: 60_000 }, async () => {
    const { text, lines } = bigCsv(TARGET / 10);
    const start = performance.now();
    // Row 1 (术语1) is on line 4: the header is line 1 and row 0 spans lines 2–3.
    const issues = await issuesOf(() => parseCsv(text + '术语1,zh-Hans,x,y,,B\r\n'));
    const ms = performance.now() - start;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'duplicate-term', where: { line: lines + 1 }, params: { first: 'line 4' } });
    // Linear gives ~10×, quadratic ~100×; the margin absorbs a busy machine.
    expect(csvMs).toBeLessThan(ms * 40);
  });

  it('parses a 50 MB native JSON file, reporting progress and yielding to the event loop', { timeout: 60_000 }, async () => {
    const entries = [];
    for (let i = 0, size = 0; size < TARGET; i++) {
      const e = { term: `术语${i}`, lang: 'zh-Hans', translations: { en: [`term ${i}`] }, definition: filler, tags: ['经济'], note: '', variants: [] };
      entries.push(e);
      size += 3 * filler.length + 150;
    }
    const text = JSON.stringify({ format: 'termlens', version: 1, lists: [{ name: 'Big', entries }] });
    const progress: number[] = [];
    const { result, ticks } = await withTicker(() => parseJson(text, { onProgress: (f) => progress.push(f) }));
    expect(result.lists[0]!.entries).toHaveLength(entries.length);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(1);
    expect(ticks).toBeGreaterThan(10);
  });
});

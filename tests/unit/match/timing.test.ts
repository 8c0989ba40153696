/**
 * A timing sanity print, not a benchmark (that runs in real Chromium, bench/): compile, decode and
 * scan with 10,000 terms over 1M characters, so that we know where we stand. It asserts only that
 * the work was done (every planted term found), never a time: test machines vary too much.
 */
import { describe, expect, it } from 'vitest';
import { Matcher, compileGlossary, type MatchableEntry } from '../../../lib/match';
import { mulberry32 } from './support/random';

const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
const WORDS = ['new', 'quality', 'productive', 'forces', 'high', 'development', 'western', 'region', 'energy', 'revolution', 'common', 'prosperity', 'green', 'innovation', 'digital', 'economy', 'reform', 'opening', 'rural', 'revitalization', 'belt', 'road', 'initiative', 'dual', 'circulation', 'carbon', 'peak', 'neutrality', 'smart', 'city'];

function makeGlossary(rand: () => number, count: number): MatchableEntry[] {
  const pick = (s: string | readonly string[]) => s[Math.floor(rand() * s.length)]!;
  const entries: MatchableEntry[] = [];
  for (let i = 0; i < count; i++) {
    let term = '';
    const length = 3 + Math.floor(rand() * 5);
    for (let k = 0; k < length; k++) term += pick(HAN);
    const words: string[] = [];
    const wordCount = 2 + Math.floor(rand() * 4);
    for (let k = 0; k < wordCount; k++) words.push(pick(WORDS));
    entries.push({ id: `e${i}`, slot: i % 8, priority: 0, forms: [term, words.join(' ') + ` ${i}`], caseSensitive: false, wholeWord: true, exclusions: [] });
  }
  return entries;
}

function makeText(rand: () => number, entries: MatchableEntry[], length: number): { text: string; planted: number } {
  const parts: string[] = [];
  let size = 0;
  let planted = 0;
  while (size < length) {
    let chunk = '';
    const filler = 20 + Math.floor(rand() * 60);
    for (let k = 0; k < filler; k++) chunk += HAN[Math.floor(rand() * HAN.length)];
    if (rand() < 0.3) chunk += '\n';
    // A planted term between two full stops, so that it can only be read one way.
    chunk += '。' + entries[Math.floor(rand() * entries.length)]!.forms[0] + '。';
    planted++;
    parts.push(chunk);
    size += chunk.length;
  }
  return { text: parts.join(''), planted };
}

describe('timing with 10,000 terms and 1M characters (printed, not asserted)', () => {
  it('compiles, decodes and scans, and finds every planted term', () => {
    const rand = mulberry32(2024);
    const entries = makeGlossary(rand, 10_000);
    const { text, planted } = makeText(rand, entries, 1_000_000);

    const time = <T>(f: () => T): [T, number] => {
      const t0 = performance.now();
      const r = f();
      return [r, performance.now() - t0];
    };
    // Warm up once, as a long-lived background and content script would be.
    Matcher.from(compileGlossary(entries.slice(0, 500))).findMatches(text.slice(0, 50_000));

    const [compiled, compileMs] = time(() => compileGlossary(entries));
    const json = JSON.stringify(compiled);
    const [matcher, decodeMs] = time(() => Matcher.from(JSON.parse(json)));
    const [matches, scanMs] = time(() => matcher.findMatches(text));
    const [, scanAgainMs] = time(() => matcher.findMatches(text));

    console.log(
      `10,000 terms (${compiled.nodeCount} nodes, ${(json.length / 1e6).toFixed(2)}M chars of JSON): ` +
        `compile ${compileMs.toFixed(1)} ms, decode ${decodeMs.toFixed(1)} ms, ` +
        `scan of ${(text.length / 1e6).toFixed(2)}M chars ${scanMs.toFixed(1)} ms (again ${scanAgainMs.toFixed(1)} ms), ` +
        `${matches.length} matches`,
    );
    expect(matches.length).toBeGreaterThanOrEqual(planted);
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import table from '../../../lib/match/t2s-table.json';

const root = resolve(__dirname, '../../..');

describe('the Traditional → Simplified table', () => {
  it('is exactly what scripts/build-t2s-table.mjs makes from opencc-js (run it to update the file)', () => {
    const regenerated = execFileSync(process.execPath, [resolve(root, 'scripts/build-t2s-table.mjs'), '--stdout'], {
      encoding: 'utf8',
    });
    const committed = readFileSync(resolve(root, 'lib/match/t2s-table.json'), 'utf8');
    expect(regenerated).toBe(committed);
  });

  const pairs = new Map<string, string>();
  const chars = [...table.pairs];
  for (let i = 0; i + 1 < chars.length; i += 2) pairs.set(chars[i]!, chars[i + 1]!);

  it('holds single characters in pairs, as many as it says (about 3,400–4,000)', () => {
    expect(chars.length % 2).toBe(0);
    expect(pairs.size).toBe(table.count);
    expect(table.count).toBeGreaterThan(3000);
    expect(table.count).toBeLessThan(4500);
  });

  it('is small enough to ship (under 30 KB)', () => {
    expect(Buffer.byteLength(readFileSync(resolve(root, 'lib/match/t2s-table.json')))).toBeLessThan(30_000);
  });

  it('has the characters of the reference terms: 質 產 開 發 髮 → 质 产 开 发 发', () => {
    expect(['質', '產', '開', '發', '髮'].map((c) => pairs.get(c))).toEqual(['质', '产', '开', '发', '发']);
  });

  it('never maps a character to a character that it maps further (the fold is idempotent)', () => {
    expect([...pairs.values()].filter((s) => pairs.has(s))).toEqual([]);
  });

  it('leaves common Simplified characters alone: 么 干 后 里 台 发', () => {
    for (const c of ['么', '干', '后', '里', '台', '发']) expect(pairs.has(c), c).toBe(false);
  });
});

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
type Catalogue = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const load = (locale: string): Catalogue =>
  JSON.parse(readFileSync(join(root, 'public/_locales', locale, 'messages.json'), 'utf8')) as Catalogue;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('UI strings', () => {
  const zh = load('zh_CN');
  const en = load('en');

  it('zh_CN and en hold the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('every string has the same placeholders in both languages', () => {
    for (const key of Object.keys(en)) {
      expect(Object.keys(zh[key]?.placeholders ?? {}), key).toEqual(Object.keys(en[key]?.placeholders ?? {}));
      for (const name of Object.keys(en[key]?.placeholders ?? {})) {
        expect(zh[key]!.message.toLowerCase(), key).toContain(`$${name}$`);
        expect(en[key]!.message.toLowerCase(), key).toContain(`$${name}$`);
      }
    }
  });

  it('no string is empty', () => {
    for (const [key, value] of [...Object.entries(zh), ...Object.entries(en)]) expect(value.message.trim(), key).not.toBe('');
  });

  it('every key the code uses exists', () => {
    const used = new Set<string>();
    for (const dir of ['components', 'entrypoints', 'lib']) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
      }
    }
    expect(used.size).toBeGreaterThan(5);
    for (const key of used) expect(en, key).toHaveProperty(key);
  });
});

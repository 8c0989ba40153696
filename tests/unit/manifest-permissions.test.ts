import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import contentScript from '../../entrypoints/content/index';

const ROOT = join(__dirname, '../..');

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
};

/** The manifest keys wxt.config.ts gives for a browser (WXT adds entrypoints, content scripts and version to them). */
async function configManifest(browser: 'chrome' | 'firefox'): Promise<Manifest> {
  const manifest = config.manifest;
  const env = { browser, manifestVersion: 3 as const, mode: 'production', command: 'build' as const };
  const value = typeof manifest === 'function' ? await (manifest as (env: unknown) => unknown)(env) : await manifest;
  return (value ?? {}) as Manifest;
}

/** The README's permission table: for each row, the `code` spans of its first cell and the whole cell. */
function readmeRows(): { cell: string; tokens: string[] }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Permissions\n');
  expect(start, 'README.md has a "## Permissions" section').toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + 1);
  const section = rest.slice(0, rest.search(/\n## /) === -1 ? undefined : rest.search(/\n## /));
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2) // header and separator
    .map((line) => line.split('|')[1]!.trim());
  return rows.map((cell) => ({ cell, tokens: [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) }));
}

const sorted = (xs: readonly string[]) => [...xs].sort();

/** The content script's match patterns (one list for every browser). */
function contentMatches(): string[] {
  const matches = contentScript.matches;
  expect(Array.isArray(matches), 'entrypoints/content/index.ts gives one list of matches for all browsers').toBe(true);
  return matches as string[];
}

for (const browser of ['chrome', 'firefox'] as const) {
  describe(`the README's permission table matches the ${browser} manifest`, () => {
    it('has one row for each API permission, naming it alone', async () => {
      const manifest = await configManifest(browser);
      const rows = readmeRows();
      for (const permission of manifest.permissions ?? []) {
        expect(rows.some((r) => r.tokens.length === 1 && r.tokens[0] === permission), `a row for \`${permission}\``).toBe(true);
      }
    });

    it('lists the host access it asks for, required and optional, pattern for pattern', async () => {
      const manifest = await configManifest(browser);
      const rows = readmeRows();
      for (const key of ['host_permissions', 'optional_host_permissions'] as const) {
        const patterns = manifest[key] ?? [];
        const row = rows.find((r) => r.tokens.includes(key));
        if (patterns.length === 0) {
          expect(row, `no row for ${key}, which the manifest does not have`).toBeUndefined();
          continue;
        }
        expect(row, `a row for ${key}`).toBeDefined();
        expect(sorted(row!.tokens.filter((t) => t !== key))).toEqual(sorted(patterns));
      }
    });

    it('names the pages the content script runs on', async () => {
      const rows = readmeRows();
      const row = rows.find((r) => r.cell.startsWith('content script'));
      expect(row).toBeDefined();
      expect(sorted(row!.tokens)).toEqual(sorted(contentMatches()));
    });

    it('has no row for a permission the manifest does not ask for', async () => {
      const manifest = await configManifest(browser);
      const known = new Set([
        ...(manifest.permissions ?? []),
        ...(manifest.host_permissions ?? []),
        ...(manifest.optional_host_permissions ?? []),
        ...contentMatches(),
        'host_permissions',
        'optional_host_permissions',
      ]);
      for (const row of readmeRows()) for (const token of row.tokens) expect(known.has(token), `README row "${row.cell}" names \`${token}\``).toBe(true);
    });

    it('asks for no optional API permissions, no tabs, and no externally_connectable (pages cannot message TermLens)', async () => {
      const manifest = await configManifest(browser);
      expect(manifest.optional_permissions ?? []).toEqual([]);
      expect(manifest.permissions ?? []).not.toContain('tabs');
      expect(manifest).not.toHaveProperty('externally_connectable');
    });
  });
}

describe('the built manifest, when there is one', () => {
  it('has no externally_connectable in any build in .output/', () => {
    for (const dir of ['chrome-mv3', 'firefox-mv3', 'firefox-mv2']) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, '.output', dir, 'manifest.json'), 'utf8');
      } catch {
        continue;
      }
      expect(JSON.parse(text) as Record<string, unknown>).not.toHaveProperty('externally_connectable');
    }
  });
});

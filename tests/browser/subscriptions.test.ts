// A list published on a local web server (127.0.0.1): the extension subscribes to it, its terms
// highlight on a news page, the publisher changes it (304, then 200), and then breaks it (garbage):
// the highlights follow every good copy, the reader's override survives, and the last good copy
// stays with the error shown. The worker is driven through `termlensBackground.subscriptions`
// (lib/sync/subscription-hooks.ts), the same functions the options page's panel calls.

import type { IncomingMessage } from 'node:http';
import type { Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GlossaryEntry, GlossaryList } from '../../lib/glossary/model';
import type { HookUpdateResult } from '../../lib/sync/subscription-hooks';
import { screenshot, showWholePage, useBrowserSuite, waitForHighlights, watchWorkerErrors, type RouteAnswer } from './harness';

const suite = useBrowserSuite();

/** What the publisher serves: a version number (its ETag) and the list's entries. */
const published = {
  version: 1,
  garbage: false,
  entries: [
    { id: 'low-altitude', term: '低空经济', en: ['low-altitude economy'] },
    { id: 'patient-capital', term: '耐心资本', en: ['patient capital'] },
    { id: 'compute-voucher', term: '算力券', en: ['computing-power vouchers'] },
  ] as { id: string; term: string; en: string[] }[],
};
const statuses: number[] = [];

// Browsers send a preflight for If-None-Match, and read ETag only when it is exposed: the
// headers a CDN sends for a public list (a reader who grants host access needs none of them).
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'if-none-match, if-modified-since',
  'access-control-expose-headers': 'etag',
};

function serveList(req: IncomingMessage): RouteAnswer {
  if (req.method === 'OPTIONS') return { status: 204, headers: CORS };
  const etag = `"v${published.version}"`;
  const answer = (status: number, body?: string): RouteAnswer => {
    statuses.push(status);
    return { status, headers: { ...CORS, etag, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body };
  };
  if (req.headers['if-none-match'] === etag) return answer(304);
  if (published.garbage) return answer(200, '{"format": "termlens", "version": 1, "lists": [{"name": "政策新词", "entries": [{"term": ');
  return answer(
    200,
    JSON.stringify({
      format: 'termlens',
      version: 1,
      lists: [
        {
          name: '政策新词（编辑部）',
          revision: String(published.version),
          entries: published.entries.map((e) => ({ id: e.id, term: e.term, lang: 'zh-Hans', translations: { en: e.en }, definition: `${e.term}的释义` })),
        },
      ],
    }),
  );
}

const ARTICLE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>新闻</title></head><body>
<article>
<p>各地加快发展低空经济，培育壮大耐心资本。</p>
<p>长期资本进入科技创新领域，银发经济持续升温。</p>
<p>多地发放算力券，支持中小企业上云用数。</p>
</article></body></html>`;

type Hooks = {
  subscribe(url: string): Promise<GlossaryList | { code: string; message: string }>;
  update(listId: string): Promise<HookUpdateResult>;
  list(listId: string): Promise<GlossaryList | undefined>;
  entries(listId: string): Promise<GlossaryEntry[]>;
  edit(entryId: string, patch: Partial<GlossaryEntry>): Promise<GlossaryEntry>;
};

/** Calls a subscription hook in the extension's service worker. */
async function call<K extends keyof Hooks>(worker: Worker, name: K, ...args: Parameters<Hooks[K]>): Promise<Awaited<ReturnType<Hooks[K]>>> {
  return worker.evaluate(
    async ([hook, hookArgs]) => {
      const hooks = (globalThis as unknown as { termlensBackground?: { subscriptions?: Record<string, (...a: unknown[]) => Promise<unknown>> } })
        .termlensBackground?.subscriptions;
      if (!hooks) throw new Error('termlensBackground.subscriptions is not wired in entrypoints/background.ts');
      return hooks[hook]!(...hookArgs);
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Hooks[K]>>>;
}

const has = (counts: Map<string, number>, term: string) => (counts.get(term) ?? 0) > 0;

describe('a subscribed list', () => {
  let listId = '';

  it('highlights, follows 304 and 200, keeps the reader’s override, and keeps the last good copy when the list breaks', async () => {
    const listUrl = suite.server.route('/lists/policy-new-terms.json', serveList);
    const pageUrl = suite.server.page('/news/2024-05-01/p2.html', ARTICLE);
    const worker = await suite.browser.serviceWorker();
    const workerErrors = watchWorkerErrors(worker);

    const list = await call(worker, 'subscribe', listUrl);
    if (!('id' in list)) throw new Error(`subscribe failed: ${list.code}: ${list.message}`);
    listId = list.id;
    expect(list.subscription).toMatchObject({ url: listUrl, etag: '"v1"' });

    const { page, errors } = await suite.newPage();
    await page.goto(pageUrl);
    await showWholePage(page);
    let reading = await waitForHighlights(page, (r) => has(r.counts, '低空经济') && has(r.counts, '耐心资本') && has(r.counts, '算力券'));
    expect(has(reading.counts, '银发经济')).toBe(false);
    expect(has(reading.counts, '长期资本')).toBe(false);

    // The reader edits a subscribed entry: a variant that is on the page, and a definition.
    const patient = (await call(worker, 'entries', listId)).find((e) => e.term === '耐心资本')!;
    await call(worker, 'edit', patient.id, { variants: ['长期资本'], definition: '读者自己的释义' });
    reading = await waitForHighlights(page, (r) => has(r.counts, '长期资本'));

    // Unchanged upstream: a conditional request, answered 304.
    expect(await call(worker, 'update', listId)).toEqual({ status: 'not-modified' });
    expect(statuses.at(-1)).toBe(304);

    // The publisher adds 银发经济, drops 算力券 (not edited) and renames 低空经济's English.
    published.version = 2;
    published.entries = [
      { id: 'low-altitude', term: '低空经济', en: ['low-altitude economy (revised)'] },
      { id: 'patient-capital', term: '耐心资本', en: ['patient capital'] },
      { id: 'silver', term: '银发经济', en: ['silver economy'] },
    ];
    expect(await call(worker, 'update', listId)).toMatchObject({ status: 'updated', counts: { added: 1, removed: 1 } });
    expect(statuses.at(-1)).toBe(200);
    reading = await waitForHighlights(page, (r) => has(r.counts, '银发经济') && !has(r.counts, '算力券'));
    expect(has(reading.counts, '低空经济')).toBe(true);
    // The override survived the update: its variant still highlights, its definition stands.
    expect(has(reading.counts, '长期资本')).toBe(true);
    const after = (await call(worker, 'entries', listId)).find((e) => e.id === patient.id);
    expect(after).toMatchObject({ definition: '读者自己的释义', variants: ['长期资本'] });
    const lastGood = await call(worker, 'list', listId);
    expect(lastGood?.subscription).toMatchObject({ etag: '"v2"', version: '2' });
    await screenshot(page, 'subscription-after-update');

    // The publisher breaks the file: the update fails, the last good copy stays, the error is kept.
    published.version = 3;
    published.garbage = true;
    const failed = await call(worker, 'update', listId);
    expect(failed).toMatchObject({ status: 'failed', code: 'invalid-list' });
    const broken = await call(worker, 'list', listId);
    expect(broken?.subscription?.error).toMatch(/not valid/);
    expect(broken?.subscription?.lastSuccessAt).toBe(lastGood?.subscription?.lastSuccessAt);
    expect(broken?.subscription?.etag).toBe('"v2"');
    await page.waitForTimeout(1_000);
    reading = await waitForHighlights(page, (r) => has(r.counts, '银发经济') && has(r.counts, '低空经济') && has(r.counts, '长期资本'));
    expect(has(reading.counts, '算力券')).toBe(false);

    expect(errors.pageErrors).toEqual([]);
    expect(workerErrors).toEqual([]);
  });

  it('shows the last error and the last success in the options page', async () => {
    expect(listId).not.toBe('');
    const { page } = await suite.newPage();
    await page.goto(suite.browser.extensionUrl('/options.html#/sharing'));
    const row = page.locator(`[data-testid="subscription"][data-list-id="${listId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.locator('[data-testid="subscription-error"]').textContent()).toMatch(/not valid/);
    expect(await row.locator('[data-testid="subscription-last-success"]').textContent()).not.toBe('');
    await screenshot(page, 'subscription-error-in-options');
  });
});
